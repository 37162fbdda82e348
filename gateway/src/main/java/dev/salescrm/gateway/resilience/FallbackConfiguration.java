package dev.salescrm.gateway.resilience;

import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import dev.salescrm.gateway.problem.ProblemForEmptyErrorWebFilter;
import dev.salescrm.gateway.problem.Problems;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Where each route's {@code CircuitBreaker} filter forwards when the call fails: the service is
 * down or refusing connections, its breaker is open, or it did not answer within the route's time
 * limit. The answer names the service and never the underlying error: 504 {@code upstream-timeout}
 * for a timeout, else 503 {@code service-unavailable} (with {@code Retry-After}).
 */
@Configuration(proxyBeanMethods = false)
public class FallbackConfiguration {

    private static final Log log = LogFactory.getLog(FallbackConfiguration.class);

    public static final String PATH = "/fallback/{service}";

    /** Seconds a client is told to wait after a 503; the breaker's open state lasts about as long. */
    static final String RETRY_AFTER_SECONDS = "5";

    @Bean
    RouterFunction<ServerResponse> circuitBreakerFallback() {
        return RouterFunctions.route(RequestPredicates.path(PATH), FallbackConfiguration::fallback);
    }

    static Mono<ServerResponse> fallback(ServerRequest request) {
        String service = request.pathVariable("service").replaceAll("[^a-z0-9-]", "");
        Throwable failure = request.exchange().getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        boolean timeout = isTimeout(failure);
        HttpStatus status = timeout ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE;
        String detail;
        if (timeout) {
            detail = service + " did not answer within the gateway's time limit.";
        } else if (failure instanceof CallNotPermittedException) {
            detail = service + " is unavailable (circuit open after repeated failures); retry later.";
        } else {
            detail = service + " is unavailable; retry later.";
        }
        String instance = ProblemForEmptyErrorWebFilter.originalPath(request.exchange());
        // The client sees only "unavailable"; the operator needs the cause (refused connection, a connection
        // the service closed, a timeout) to tell a down service from a gateway fault. An open breaker's
        // refusals are the bulk of an outage and say nothing new (the breaker's state is in its metrics): debug.
        String line = "Fallback " + status.value() + " for " + request.exchange().getRequest().getMethod() + " "
                + instance + " (" + service + "): " + describe(failure);
        if (failure instanceof CallNotPermittedException) {
            log.debug(line);
        } else {
            log.warn(line);
        }
        byte[] body = Problems.json(Problems.slug(status.value()), Problems.title(status.value()), status.value(),
                detail, instance);
        ServerResponse.BodyBuilder builder = ServerResponse.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!timeout) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        return builder.body(BodyInserters.fromValue(body));
    }

    private static String describe(Throwable failure) {
        if (failure == null) {
            return "no failure recorded";
        }
        StringBuilder chain = new StringBuilder(failure.toString());
        int depth = 0;
        for (Throwable t = failure.getCause(); t != null && depth++ < 5; t = t.getCause()) {
            chain.append(" <- ").append(t);
        }
        return chain.toString();
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
