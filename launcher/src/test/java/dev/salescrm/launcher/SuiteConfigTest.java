package dev.salescrm.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SuiteConfigTest {

    private final Path repo = Path.of("/repo");

    @Test
    void cliDefaultsAreTheDocumentedPortsAndDotCrm() {
        SuiteConfig config = SuiteConfig.fromEnvironment(repo, Map.of());

        assertThat(config.home()).isEqualTo(Path.of("/repo/.crm"));
        assertThat(config.port("gateway")).isEqualTo(8080);
        assertThat(config.port("lead-service")).isEqualTo(8081);
        assertThat(config.port("account-service")).isEqualTo(8082);
        assertThat(config.port("opportunity-service")).isEqualTo(8083);
        assertThat(config.port("catalog-service")).isEqualTo(8084);
        assertThat(config.port("billing-service")).isEqualTo(8085);
        assertThat(config.port("identity")).isEqualTo(9000);
        assertThat(config.issuer()).isEqualTo("http://127.0.0.1:9000");
        assertThat(config.identityKeyFile()).isEqualTo(Path.of("/repo/.crm/identity/jwk.json"));
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(config.externalKafka()).isNull();
        assertThat(config.externalDbUrl()).isNull();
        assertThat(config.forceEmbeddedDb()).isFalse();
        assertThat(config.embeddedDbPort()).isEqualTo(15432);
        assertThat(config.readinessTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(config.serviceJvmOptions())
                .containsExactly("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+UseCompactObjectHeaders");
    }

    @Test
    void identityStartsFirstAndIsAProcessWithAPortButNoDatabase() {
        assertThat(SuiteConfig.processNames()).containsExactly("identity", "lead-service", "account-service",
                "opportunity-service", "catalog-service", "billing-service", "gateway");
        assertThat(SuiteConfig.SERVICES).doesNotContain("identity");

        SuiteConfig config = SuiteConfig.builder(Path.of("/tmp/h"), repo).port("identity", 40009).build();
        assertThat(config.issuer()).isEqualTo("http://127.0.0.1:40009");
        assertThat(config.jar("identity")).isEqualTo(Path.of("/repo/identity/target/identity-0.1.0-SNAPSHOT.jar"));
        assertThat(config.logFile("identity")).isEqualTo(Path.of("/tmp/h/logs/identity.log"));
    }

    @Test
    void databaseNamesFollowThePrefix() {
        SuiteConfig config = SuiteConfig.fromEnvironment(repo, Map.of());
        assertThat(SuiteConfig.SERVICES).map(config::databaseName)
                .containsExactly("crm_lead", "crm_account", "crm_opportunity", "crm_catalog", "crm_billing");

        SuiteConfig test = SuiteConfig.builder(Path.of("/tmp/x"), repo).dbPrefix("st_1234").build();
        assertThat(test.databaseName("billing-service")).isEqualTo("st_1234_billing");
    }

    @Test
    void environmentOverridesDefaults() {
        SuiteConfig config = SuiteConfig.fromEnvironment(repo, Map.of(
                "CRM_HOME", "/state",
                "CRM_DB_PREFIX", "dev",
                "CRM_KAFKA_BOOTSTRAP", "broker:29092",
                "CRM_DB_URL", "jdbc:postgresql://db:6543/x?user=u&password=p",
                "CRM_DB_EMBEDDED", "true",
                "CRM_GATEWAY_PORT", "9080",
                "CRM_IDENTITY_PORT", "9100",
                "CRM_READY_TIMEOUT_SECONDS", "30"));

        assertThat(config.home()).isEqualTo(Path.of("/state"));
        assertThat(config.databaseName("lead-service")).isEqualTo("dev_lead");
        assertThat(config.kafkaBootstrap()).isEqualTo("broker:29092");
        assertThat(config.externalDbUrl()).isEqualTo("jdbc:postgresql://db:6543/x?user=u&password=p");
        assertThat(config.forceEmbeddedDb()).isTrue();
        assertThat(config.port("gateway")).isEqualTo(9080);
        assertThat(config.port("identity")).isEqualTo(9100);
        assertThat(config.issuer()).isEqualTo("http://127.0.0.1:9100");
        assertThat(config.identityKeyFile()).isEqualTo(Path.of("/state/identity/jwk.json"));
        assertThat(config.readinessTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void blankExternalsMeanNone() {
        SuiteConfig config = SuiteConfig.fromEnvironment(repo, Map.of("CRM_KAFKA_BOOTSTRAP", "", "CRM_DB_URL", " "));
        assertThat(config.externalKafka()).isNull();
        assertThat(config.externalDbUrl()).isNull();
    }

    @Test
    void everyPathLivesUnderHomeOrRepo() {
        SuiteConfig config = SuiteConfig.builder(Path.of("/tmp/h"), repo).port("lead-service", 40001).build();
        assertThat(config.port("lead-service")).isEqualTo(40001);
        assertThat(config.jar("lead-service")).isEqualTo(Path.of("/repo/lead-service/target/lead-service-0.1.0-SNAPSHOT.jar"));
        assertThat(config.logFile("gateway")).isEqualTo(Path.of("/tmp/h/logs/gateway.log"));
        assertThat(config.pidFile("kafka")).isEqualTo(Path.of("/tmp/h/pids/kafka.pid"));
        assertThat(config.kafkaDir()).isEqualTo(Path.of("/tmp/h/kafka"));
        assertThat(config.postgresDir()).isEqualTo(Path.of("/tmp/h/postgres"));
    }

    @Test
    void rejectsUnsafePrefixAndUnknownProcess() {
        assertThatThrownBy(() -> SuiteConfig.builder(Path.of("/h"), repo).dbPrefix("x\"; drop").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SuiteConfig.builder(Path.of("/h"), repo).port("nope", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesJdbcUrlWithCredentials() {
        Database db = Database.fromJdbcUrl("jdbc:postgresql://db.example:6543/postgres?user=crm&password=s%3Dcret");
        assertThat(db.host()).isEqualTo("db.example");
        assertThat(db.port()).isEqualTo(6543);
        assertThat(db.user()).isEqualTo("crm");
        assertThat(db.password()).isEqualTo("s=cret");
        assertThat(db.kind()).isEqualTo(Database.Kind.EXTERNAL);

        Database bare = Database.fromJdbcUrl("jdbc:postgresql://localhost/");
        assertThat(bare.port()).isEqualTo(5432);
        assertThat(bare.user()).isEqualTo("postgres");
        assertThat(bare.password()).isEmpty();
        assertThatThrownBy(() -> Database.fromJdbcUrl("jdbc:mysql://x/")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serviceEnvironmentCarriesDatabaseKafkaAndRoutes() {
        SuiteConfig config = SuiteConfig.builder(Path.of("/tmp/h"), repo).dbPrefix("t").kafkaPort(19092)
                .port("identity", 19000).build();
        Suite suite = new Suite(config);
        Database db = new Database("127.0.0.1", 5432, "postgres", "", Database.Kind.LOCAL);

        Map<String, String> lead = suite.serviceEnvironment("lead-service", db, config.kafkaBootstrap());
        assertThat(lead).containsEntry("PORT", "8081").containsEntry("CRM_DB_NAME", "t_lead")
                .containsEntry("CRM_DB_HOST", "127.0.0.1").containsEntry("CRM_DB_PORT", "5432")
                .containsEntry("CRM_DB_USER", "postgres").containsEntry("CRM_KAFKA_BOOTSTRAP", "127.0.0.1:19092");

        Map<String, String> gateway = suite.serviceEnvironment("gateway", db, config.kafkaBootstrap());
        assertThat(gateway).containsEntry("PORT", "8080")
                .containsEntry("CRM_SERVICES_LEAD", "http://127.0.0.1:8081")
                .containsEntry("CRM_SERVICES_BILLING", "http://127.0.0.1:8085")
                .doesNotContainKey("CRM_DB_NAME");
    }

    /**
     * lead-service asks account-service for matching accounts when a lead is created (the duplicate check). On
     * ports other than the defaults (system tests, ./crm bench) it used to call 127.0.0.1:8082 — nobody, or
     * another suite's account-service — and the check was skipped with a warning on every lead.
     */
    @Test
    void leadServiceIsToldWhereThisSuitesAccountServiceListens() {
        SuiteConfig config = SuiteConfig.builder(Path.of("/tmp/h"), repo).port("account-service", 18082).build();
        Suite suite = new Suite(config);
        Database db = new Database("127.0.0.1", 5432, "postgres", "", Database.Kind.LOCAL);

        assertThat(suite.serviceEnvironment("lead-service", db, config.kafkaBootstrap()))
                .containsEntry("ACCOUNT_SERVICE_URL", "http://127.0.0.1:18082");
        assertThat(suite.serviceEnvironment("opportunity-service", db, config.kafkaBootstrap()))
                .doesNotContainKey("ACCOUNT_SERVICE_URL");
    }

    @Test
    void everyProcessTrustsTheOneIssuerAndOnlyIdentityGetsTheKeyFile() {
        SuiteConfig config = SuiteConfig.builder(Path.of("/tmp/h"), repo).port("identity", 19000).build();
        Suite suite = new Suite(config);
        Database db = new Database("127.0.0.1", 5432, "postgres", "", Database.Kind.LOCAL);

        for (String name : SuiteConfig.processNames()) {
            Map<String, String> env = suite.serviceEnvironment(name, db, config.kafkaBootstrap());
            assertThat(env).as(name).containsEntry("CRM_SECURITY_ISSUER", "http://127.0.0.1:19000");
            if (!name.equals("identity")) {
                assertThat(env).as(name).doesNotContainKey("CRM_IDENTITY_KEY_FILE");
            }
        }
        Map<String, String> identity = suite.serviceEnvironment("identity", db, config.kafkaBootstrap());
        assertThat(identity).containsEntry("PORT", "19000")
                .containsEntry("CRM_IDENTITY_KEY_FILE", "/tmp/h/identity/jwk.json")
                .doesNotContainKeys("CRM_DB_NAME", "CRM_DB_PASSWORD", "CRM_KAFKA_BOOTSTRAP", "CRM_SERVICES_LEAD");
    }
}
