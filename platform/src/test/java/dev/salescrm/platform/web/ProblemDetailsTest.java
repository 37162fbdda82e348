package dev.salescrm.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.salescrm.platform.test.ServiceTest;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error is an RFC 9457 problem with a stable type, and none leaks internals. */
@ServiceTest
@TestPropertySource(properties = "crm.http.max-body-size-overrides[/test/web/big/**]=3MB")
class ProblemDetailsTest {

    @Autowired
    WebTestClient client;

    private WebTestClient.BodyContentSpec problem(WebTestClient.ResponseSpec response, int status, String slug) {
        return response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:" + slug)
                .jsonPath("$.status").isEqualTo(status)
                .jsonPath("$.title").isNotEmpty()
                .jsonPath("$.detail").isNotEmpty();
    }

    /** An order whose name holds the given bytes, in an otherwise valid UTF-8 JSON body. */
    private static byte[] withNameBytes(byte[] middle) {
        byte[] head = "{\"name\":\"abc".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + middle.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(middle, 0, body, head.length, middle.length);
        System.arraycopy(tail, 0, body, head.length + middle.length, tail.length);
        return body;
    }

    private WebTestClient.ResponseSpec postOrder(String json) {
        return client.post().uri("/test/web/orders").contentType(MediaType.APPLICATION_JSON).bodyValue(json).exchange();
    }

    private static final String VALID_ORDER =
            "{\"name\":\"n\",\"quantity\":2,\"price\":{\"amount\":\"12.5\",\"currency\":\"USD\"},\"kind\":\"RUSH\"}";

    @Test
    void aValidRequestPassesAndMoneyTravelsAsAString() {
        postOrder(VALID_ORDER).expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.price.amount").isEqualTo("12.50")
                .jsonPath("$.price.currency").isEqualTo("USD");
    }

