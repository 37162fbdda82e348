package dev.salescrm.account.timeline;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

import dev.salescrm.account.timeline.TimelineLinks.RefType;
import dev.salescrm.account.timeline.domain.Customer;
import dev.salescrm.account.timeline.domain.TimelineEntries;
import dev.salescrm.account.timeline.domain.TimelineEntry;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.platform.inbox.IncomingEvent;

/**
 * The timeline entries of billing-service's events: an order placed (its number and total) or
 * canceled, an invoice issued, paid (number and amount) or canceled. An invoice names its account
 * but not the order's contact, which is remembered from the order. Submitted and fulfilled orders
 * are passed over: the invoice that follows tells the customer more.
 */
@Service
class BillingTimeline {

    private static final Logger log = LoggerFactory.getLogger(BillingTimeline.class);

    private final TimelineRepository timeline;
    private final TimelineLinks links;

    BillingTimeline(TimelineRepository timeline, TimelineLinks links) {
        this.timeline = timeline;
        this.links = links;
    }

    Mono<Void> record(IncomingEvent event) {
        String type = event.type();
        boolean order = EventTypes.ORDER_CREATED.equals(type) || EventTypes.ORDER_CANCELED.equals(type);
        boolean invoice = EventTypes.INVOICE_ISSUED.equals(type) || EventTypes.INVOICE_PAID.equals(type)
                || EventTypes.INVOICE_CANCELED.equals(type);
        if (!order && !invoice) {
            return Mono.empty();
        }
        UUID orderId = EventFields.requiredUuid(event, "orderId");
        Customer named = new Customer(EventFields.uuid(event, "accountId"), EventFields.uuid(event, "contactId"));
        String orderNumber = EventFields.text(event, "orderNumber");
        return links.find(RefType.ORDER, orderId).flatMap(known -> {
            Customer customer = named.orElse(known.customer());
            Mono<Void> remembered = links.remember(RefType.ORDER, orderId, named, orderNumber);
            if (customer.isNobody()) {
                log.warn("{} {}: order {} names no account or contact, and none is known; no timeline entry",
                        type, event.id(), orderId);
                return remembered;
            }
            String number = orderNumber != null ? orderNumber : known.label();
            return remembered.then(timeline.record(entry(event, orderId, number, customer), event.id())).then();
        });
    }

    private static TimelineEntry entry(IncomingEvent event, UUID orderId, String orderNumber, Customer customer) {
        UUID id = TimelineEntries.idOfEvent(event.id());
        String actor = EventFields.text(event, "actor");
        var at = EventFields.occurredAt(event);
        return switch (event.type()) {
            case EventTypes.ORDER_CREATED -> TimelineEntries.orderPlaced(id, customer, orderId, orderNumber,
                    EventFields.uuid(event, "opportunityId"), EventFields.uuid(event, "quoteId"),
                    EventFields.amount(event, event.data().path("totals").get("totalAmount"), "totals.totalAmount"),
                    at, actor);
            case EventTypes.ORDER_CANCELED -> TimelineEntries.orderCanceled(id, customer, orderId, orderNumber,
                    EventFields.text(event, "reason"), at, actor);
            case EventTypes.INVOICE_ISSUED -> TimelineEntries.invoiceIssued(id, customer,
                    EventFields.requiredUuid(event, "invoiceId"), orderId, event.requiredText("number"),
                    EventFields.amount(event, event.data().path("totals").get("totalAmount"), "totals.totalAmount"),
                    EventFields.date(event, "dueDate"), at, actor);
            case EventTypes.INVOICE_PAID -> TimelineEntries.invoicePaid(id, customer,
                    EventFields.requiredUuid(event, "invoiceId"), orderId, EventFields.text(event, "number"),
                    EventFields.amount(event, event.data().get("amountPaid"), "amountPaid"),
                    EventFields.instant(event, "paidAt"), at, actor);
            case EventTypes.INVOICE_CANCELED -> TimelineEntries.invoiceCanceled(id, customer,
                    EventFields.requiredUuid(event, "invoiceId"), orderId, EventFields.text(event, "number"),
                    EventFields.text(event, "reason"), at, actor);
            default -> throw new IllegalArgumentException("not an order or invoice event: " + event.type());
        };
    }
}
