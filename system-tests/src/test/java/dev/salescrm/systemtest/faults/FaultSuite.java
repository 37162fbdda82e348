package dev.salescrm.systemtest.faults;

import java.time.Duration;

import dev.salescrm.systemtest.SharedSuite;

/**
 * The suite the fault scenarios break: one per test JVM (the fault group runs in its own surefire execution,
 * so it never shares processes with the scenario tests), always on an <em>embedded</em> PostgreSQL of its own,
 * never the machine's: R4 restarts the database, and the machine's server is not ours to restart. See
 * {@link SharedSuite}.
 */
public class FaultSuite extends SharedSuite {

    /**
     * Above the scenario tests' 240 s: the fault scenarios restart services under load (R2, R3), and on a shared
     * two-core machine a cold start alone has taken longer (up to 480 s seen under a load average of 60).
     */
    static final Duration READINESS_TIMEOUT = Duration.ofMinutes(8);

    public FaultSuite() {
        super("faults-", 40, builder -> builder.externalDbUrl(null).forceEmbeddedDb(true)
                .readinessTimeout(READINESS_TIMEOUT));
    }
}
