package dev.salescrm.billing.order;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

import dev.salescrm.billing.order.domain.AcceptedQuote;
import dev.salescrm.billing.order.domain.OrderLine;
import dev.salescrm.billing.order.domain.OrderTotals;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.PoisonEventException;
import dev.salescrm.platform.money.Money;

/**
 * Reads a {@code crm.quote.accepted.v1} event (schema in contracts, lines and totals from
 * {@code common.json}) into an {@link AcceptedQuote}. An event that cannot be read so — no order id,
 * money that is not a decimal string with a known currency, an amount the currency cannot hold
 * without rounding, a quote in more than one currency — is a poison event: retrying cannot fix it,
 * so it goes to the dead-letter topic at once instead of holding up its partition.
 */
final class QuoteAcceptedEvent {

    /** The contract's decimal quantity: non-negative, plain notation. */
    private static final Pattern QUANTITY = Pattern.compile("[0-9]{1,30}(\\.[0-9]{1,30})?");

    private final IncomingEvent event;

    private QuoteAcceptedEvent(IncomingEvent event) {
        this.event = event;
    }

    static AcceptedQuote read(IncomingEvent event) {
        return new QuoteAcceptedEvent(event).read();
    }

    private AcceptedQuote read() {
        JsonNode data = event.data();
        UUID orderId = requiredUuid(data, "orderId");
        UUID quoteId = requiredUuid(data, "quoteId");
        UUID opportunityId = requiredUuid(data, "opportunityId");
        JsonNode lines = data.get("lines");
        if (lines == null || !lines.isArray()) {
            throw poison("has no lines array");
        }
        List<OrderLine> orderLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            orderLines.add(line(lines.get(i), i + 1, "lines[" + i + "]"));
        }
        JsonNode totals = data.get("totals");
        if (totals == null || !totals.isObject()) {
            throw poison("has no totals");
        }
        OrderTotals orderTotals = new OrderTotals(money(totals, "detailAmount", "totals", false),
                money(totals, "discountAmount", "totals", false), money(totals, "taxAmount", "totals", false),
                money(totals, "totalAmount", "totals", true));
        try {
            return new AcceptedQuote(orderId, quoteId, opportunityId, optionalUuid(data, "accountId"),
                    optionalUuid(data, "contactId"), optionalText(data, "ownerId"), optionalUuid(data, "priceListId"),
                    optionalText(data, "name"), orderLines, orderTotals, optionalText(data, "actor"));
        } catch (IllegalArgumentException e) {
            throw poison("cannot become an order: " + e.getMessage());
        }
    }

    /** The line at {@code lineNumber} (from 1, in the quote's order). */
    private OrderLine line(JsonNode line, int lineNumber, String where) {
        if (line == null || !line.isObject()) {
            throw poison(where + " is not an object");
        }
        return new OrderLine(lineNumber, optionalUuid(line, "lineId"), optionalUuid(line, "productId"),
                optionalUuid(line, "unitId"), optionalText(line, "sku"), optionalText(line, "description"),
                quantity(line, where), money(line, "pricePerUnit", where, true),
                money(line, "volumeDiscount", where, false), money(line, "manualDiscount", where, false),
                money(line, "extendedAmount", where, true));
    }

    private BigDecimal quantity(JsonNode line, String where) {
        JsonNode quantity = line.get("quantity");
        if (quantity == null || !quantity.isString() || !QUANTITY.matcher(quantity.stringValue()).matches()) {
            throw poison(where + ".quantity is not a decimal string");
        }
        return new BigDecimal(quantity.stringValue());
    }

    /**
     * {@code {amount: "<decimal string>", currency: "<ISO 4217>"}}. The amount is kept to the
     * currency's minor units (the platform's Money): an amount with fewer decimals gains zeros, an
     * amount with more would have to be rounded — and an accepted price is never rounded here.
     */
    private Money money(JsonNode parent, String field, String where, boolean required) {
        JsonNode money = parent.get(field);
        String path = where + "." + field;
        if (money == null || money.isNull()) {
            if (required) {
                throw poison("lacks " + path);
            }
            return null;
        }
        JsonNode amount = money.get("amount");
        JsonNode code = money.get("currency");
        if (!money.isObject() || amount == null || !amount.isString() || code == null || !code.isString()) {
            throw poison(path + " is not {amount: \"<decimal string>\", currency: \"<ISO 4217>\"}");
        }
        BigDecimal value;
        Currency currency;
        try {
            value = Money.parseAmount(amount.stringValue());
            currency = Money.currency(code.stringValue());
        } catch (IllegalArgumentException e) {
            throw poison(path + ": " + e.getMessage());
        }
        if (value.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
            throw poison(path + " " + amount.stringValue() + " has more decimals than " + currency.getCurrencyCode()
                    + " has minor units");
        }
        return new Money(value, currency);
    }

    private UUID requiredUuid(JsonNode data, String field) {
        UUID id = optionalUuid(data, field);
        if (id == null) {
            throw poison("lacks the field '" + field + "'");
        }
        return id;
    }

    private UUID optionalUuid(JsonNode node, String field) {
        String text = optionalText(node, field);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw poison("has a " + field + " that is not a UUID");
        }
    }

    private String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw poison("has a " + field + " that is not a string");
        }
        return value.stringValue();
    }

    private PoisonEventException poison(String what) {
        return new PoisonEventException(event.type() + " " + event.id() + " " + what);
    }
}
