package dev.salescrm.platform.web;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.util.unit.DataSize;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code crm.idempotency.excluded-paths}: an excluded path is handed to its handler untouched —
 * the body is not buffered and the key is not checked (the handler keeps its own idempotency).
 * No database is needed: an excluded request never reaches it.
 */
class IdempotencyExclusionTest {

    private final IdempotencyKeyFilter filter = new IdempotencyKeyFilter(null, null,
            new BodySizeLimits(DataSize.ofMegabytes(1), java.util.Map.of()),
            new ProblemResponses(new ProblemMapper(), new JsonMapper()), new JsonMapper(),
            List.of("/api/leads/import", "/api/things/*/bulk"));

    private boolean passedThrough(String path, String key) {
        AtomicBoolean reached = new AtomicBoolean();
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post(path).header(IdempotencyKeyFilter.HEADER, key).body("a,b\n1,2\n"));
        filter.filter(exchange, e -> {
            reached.set(e == exchange); // the very exchange: no buffering decorator in between
            return Mono.empty();
        }).block();
        return reached.get();
    }

    @Test
    void anExcludedPathIsPassedThroughEvenWithAKeyTheFilterWouldReject() {
        assertThat(passedThrough("/api/leads/import", "key-1")).isTrue();
        assertThat(passedThrough("/api/leads/import", "not a valid key")).isTrue();
        assertThat(passedThrough("/api/things/42/bulk", "key-1")).isTrue();
    }

    @Test
    void otherPathsStillGoThroughTheFilter() {
        // An invalid key on a path that is not excluded is answered by the filter (400), not the handler.
        MockServerWebExchange exchange = MockServerWebExchange.from(
                MockServerHttpRequest.post("/api/leads").header(IdempotencyKeyFilter.HEADER, "not a valid key").body("{}"));
        AtomicBoolean reached = new AtomicBoolean();
        filter.filter(exchange, e -> {
            reached.set(true);
            return Mono.empty();
        }).block();
        assertThat(reached).isFalse();
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(400);
        assertThat(passedThrough("/api/leads/import/extra", "not a valid key")).isFalse();
    }
}
