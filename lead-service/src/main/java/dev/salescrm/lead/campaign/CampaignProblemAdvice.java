package dev.salescrm.lead.campaign;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.annotation.Order;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.web.Problem;
import dev.salescrm.platform.web.ProblemAdvice;
import dev.salescrm.platform.web.ProblemResponses;
import dev.salescrm.platform.web.ProblemType;

/**
 * A taken campaign code is a 409 {@code conflict} that names the field, with the same
 * {@code errors: [{field, message}]} member as a validation problem: the platform's conflict
 * names none. Ordered just before the platform's catch-all, as {@link ProblemAdvice} asks.
 */
@ControllerAdvice
@Order(ProblemAdvice.ORDER - 1)
class CampaignProblemAdvice {

    private final ProblemResponses problems;

    CampaignProblemAdvice(ProblemResponses problems) {
        this.problems = problems;
    }

    @ExceptionHandler(CampaignCodeTaken.class)
    Mono<Void> codeTaken(CampaignCodeTaken e, ServerWebExchange exchange) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("field", "code");
        error.put("message", "is taken by another campaign");
        Problem problem = Problem.of(ProblemType.CONFLICT, e.getMessage()).with("errors", List.of(error));
        return problems.write(exchange, problem);
    }
}
