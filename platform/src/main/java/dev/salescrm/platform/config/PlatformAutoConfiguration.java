package dev.salescrm.platform.config;

import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;

/** Platform wiring every service gets by depending on the platform module. */
@AutoConfiguration
public class PlatformAutoConfiguration {

    @Bean
    @ConditionalOnClass(Flyway.class)
    @ConditionalOnMissingBean(FlywayMigrationStrategy.class)
    PlatformMigrations platformMigrations() {
        return new PlatformMigrations();
    }
}
