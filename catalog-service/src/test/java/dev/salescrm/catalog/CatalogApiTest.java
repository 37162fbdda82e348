package dev.salescrm.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.ServiceTestInfrastructure;
import dev.salescrm.platform.test.TopicReader;

import static dev.salescrm.catalog.CatalogFixture.unit;
import static org.assertj.core.api.Assertions.assertThat;

/** Unit groups, products and their lifecycle, price lists and items, validation, and the events. */
@ServiceTest
class CatalogApiTest {

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;

    CatalogFixture fixture() {
        return new CatalogFixture(http);
    }

    @Test
    void aProductIsCreatedAsDraftActivatedAndRetiredAndEachStepIsAnnounced() {
        var f = fixture();
        JsonNode group = f.licenceGroup();
        assertThat(group.get("units")).hasSize(2);
        JsonNode product = f.product("CRM-SEAT", group);
        String id = product.get("id").asString();
        assertThat(product.get("status").asString()).isEqualTo("DRAFT");

        http.get().uri("/api/products/{id}", id).exchange().expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"1\"").expectBody().jsonPath("$.sku").isEqualTo("CRM-SEAT");
        http.get().uri("/api/products?sku=CRM-SEAT").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].id").isEqualTo(id);

        // retiring a draft skips a step of DRAFT → ACTIVE → RETIRED: 409 with the current state
        http.post().uri("/api/products/{id}/retire", id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("DRAFT");
        http.post().uri("/api/products/{id}/activate", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE").jsonPath("$.version").isEqualTo(2);
        http.post().uri("/api/products/{id}/activate", id).exchange().expectStatus().isEqualTo(409);
        http.post().uri("/api/products/{id}/retire", id).header("If-Match", "\"2\"").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("RETIRED");
        // a retired product is read-only
        http.patch().uri("/api/products/{id}", id).contentType(MediaType.valueOf("application/merge-patch+json"))
                .bodyValue(Map.of("name", "Back from the dead")).exchange().expectStatus().isEqualTo(409);
        http.post().uri("/api/products/{id}/activate", id).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.currentState").isEqualTo("RETIRED");

        List<ConsumerRecord<String, String>> events = TopicReader.readUntil(bootstrap(), Topics.CATALOG_EVENTS,
                Duration.ofSeconds(30), all -> all.stream().filter(r -> id.equals(r.key())).count() >= 3);
        assertThat(events.stream().filter(r -> id.equals(r.key()))
                .map(r -> TopicReader.header(r, CloudEventHeaders.TYPE)).toList())
                .containsExactly(EventTypes.PRODUCT_UPSERTED, EventTypes.PRODUCT_UPSERTED, EventTypes.PRODUCT_RETIRED);
    }

    @Test
    void patchChangesDetailsUnderIfMatchAndRefusesAStaleVersionOrAForeignUnit() {
        var f = fixture();
        JsonNode group = f.licenceGroup();
        JsonNode other = f.licenceGroup();
        String id = f.product("PATCH-1", group).get("id").asString();
        MediaType merge = MediaType.valueOf("application/merge-patch+json");

        http.patch().uri("/api/products/{id}", id).contentType(merge).header("If-Match", "\"1\"")
                .bodyValue(Map.of("name", "Renamed", "defaultUnitId", unit(group, "10-pack"))).exchange()
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody().jsonPath("$.name").isEqualTo("Renamed");
        http.patch().uri("/api/products/{id}", id).contentType(merge).header("If-Match", "\"1\"")
                .bodyValue(Map.of("name", "Lost update")).exchange().expectStatus().isEqualTo(412);
        http.patch().uri("/api/products/{id}", id).contentType(merge)
                .bodyValue(Map.of("defaultUnitId", unit(other, "seat"))).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("defaultUnitId");
        http.patch().uri("/api/products/{id}", id).contentType(merge)
                .bodyValue(Map.of("status", "ACTIVE")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("status");
        http.get().uri("/api/products/{id}", id).exchange().expectBody().jsonPath("$.name").isEqualTo("Renamed");
    }

    @Test
    void aDuplicateSkuIsAConflictAndBadProductsAreRefusedNamingTheField() {
        var f = fixture();
        JsonNode group = f.licenceGroup();
        JsonNode other = f.licenceGroup();
        f.product("DUP-1", group);
        http.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sku", "DUP-1", "name", "Again", "unitGroupId", group.get("id").asString(),
                        "defaultUnitId", unit(group, "seat")))
                .exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.post().uri("/api/products").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("sku", "UNIT-1", "name", "Wrong unit", "unitGroupId", group.get("id").asString(),
                        "defaultUnitId", unit(other, "seat")))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("defaultUnitId");
        http.get().uri("/api/products/{id}", "0190f0c8-0000-7000-8000-000000000000").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:not-found");
        Long stored = db.sql("SELECT count(*) FROM product WHERE sku IN ('DUP-1', 'UNIT-1')")
                .map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void priceValidationNamesTheField() {
        var f = fixture();
        JsonNode group = f.licenceGroup();
        JsonNode other = f.licenceGroup();
        String productId = f.product("VAL-1", group).get("id").asString();
        JsonNode list = f.priceList("USD");
        String items = "/api/price-lists/" + list.get("id").asString() + "/items";

        http.post().uri("/api/price-lists").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "Doubloons", "currency", "XYZ")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("currency");
        badItem(items, Map.of("productId", productId, "unitId", unit(group, "seat"), "amount", "-1.00"), "amount");
        badItem(items, Map.of("productId", productId, "unitId", unit(other, "seat"), "amount", "1.00"), "unitId");
        badItem(items, Map.of("productId", productId, "unitId", unit(group, "seat"), "amount", "1.001"), "amount");
        badItem(items, Map.of("productId", productId, "unitId", unit(group, "seat"), "pricingMethod", "PERCENT_OF_LIST",
                "percent", 90), "basePriceListId");
        badItem(items, Map.of("productId", productId, "unitId", unit(group, "seat"), "amount", "1.00",
                "discount", Map.of("type", "PERCENTAGE", "bands", List.of(
                        Map.of("fromQuantity", 10, "toQuantity", 50, "value", 5),
                        Map.of("fromQuantity", 40, "value", 10)))), "discount.bands[1].fromQuantity");
        Long stored = db.sql("SELECT count(*) FROM price_list_item").map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isZero();
    }

    @Test
    void pricesArePublishedOnTheCompactedTopicFollowTheirBaseAndARemovalIsATombstone() {
        var f = fixture();
        JsonNode group = f.licenceGroup();
        String productId = f.product("PRICE-1", group).get("id").asString();
        String seat = unit(group, "seat");
        String pack = unit(group, "10-pack");
        JsonNode retail = f.priceList("USD");
        JsonNode partner = f.priceList("USD");
        String retailId = retail.get("id").asString();
        String partnerId = partner.get("id").asString();

        JsonNode retailPack = f.item(retail, Map.of("productId", productId, "unitId", pack, "amount", "90.00",
                "discount", Map.of("type", "PERCENTAGE", "bands", List.of(
                        Map.of("fromQuantity", "50", "toQuantity", "100", "value", "10"),
                        Map.of("fromQuantity", "100", "value", "15")))));
        assertThat(retailPack.get("price").get("amount").asString()).isEqualTo("90.00");
        JsonNode partnerPack = f.item(partner, Map.of("productId", productId, "unitId", pack,
                "pricingMethod", "PERCENT_OF_LIST", "percent", 83, "basePriceListId", retailId,
                "rounding", Map.of("policy", "UP", "multiple", "5")));
        assertThat(partnerPack.get("price").get("amount").asString()).isEqualTo("75.00"); // 74.70 up to 5
        // the same product and unit again on one list: change the item instead
        http.post().uri("/api/price-lists/{id}/items", retailId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", productId, "unitId", pack, "amount", "1.00"))
                .exchange().expectStatus().isEqualTo(409);

        // 5 ten-packs = 50 seats: the 10 % band
        http.get().uri("/api/price-lists/{id}/price?productId={p}&unitId={u}&quantity=5", retailId, productId, pack)
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.grossAmount.amount").isEqualTo("450.00")
                .jsonPath("$.volumeDiscount.amount").isEqualTo("45.00")
                .jsonPath("$.extendedAmount.amount").isEqualTo("405.00");

        // re-pricing the base list re-prices the partner list
        http.patch().uri("/api/price-lists/{l}/items/{i}", retailId, retailPack.get("id").asString())
                .contentType(MediaType.valueOf("application/merge-patch+json")).header("If-Match", "\"1\"")
                .bodyValue(Map.of("amount", "100.00")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.price.amount").isEqualTo("100.00")
                .jsonPath("$.discount.bands[1].fromQuantity").isEqualTo("100");
        http.get().uri("/api/price-lists/{l}/items/{i}", partnerId, partnerPack.get("id").asString()).exchange()
                .expectBody().jsonPath("$.price.amount").isEqualTo("85.00").jsonPath("$.version").isEqualTo(2);
        // the base price cannot go while another list is based on it
        http.delete().uri("/api/price-lists/{l}/items/{i}", retailId, retailPack.get("id").asString()).exchange()
                .expectStatus().isEqualTo(409);
        http.delete().uri("/api/price-lists/{l}/items/{i}", partnerId, partnerPack.get("id").asString()).exchange()
                .expectStatus().isNoContent();

        String partnerKey = partnerId + ":" + productId + ":" + pack;
        String retailKey = retailId + ":" + productId + ":" + pack;
        List<ConsumerRecord<String, String>> records = TopicReader.readUntil(bootstrap(), Topics.CATALOG_PRICES,
                Duration.ofSeconds(30), all -> all.stream().anyMatch(r -> partnerKey.equals(r.key()) && r.value() == null));
        List<ConsumerRecord<String, String>> partnerRecords = records.stream().filter(r -> partnerKey.equals(r.key())).toList();
        assertThat(partnerRecords).hasSize(3);
        assertThat(json.readTree(partnerRecords.get(0).value()).get("price").get("amount").asString()).isEqualTo("75.00");
        assertThat(json.readTree(partnerRecords.get(1).value()).get("price").get("amount").asString()).isEqualTo("85.00");
        ConsumerRecord<String, String> tombstone = partnerRecords.get(2);
        assertThat(tombstone.value()).isNull();
        assertThat(tombstone.headers().lastHeader(CloudEventHeaders.TYPE)).isNull();
        assertThat(tombstone.headers().lastHeader("crm_tombstone")).isNull();
        assertThat(TopicReader.header(tombstone, CloudEventHeaders.ID)).isNotBlank();
        JsonNode retailEvent = json.readTree(records.stream().filter(r -> retailKey.equals(r.key())).toList().getLast().value());
        assertThat(retailEvent.get("sku").asString()).isEqualTo("PRICE-1");
        assertThat(retailEvent.get("unitQuantity").asString()).isEqualTo("10");
        assertThat(retailEvent.get("discount").get("bands")).hasSize(2);
        assertThat(TopicReader.header(records.getFirst(), CloudEventHeaders.SUBJECT)).isEqualTo(records.getFirst().key());
    }

    private void badItem(String path, Map<String, Object> body, String field) {
        http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.errors[0].field").isEqualTo(field);
    }

    private String bootstrap() {
        return ServiceTestInfrastructure.broker(context).getBrokersAsString();
    }
}