    /** R6 of the fault suite: {@code ?ownerId=%00} reached PostgreSQL, which cannot store NUL, and was a 500. */
    @Test
    void aQueryParameterWithTheNulCharacterIsAValidationProblem() {
        problem(client.get().uri("/test/web/search?count={count}", "\u0000").exchange(), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("count")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain the NUL character");
        client.get().uri("/test/web/search?count=2").exchange().expectStatus().isOk();
    }

    @Test
    void applicationExceptions() {
        UUID id = UUID.randomUUID();
        problem(client.get().uri("/test/web/notes/{id}", id).exchange(), 404, "not-found")
                .jsonPath("$.instance").isEqualTo("/test/web/notes/" + id)
                .jsonPath("$.detail").value(d -> assertThat((String) d).contains(id.toString()));
        problem(client.post().uri("/test/web/notes/{id}/archive", id).exchange(), 409, "illegal-transition")
                .jsonPath("$.currentState").isEqualTo("ARCHIVED")
                .jsonPath("$.action").isEqualTo("archive");
        problem(client.post().uri("/test/web/conflict").exchange(), 409, "conflict");
        problem(client.post().uri("/test/web/invalid").exchange(), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("closeDate")
                .jsonPath("$.errors[0].message").isEqualTo("must not be before the start date");
        problem(client.get().uri("/test/web/mixed-currencies").exchange(), 422, "currency-mismatch");
    }

    /**
     * Issue #14 R4: while PostgreSQL restarts, requests fail with 503 and Retry-After, not 500 — the database
     * being away is not a bug to investigate, and the client may retry. Both ways a restart meets a request:
     * no server to connect to, and a session the server terminates mid-statement (SQLSTATE 57P01).
     */
    @Test
    void anUnreachableDatabaseIsServiceUnavailableNotAnInternalError() {
        for (String path : new String[] {"/test/web/database-unreachable", "/test/web/session-terminated"}) {
            var response = client.get().uri(path).exchange();
            response.expectHeader().valueEquals("Retry-After", "5");
            String body = new String(problem(response, 503, "service-unavailable")
                    .returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
            assertThat(body).as(path).doesNotContain("Exception").doesNotContain("SELECT").doesNotContain("127.0.0.1");
        }
        // The pool threw the terminated connection away: the next request is served.
        client.get().uri("/test/web/notes/{id}", UUID.randomUUID()).exchange().expectStatus().isNotFound();
    }

    @Test
    void anErrorTheDatabaseRaisesAboutTheWorkIsAnInternalErrorNotAnOutage() {
        // The driver files SQLSTATEs it does not know (P0001 here) as "non-transient resource" exceptions, and
        // Spring as DataAccessResourceFailureException: neither may make a bug look like a database outage.
        var response = client.get().uri("/test/web/raised-by-database").exchange();
        problem(response, 500, "internal");
        response.expectHeader().doesNotExist("Retry-After");
    }

    @Test
    void ifMatch() {
        UUID id = UUID.randomUUID();
        client.patch().uri("/test/web/notes/{id}", id).header(HttpHeaders.IF_MATCH, "\"3\"").exchange()
                .expectStatus().isOk().expectHeader().valueEquals(HttpHeaders.ETAG, "\"4\"");
        client.patch().uri("/test/web/notes/{id}", id).header(HttpHeaders.IF_MATCH, "*").exchange()
                .expectStatus().isOk();
        client.patch().uri("/test/web/notes/{id}", id).exchange().expectStatus().isOk();
        problem(client.patch().uri("/test/web/notes/{id}", id).header(HttpHeaders.IF_MATCH, "\"2\"").exchange(),
                412, "precondition-failed");
        problem(client.patch().uri("/test/web/notes/{id}", id).header(HttpHeaders.IF_MATCH, "3").exchange(),
                400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("If-Match");
    }

    @Test
    void beanValidationListsEveryField() {
        problem(postOrder("{\"name\":\" \",\"quantity\":0}"), 400, "validation")
                .jsonPath("$.errors.length()").isEqualTo(2)
                .jsonPath("$.errors[?(@.field == 'name')].message").exists()
                .jsonPath("$.errors[?(@.field == 'quantity')].message").exists();
        problem(postOrder("{\"name\":\"n\",\"quantity\":1,\"lines\":[{\"quantity\":1}]}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("lines[0].price");
    }

    @Test
    void unreadableJsonNamesTheField() {
        problem(postOrder("{\"name\":\"n\",\"quantity\":1,\"isAdmin\":true}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("isAdmin")
                .jsonPath("$.errors[0].message").isEqualTo("unknown property");
        problem(postOrder("{\"name\":\"n\",\"quantity\":\"many\"}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("quantity")
                .jsonPath("$.errors[0].message").isEqualTo("must be an integer");
        // R6 of the fault suite: the overlong C0 AF, which Jackson decodes as "/", was taken as text. Every
        // malformed UTF-8 body is refused before the handler; a JSON-escaped lone surrogate is valid UTF-8 but no
        // text; a real supplementary character is text.
        for (byte[] malformed : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}}) {
            problem(client.post().uri("/test/web/orders").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(withNameBytes(malformed)).exchange(), 400, "malformed-request")
                    .jsonPath("$.detail").isEqualTo("the request body is not valid UTF-8");
        }
        problem(postOrder("{\"name\":\"x\\ud800y\",\"quantity\":1}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("name")
                .jsonPath("$.errors[0].message").isEqualTo("must be valid Unicode text (it holds an unpaired surrogate)");
        // PostgreSQL text cannot hold NUL: the JSON escape for U+0000 in a text field was a 500 at the insert.
        problem(postOrder("{\"name\":\"x\\u0000y\",\"quantity\":1}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("name")
                .jsonPath("$.errors[0].message").isEqualTo("must not contain the NUL character");
        postOrder("{\"name\":\"\uD83D\uDE00 شرکت\",\"quantity\":1}").expectStatus().isCreated()
                .expectBody().jsonPath("$.name").isEqualTo("\uD83D\uDE00 شرکت");
        // R6 of the fault suite: {"reason": 12345} was taken as the text "12345".
        for (String scalar : new String[] {"12345", "1.5", "true"}) {
            problem(postOrder("{\"name\":" + scalar + ",\"quantity\":1}"), 400, "validation")
                    .jsonPath("$.errors[0].field").isEqualTo("name")
                    .jsonPath("$.errors[0].message").isEqualTo("must be a string");
        }
        problem(postOrder("{\"name\":\"n\",\"quantity\":1,\"customerId\":\"42\"}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("customerId")
                .jsonPath("$.errors[0].message").isEqualTo("must be a UUID");
        problem(postOrder("{\"name\":\"n\",\"quantity\":1,\"kind\":\"SLOW\"}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("kind")
                .jsonPath("$.errors[0].message").isEqualTo("must be one of STANDARD, RUSH");
        problem(postOrder("{\"name\":\"n\",\"quantity\":1,\"price\":{\"amount\":12.5,\"currency\":\"USD\"}}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("price.amount")
                .jsonPath("$.errors[0].message").isEqualTo("amount must be a decimal string");
        problem(postOrder("{\"name\":\"n\",\"quantity\":1,\"price\":{\"amount\":\"1\",\"currency\":\"ZZZ\"}}"), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("price.currency");
        problem(postOrder("{\"name\":\"n\",\"quantity\":1,\"lines\":[{\"price\":{\"amount\":\"1.2.3\",\"currency\":\"USD\"},\"quantity\":1}]}"),
                400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("lines[0].price.amount");
        problem(postOrder("{\"name\":\"n\",\"quantity\":"), 400, "malformed-request");
        problem(client.post().uri("/test/web/orders").contentType(MediaType.APPLICATION_JSON).exchange(), 400, "validation");
    }

    @Test
    void parametersAndRoutes() {
        problem(client.get().uri("/test/web/search").exchange(), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("count");
        problem(client.get().uri("/test/web/search?count=lots").exchange(), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("count")
                .jsonPath("$.errors[0].message").isEqualTo("must be an integer");
        problem(client.get().uri("/test/web/notes/not-a-uuid").exchange(), 400, "validation")
                .jsonPath("$.errors[0].field").isEqualTo("id")
                .jsonPath("$.errors[0].message").isEqualTo("must be a UUID");
        problem(client.get().uri("/test/no/such/route").exchange(), 404, "not-found")
                .jsonPath("$.instance").isEqualTo("/test/no/such/route");
        problem(client.delete().uri("/test/web/conflict").exchange(), 405, "method-not-allowed")
                .jsonPath("$.detail").isEqualTo("method DELETE is not allowed here");
        client.delete().uri("/test/web/conflict").exchange().expectHeader().valueEquals(HttpHeaders.ALLOW, "POST");
        problem(client.post().uri("/test/web/orders").contentType(MediaType.TEXT_PLAIN).bodyValue("hello").exchange(),
                415, "unsupported-media-type");
        problem(client.post().uri("/test/web/orders").contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_XML)
                .bodyValue(VALID_ORDER).exchange(), 406, "not-acceptable");
    }

    @Test
    void oversizedBodies() {
        // Over the default 1MB, declared by Content-Length: rejected before the handler.
        problem(client.post().uri("/test/web/orders").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(jsonOfSize(1_100_000)).exchange(), 413, "payload-too-large");
        // Within the 3MB override of /test/web/big/**, over it.
        client.post().uri("/test/web/big/raw").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[2_000_000]).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.bytes").isEqualTo(2_000_000);
        problem(client.post().uri("/test/web/big/raw").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .bodyValue(new byte[3_200_000]).exchange(), 413, "payload-too-large");
        // Streamed without a length: the JSON codec stops at its own 1MB.
        problem(client.post().uri("/test/web/big/json").contentType(MediaType.APPLICATION_JSON)
                .body(chunked(jsonOfSize(2_000_000)), DataBuffer.class).exchange(), 413, "payload-too-large");
        // Streamed without a length over the path limit: the filter's counter stops it.
        problem(client.post().uri("/test/web/big/raw").contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(chunked("x".repeat(3_200_000)), DataBuffer.class).exchange(), 413, "payload-too-large");
    }

    @Test
    void serverErrorsLeakNothing() {
        for (String path : new String[] {"/test/web/boom", "/test/web/bad-sql"}) {
            String body = new String(problem(client.get().uri(path).exchange(), 500, "internal")
                    .returnResult().getResponseBodyContent(), StandardCharsets.UTF_8);
            assertThat(body).as(path).doesNotContainIgnoringCase("secret")
                    .doesNotContain("SELECT").doesNotContain("Exception").doesNotContain("dev.salescrm")
                    .doesNotContain("trace").doesNotContain("at ");
        }
    }

    private static String jsonOfSize(int size) {
        return "{\"name\":\"" + "x".repeat(size) + "\",\"quantity\":1}";
    }

    private static Flux<DataBuffer> chunked(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int chunk = 64 * 1024;
        return Flux.range(0, (bytes.length + chunk - 1) / chunk).map(i -> DefaultDataBufferFactory.sharedInstance
                .wrap(java.nio.ByteBuffer.wrap(bytes, i * chunk, Math.min(chunk, bytes.length - i * chunk))));
    }
}
