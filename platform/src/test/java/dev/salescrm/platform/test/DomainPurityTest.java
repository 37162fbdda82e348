package dev.salescrm.platform.test;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rule every service's ArchitectureTest applies, shown to reject what it should. */
class DomainPurityTest {

    @Test
    void aDomainClassUsingSpringBreaksTheRule() {
        var classes = new ClassFileImporter().importPackages("dev.salescrm.archfixture.leaky");
        assertThatThrownBy(() -> DomainPurity.rule().check(classes))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("LeakyAggregate")
                .hasMessageContaining("org.springframework.util.StringUtils");
    }

    @Test
    void aPlainJavaDomainClassKeepsTheRule() {
        var classes = new ClassFileImporter().importPackages("dev.salescrm.archfixture.plain");
        assertThatCode(() -> DomainPurity.rule().check(classes)).doesNotThrowAnyException();
    }
}
