package dev.salescrm.contracts.schema;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.schema.EventSchemas.Violation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventSchemasTest {

    private final EventSchemas schemas = EventSchemas.fromClasspath();

    /** What lead-service's LeadEvents.created writes today (nulls omitted). */
    private static final String LEAD_CREATED = """
            {"leadId":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","firstName":"علی","lastName":"رضایی",
             "companyName":"شرکت پروجان","email":"ali@example.ir","phone":"+98 912 123 4567","source":"TRADE_SHOW",
             "topic":"CRM برای تیم فروش","status":"OPEN","statusReason":"NEW","version":1,
             "occurredAt":"2026-11-26T10:15:30.123456Z"}
            """;

    @Test
    void aConformingPayloadHasNoViolations() {
        assertThat(schemas.validate(EventTypes.LEAD_CREATED, LEAD_CREATED)).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsReportedWithItsName() {
        String payload = LEAD_CREATED.replace("\"occurredAt\":\"2026-11-26T10:15:30.123456Z\"", "\"actor\":\"rep-1\"");

        List<Violation> violations = schemas.validate(EventTypes.LEAD_CREATED, payload);

        assertThat(violations).singleElement().satisfies(v -> assertThat(v.message()).contains("occurredAt"));
    }

    @Test
    void formatsAreAssertedNotOnlyAnnotated() {
        String payload = LEAD_CREATED.replace("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", "lead-42")
                .replace("2026-11-26T10:15:30.123456Z", "26/11/2026");

        List<Violation> violations = schemas.validate(EventTypes.LEAD_CREATED, payload);

        assertThat(violations).extracting(Violation::path).containsExactlyInAnyOrder("/leadId", "/occurredAt");
    }

    @Test
    void anEnumValueOutsideTheContractIsAViolationAtItsPath() {
        String payload = LEAD_CREATED.replace("\"TRADE_SHOW\"", "\"FAX\"");

        assertThat(schemas.validate(EventTypes.LEAD_CREATED, payload))
                .singleElement().satisfies(v -> assertThat(v.path()).isEqualTo("/source"));
    }

    @Test
    void moneyIsADecimalStringWithACurrency() {
        String won = """
                {"opportunityId":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","actualRevenue":{"amount":1250000.5},
                 "occurredAt":"2026-11-26T10:15:30Z"}
                """;

        assertThat(schemas.validate(EventTypes.OPPORTUNITY_WON, won)).extracting(Violation::path)
                .contains("/actualRevenue/amount", "/actualRevenue");
    }

    @Test
    void unknownFieldsAreAllowedSoThatAddingOptionalFieldsStaysCompatible() {
        String payload = LEAD_CREATED.replace("\"version\":1", "\"version\":1,\"someFutureField\":{\"x\":1}");

        assertThat(schemas.validate(EventTypes.LEAD_CREATED, payload)).isEmpty();
    }

    @Test
    void nullIsNotAValueOptionalFieldsAreOmitted() {
        String payload = LEAD_CREATED.replace("\"phone\":\"+98 912 123 4567\"", "\"phone\":null");

        assertThat(schemas.validate(EventTypes.LEAD_CREATED, payload))
                .singleElement().satisfies(v -> assertThat(v.path()).isEqualTo("/phone"));
    }

    @Test
    void aTypeWithoutSchemaIsRefused() {
        assertThat(schemas.hasSchema("crm.lead.teleported.v1")).isFalse();
        assertThatThrownBy(() -> schemas.validate("crm.lead.teleported.v1", "{}"))
                .isInstanceOf(EventSchemas.UnknownEventTypeException.class)
                .hasMessageContaining("no schema for type crm.lead.teleported.v1");
        assertThatThrownBy(() -> schemas.validate("../../etc/passwd", "{}"))
                .isInstanceOf(EventSchemas.UnknownEventTypeException.class);
        assertThatThrownBy(() -> schemas.validate("common", "{}"))
                .isInstanceOf(EventSchemas.UnknownEventTypeException.class);
    }

    @Test
    void aPayloadThatIsNotJsonIsAViolation() {
        assertThat(schemas.validate(EventTypes.LEAD_CREATED, "{not json"))
                .singleElement().satisfies(v -> assertThat(v.message()).startsWith("not valid JSON"));
    }
}
