package dev.salescrm.gateway.problem;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's own RFC 9457 problem writer (API.md: {@code type} = {@code urn:crm:problem:<slug>},
 * {@code title}, {@code status}, {@code detail}, {@code instance}). The gateway does not depend on
 * {@code platform} (that would pull R2DBC and Kafka), so this small copy writes the same shape.
 * Details are fixed texts chosen here: never an exception message, host name or stack trace.
 */
public final class Problems {

    public static final String TYPE_PREFIX = "urn:crm:problem:";

    private Problems() {
    }

    /** The slug and title the gateway uses for a status it produces itself. */
    public static String slug(int status) {
        return switch (status) {
            case 400 -> "malformed-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "payload-too-large";
            case 429 -> "rate-limited";
            case 502 -> "bad-gateway";
            case 503 -> "service-unavailable";
            case 504 -> "upstream-timeout";
            default -> status >= 500 ? "internal" : "client-error";
        };
    }

    public static String title(int status) {
        return switch (status) {
            case 400 -> "Malformed request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Payload too large";
            case 429 -> "Too many requests";
            case 502 -> "Bad gateway";
            case 503 -> "Service unavailable";
            case 504 -> "Upstream timeout";
            default -> status >= 500 ? "Internal error" : "Client error";
        };
    }

    public static String defaultDetail(int status) {
        return switch (status) {
            case 401 -> "A valid bearer token is required.";
            case 403 -> "Access to this resource is denied.";
            case 404 -> "No resource at this path.";
            case 405 -> "This method is not allowed here.";
            case 413 -> "The request body exceeds the permitted size.";
            case 429 -> "Too many requests; retry later.";
            case 502 -> "The upstream service returned an invalid response.";
            case 503 -> "The service is unavailable; retry later.";
            case 504 -> "The upstream service did not answer in time.";
            default -> status >= 500 ? "The gateway failed to handle the request." : "The request was refused.";
        };
    }

    public static byte[] json(int status, String detail, String instance) {
        return json(slug(status), title(status), status, detail, instance);
    }

    public static byte[] json(String slug, String title, int status, String detail, String instance) {
        StringBuilder json = new StringBuilder(160)
                .append("{\"type\":").append(quote(TYPE_PREFIX + slug))
                .append(",\"title\":").append(quote(title))
                .append(",\"status\":").append(status);
        if (detail != null) {
            json.append(",\"detail\":").append(quote(detail));
        }
        if (instance != null) {
            json.append(",\"instance\":").append(quote(instance));
        }
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Writes a problem as the whole response (status, content type, body). A HEAD request gets the
     * headers only.
     */
    public static Mono<Void> write(ServerWebExchange exchange, HttpStatusCode status, String slug, String title,
                                   String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        byte[] body = json(slug, title, status.value(), detail, ProblemForEmptyErrorWebFilter.originalPath(exchange));
        return writeBody(response, exchange.getRequest().getMethod(), body);
    }

    static Mono<Void> writeBody(ServerHttpResponse response, HttpMethod method, byte[] body) {
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(body.length);
        headers.setCacheControl("no-store");
        if (HttpMethod.HEAD.equals(method)) {
            return response.setComplete();
        }
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(body)));
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
