package dev.salescrm.platform.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The rule that keeps a service's domain plain Java: classes in any {@code ..domain..} package
 * depend on no Spring, R2DBC, Kafka, Reactor or Jackson type. Adapters sit around the domain.
 */
public final class DomainPurity {

    private DomainPurity() {
    }

    public static ArchRule rule() {
        return noClasses().that().resideInAPackage("..domain..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.r2dbc..", "org.apache.kafka..",
                        "reactor..", "tools.jackson..", "com.fasterxml.jackson..")
                .because("the domain is plain Java; HTTP, persistence and messaging are adapters around it");
    }

    /** Checks every class of the service below {@code basePackage}. */
    public static void check(String basePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(basePackage);
        rule().allowEmptyShould(true).check(classes);
    }
}
