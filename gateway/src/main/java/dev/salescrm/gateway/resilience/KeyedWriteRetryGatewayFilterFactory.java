package dev.salescrm.gateway.resilience;

import java.io.IOException;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.channel.AbortedException;
import reactor.util.retry.Retry;
import reactor.util.retry.RetryBackoffSpec;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Sends a write that carries an {@code Idempotency-Key} to the service once more when the connection to the
 * service failed before any answer came back: refused, reset, or closed under the request ("Connection
 * prematurely closed BEFORE response" — a pooled keep-alive connection can be closed by the other end just as
 * a request goes out on it, which HTTP/1.1 cannot rule out).
 *
 * <p>Why only keyed writes: the gateway cannot know whether the service received the first attempt. A GET or
 * HEAD may be repeated anyway (the {@code Retry} filter does that), an unkeyed POST or PATCH may not — it could
 * apply twice. A keyed one may: the service stores the key with the first attempt's outcome and answers a
 * repeat with that stored answer (or 409 while the first is still being worked on), so the effect stays one.
 * That is the client's own contract (API.md) applied one hop earlier, where the failure is seen, instead of
 * handing the client a 503 for a service that is healthy.
 *
 * <p>What is not retried: a timeout (the service may still be working on it: the client gets the 504 and
 * retries with its key when it decides to), and any answer the service gave, a 5xx included. The filter sits
 * inside the route's circuit breaker, which sees only the outcome after the retry.
 */
@Component
public class KeyedWriteRetryGatewayFilterFactory
        extends AbstractGatewayFilterFactory<KeyedWriteRetryGatewayFilterFactory.Config> {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Log log = LogFactory.getLog(KeyedWriteRetryGatewayFilterFactory.class);

    public KeyedWriteRetryGatewayFilterFactory() {
        super(Config.class);
    }

    @Override
    public GatewayFilter apply(Config config) {
        // The second attempt sends the request body again: keep it once read.
        enableBodyCaching(config.getRouteId());
        RetryBackoffSpec retry = Retry.fixedDelay(config.getRetries(), config.getBackoff())
                .filter(KeyedWriteRetryGatewayFilterFactory::isConnectionFailure)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
        return (exchange, chain) -> {
            if (!isKeyedWrite(exchange.getRequest())) {
                return chain.filter(exchange);
            }
            return chain.filter(exchange).retryWhen(retry.doBeforeRetry(signal -> {
                log.warn("Retrying " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath()
                        + " (route " + config.getRouteId() + ", Idempotency-Key present) after a connection failure: "
                        + signal.failure());
                ServerWebExchangeUtils.reset(exchange);
            }));
        };
    }

    static boolean isKeyedWrite(ServerHttpRequest request) {
        HttpMethod method = request.getMethod();
        boolean write = !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)
                || HttpMethod.OPTIONS.equals(method));
        return write && StringUtils.hasText(request.getHeaders().getFirst(IDEMPOTENCY_KEY));
    }

    /**
     * A failure of the connection itself, before the service answered. Reactor Netty reports a refused or
     * reset connection and a premature close as {@link IOException}s, a connection closed before the request
     * could be written as {@link AbortedException}; a time limit is a {@link java.util.concurrent.TimeoutException}
     * and is left out on purpose.
     */
    static boolean isConnectionFailure(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 10; t = t.getCause()) {
            if (t instanceof IOException || t instanceof AbortedException) {
                return true;
            }
            if (t instanceof java.util.concurrent.TimeoutException) {
                return false;
            }
        }
        return false;
    }

    public static class Config implements HasRouteId {

        private @Nullable String routeId;
        /** Attempts after the first; one is enough for a connection that was closed under the request. */
        private int retries = 1;
        private Duration backoff = Duration.ofMillis(50);

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public @Nullable String getRouteId() {
            return routeId;
        }

        public int getRetries() {
            return retries;
        }

        public void setRetries(int retries) {
            this.retries = retries;
        }

        public Duration getBackoff() {
            return backoff;
        }

        public void setBackoff(Duration backoff) {
            this.backoff = backoff;
        }
    }
}
