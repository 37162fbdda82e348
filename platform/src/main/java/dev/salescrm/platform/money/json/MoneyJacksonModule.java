package dev.salescrm.platform.money.json;

import java.math.BigDecimal;
import java.util.Currency;

import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.web.InvalidRequestException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Money on the wire: {@code {"amount": "1250000.00", "currency": "IRR"}}. The amount is always a
 * decimal <em>string</em> (a JSON number may already have lost digits in the client's double);
 * anything else, an unknown currency or an unknown member is a 400 naming the member. An amount with
 * more decimals than its currency's minor units ({@code "10.005"} USD, {@code "100.5"} JPY) is refused,
 * not rounded: {@link Money} would round it half-even, silently charging or paying a different sum
 * than the client wrote.
 *
 * <p>Errors are thrown as {@link InvalidRequestException} naming the member; Jackson wraps them
 * with the path to the money value, so the problem names e.g. {@code lines[0].price.amount}.
 */
public class MoneyJacksonModule extends SimpleModule {

    public MoneyJacksonModule() {
        super("crm-money");
        addSerializer(Money.class, new MoneySerializer());
        addDeserializer(Money.class, new MoneyDeserializer());
    }

    static final class MoneySerializer extends ValueSerializer<Money> {
        @Override
        public void serialize(Money value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeStartObject();
            gen.writeStringProperty("amount", value.amountString());
            gen.writeStringProperty("currency", value.currency().getCurrencyCode());
            gen.writeEndObject();
        }
    }

    static final class MoneyDeserializer extends ValueDeserializer<Money> {
        @Override
        public Money deserialize(JsonParser p, DeserializationContext ctxt) {
            if (!p.isExpectedStartObjectToken()) {
                throw new InvalidRequestException(null,
                        "must be an object {\"amount\": \"<decimal string>\", \"currency\": \"<ISO 4217>\"}");
            }
            BigDecimal amount = null;
            Currency currency = null;
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken token = p.nextToken();
                switch (name) {
                    case "amount" -> amount = amount(token, p);
                    case "currency" -> currency = currency(token, p);
                    default -> throw new InvalidRequestException(name, "unknown property");
                }
            }
            if (amount == null) {
                throw new InvalidRequestException("amount", "is required");
            }
            if (currency == null) {
                throw new InvalidRequestException("currency", "is required");
            }
            // Checked once both members are read, whatever their order, so a wrong currency is named first.
            if (Money.decimals(amount) > Money.minorUnits(currency)) {
                throw new InvalidRequestException("amount", "has more decimals than " + currency.getCurrencyCode()
                        + "'s " + Money.minorUnits(currency) + " minor units; amounts are never rounded on input");
            }
            return new Money(amount, currency);
        }

        private static BigDecimal amount(JsonToken token, JsonParser p) {
            if (token != JsonToken.VALUE_STRING) {
                throw new InvalidRequestException("amount", "amount must be a decimal string");
            }
            try {
                return Money.parseAmount(p.getString());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("amount", e.getMessage());
            }
        }

        private static Currency currency(JsonToken token, JsonParser p) {
            if (token != JsonToken.VALUE_STRING) {
                throw new InvalidRequestException("currency", "currency must be an ISO 4217 code string");
            }
            try {
                return Money.currency(p.getString());
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("currency", e.getMessage());
            }
        }
    }
}
