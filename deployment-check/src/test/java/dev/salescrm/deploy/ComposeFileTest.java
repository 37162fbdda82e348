package dev.salescrm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml against the Compose specification schema and the code; broken copies must fail. */
class ComposeFileTest {

    @BeforeAll
    static void node() {
        assumeTrue(Tools.available("node"), "node is not installed: the Compose schema check cannot run");
    }

    @Test
    void composeFileIsValidAndAgreesWithTheCode() {
        Check.Report report = Check.compose("docker-compose.yml", Repo.path("docker-compose.yml"));
        System.out.println(report.schemaOutput().lines().reduce((a, b) -> b).orElse(""));
        assertThat(report.problems()).isEmpty();
    }

    static Stream<Arguments> brokenCopies() {
        return Stream.of(
                Arguments.of("a misspelt key", (Consumer<Map<String, Object>>) c -> service(c, "gateway").put("helthcheck", Map.of()),
                        "schema ERROR compose /services/gateway"),
                Arguments.of("a memory limit that is a list", (Consumer<Map<String, Object>>) c -> service(c, "redis").put("mem_limit", List.of("128m")),
                        "schema ERROR compose /services/redis/mem_limit"),
                Arguments.of("a health check on the wrong port", (Consumer<Map<String, Object>>) c -> service(c, "lead-service")
                        .put("healthcheck", Map.of("test", List.of("CMD", "java", "-cp", "/opt/probe", "HealthProbe",
                                "http://127.0.0.1:8091/actuator/health/readiness"))),
                        "lead-service: the health check must probe http://127.0.0.1:8081"),
                Arguments.of("a database nobody creates", (Consumer<Map<String, Object>>) c -> env(c, "postgres")
                        .put("CRM_DATABASES", "crm_lead crm_account crm_opportunity crm_catalog"),
                        "postgres creates databases"),
                Arguments.of("a service published to the host", (Consumer<Map<String, Object>>) c -> service(c, "billing-service")
                        .put("ports", List.of("8085:8085")),
                        "billing-service publishes 8085:8085"),
                Arguments.of("a topic not created", (Consumer<Map<String, Object>>) c -> env(c, "kafka-init")
                        .put("CRM_TOPICS", "crm.lead.events.v1:3:delete"),
                        "kafka-init's CRM_TOPICS differ"),
                Arguments.of("a variable the app does not read", (Consumer<Map<String, Object>>) c -> env(c, "gateway")
                        .put("CRM_DB_HOST", "postgres"),
                        "gateway sets CRM_DB_HOST, which gateway does not read"),
                Arguments.of("a gateway route to the wrong port", (Consumer<Map<String, Object>>) c -> env(c, "gateway")
                        .put("CRM_SERVICES_CATALOG", "http://catalog-service:8085"),
                        "CRM_SERVICES_CATALOG=http://catalog-service:8085 must reach catalog-service on port 8084"),
                Arguments.of("the wrong database", (Consumer<Map<String, Object>>) c -> env(c, "account-service")
                        .put("CRM_DB_NAME", "crm_lead"),
                        "account-service uses database crm_lead, but its database is crm_account"));
    }

    @ParameterizedTest(name = "{0} is rejected")
    @MethodSource("brokenCopies")
    void brokenCopiesAreRejected(String what, Consumer<Map<String, Object>> breakIt, String expected) {
        @SuppressWarnings("unchecked")
        Map<String, Object> compose = (Map<String, Object>) new Yaml().load(Repo.read("docker-compose.yml"));
        breakIt.accept(compose);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        Path file = Check.write("compose-broken.yml", new Yaml(options).dump(compose));
        Check.Report report = Check.compose("broken compose (" + what + ")", file);
        report.problems().forEach(p -> System.out.println("rejected as expected: " + p));
        assertThat(report.problems()).as("problems found for " + what).anySatisfy(p -> assertThat(p).contains(expected));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(Map<String, Object> compose, String name) {
        return (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> compose, String name) {
        return (Map<String, Object>) service(compose, name).get("environment");
    }
}
