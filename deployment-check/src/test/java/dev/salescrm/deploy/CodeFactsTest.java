package dev.salescrm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The facts the deployment is checked against are really read from the code (guards the text parsing). */
class CodeFactsTest {

    private final CodeFacts facts = CodeFacts.get();

    @Test
    void appsPortsAndDatabasesComeFromSuiteConfig() {
        assertThat(facts.services).containsExactly("lead-service", "account-service", "opportunity-service",
                "catalog-service", "billing-service");
        assertThat(facts.ports).containsEntry("identity", 9000).containsEntry("gateway", 8080)
                .containsEntry("lead-service", 8081).containsEntry("billing-service", 8085);
        assertThat(facts.databases).containsEntry("lead-service", "crm_lead").containsEntry("catalog-service", "crm_catalog");
    }

    @Test
    void topicsComeFromContractsAndTheServicesDeclarations() {
        assertThat(facts.partitions).isEqualTo(3);
        assertThat(facts.topics).containsKeys("crm.lead.events.v1", "crm.catalog.events.v1", "crm.billing.events.v1.dlt");
        assertThat(facts.topics.get("crm.catalog.prices.v1").cleanupPolicy()).isEqualTo("compact");
        assertThat(facts.topics.get("crm.catalog.prices.v1.dlt").cleanupPolicy()).isEqualTo("delete");
        assertThat(facts.topics.values()).allSatisfy(t -> assertThat(t.partitions()).isEqualTo(3));
    }

    @Test
    void gatewayRoutesAndVariablesAreKnown() {
        assertThat(facts.gatewayServiceVariables).containsEntry("CRM_SERVICES_LEAD", "lead-service")
                .containsEntry("CRM_SERVICES_BILLING", "billing-service").hasSize(5);
        assertThat(facts.knows("gateway", "CRM_REDIS_URL")).isTrue();
        assertThat(facts.knows("lead-service", "CRM_DB_HOST")).isTrue();
        assertThat(facts.knows("lead-service", "ACCOUNT_SERVICE_URL")).isTrue();
        assertThat(facts.knows("lead-service", "CRM_SECURITY_JWK_SET_URI")).isTrue();
        assertThat(facts.knows("identity", "CRM_IDENTITY_KEY_FILE")).isTrue();
        assertThat(facts.knows("gateway", "CRM_DB_HOST")).isFalse();
        assertThat(facts.knows("identity", "CRM_KAFKA_BOOTSTRAP")).isFalse();
    }
}
