package dev.salescrm.platform.outbox;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Testcontainers alternative to the local test infrastructure, for machines with Docker: the
 * same outbox path against PostgreSQL and Kafka in containers. Without a Docker engine it is
 * skipped (not failed) before any container is asked for.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest
class OutboxOnContainersTest {

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.2");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.r2dbc.url", () -> POSTGRES.getJdbcUrl().replace("jdbc:", "r2dbc:"));
        registry.add("spring.r2dbc.username", POSTGRES::getUsername);
        registry.add("spring.r2dbc.password", POSTGRES::getPassword);
        registry.add("spring.flyway.url", POSTGRES::getJdbcUrl);
        registry.add("spring.flyway.user", POSTGRES::getUsername);
        registry.add("spring.flyway.password", POSTGRES::getPassword);
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
    }

    @Autowired OutboxWriter outbox;
    @Autowired TransactionalOperator tx;

    @Test
    void aCommittedEventIsPublishedByTheRelay() {
        OutboxEvent event = OutboxEvent.of("test.containers.v1", "note", "n-1", "crm.test.note-changed.v1",
                Map.of("noteId", "n-1", "seq", 1));
        outbox.append(event).as(tx::transactional).block();

        var records = TopicReader.readUntil(KAFKA.getBootstrapServers(), "test.containers.v1", Duration.ofSeconds(60),
                read -> !read.isEmpty());
        assertThat(TopicReader.header(records.getFirst(), CloudEventHeaders.ID)).isEqualTo(event.id().toString());
    }
}
