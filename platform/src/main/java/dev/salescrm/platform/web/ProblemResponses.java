package dev.salescrm.platform.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one writer of error responses: controller advice, the exception handler of last resort and
 * the platform's WebFilters all go through here, so every error has the same shape.
 */
public class ProblemResponses {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final ProblemMapper mapper;
    private final JsonMapper json;

    public ProblemResponses(ProblemMapper mapper, JsonMapper json) {
        this.mapper = mapper;
        this.json = json;
    }

    /** Maps the exception and writes it; 5xx are logged with their stack trace, nothing of it is sent. */
    public Mono<Void> write(ServerWebExchange exchange, Throwable ex) {
        Problem problem = mapper.map(ex);
        if (problem.status() >= 500) {
            log.error("{} {} failed", exchange.getRequest().getMethod(), exchange.getRequest().getPath().value(), ex);
        } else {
            log.debug("{} {} answered {}: {}", exchange.getRequest().getMethod(),
                    exchange.getRequest().getPath().value(), problem.status(), ex.toString());
        }
        if (exchange.getResponse().isCommitted()) {
            // Too late for a problem document: let the server abort the connection.
            return Mono.error(ex);
        }
        return write(exchange, problem);
    }

    public Mono<Void> write(ServerWebExchange exchange, Problem problem) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            log.warn("response already committed, cannot write problem {}", problem.type());
            return Mono.empty();
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(problem.body(exchange.getRequest().getPath().value()));
        } catch (RuntimeException e) {
            log.error("could not serialise problem {}", problem.type(), e);
            bytes = ("{\"type\":\"" + ProblemType.INTERNAL.type() + "\",\"status\":500}").getBytes();
        }
        response.setStatusCode(HttpStatusCode.valueOf(problem.status()));
        HttpHeaders headers = response.getHeaders();
        // Whatever a handler prepared for a success does not describe this error.
        headers.remove(HttpHeaders.ETAG);
        headers.remove(HttpHeaders.LOCATION);
        headers.remove(HttpHeaders.LAST_MODIFIED);
        headers.remove(HttpHeaders.CONTENT_ENCODING);
        problem.headers().forEach((name, values) -> headers.put(name, values));
        headers.setContentType(PROBLEM_JSON);
        headers.setContentLength(bytes.length);
        headers.setCacheControl("no-store");
        DataBuffer buffer = response.bufferFactory().wrap(bytes);
        return response.writeWith(Mono.just(buffer));
    }
}
