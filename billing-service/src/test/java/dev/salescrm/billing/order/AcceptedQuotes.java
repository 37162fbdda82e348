package dev.salescrm.billing.order;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.inbox.IncomingEvent;

/**
 * {@code crm.quote.accepted.v1} payloads as opportunity-service would publish them, built as maps
 * so a test can also break them on purpose. Public for the invoice tests, which need orders.
 */
public final class AcceptedQuotes {

    private AcceptedQuotes() {
    }

    public static Map<String, String> money(String amount, String currency) {
        return Map.of("amount", amount, "currency", currency);
    }

    /** A catalog line: quantity × price − discounts = extended, as the quote computed it. */
    public static Map<String, Object> line(String description, String quantity, Map<String, String> pricePerUnit,
                                    Map<String, String> manualDiscount, Map<String, String> extendedAmount) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("lineId", Ids.newId().toString());
        line.put("productId", Ids.newId().toString());
        line.put("unitId", Ids.newId().toString());
        line.put("description", description);
        line.put("quantity", quantity);
        line.put("pricePerUnit", pricePerUnit);
        if (manualDiscount != null) {
            line.put("manualDiscount", manualDiscount);
        }
        line.put("extendedAmount", extendedAmount);
        return line;
    }

    public static Map<String, Object> totals(Map<String, String> detail, Map<String, String> discount, Map<String, String> total) {
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("detailAmount", detail);
        totals.put("discountAmount", discount);
        totals.put("totalAmount", total);
        return totals;
    }

    /** A quote of {@code ownerId}'s, accepted by them, with fresh ids. */
    public static Map<String, Object> accepted(String ownerId, List<Map<String, Object>> lines, Map<String, Object> totals) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("quoteId", Ids.newId().toString());
        event.put("opportunityId", Ids.newId().toString());
        event.put("orderId", Ids.newId().toString());
        event.put("accountId", Ids.newId().toString());
        event.put("contactId", Ids.newId().toString());
        event.put("ownerId", ownerId);
        event.put("name", "پیشنهاد استقرار CRM");
        event.put("revision", 1);
        event.put("priceListId", Ids.newId().toString());
        event.put("lines", new ArrayList<>(lines));
        event.put("totals", totals);
        event.put("closeOpportunity", true);
        event.put("version", 4);
        event.put("occurredAt", "2026-11-26T10:15:30Z");
        event.put("actor", ownerId);
        return event;
    }

    /** A one-line USD quote: the simplest thing that becomes an order. */
    public static Map<String, Object> simple(String ownerId) {
        return accepted(ownerId,
                List.of(line("CRM seat licence", "10", money("125.00", "USD"), null, money("1250.00", "USD"))),
                totals(money("1250.00", "USD"), money("0.00", "USD"), money("1250.00", "USD")));
    }

    public static UUID id(Map<String, Object> event, String field) {
        return UUID.fromString((String) event.get(field));
    }

    /** Places the order as {@link #place(OrderPlacement, JsonMapper, Map)} does, with the context's beans; its id. */
    public static String place(ApplicationContext context, Map<String, Object> event) {
        OrderPlacement.Outcome outcome = place(context.getBean(OrderPlacement.class), context.getBean(JsonMapper.class), event);
        if (outcome != OrderPlacement.Outcome.PLACED) {
            throw new AssertionError("the order was not placed: " + outcome);
        }
        return (String) event.get("orderId");
    }

    /**
     * Places the order straight through the use case, as the listener would after reading the
     * event: for tests about reading orders, which need not wait for Kafka.
     */
    static OrderPlacement.Outcome place(OrderPlacement placement, JsonMapper json, Map<String, Object> event) {
        IncomingEvent incoming = new IncomingEvent(UUID.randomUUID().toString(), EventTypes.QUOTE_ACCEPTED,
                "/crm/opportunity-service", (String) event.get("opportunityId"), null, Topics.OPPORTUNITY_EVENTS,
                (String) event.get("opportunityId"), json.valueToTree(event), Map.of());
        return placement.place(QuoteAcceptedEvent.read(incoming)).block();
    }
}
