package dev.salescrm.platform.money;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.salescrm.platform.money.json.MoneyJacksonModule;
import dev.salescrm.platform.web.InvalidRequestException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MoneyJsonTest {

    record Line(String name, Money price) {
    }

    private final JsonMapper json = JsonMapper.builder()
            .addModule(new MoneyJacksonModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void writesTheAmountAsADecimalString() {
        assertThat(json.writeValueAsString(Money.of("1250000", "IRR")))
                .isEqualTo("{\"amount\":\"1250000.00\",\"currency\":\"IRR\"}");
        assertThat(json.writeValueAsString(Money.of("1500", "JPY")))
                .isEqualTo("{\"amount\":\"1500\",\"currency\":\"JPY\"}");
    }

    @Test
    void roundTrips() {
        Line line = new Line("seat", Money.of("1250000000.05", "IRR"));
        String text = json.writeValueAsString(line);
        assertThat(json.readValue(text, Line.class)).isEqualTo(line);
        assertThat(json.readValue(json.writeValueAsString(List.of(Money.of("0.125", "KWD"))), Money[].class))
                .containsExactly(Money.of("0.125", "KWD"));
    }

    @Test
    void rejectsANumberAmountNamingThePath() {
        assertThatThrownBy(() -> json.readValue("{\"name\":\"x\",\"price\":{\"amount\":12.5,\"currency\":\"USD\"}}", Line.class))
                .isInstanceOf(JacksonException.class)
                .satisfies(e -> {
                    assertThat(((JacksonException) e).getPath()).extracting(JacksonException.Reference::getPropertyName)
                            .containsExactly("price");
                    assertThat(e.getCause()).isInstanceOf(InvalidRequestException.class)
                            .hasMessageContaining("amount must be a decimal string");
                });
    }

    @Test
    void rejectsBadCurrenciesAmountsAndMembers() {
        assertThatThrownBy(() -> json.readValue("{\"amount\":\"1.00\",\"currency\":\"ZZZ\"}", Money.class))
                .hasMessageContaining("currency");
        assertThatThrownBy(() -> json.readValue("{\"amount\":\"1.0.0\",\"currency\":\"USD\"}", Money.class))
                .hasMessageContaining("amount");
        assertThatThrownBy(() -> json.readValue("{\"amount\":\"1.00\"}", Money.class))
                .hasMessageContaining("currency");
        assertThatThrownBy(() -> json.readValue("{\"amount\":\"1.00\",\"currency\":\"USD\",\"x\":1}", Money.class))
                .hasMessageContaining("x");
        assertThatThrownBy(() -> json.readValue("\"1.00 USD\"", Money.class))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void refusesMoreDecimalsThanTheCurrencyHasInsteadOfRounding() {
        assertThatThrownBy(() -> json.readValue("{\"amount\":\"10.005\",\"currency\":\"USD\"}", Money.class))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("more decimals than USD's 2 minor units");
        assertThatThrownBy(() -> json.readValue("{\"currency\":\"JPY\",\"amount\":\"100.5\"}", Money.class))
                .hasMessageContaining("JPY's 0 minor units");
        assertThatThrownBy(() -> json.readValue("{\"amount\":\"1.0005\",\"currency\":\"KWD\"}", Money.class))
                .hasMessageContaining("KWD's 3 minor units");
        // Trailing zeros are not extra precision, and fewer decimals gain zeros.
        assertThat(json.readValue("{\"amount\":\"100.000\",\"currency\":\"JPY\"}", Money.class))
                .isEqualTo(Money.of("100", "JPY"));
        assertThat(json.readValue("{\"amount\":\"10.5\",\"currency\":\"KWD\"}", Money.class).amountString())
                .isEqualTo("10.500");
        // An unknown currency is named before the decimals it would have had.
        assertThatThrownBy(() -> json.readValue("{\"amount\":\"10.005\",\"currency\":\"ZZZ\"}", Money.class))
                .hasMessageContaining("currency");
    }
}
