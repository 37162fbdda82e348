package dev.salescrm.catalog.pricing.replica;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

import dev.salescrm.platform.config.PlatformMigrations;

/**
 * Creates and evolves the replica's table in the consuming service's database, with a Flyway
 * history of its own ({@code price_replica_schema_history}, location {@code db/price-replica}) —
 * like the platform's tables: the module's migrations never collide with, or have to be numbered
 * against, the service's own {@code db/migration} versions or the platform's. Same database and
 * credentials as the service's Flyway; runs when the context starts, before any listener.
 */
public class PriceReplicaMigrations implements InitializingBean {

    static final String LOCATION = "classpath:db/price-replica";
    static final String HISTORY_TABLE = "price_replica_schema_history";

    private final Flyway serviceFlyway;

    public PriceReplicaMigrations(Flyway serviceFlyway) {
        this.serviceFlyway = serviceFlyway;
    }

    @Override
    public void afterPropertiesSet() {
        PlatformMigrations.migrateWithOwnHistory(serviceFlyway, LOCATION, HISTORY_TABLE);
    }
}
