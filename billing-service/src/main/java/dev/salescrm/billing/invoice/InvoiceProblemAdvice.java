package dev.salescrm.billing.invoice;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.invoice.domain.InvoiceStatus;
import dev.salescrm.billing.invoice.domain.Overpayment;
import dev.salescrm.platform.web.Problem;
import dev.salescrm.platform.web.ProblemAdvice;
import dev.salescrm.platform.web.ProblemResponses;

/**
 * An {@link Overpayment} is a 409 of its own type, {@code urn:crm:problem:overpayment}, with the
 * {@code balance} still owed and the {@code amount} sent, so a client can offer the right figure.
 * The platform's problem types have no conflict that carries amounts; this advice is ordered just
 * before the platform's catch-all, as {@link ProblemAdvice} asks of a service advice.
 */
@ControllerAdvice
@Order(ProblemAdvice.ORDER - 1)
class InvoiceProblemAdvice {

    static final String OVERPAYMENT = "overpayment";

    private final ProblemResponses problems;

    InvoiceProblemAdvice(ProblemResponses problems) {
        this.problems = problems;
    }

    @ExceptionHandler(Overpayment.class)
    Mono<Void> overpayment(Overpayment e, ServerWebExchange exchange) {
        Problem problem = new Problem(OVERPAYMENT, HttpStatus.CONFLICT.value(), "Overpayment", e.getMessage())
                .with("currentState", InvoiceStatus.ISSUED.name())
                .with("balance", e.balance())
                .with("amount", e.amount());
        return problems.write(exchange, problem);
    }
}
