package dev.salescrm.platform.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Utf8BodyFilter on its own, buffer by buffer (ProblemDetailsTest covers the answer a client gets): a character
 * split across buffers is whole again, a malformed sequence split across them is still malformed, a body cut
 * in the middle of a character is malformed, and a request whose content type cannot even be parsed passes on
 * untouched (the handler's 415 is the right answer; the filter once made it a 500).
 */
class Utf8BodyFilterTest {

    final Utf8BodyFilter filter = new Utf8BodyFilter();

    /** The body as the handler reads it through the filter, sent in the given pieces. */
    String read(String contentType, byte[]... pieces) {
        List<DataBuffer> buffers = new ArrayList<>();
        for (byte[] piece : pieces) {
            buffers.add(DefaultDataBufferFactory.sharedInstance.wrap(piece));
        }
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.post("/x")
                .header("Content-Type", contentType).body(Flux.fromIterable(buffers)));
        StringBuilder seen = new StringBuilder();
        filter.filter(exchange, e -> DataBufferUtils.join(e.getRequest().getBody())
                .doOnNext(b -> seen.append(b.toString(StandardCharsets.UTF_8))).then()).block();
        return seen.toString();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void aCharacterSplitBetweenBuffersIsWhole() {
        byte[] persian = "\"شرکت 😀\"".getBytes(StandardCharsets.UTF_8);
        for (int cut = 1; cut < persian.length; cut++) {
            byte[] first = java.util.Arrays.copyOfRange(persian, 0, cut);
            byte[] second = java.util.Arrays.copyOfRange(persian, cut, persian.length);
            assertThat(read("application/json", first, second)).isEqualTo("\"شرکت 😀\"");
        }
    }

    @Test
    void malformedSequencesAreRefusedWhereverTheBuffersEnd() {
        assertThatThrownBy(() -> read("application/json", bytes('"', 0xC0), bytes(0xAF, '"')))
                .isInstanceOf(Utf8BodyFilter.NotUtf8Exception.class);
        assertThatThrownBy(() -> read("application/merge-patch+json", bytes('"', 0xED, 0xA0, 0x80, '"')))
                .isInstanceOf(Utf8BodyFilter.NotUtf8Exception.class);
        assertThatThrownBy(() -> read("application/json", bytes('"', 'a'), bytes(0xE2, 0x82)))
                .as("the body ends inside a character").isInstanceOf(Utf8BodyFilter.NotUtf8Exception.class);
    }

    @Test
    void onlyJsonBodiesAreChecked() {
        assertThat(read("text/csv", bytes('a', 0xFF))).hasSize(2);
        assertThat(read("application/json; charset=ebcdic", bytes('{', '}'))).isEqualTo("{}");
    }
}
