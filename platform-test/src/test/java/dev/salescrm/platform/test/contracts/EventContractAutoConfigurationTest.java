package dev.salescrm.platform.test.contracts;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.platform.outbox.OutboxEvent;
import dev.salescrm.platform.outbox.OutgoingEventCheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventContractAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventContractAutoConfiguration.class));

    @Test
    void isRegisteredAsAnAutoConfigurationSoEveryServiceTestGetsIt() {
        assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()).getCandidates())
                .contains(EventContractAutoConfiguration.class.getName());
    }

    @Test
    void registersAnOutgoingEventCheckThatRejectsAnEventOutsideTheContract() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(OutgoingEventCheck.class);
            OutgoingEventCheck check = context.getBean(OutgoingEventCheck.class);

            assertThatCode(() -> check.check(new OutboxEvent(EventTypes.LEAD_CREATED, null),
                    ProducedEventContractTest.LEAD_CREATED)).doesNotThrowAnyException();
            assertThatThrownBy(() -> check.check(new OutboxEvent(EventTypes.LEAD_CREATED, null), "{\"leadId\":\"x\"}"))
                    .isInstanceOf(EventContractViolation.class)
                    .hasMessageContaining("/leadId")
                    .hasMessageContaining("occurredAt");
            assertThatThrownBy(() -> check.check(new OutboxEvent("crm.lead.unknown.v1", null), "{}"))
                    .isInstanceOf(EventContractViolation.class)
                    .hasMessageContaining("no schema for type crm.lead.unknown.v1");
        });
    }

    @Test
    void staysOutOfContextsWithoutTheOutbox() {
        runner.withClassLoader(new FilteredClassLoader(OutgoingEventCheck.class))
                .run(context -> assertThat(context).doesNotHaveBean(EventContractAutoConfiguration.BEAN_NAME));
    }
}
