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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.PkceLogin;
import dev.salescrm.launcher.Suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path as a client meets it: a sales rep logs in at the issuer (code + PKCE), creates a
 * lead through the gateway; lead-service stores it and publishes through its outbox, and
 * account-service's inbox takes the event in — real processes, real PostgreSQL, a real broker.
 */
@ExtendWith(RunningSuite.class)
class WalkingSkeletonTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final String LEAD = "{\"firstName\":\"مریم\",\"lastName\":\"Ahmadi\",\"companyName\":\"شرکت پروجان\",\"source\":\"WEB\"}";

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aLeadPostedThroughTheGatewayReachesAccountService(Suite suite) throws Exception {
        String gateway = "http://127.0.0.1:" + suite.config().port("gateway");
        String token = PkceLogin.accessToken(suite.config().issuer(), PkceLogin.DEFAULT_CLIENT,
                PkceLogin.DEFAULT_REDIRECT_URI, "alice", PkceLogin.DEFAULT_DEMO_PASSWORD);

        HttpResponse<String> created = post(gateway + "/api/leads", LEAD, token);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/api/leads/"));
        Matcher id = ID.matcher(created.body());
        assertThat(id.find()).as(created.body()).isTrue();
        UUID leadId = UUID.fromString(id.group(1));
        assertThat(created.body()).contains("\"ownerId\":\"alice\"");

        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/leads/" + leadId))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("مریم").contains("شرکت پروجان");

        String eventId = query(suite, suite.config().databaseName("lead-service"),
                "SELECT id::text FROM outbox WHERE aggregateid = ? AND type = 'crm.lead.created.v1'", leadId.toString());
        assertThat(eventId).isNotNull();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                query(suite, suite.config().databaseName("account-service"),
                        "SELECT event_id FROM inbox WHERE consumer = 'account-service.lead-events' AND event_id = ?", eventId) != null);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void withoutATokenNeitherTheGatewayNorAServiceAnswers(Suite suite) throws Exception {
        String gateway = "http://127.0.0.1:" + suite.config().port("gateway");
        String leadService = "http://127.0.0.1:" + suite.config().port("lead-service");
        for (String base : new String[] {gateway, leadService}) {
            HttpResponse<String> refused = post(base + "/api/leads", LEAD, null);
            assertThat(refused.statusCode()).as(base).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    private static HttpResponse<String> post(String url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String query(Suite suite, String database, String sql, String parameter) throws Exception {
        try (Connection c = suite.currentDatabase().orElseThrow().connect(database);
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
