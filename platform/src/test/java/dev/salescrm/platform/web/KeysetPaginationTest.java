package dev.salescrm.platform.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.test.ServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceTest
class KeysetPaginationTest {

    @Autowired
    WebTestClient client;
    @Autowired
    DatabaseClient db;

    @Test
    void walkingAllPagesReturnsEveryRowOnceInCreationOrder() {
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = Ids.newId();
            created.add(id);
            db.sql("INSERT INTO web_item (id, name) VALUES ($1, $2)").bind(0, id).bind(1, "item " + i).then().block();
        }

        List<UUID> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        for (int guard = 0; guard < 10; guard++) {
            String uri = "/test/pages/items?limit=2" + (cursor == null ? "" : "&cursor=" + cursor);
            Page<PaginationTestController.Item> page = client.get().uri(uri).exchange()
                    .expectStatus().isOk()
                    .expectBody(new ParameterizedTypeReference<Page<PaginationTestController.Item>>() { })
                    .returnResult().getResponseBody();
            page.items().forEach(item -> seen.add(item.id()));
            pageSizes.add(page.items().size());
            cursor = page.nextCursor();
            if (cursor == null) {
                break;
            }
        }
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(pageSizes).containsExactly(2, 2, 1);

        // The last page says so with an explicit null.
        client.get().uri("/test/pages/items?limit=200").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(5)
                .jsonPath("$.nextCursor").doesNotExist();
        client.get().uri("/test/pages/items?limit=200").exchange().expectBody(String.class)
                .value(body -> assertThat(body).contains("\"nextCursor\":null"));
    }

    @Test
    void badLimitsAndCursorsAreBadRequests() {
        for (String query : new String[] {"limit=0", "limit=201", "limit=abc"}) {
            client.get().uri("/test/pages/items?" + query).exchange().expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:validation")
                    .jsonPath("$.errors[0].field").isEqualTo("limit");
        }
        String notAnId = Cursor.of("hello").encode();
        for (String cursor : new String[] {"%%%", notAnId}) {
            client.get().uri("/test/pages/items?cursor=" + cursor).exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.errors[0].field").isEqualTo("cursor");
        }
    }
}
