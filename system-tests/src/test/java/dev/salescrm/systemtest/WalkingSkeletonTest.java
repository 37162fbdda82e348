package dev.salescrm.systemtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path as a client meets it: a lead created through the gateway is stored by
 * lead-service, published through its outbox, and taken in by account-service's inbox — real
 * processes, real PostgreSQL, a real Kafka broker.
 */
@ExtendWith(RunningSuite.class)
class WalkingSkeletonTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aLeadPostedThroughTheGatewayReachesAccountService(Suite suite) throws Exception {
        String gateway = "http://127.0.0.1:" + suite.config().port("gateway");
        String body = "{\"firstName\":\"مریم\",\"lastName\":\"Ahmadi\",\"companyName\":\"Pars Trading\",\"source\":\"WEB\"}";
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/leads"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/leads/"));
        Matcher id = ID.matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        UUID leadId = UUID.fromString(id.group(1));

        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/leads/" + leadId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("مریم");

        String accountDb = suite.config().databaseName("account-service");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> receiptsFor(suite, accountDb, leadId) == 1);
    }

    private static long receiptsFor(Suite suite, String database, UUID leadId) throws Exception {
        try (Connection c = suite.currentDatabase().orElseThrow().connect(database);
             PreparedStatement s = c.prepareStatement(
                     "SELECT count(*) FROM lead_event_receipt WHERE lead_id = ? AND type = 'crm.lead.created.v1'")) {
            s.setObject(1, leadId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
