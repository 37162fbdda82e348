package dev.salescrm.billing.order;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.order.domain.AcceptedQuote;
import dev.salescrm.billing.order.domain.Order;
import dev.salescrm.billing.order.domain.OrderNumber;
import dev.salescrm.platform.outbox.OutboxWriter;

/**
 * Deal closure, billing side: an accepted quote becomes an order, stored together with its
 * {@code crm.order.created.v1} in one transaction (the inbox's, when an event brings the quote).
 */
@Service
class OrderPlacement {

    private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

    /** What placing the order for an accepted quote came to. */
    enum Outcome {
        /** The order was created and announced. */
        PLACED,
        /** The order was there already (the quote was announced again): nothing changed. */
        ALREADY_PLACED,
        /** The quote already became another order: a second order for one quote is refused. */
        QUOTE_HAS_ANOTHER_ORDER,
        /** Another quote's order has this id: the id is taken, and that order is not this quote's to change. */
        ORDER_ID_TAKEN
    }

    private final OrderRepository orders;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    OrderPlacement(OrderRepository orders, OutboxWriter outbox, TransactionalOperator tx) {
        this.orders = orders;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = Clock.systemUTC();
    }

    /**
     * Creates the order with exactly the id the quote announced. The same quote announced again —
     * redelivered, or re-sent under another event id — changes nothing and announces nothing.
     */
    Mono<Outcome> place(AcceptedQuote quote) {
        return orders.findOrderIdOfQuote(quote.quoteId())
                .map(existing -> existing.equals(quote.orderId()) ? Outcome.ALREADY_PLACED : Outcome.QUOTE_HAS_ANOTHER_ORDER)
                .switchIfEmpty(Mono.defer(() -> create(quote)))
                .doOnNext(outcome -> logUnlessPlaced(outcome, quote))
                .as(tx::transactional);
    }

    private Mono<Outcome> create(AcceptedQuote quote) {
        // Microseconds: what PostgreSQL keeps, so the order announced equals the order read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        int year = now.atZone(ZoneOffset.UTC).getYear();
        return orders.nextOrderNumber()
                .map(sequence -> Order.fromAcceptedQuote(quote, OrderNumber.format(year, sequence), now))
                .flatMap(order -> orders.insertIfAbsent(order).flatMap(inserted -> inserted
                        ? outbox.append(OrderEvents.created(order)).thenReturn(Outcome.PLACED)
                        // No order of this quote, yet the id exists: another quote's order has it.
                        : Mono.just(Outcome.ORDER_ID_TAKEN)));
    }

    private static void logUnlessPlaced(Outcome outcome, AcceptedQuote quote) {
        UUID orderId = quote.orderId();
        switch (outcome) {
            case ALREADY_PLACED -> log.info("order {} for quote {} exists already; nothing to do", orderId, quote.quoteId());
            case QUOTE_HAS_ANOTHER_ORDER -> log.warn("quote {} already became another order; order {} is not created",
                    quote.quoteId(), orderId);
            case ORDER_ID_TAKEN -> log.warn("order id {} belongs to another quote's order; quote {} gets no order",
                    orderId, quote.quoteId());
            case PLACED -> { }
        }
    }
}
