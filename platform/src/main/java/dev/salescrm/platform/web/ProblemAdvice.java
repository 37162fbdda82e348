package dev.salescrm.platform.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Every exception raised while dispatching a request (handler, argument binding, codecs, and the
 * 404/405/406/415 of handler lookup) becomes a problem document written by {@link ProblemResponses}.
 * Handled here, inside the WebFilter chain, rather than only in a WebExceptionHandler outside it,
 * so that filters wrapping the chain (e.g. Idempotency-Key) see the final status and body.
 *
 * <p>Ordered ahead of Boot's {@code ProblemDetailsExceptionHandler}; a service advice that needs
 * to win must be ordered before {@link #ORDER}.
 */
@ControllerAdvice
@Order(ProblemAdvice.ORDER)
public class ProblemAdvice {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

    private final ProblemResponses problems;

    public ProblemAdvice(ProblemResponses problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Throwable.class)
    public Mono<Void> handle(Throwable ex, ServerWebExchange exchange) {
        return problems.write(exchange, ex);
    }
}
