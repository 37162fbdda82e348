package dev.salescrm.systemtest.faults;

import dev.salescrm.systemtest.SharedSuite;

/**
 * The suite the fault scenarios break: one per test JVM (the fault group runs in its own surefire execution,
 * so it never shares processes with the scenario tests), always on an <em>embedded</em> PostgreSQL of its own,
 * never the machine's: R4 restarts the database, and the machine's server is not ours to restart. See
 * {@link SharedSuite}.
 */
public class FaultSuite extends SharedSuite {

    public FaultSuite() {
        super("faults-", 40, builder -> builder.externalDbUrl(null).forceEmbeddedDb(true));
    }
}
