package dev.salescrm.platform.web;

import java.util.concurrent.atomic.AtomicLong;

import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * 413 before anything reads the body when {@code Content-Length} is over the path's limit; a body
 * streamed without a length is counted as it is read and fails with
 * {@link DataBufferLimitException} (also a 413) at the limit. Runs first, so an oversized upload
 * costs neither authentication nor a database connection.
 */
public class BodySizeLimitFilter implements WebFilter, Ordered {

    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final BodySizeLimits limits;
    private final ProblemResponses problems;

    public BodySizeLimitFilter(BodySizeLimits limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long limit = limits.limitFor(request.getPath().pathWithinApplication());
        long declared = request.getHeaders().getContentLength();
        if (declared > limit) {
            return problems.write(exchange, ProblemMapper.payloadTooLarge().with("maxBytes", limit));
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> {
                    AtomicLong total = new AtomicLong();
                    return super.getBody().handle((buffer, sink) -> {
                        if (total.addAndGet(buffer.readableByteCount()) > limit) {
                            DataBufferUtils.release(buffer);
                            sink.error(new DataBufferLimitException("request body exceeds " + limit + " bytes"));
                        } else {
                            sink.next(buffer);
                        }
                    });
                });
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    /** The limit for a request, for filters that read the body themselves. */
    public long limitFor(ServerHttpRequest request) {
        return limits.limitFor(request.getPath().pathWithinApplication());
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
