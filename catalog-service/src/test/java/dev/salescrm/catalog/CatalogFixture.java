package dev.salescrm.catalog;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/** Creates catalog data through the API, as an admin (the test client's default token). */
final class CatalogFixture {

    private static final AtomicInteger SEQ = new AtomicInteger();

    private final WebTestClient http;

    CatalogFixture(WebTestClient http) {
        this.http = http;
    }

    /** "Licence": seat = 1, 10-pack = 10 seats. */
    JsonNode licenceGroup() {
        return post("/api/unit-groups", Map.of("name", "Licence " + SEQ.incrementAndGet(), "baseUnit", "seat",
                "units", List.of(Map.of("name", "10-pack", "quantity", 10))));
    }

    static String unit(JsonNode group, String name) {
        for (JsonNode u : group.get("units")) {
            if (u.get("name").asString().equals(name)) {
                return u.get("id").asString();
            }
        }
        throw new AssertionError("no unit " + name + " in " + group);
    }

    JsonNode product(String sku, JsonNode group) {
        return post("/api/products", Map.of("sku", sku, "name", "Product " + sku, "unitGroupId", group.get("id").asString(),
                "defaultUnitId", unit(group, "seat")));
    }

    JsonNode priceList(String currency) {
        return post("/api/price-lists", Map.of("name", "List " + SEQ.incrementAndGet(), "currency", currency,
                "validFrom", "2027-01-01", "validTo", "2027-12-31"));
    }

    JsonNode item(JsonNode list, Map<String, Object> body) {
        return post("/api/price-lists/" + list.get("id").asString() + "/items", body);
    }

    JsonNode post(String path, Object body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
