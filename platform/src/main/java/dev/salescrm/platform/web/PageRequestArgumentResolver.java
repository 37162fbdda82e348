package dev.salescrm.platform.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/** Lets a handler declare a {@link PageRequest} parameter, read from {@code ?limit=&cursor=}. */
public class PageRequestArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == PageRequest.class;
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        var query = exchange.getRequest().getQueryParams();
        return Mono.fromCallable(() -> PageRequest.of(query.getFirst(PageRequest.LIMIT), query.getFirst(Cursor.PARAMETER)));
    }
}
