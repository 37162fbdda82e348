package dev.salescrm.contracts.schema;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.salescrm.contracts.schema.SchemaCompatibility.Breaking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The build fails on a breaking schema change. The first test guards the real schemas against
 * the released version; the others feed each kind of mistake in (fixtures under
 * {@code src/test/resources/compat/}, all compared with {@code compat/released}) and expect the
 * checker to name the type and the field.
 */
class SchemaCompatibilityTest {

    static final Path FIXTURES = Path.of("src/test/resources/compat");
    static final Path RELEASED_FIXTURE = FIXTURES.resolve("released");

    @Test
    void theCurrentSchemasAreCompatibleWithTheLatestReleasedVersion() {
        Path released = SchemaCompatibility.latestReleased(Path.of("released"));

        SchemaCompatibility.requireCompatible(released, ContractCatalogueTest.SCHEMA_DIR);
    }

    @Test
    void addedOptionalPropertiesEnumValuesAndTypesAreCompatible() {
        assertThat(check("compatible-additions")).isEmpty();
    }

    @Test
    void aRemovedPropertyBreaks() {
        assertThat(check("property-removed")).containsExactly(
                new Breaking("crm.lead.created.v1", "status", "property removed"));
    }

    @Test
    void aChangedTypeBreaks() {
        assertThat(check("type-changed")).containsExactly(
                new Breaking("crm.quote.accepted.v1", "lines[].quantity", "type changed from \"string\" to \"number\""));
    }

    @Test
    void aChangedFormatBreaksInEveryTypeThatUsesTheSharedDefinition() {
        assertThat(check("format-changed")).extracting(Breaking::toString).containsExactlyInAnyOrder(
                "crm.lead.created.v1 occurredAt: format changed from \"date-time\" to \"date\"",
                "crm.order.created.v1 occurredAt: format changed from \"date-time\" to \"date\"",
                "crm.quote.accepted.v1 occurredAt: format changed from \"date-time\" to \"date\"");
    }

    @Test
    void aNewRequiredFieldBreaks() {
        assertThat(check("newly-required")).containsExactly(
                new Breaking("crm.lead.created.v1", "lastName", "newly required (it was optional or did not exist)"));
    }

    @Test
    void aRemovedEnumValueBreaks() {
        assertThat(check("enum-value-removed")).containsExactly(
                new Breaking("crm.lead.created.v1", "source", "enum value(s) removed: [\"TRADE_SHOW\"]"));
    }

    @Test
    void aRemovedSchemaBreaks() {
        assertThat(check("schema-removed")).singleElement().satisfies(b -> {
            assertThat(b.type()).isEqualTo("crm.order.created.v1");
            assertThat(b.problem()).startsWith("schema removed");
        });
    }

    @Test
    void aRetypedSharedMoneyAmountIsReportedWhereverMoneyIsUsed() {
        assertThat(check("shared-money-retyped")).extracting(Breaking::toString).containsExactlyInAnyOrder(
                "crm.quote.accepted.v1 lines[].pricePerUnit.amount: type changed from \"string\" to \"number\"",
                "crm.quote.accepted.v1 totals.totalAmount.amount: type changed from \"string\" to \"number\"");
    }

    @Test
    void requireCompatibleFailsTheBuildWithAMessageNamingTypeAndField() {
        assertThatThrownBy(() -> SchemaCompatibility.requireCompatible(RELEASED_FIXTURE, FIXTURES.resolve("type-changed")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("crm.quote.accepted.v1 lines[].quantity: type changed");
    }

    private static List<Breaking> check(String fixture) {
        return SchemaCompatibility.compare(RELEASED_FIXTURE, FIXTURES.resolve(fixture));
    }
}
