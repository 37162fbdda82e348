package dev.salescrm.platform.web;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

import reactor.core.publisher.Mono;

/**
 * The last resort for errors raised outside request dispatch (WebFilters, security, response
 * commit): the same problem documents, ahead of Boot's whitelabel JSON handler (order -1).
 */
public class ProblemExceptionHandler implements WebExceptionHandler, Ordered {

    public static final int ORDER = -2;

    private final ProblemResponses problems;

    public ProblemExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        return problems.write(exchange, ex);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
