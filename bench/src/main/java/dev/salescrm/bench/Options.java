package dev.salescrm.bench;

/**
 * Durations and sizes of a bench run, from system properties ({@code -Dbench.seconds=20}) or the environment
 * ({@code BENCH_SECONDS=20}); the defaults keep a whole run near 15 minutes on two cores.
 */
record Options(
        int warmupSeconds,      // each measured Gatling run is preceded by a warm-up of this length
        int seconds,            // length of each measured run (P1, P2)
        int users,              // concurrent users (connections) of the saturation runs, and pgbench clients (P2)
        int sagaRate,           // P3: qualifications per second
        int sagaSeconds,        // P3: how long
        int scaleLeads,         // P5: leads in the table
        int scaleSeconds,       // P5: length of each list/search run
        int scaleUsers) {       // P5: concurrent users of the list/search run

    static Options fromEnvironment() {
        return new Options(
                intSetting("bench.warmup", 10),
                intSetting("bench.seconds", 20),
                intSetting("bench.users", 16),
                intSetting("bench.saga.rate", 50),
                intSetting("bench.saga.seconds", 60),
                intSetting("bench.scale.leads", 1_000_000),
                intSetting("bench.scale.seconds", 20),
                intSetting("bench.scale.users", 4));
    }

    /** {@code bench.saga.rate} → system property of that name, else environment {@code BENCH_SAGA_RATE}. */
    static int intSetting(String name, int defaultValue) {
        String value = System.getProperty(name);
        if (value == null) {
            value = System.getenv(name.toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
        }
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.strip());
    }

    @Override
    public String toString() {
        return "warm-up " + warmupSeconds + " s, runs " + seconds + " s at " + users + " users; saga " + sagaRate
                + "/s for " + sagaSeconds + " s; scale " + scaleLeads + " leads, " + scaleSeconds + " s at "
                + scaleUsers + " users";
    }
}
