package dev.salescrm.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TestTokens;
import dev.salescrm.platform.test.TopicReader;

import static dev.salescrm.catalog.CatalogFixture.unit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The ERP sync: all-or-nothing per call, counts, the bad row named, and a re-sync that publishes nothing. */
@ServiceTest
class CatalogSyncTest {

    static final String ERP = TestTokens.bearer("erp-sync", "CATALOG_ADMIN");

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;
    @Autowired ApplicationContext context;

    @Test
    void aSyncCreatesUpdatesAndLeavesUnchangedRowsAloneAndIsAllOrNothing() {
        var f = new CatalogFixture(http);
        JsonNode group = f.licenceGroup();
        JsonNode other = f.licenceGroup();
        String groupId = group.get("id").asString();
        String seat = unit(group, "seat");
        String pack = unit(group, "10-pack");
        String list = f.priceList("USD").get("id").asString();
        String eur = f.priceList("EUR").get("id").asString();

        List<Map<String, Object>> products = List.of(
                product("ERP-A", "Alpha", groupId, seat), product("ERP-B", "Beta", groupId, pack));
        List<Map<String, Object>> prices = List.of(
                Map.of("priceListId", list, "sku", "ERP-A", "unitId", seat, "amount", "10.00"),
                Map.of("priceListId", list, "sku", "ERP-B", "unitId", pack, "amount", "90.00",
                        "discount", Map.of("type", "PERCENTAGE", "bands", List.of(Map.of("fromQuantity", "50", "value", "10")))),
                Map.of("priceListId", eur, "sku", "ERP-A", "unitId", seat, "amount", "9.50"));
        Map<String, Object> catalog = Map.of("products", products, "prices", prices);

        sync(catalog).expectStatus().isOk().expectBody()
                .jsonPath("$.created").isEqualTo(5).jsonPath("$.updated").isEqualTo(0).jsonPath("$.unchanged").isEqualTo(0)
                .jsonPath("$.products.created").isEqualTo(2).jsonPath("$.prices.created").isEqualTo(3);
        http.get().uri("/api/products?sku=ERP-A").exchange().expectBody()
                .jsonPath("$.items[0].status").isEqualTo("ACTIVE").jsonPath("$.items[0].name").isEqualTo("Alpha");

        // one bad row among good ones: nothing of the call is kept, and the row is named
        awaitOutboxPublished();
        long outboxBefore = outboxRows();
        List<Map<String, Object>> changedProducts = List.of(
                product("ERP-A", "Alpha renamed", groupId, seat), product("ERP-C", "Gamma", groupId, seat));
        badSync(Map.of("products", changedProducts, "prices", List.of(
                Map.of("priceListId", list, "sku", "ERP-C", "unitId", seat, "amount", "5.00"),
                Map.of("priceListId", list, "sku", "ERP-A", "unitId", seat, "amount", "-5.00"))), "prices[1].amount");
        badSync(Map.of("products", changedProducts, "prices", List.of(
                Map.of("priceListId", list, "sku", "ERP-C", "unitId", unit(other, "seat"), "amount", "5.00"))),
                "prices[0].unitId");
        badSync(Map.of("products", List.of(product("ERP-A", "Alpha renamed", groupId, seat),
                product("ERP-D", "Delta", groupId, unit(other, "seat")))), "products[1].defaultUnitId");
        badSync(Map.of("prices", List.of(Map.of("priceListId", list, "sku", "NO-SUCH-SKU", "unitId", seat, "amount", "1.00"))),
                "prices[0].sku");
        badSync(Map.of("products", List.of(product("ERP-A", "One", groupId, seat), product("ERP-A", "Two", groupId, seat))),
                "products[1].sku");
        http.get().uri("/api/products?sku=ERP-A").exchange().expectBody().jsonPath("$.items[0].name").isEqualTo("Alpha");
        http.get().uri("/api/products?sku=ERP-C").exchange().expectBody().jsonPath("$.items.length()").isEqualTo(0);
        assertThat(outboxRows()).isEqualTo(outboxBefore);

        // the same catalog again: every row unchanged, nothing written, nothing published
        Map<TopicPartition, Long> pricesEnd = TopicReader.endOffsets(bootstrap(), Topics.CATALOG_PRICES);
        Map<TopicPartition, Long> eventsEnd = TopicReader.endOffsets(bootstrap(), Topics.CATALOG_EVENTS);
        sync(catalog).expectStatus().isOk().expectBody()
                .jsonPath("$.created").isEqualTo(0).jsonPath("$.updated").isEqualTo(0).jsonPath("$.unchanged").isEqualTo(5);
        assertThat(outboxRows()).isEqualTo(outboxBefore);
        assertThat(TopicReader.endOffsets(bootstrap(), Topics.CATALOG_PRICES)).isEqualTo(pricesEnd);
        assertThat(TopicReader.endOffsets(bootstrap(), Topics.CATALOG_EVENTS)).isEqualTo(eventsEnd);

        // one change: one update, one price event
        Map<String, Object> changed = Map.of("products", products, "prices", List.of(
                Map.of("priceListId", list, "sku", "ERP-A", "unitId", seat, "amount", "10.0"),   // same number
                Map.of("priceListId", list, "sku", "ERP-B", "unitId", pack, "amount", "95.00",
                        "discount", Map.of("type", "PERCENTAGE", "bands", List.of(Map.of("fromQuantity", "50", "value", "10")))),
                Map.of("priceListId", eur, "sku", "ERP-A", "unitId", seat, "amount", "9.50")));
        sync(changed).expectStatus().isOk().expectBody()
                .jsonPath("$.updated").isEqualTo(1).jsonPath("$.unchanged").isEqualTo(4)
                .jsonPath("$.prices.updated").isEqualTo(1);
        assertThat(outboxRows()).isEqualTo(outboxBefore + 1);
    }

    @Test
    void onlyCatalogAdminsAndAdminsMaySync() {
        http.post().uri("/api/catalog/sync").header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("rep", "SALES_REP"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("products", List.of())).exchange()
                .expectStatus().isForbidden();
        sync(Map.of("products", List.of())).expectStatus().isOk().expectBody().jsonPath("$.created").isEqualTo(0);
    }

    private static Map<String, Object> product(String sku, String name, String groupId, String defaultUnitId) {
        return Map.of("sku", sku, "name", name, "unitGroupId", groupId, "defaultUnitId", defaultUnitId);
    }

    private WebTestClient.ResponseSpec sync(Object body) {
        return http.post().uri("/api/catalog/sync").header(HttpHeaders.AUTHORIZATION, ERP)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private void badSync(Object body, String field) {
        sync(body).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private long outboxRows() {
        return db.sql("SELECT count(*) FROM outbox").map(r -> r.get(0, Long.class)).one().block();
    }

    private void awaitOutboxPublished() {
        await().atMost(Duration.ofSeconds(60)).until(() -> db.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL")
                .map(r -> r.get(0, Long.class)).one().block() == 0L);
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
