package dev.salescrm.platform.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;

/**
 * One RFC 9457 problem as the platform writes it: a stable {@code urn:crm:problem:<slug>} type,
 * the status and its title, a detail meant for people, extra members (e.g. {@code errors},
 * {@code currentState}) and headers that belong to the error (e.g. {@code Allow} on 405).
 */
public final class Problem {

    public static final String TYPE_PREFIX = "urn:crm:problem:";

    private final String slug;
    private final int status;
    private final String title;
    private final String detail;
    private final Map<String, Object> members = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    public Problem(String slug, int status, String title, String detail) {
        this.slug = slug;
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.slug(), type.status(), type.title(), detail);
    }

    /** A 400 {@code validation} problem listing the rejected fields. */
    public static Problem validation(String detail, List<InvalidRequestException.Violation> violations) {
        List<Map<String, Object>> errors = violations.stream().map(v -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("field", v.field());
            e.put("message", v.message());
            return e;
        }).toList();
        return of(ProblemType.VALIDATION, detail).with("errors", errors);
    }

    public Problem with(String member, Object value) {
        members.put(member, value);
        return this;
    }

    public Problem header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    public String type() {
        return TYPE_PREFIX + slug;
    }

    public String slug() {
        return slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public Map<String, Object> members() {
        return members;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The JSON object: standard members first, then the extensions. */
    public Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", instance);
        members.forEach(body::putIfAbsent);
        return body;
    }
}
