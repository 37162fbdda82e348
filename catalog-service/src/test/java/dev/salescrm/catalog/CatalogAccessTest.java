package dev.salescrm.catalog;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.test.AuthorizationMatrix;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static dev.salescrm.catalog.CatalogFixture.unit;

/** Everyone who sells, bills or analyses reads the catalog; only catalog admins and admins write it. */
@ServiceTest
class CatalogAccessTest {

    @Autowired WebTestClient http;
    @Autowired ApplicationContext context;
    @Autowired AccessRules rules;

    @Test
    void everyEndpointFollowsTheAccessRules() {
        AuthorizationMatrix.verify(http, context, rules::roleNamesFor);
    }

    @Test
    void readersReadAndPriceButDoNotWrite() {
        var f = new CatalogFixture(http);
        JsonNode group = f.licenceGroup();
        String productId = f.product("ACC-1", group).get("id").asString();
        JsonNode list = f.priceList("USD");
        f.item(list, Map.of("productId", productId, "unitId", unit(group, "seat"), "amount", "3.00"));
        for (String role : new String[] {"SALES_REP", "SALES_MANAGER", "MARKETING", "BILLING", "ANALYTICS"}) {
            String token = TestTokens.bearer("reader", role);
            http.get().uri("/api/products/{id}", productId).header(HttpHeaders.AUTHORIZATION, token).exchange()
                    .expectStatus().isOk();
            http.get().uri("/api/price-lists/{l}/price?productId={p}&unitId={u}&quantity=2", list.get("id").asString(),
                            productId, unit(group, "seat"))
                    .header(HttpHeaders.AUTHORIZATION, token).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.extendedAmount.amount").isEqualTo("6.00");
            http.post().uri("/api/products/{id}/activate", productId).header(HttpHeaders.AUTHORIZATION, token).exchange()
                    .expectStatus().isForbidden();
            http.post().uri("/api/products").header(HttpHeaders.AUTHORIZATION, token).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("sku", "NOPE")).exchange().expectStatus().isForbidden();
        }
        http.post().uri("/api/products/{id}/activate", productId)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer("cathy", "CATALOG_ADMIN")).exchange()
                .expectStatus().isOk();
    }
}
