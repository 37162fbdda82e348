package dev.salescrm.lead.campaign;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

/** What the campaign service tests do over and over: make a campaign, post responses, read the campaign topic. */
final class CampaignFixtures {

    private final WebTestClient http;
    private final JsonMapper json;
    private final ApplicationContext context;
    private int codes;

    CampaignFixtures(WebTestClient http, JsonMapper json, ApplicationContext context) {
        this.http = http;
        this.json = json;
        this.context = context;
    }

    /** A campaign with a fresh code; returns its JSON. */
    JsonNode campaign(String name) {
        return http.post().uri("/api/campaigns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", name, "code", "C" + (++codes) + "-" + UUID.randomUUID().toString().substring(0, 8),
                        "channel", "TRADE_SHOW", "startsOn", "2026-11-01", "endsOn", "2026-11-30"))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** One response as posted, with the given fields. */
    JsonNode response(String campaignId, Map<String, Object> fields) {
        return http.post().uri("/api/campaigns/{id}/responses", campaignId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(fields).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    static Map<String, Object> person(String first, String last, String company, String email, String receivedAt) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("firstName", first);
        p.put("lastName", last);
        if (company != null) {
            p.put("companyName", company);
        }
        if (email != null) {
            p.put("email", email);
        }
        p.put("channel", "EMAIL");
        if (receivedAt != null) {
            p.put("receivedAt", receivedAt);
        }
        return p;
    }

    WebTestClient.ResponseSpec convert(String responseId, Map<String, Object> body) {
        return http.post().uri("/api/campaign-responses/{id}/convert", responseId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    JsonNode converted(String responseId, Map<String, Object> body) {
        return convert(responseId, body).expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    JsonNode get(String path, Object... variables) {
        return http.get().uri(path, variables).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    long count(String sql, Object... bindings) {
        var spec = context.getBean(DatabaseClient.class).sql(sql);
        for (int i = 0; i < bindings.length; i++) {
            spec = spec.bind(i, bindings[i]);
        }
        return spec.map(r -> r.get(0, Long.class)).one().block();
    }

    /** Reads the campaign topic until {@code done} holds; every record read. */
    List<ConsumerRecord<String, String>> campaignEvents(Predicate<List<ConsumerRecord<String, String>>> done) {
        return TopicReader.readUntil(bootstrap(), Topics.CAMPAIGN_EVENTS, Duration.ofSeconds(60), done);
    }

    /** The data of the (last) event of {@code type} about the response, read from the campaign topic; its key checked. */
    JsonNode responseEvent(String campaignId, String responseId, String type) {
        Predicate<ConsumerRecord<String, String>> about = r -> type.equals(TopicReader.header(r, CloudEventHeaders.TYPE))
                && responseId.equals(json.readTree(r.value()).path("campaignResponseId").asString(null));
        ConsumerRecord<String, String> record = campaignEvents(all -> all.stream().anyMatch(about)).stream()
                .filter(about).reduce((first, second) -> second).orElseThrow();
        if (!campaignId.equals(record.key())) {
            throw new AssertionError(type + " of response " + responseId + " has the key " + record.key()
                    + ", not its campaign " + campaignId);
        }
        return json.readTree(record.value());
    }

    String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }

    JsonMapper json() {
        return json;
    }
}
