package dev.salescrm.gateway.problem;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * Renders every exception that reaches the top of the gateway as problem+json, ahead of Boot's
 * default handler (order -1), which would write its own JSON shape. The detail is a fixed text per
 * status: the exception's message (often a host, port or class name) is logged, never returned.
 */
public class ProblemErrorWebExceptionHandler implements ErrorWebExceptionHandler, Ordered {

    private static final Log log = LogFactory.getLog(ProblemErrorWebExceptionHandler.class);

    @Override
    public int getOrder() {
        return -2;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(ex);
        }
        HttpStatusCode status = statusOf(ex);
        if (status.is5xxServerError()) {
            log.warn("Gateway error " + status.value() + " on " + exchange.getRequest().getMethod() + " "
                    + exchange.getRequest().getPath().value() + ": " + ex);
        }
        int code = status.value();
        return Problems.write(exchange, status, Problems.slug(code), Problems.title(code), Problems.defaultDetail(code));
    }

    static HttpStatusCode statusOf(Throwable ex) {
        if (ex instanceof ErrorResponse errorResponse) {
            return errorResponse.getStatusCode();
        }
        if (ex instanceof AuthenticationServiceException) {
            // the token could not be checked (the issuer's key set is unreachable): not the client's fault
            return HttpStatus.SERVICE_UNAVAILABLE;
        }
        if (ex instanceof DataBufferLimitException) {
            return HttpStatus.CONTENT_TOO_LARGE;
        }
        Throwable cause = ex;
        while (cause != null) {
            if (cause instanceof TimeoutException) {
                return HttpStatus.GATEWAY_TIMEOUT;
            }
            if (cause instanceof ConnectException) {
                return HttpStatus.SERVICE_UNAVAILABLE;
            }
            cause = cause.getCause();
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }
}
