package dev.salescrm.platform.config;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import dev.salescrm.platform.test.ServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceTest
class PlatformMigrationsTest {

    @Autowired
    DatabaseClient db;

    @Test
    void platformTablesAndServiceTablesAreMigratedWithSeparateHistories() {
        List<String> tables = db.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .map(row -> row.get(0, String.class)).all().collectList().block();
        assertThat(tables).contains("outbox", "inbox", "idempotency_keys", "platform_schema_history",
                "note", "flyway_schema_history");

        Long platformVersions = db.sql("SELECT count(*) FROM platform_schema_history WHERE success AND version = '1'")
                .map(row -> row.get(0, Long.class)).one().block();
        Long serviceVersions = db.sql("SELECT count(*) FROM flyway_schema_history WHERE success AND version = '1'")
                .map(row -> row.get(0, Long.class)).one().block();
        assertThat(platformVersions).isEqualTo(1);
        // The pool's connections carry the platform's lock and statement timeouts.
        assertThat(db.sql("SHOW lock_timeout").map(row -> row.get(0, String.class)).one().block()).isEqualTo("10s");
        assertThat(db.sql("SHOW statement_timeout").map(row -> row.get(0, String.class)).one().block()).isEqualTo("1min");
        assertThat(serviceVersions).isEqualTo(1);
    }
}
