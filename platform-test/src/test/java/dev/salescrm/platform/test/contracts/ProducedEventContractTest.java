package dev.salescrm.platform.test.contracts;

import org.junit.jupiter.api.Test;

import dev.salescrm.contracts.EventTypes;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProducedEventContractTest {

    static final String LEAD_CREATED = """
            {"leadId":"0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b","lastName":"Rezaei","status":"OPEN","statusReason":"NEW",
             "version":1,"occurredAt":"2026-11-26T10:15:30.123Z"}""";

    @Test
    void aConformingEventPasses() {
        assertThatCode(() -> ProducedEventContract.check(EventTypes.LEAD_CREATED, LEAD_CREATED)).doesNotThrowAnyException();
    }

    @Test
    void anEventThatDoesNotMatchItsSchemaFailsNamingTheTypeAndTheField() {
        String wrong = LEAD_CREATED.replace("\"status\":\"OPEN\"", "\"status\":\"open\"");

        assertThatThrownBy(() -> ProducedEventContract.check(EventTypes.LEAD_CREATED, wrong))
                .isInstanceOf(EventContractViolation.class)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("crm.lead.created.v1")
                .hasMessageContaining("/status");
    }

    @Test
    void anEventWithoutSchemaFails() {
        assertThatThrownBy(() -> ProducedEventContract.check("crm.lead.teleported.v1", "{}"))
                .isInstanceOf(EventContractViolation.class)
                .hasMessageContaining("no schema for type crm.lead.teleported.v1");
    }

    @Test
    void thePlatformsOwnTestTypesAreSkipped() {
        assertThatCode(() -> ProducedEventContract.check("crm.test.note-changed.v1", "{\"anything\":1}"))
                .doesNotThrowAnyException();
    }
}
