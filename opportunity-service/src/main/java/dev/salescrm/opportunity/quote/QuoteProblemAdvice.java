package dev.salescrm.opportunity.quote;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.web.Problem;
import dev.salescrm.platform.web.ProblemAdvice;
import dev.salescrm.platform.web.ProblemResponses;

/**
 * Writes {@link UnprocessableQuoteException} as a 422 problem with the same {@code errors: [{field,
 * message}]} member as a validation problem, through the platform's one problem writer. The
 * platform's problem types have no 422 that names fields; this advice is ordered just before the
 * platform's catch-all, as {@link ProblemAdvice} asks of a service advice.
 */
@ControllerAdvice
@Order(ProblemAdvice.ORDER - 1)
class QuoteProblemAdvice {

    private final ProblemResponses problems;

    QuoteProblemAdvice(ProblemResponses problems) {
        this.problems = problems;
    }

    @ExceptionHandler(UnprocessableQuoteException.class)
    Mono<Void> unprocessable(UnprocessableQuoteException e, ServerWebExchange exchange) {
        List<Map<String, Object>> errors = e.violations().stream().map(v -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("field", v.field());
            error.put("message", v.message());
            return error;
        }).toList();
        Problem problem = new Problem(e.kind().slug, HttpStatus.UNPROCESSABLE_CONTENT.value(), e.kind().title, e.getMessage())
                .with("errors", errors);
        return problems.write(exchange, problem);
    }
}
