package dev.salescrm.lead.lead;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceTest
class LeadApiTest {

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    @Test
    void aCreatedLeadIsStoredAsGivenAndAnnouncedOnTheLeadTopic() {
        Map<String, Object> body = Map.of(
                "firstName", "علی", "lastName", "رضایی", "companyName", "شرکت پروجان",
                "email", "ali@example.ir", "phone", "+98 912 123 4567", "source", "TRADE_SHOW",
                "topic", "CRM برای تیم فروش");

        var created = http.post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueMatches("Location", "/api/leads/[0-9a-f-]{36}")
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        String id = created.get("id").asString();
        assertThat(created.get("firstName").asString()).isEqualTo("علی");
        assertThat(created.get("status").asString()).isEqualTo("OPEN");
        assertThat(created.get("statusReason").asString()).isEqualTo("NEW");
        assertThat(created.get("createdAt").asString()).endsWith("Z");

        JsonNode read = http.get().uri("/api/leads/{id}", id).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        // The create response adds what the duplicate check found; the lead itself is the same.
        assertThat(created.get("duplicates")).isEmpty();
        ((tools.jackson.databind.node.ObjectNode) created).remove(List.of("duplicates", "warnings"));
        assertThat(read).isEqualTo(created);

        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(bootstrap(), Topics.LEAD_EVENTS,
                Duration.ofSeconds(30), all -> all.stream().anyMatch(r -> id.equals(r.key())));
        ConsumerRecord<String, String> event = records.stream().filter(r -> id.equals(r.key())).findFirst().orElseThrow();
        assertThat(TopicReader.header(event, CloudEventHeaders.TYPE)).isEqualTo(EventTypes.LEAD_CREATED);
        assertThat(TopicReader.header(event, CloudEventHeaders.SOURCE)).isEqualTo("/crm/lead-service");
        // The trace of the HTTP request that created the lead travels with the event, once.
        assertThat(event.headers().headers(CloudEventHeaders.TRACEPARENT)).hasSize(1);
        String storedWithTheLead = db.sql("SELECT headers->>'traceparent' FROM outbox WHERE aggregateid = :id")
                .bind("id", id).map(r -> r.get(0, String.class)).one().block();
        assertThat(storedWithTheLead).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(TopicReader.header(event, CloudEventHeaders.TRACEPARENT)).isEqualTo(storedWithTheLead);
        JsonNode data = json.readTree(event.value());
        assertThat(data.get("leadId").asString()).isEqualTo(id);
        assertThat(data.get("lastName").asString()).isEqualTo("رضایی");
        assertThat(data.get("occurredAt").asString()).endsWith("Z");

        Long outboxRows = db.sql("SELECT count(*) FROM outbox WHERE aggregateid = :id AND published_at IS NOT NULL")
                .bind("id", id).map(r -> r.get(0, Long.class)).one().block();
        assertThat(outboxRows).isEqualTo(1);
    }

    @Test
    void anUnknownFieldIsRejectedAndNothingIsStored() {
        http.post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("lastName", "Mass-Assignment", "status", "QUALIFIED"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        Long stored = db.sql("SELECT count(*) FROM lead WHERE last_name = 'Mass-Assignment'")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isZero();
    }

    @Test
    void aLeadWithoutLastNameOrCompanyIsRejectedNamingTheField() {
        http.post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firstName", "Nameless", "email", "not-an-email"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:validation")
                .jsonPath("$.errors[0].field").isEqualTo("email");
        http.post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firstName", "Nameless"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field").isEqualTo("lastName");
        Long stored = db.sql("SELECT count(*) FROM lead WHERE first_name = 'Nameless'")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isZero();
    }

    @Test
    void theSameIdempotencyKeyAndBodyCreateOneLead() {
        Map<String, Object> body = Map.of("lastName", "Once-Only", "companyName", "Replay Ltd");
        String first = http.post().uri("/api/leads").header("Idempotency-Key", "lead-once-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        String second = http.post().uri("/api/leads").header("Idempotency-Key", "lead-once-1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(String.class).returnResult().getResponseBody();
        assertThat(second).isEqualTo(first);
        Long stored = db.sql("SELECT count(*) FROM lead WHERE last_name = 'Once-Only'")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isEqualTo(1);
        Long events = db.sql("SELECT count(*) FROM outbox WHERE type = 'crm.lead.created.v1' AND payload->>'lastName' = 'Once-Only'")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(events).isEqualTo(1);
    }

    @Test
    void anUnknownLeadIsNotFound() {
        http.get().uri("/api/leads/{id}", "0190f0c8-0000-7000-8000-000000000000").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
