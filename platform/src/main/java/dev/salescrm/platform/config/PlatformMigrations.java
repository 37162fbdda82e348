package dev.salescrm.platform.config;

import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * Runs the platform's own migrations (outbox, inbox, idempotency keys) before the service's.
 *
 * <p>They keep a history table of their own ({@code platform_schema_history}) so that a new
 * platform migration never collides with, or has to be ordered against, a service's version
 * numbers. Same database, same credentials, same schema as the service's Flyway.
 */
public class PlatformMigrations implements FlywayMigrationStrategy {

    static final String LOCATION = "classpath:db/platform";
    static final String HISTORY_TABLE = "platform_schema_history";

    @Override
    public void migrate(Flyway serviceFlyway) {
        migrateWithOwnHistory(serviceFlyway, LOCATION, HISTORY_TABLE);
        serviceFlyway.migrate();
    }

    /**
     * Runs the migrations at {@code location} on the service's database with a history table of
     * their own, so that a module's migrations (the platform's, an embeddable replica's) never
     * collide with, or have to be numbered against, the service's versions.
     */
    public static void migrateWithOwnHistory(Flyway serviceFlyway, String location, String historyTable) {
        Flyway.configure()
                .configuration(serviceFlyway.getConfiguration())
                .locations(location)
                .table(historyTable)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
