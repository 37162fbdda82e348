package dev.salescrm.gateway.problem;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Gives every error the gateway answers itself a problem+json body. Spring Security's entry point
 * (401, with its {@code WWW-Authenticate}), its access-denied handler (403), the gateway's
 * {@code RequestSize} (413) and {@code RequestRateLimiter} (429) filters all end with a bare
 * {@code setComplete()}: an error status and no body. This decorator turns exactly that case into
 * a problem, keeping the headers they set. Responses relayed from a service are written with
 * {@code writeWith} and pass untouched.
 *
 * <p>Runs before Spring Security's filter chain so that its responses go through the decorator.
 */
public class ProblemForEmptyErrorWebFilter implements WebFilter, Ordered {

    /** Header the RequestSize filter puts its message in; replaced by the problem's detail. */
    static final String REQUEST_SIZE_MESSAGE_HEADER = "errorMessage";

    /**
     * The client's request path, kept before any forward (a circuit breaker fallback sees
     * {@code /fallback/...}) so that a problem's {@code instance} is always what the client asked for.
     */
    public static final String ORIGINAL_PATH_ATTR = ProblemForEmptyErrorWebFilter.class.getName() + ".originalPath";

    public static String originalPath(ServerWebExchange exchange) {
        String path = exchange.getAttribute(ORIGINAL_PATH_ATTR);
        return path != null ? path : exchange.getRequest().getPath().value();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        exchange.getAttributes().putIfAbsent(ORIGINAL_PATH_ATTR, exchange.getRequest().getPath().value());
        ServerHttpResponse decorated = new ServerHttpResponseDecorator(exchange.getResponse()) {
            @Override
            public Mono<Void> setComplete() {
                HttpStatusCode status = getStatusCode();
                HttpHeaders headers = getHeaders();
                if (status == null || !status.isError() || isCommitted() || headers.getContentType() != null) {
                    return super.setComplete();
                }
                int code = status.value();
                String detail = detail(code, headers);
                byte[] body = Problems.json(code, detail, originalPath(exchange));
                return Problems.writeBody(getDelegate(), exchange.getRequest().getMethod(), body);
            }
        };
        return chain.filter(exchange.mutate().response(decorated).build());
    }

    private static String detail(int status, HttpHeaders headers) {
        if (status == 413) {
            String message = headers.getFirst(REQUEST_SIZE_MESSAGE_HEADER);
            headers.remove(REQUEST_SIZE_MESSAGE_HEADER);
            if (message != null) {
                return message;
            }
        }
        if (status == 429) {
            String retryAfter = headers.getFirst(HttpHeaders.RETRY_AFTER);
            if (retryAfter == null) {
                headers.set(HttpHeaders.RETRY_AFTER, "1");
                retryAfter = "1";
            }
            return "Request rate limit exceeded; retry after " + retryAfter + " second(s).";
        }
        return Problems.defaultDetail(status);
    }
}
