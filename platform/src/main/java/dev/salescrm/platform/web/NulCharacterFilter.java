package dev.salescrm.platform.web;

import java.util.List;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * A query parameter holding the NUL character (U+0000, {@code %00}) is a 400 validation problem naming the
 * parameter. PostgreSQL text cannot hold NUL: such a value used as a filter ({@code ?ownerId=%00}) made the
 * query fail and the request a 500 (the fault suite's hostile-input scenario, R6, found it on three services).
 * Every other character is text like any other.
 */
public class NulCharacterFilter implements WebFilter, Ordered {

    public static final int ORDER = BodySizeLimitFilter.ORDER + 1;

    private final ProblemResponses problems;

    public NulCharacterFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        for (Map.Entry<String, List<String>> parameter : exchange.getRequest().getQueryParams().entrySet()) {
            boolean nul = parameter.getKey().indexOf('\u0000') >= 0
                    || parameter.getValue().stream().anyMatch(value -> value != null && value.indexOf('\u0000') >= 0);
            if (nul) {
                String name = parameter.getKey().replace('\u0000', '?');
                return problems.write(exchange, Problem.validation("a query parameter contains the NUL character",
                        List.of(new InvalidRequestException.Violation(name, "must not contain the NUL character"))));
            }
        }
        return chain.filter(exchange);
    }
}
