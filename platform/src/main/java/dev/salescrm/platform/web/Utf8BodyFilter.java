package dev.salescrm.platform.web;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * A JSON request body must be UTF-8 (RFC 8259): one that is not is a 400 {@code malformed-request}, before any
 * handler sees it.
 *
 * <p>Jackson refuses most malformed UTF-8 itself, but not all of it: it decodes the overlong {@code C0 AF} as
 * {@code /} (the fault suite's R6 cancelled an invoice with such a reason; overlong forms are the classic way
 * past a filter that looks for a character). The body is checked as it streams, with the JDK's strict decoder
 * (overlong forms, encoded surrogates, truncated and stray bytes are all errors), buffer by buffer: a character
 * split between two buffers is carried over, so nothing is held back but its few bytes.
 */
public class Utf8BodyFilter implements WebFilter, Ordered {

    /** Right after the size limit: what is counted is also checked, before anything reads the body. */
    public static final int ORDER = BodySizeLimitFilter.ORDER + 2;

    /** A malformed body, for ProblemMapper (400 malformed-request). */
    public static final class NotUtf8Exception extends RuntimeException {
        NotUtf8Exception() {
            super("the request body is not valid UTF-8", null, false, false);
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        MediaType type;
        try {
            type = request.getHeaders().getContentType();
        } catch (InvalidMediaTypeException e) {
            // e.g. "application/json; charset=ebcdic": not ours to judge; the handler answers 415 as for any
            // content type it does not read (R6 found this filter answering 500 for it).
            return chain.filter(exchange);
        }
        if (type == null || !isJson(type)) {
            return chain.filter(exchange);
        }
        ServerHttpRequest checked = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> {
                    Utf8Check check = new Utf8Check();
                    return super.getBody()
                            .handle((DataBuffer buffer, reactor.core.publisher.SynchronousSink<DataBuffer> sink) -> {
                                if (check.accepts(buffer)) {
                                    sink.next(buffer);
                                } else {
                                    DataBufferUtils.release(buffer);
                                    sink.error(new NotUtf8Exception());
                                }
                            })
                            .concatWith(Mono.defer(() -> check.complete() ? Mono.empty() : Mono.error(new NotUtf8Exception())));
                });
            }
        };
        return chain.filter(exchange.mutate().request(checked).build());
    }

    static boolean isJson(MediaType type) {
        return MediaType.APPLICATION_JSON.isCompatibleWith(type)
                || type.getSubtype().endsWith("+json") && "application".equals(type.getType());
    }

    /** Strict UTF-8 over a sequence of buffers; the bytes of a character split between buffers are carried. */
    static final class Utf8Check {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final CharBuffer sink = CharBuffer.allocate(1024);
        private ByteBuffer carry = ByteBuffer.allocate(0);

        boolean accepts(DataBuffer buffer) {
            try (DataBuffer.ByteBufferIterator views = buffer.readableByteBuffers()) {
                while (views.hasNext()) {
                    if (!accepts(views.next(), false)) {
                        return false;
                    }
                }
            }
            return true;
        }

        boolean complete() {
            return accepts(ByteBuffer.allocate(0), true);
        }

        private boolean accepts(ByteBuffer bytes, boolean last) {
            ByteBuffer in = bytes;
            if (carry.hasRemaining()) {
                in = ByteBuffer.allocate(carry.remaining() + bytes.remaining()).put(carry).put(bytes).flip();
            }
            while (true) {
                sink.clear();
                CoderResult result = decoder.decode(in, sink, last);
                if (result.isError()) {
                    return false;
                }
                if (result.isUnderflow()) {
                    break;
                }
            }
            if (last) {
                sink.clear();
                if (decoder.flush(sink).isError()) {
                    return false;
                }
            }
            carry = ByteBuffer.allocate(in.remaining()).put(in).flip();
            return true;
        }
    }
}
