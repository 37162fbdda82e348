package dev.salescrm.opportunity;

import org.junit.jupiter.api.Test;

import dev.salescrm.platform.test.DomainPurity;

/** The domain stays plain Java: no Spring, R2DBC, Kafka, Reactor or Jackson in any domain package. */
class ArchitectureTest {

    @Test
    void theDomainDependsOnNoFramework() {
        DomainPurity.check("dev.salescrm.opportunity");
    }
}
