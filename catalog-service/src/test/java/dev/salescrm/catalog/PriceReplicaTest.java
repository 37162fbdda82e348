package dev.salescrm.catalog;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.catalog.pricing.LinePrice;
import dev.salescrm.catalog.pricing.replica.PriceReplica;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TestPostgres;
import dev.salescrm.platform.test.TestTokens;
import dev.salescrm.platform.test.TopicReader;
import dev.salescrm.pricereplicaconsumer.ReplicaConsumerApplication;

import static dev.salescrm.catalog.CatalogFixture.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The acceptance test of the replica: catalog-service publishes prices; then a service that never
 * saw them starts — its own database, its own consumer group — reads the compacted topic from the
 * start, and prices lines exactly as catalog-service does. A removed price disappears from it.
 */
@ServiceTest
class PriceReplicaTest {

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;
    @Autowired ApplicationContext context;

    @Test
    void aNewConsumerRebuildsThePricesFromTheCompactedTopicAndPricesLikeTheCatalog() {
        var f = new CatalogFixture(http);
        JsonNode group = f.licenceGroup();
        String seat = unit(group, "seat");
        String pack = unit(group, "10-pack");
        String crm = f.product("REPL-CRM", group).get("id").asString();
        String erp = f.product("REPL-ERP", group).get("id").asString();
        JsonNode irr = f.priceList("IRR");
        JsonNode irrPartner = f.priceList("IRR");
        JsonNode kwd = f.priceList("KWD");
        Map<String, Object> bands = Map.of("type", "PERCENTAGE", "bands", List.of(
                Map.of("fromQuantity", "10", "toQuantity", "100", "value", "7.5"),
                Map.of("fromQuantity", "100", "value", "12.5")));
        f.item(irr, Map.of("productId", crm, "unitId", seat, "amount", "2750000000", "discount", bands));
        f.item(irr, Map.of("productId", crm, "unitId", pack, "amount", "26000000000", "discount", bands));
        f.item(irrPartner, Map.of("productId", crm, "unitId", seat, "pricingMethod", "PERCENT_OF_LIST", "percent", "87.5",
                "basePriceListId", irr.get("id").asString(), "rounding", Map.of("policy", "NEAREST", "multiple", "10000")));
        f.item(kwd, Map.of("productId", crm, "unitId", seat, "amount", "12.345",
                "discount", Map.of("type", "AMOUNT", "bands", List.of(Map.of("fromQuantity", "3", "value", "0.125")))));
        JsonNode doomed = f.item(kwd, Map.of("productId", erp, "unitId", seat, "amount", "1.000"));
        // a price changed before the consumer exists: the replica sees only the latest
        http.patch().uri("/api/price-lists/{l}/items/{i}", kwd.get("id").asString(), doomed.get("id").asString())
                .contentType(org.springframework.http.MediaType.valueOf("application/merge-patch+json"))
                .bodyValue(Map.of("amount", "1.500")).exchange().expectStatus().isOk();
        awaitOutboxPublished();

        TestPostgres.Database database = TestPostgres.createDatabase("replica-consumer");
        try (ConfigurableApplicationContext consumer = startConsumer(database)) {
            PriceReplica replica = consumer.getBean(PriceReplica.class);
            assertThat(consumer.getEnvironment().getProperty("spring.r2dbc.url")).isEqualTo(database.r2dbcUrl());
            assertThat(consumer.getBean(DatabaseClient.class)).isNotSameAs(db);
            await().atMost(Duration.ofSeconds(60)).until(() -> replica.size().block() == 5L);

            List<Object[]> lines = List.of(
                    new Object[] {irr, crm, seat, "1"}, new Object[] {irr, crm, seat, "10"},
                    new Object[] {irr, crm, seat, "99.5"}, new Object[] {irr, crm, pack, "10"},
                    new Object[] {irr, crm, pack, "3"}, new Object[] {irrPartner, crm, seat, "250"},
                    new Object[] {kwd, crm, seat, "2"}, new Object[] {kwd, crm, seat, "3"},
                    new Object[] {kwd, erp, seat, "7"});
            for (Object[] line : lines) {
                String listId = ((JsonNode) line[0]).get("id").asString();
                JsonNode catalogSays = http.get()
                        .uri("/api/price-lists/{l}/price?productId={p}&unitId={u}&quantity={q}", listId, line[1], line[2], line[3])
                        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
                LinePrice replicaSays = replica.priceLine(java.util.UUID.fromString(listId),
                        java.util.UUID.fromString((String) line[1]), java.util.UUID.fromString((String) line[2]),
                        new BigDecimal((String) line[3])).block();
                assertThat(replicaSays).as("replica price of %s", List.of(line)).isNotNull();
                assertThat(money(replicaSays)).as("line %s", List.of(line)).isEqualTo(Map.of(
                        "unitPrice", catalogSays.get("unitPrice").get("amount").asString(),
                        "grossAmount", catalogSays.get("grossAmount").get("amount").asString(),
                        "volumeDiscount", catalogSays.get("volumeDiscount").get("amount").asString(),
                        "extendedAmount", catalogSays.get("extendedAmount").get("amount").asString(),
                        "currency", catalogSays.get("extendedAmount").get("currency").asString()));
            }
            // spot checks that the comparison compares something real
            LinePrice partner = replica.priceLine(uuid(irrPartner), java.util.UUID.fromString(crm),
                    java.util.UUID.fromString(seat), new BigDecimal("250")).block();
            assertThat(partner.unitPrice().amountString()).isEqualTo("2406250000.00");
            assertThat(replica.find(uuid(kwd), java.util.UUID.fromString(erp), java.util.UUID.fromString(seat)).block()
                    .price().amountString()).isEqualTo("1.500");

            // applying a record again changes nothing (redelivery)
            List<ConsumerRecord<String, String>> all = TopicReader.readAtLeast(bootstrap(), Topics.CATALOG_PRICES, 6,
                    Duration.ofSeconds(30));
            all.forEach(r -> replica.apply(r).block());
            assertThat(replica.size().block()).isEqualTo(5L);
            assertThat(replica.find(uuid(kwd), java.util.UUID.fromString(erp), java.util.UUID.fromString(seat)).block()
                    .price().amountString()).isEqualTo("1.500");
            // … not even when the older price of a key arrives again on its own, after the newer one: a replay
            // must never show an old price; and a redelivery does not touch the row at all.
            String doomedKey = kwd.get("id").asString() + ":" + erp + ":" + seat;
            List<ConsumerRecord<String, String>> doomedRecords = all.stream()
                    .filter(r -> doomedKey.equals(r.key())).toList();
            assertThat(doomedRecords).hasSizeGreaterThanOrEqualTo(2);
            String replicatedAt = replicatedAtIn(consumer, doomedKey);
            replica.apply(doomedRecords.getFirst()).block();
            replica.apply(doomedRecords.getLast()).block();
            assertThat(replica.find(uuid(kwd), java.util.UUID.fromString(erp), java.util.UUID.fromString(seat)).block()
                    .price().amountString()).isEqualTo("1.500");
            assertThat(replicatedAtIn(consumer, doomedKey)).isEqualTo(replicatedAt);

            // a removed price: the tombstone deletes it from the replica
            http.delete().uri("/api/price-lists/{l}/items/{i}", kwd.get("id").asString(), doomed.get("id").asString())
                    .exchange().expectStatus().isNoContent();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    replica.find(uuid(kwd), java.util.UUID.fromString(erp), java.util.UUID.fromString(seat)).block() == null);
            assertThat(replica.size().block()).isEqualTo(4L);
            // the table lives in the consumer's database only
            assertThat(db.sql("SELECT to_regclass('price_replica') IS NULL AS absent").map(r -> r.get("absent", Boolean.class))
                    .one().block()).isTrue();
        } finally {
            database.drop();
        }
    }

    private String replicatedAtIn(ConfigurableApplicationContext consumer, String key) {
        return consumer.getBean(DatabaseClient.class).sql("SELECT replicated_at::text AS at FROM price_replica WHERE price_key = :key")
                .bind("key", key).map(r -> r.get("at", String.class)).one().block();
    }

    private ConfigurableApplicationContext startConsumer(TestPostgres.Database database) {
        Map<String, Object> props = new HashMap<>();
        // Not catalog-service's application.yml (it is on this classpath too): the consumer is another service.
        props.put("spring.config.name", "replica-consumer");
        props.put("spring.application.name", "replica-consumer");
        props.put("server.port", "0");
        props.put("crm.price-replica.enabled", "true");
        props.put("spring.flyway.locations", "classpath:db/replica-consumer-has-no-migrations");
        props.put("spring.r2dbc.url", database.r2dbcUrl());
        props.put("spring.r2dbc.username", database.user());
        props.put("spring.r2dbc.password", database.password());
        props.put("spring.flyway.url", database.jdbcUrl());
        props.put("spring.flyway.user", database.user());
        props.put("spring.flyway.password", database.password());
        props.put("crm.kafka.bootstrap", bootstrap());
        props.put("spring.kafka.bootstrap-servers", bootstrap());
        props.put("crm.security.issuer", TestTokens.ISSUER);
        props.put("crm.security.jwk-set-uri", TestTokens.jwkSetUri());
        // As command-line arguments: they outrank every other property source (builder properties do not).
        String[] args = props.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(ReplicaConsumerApplication.class).run(args);
    }

    private void awaitOutboxPublished() {
        await().atMost(Duration.ofSeconds(60)).until(() -> db.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL")
                .map(r -> r.get(0, Long.class)).one().block() == 0L);
    }

    private static Map<String, String> money(LinePrice p) {
        return Map.of("unitPrice", p.unitPrice().amountString(), "grossAmount", p.grossAmount().amountString(),
                "volumeDiscount", p.volumeDiscount().amountString(), "extendedAmount", p.extendedAmount().amountString(),
                "currency", p.extendedAmount().currency().getCurrencyCode());
    }

    private static java.util.UUID uuid(JsonNode resource) {
        return java.util.UUID.fromString(resource.get("id").asString());
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
