package dev.salescrm.platform.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import dev.salescrm.platform.money.CurrencyMismatchException;
import dev.salescrm.platform.persistence.DatabaseUnavailable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidDefinitionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * Turns any exception into the {@link Problem} the client sees. Details are written here, from
 * known facts (a field name, a state), never copied from a framework or driver message, which may
 * carry class names, SQL or values of other users.
 */
public class ProblemMapper {

    private static final int MAX_CAUSES = 20;

    public Problem map(Throwable ex) {
        if (ex instanceof ForbiddenException e) {
            Problem problem = Problem.of(ProblemType.FORBIDDEN, e.getMessage());
            return e.field() == null ? problem : problem.with("field", e.field());
        }
        if (ex instanceof NotFoundException e) {
            return Problem.of(ProblemType.NOT_FOUND, e.getMessage()).with("resource", e.resource());
        }
        if (ex instanceof IllegalTransitionException e) {
            return Problem.of(ProblemType.ILLEGAL_TRANSITION, e.getMessage())
                    .with("resource", e.resource())
                    .with("currentState", e.currentState())
                    .with("action", e.action());
        }
        if (ex instanceof ConcurrentUpdateException e) {
            return Problem.of(ProblemType.CONFLICT, e.getMessage());
        }
        if (ex instanceof OptimisticLockingFailureException) {
            return Problem.of(ProblemType.CONFLICT, "the resource was changed concurrently; read it again and retry");
        }
        if (ex instanceof DuplicateKeyException) {
            return Problem.of(ProblemType.CONFLICT, "a resource with the same unique value already exists");
        }
        if (ex instanceof PreconditionFailedException e) {
            Problem p = Problem.of(ProblemType.PRECONDITION_FAILED, e.getMessage());
            if (e.currentETag() != null) {
                p.header("ETag", e.currentETag());
            }
            return p;
        }
        if (ex instanceof InvalidRequestException e) {
            return Problem.validation("the request has invalid fields", e.violations());
        }
        if (ex instanceof Utf8BodyFilter.NotUtf8Exception e) {
            return Problem.of(ProblemType.MALFORMED_REQUEST, e.getMessage());
        }
        if (ex instanceof CurrencyMismatchException e) {
            return Problem.of(ProblemType.CURRENCY_MISMATCH, e.getMessage());
        }
        if (ex instanceof WebExchangeBindException e) {
            return bindProblem(e);
        }
        if (ex instanceof HandlerMethodValidationException e && e.getStatusCode().is4xxClientError()) {
            return methodValidationProblem(e);
        }
        DataBufferLimitException limit = find(ex, DataBufferLimitException.class);
        if (limit != null || ex instanceof PayloadTooLargeException) {
            return payloadTooLarge();
        }
        if (ex instanceof ServerWebInputException e) {
            return inputProblem(e);
        }
        if (ex instanceof MethodNotAllowedException e) {
            Problem p = Problem.of(ProblemType.METHOD_NOT_ALLOWED,
                    "method " + e.getHttpMethod() + " is not allowed here");
            copyHeaders(e, p);
            return p;
        }
        if (ex instanceof NotAcceptableStatusException e) {
            return Problem.of(ProblemType.NOT_ACCEPTABLE, "none of the accepted media types can be produced")
                    .with("supported", e.getSupportedMediaTypes().stream().map(Object::toString).toList());
        }
        if (ex instanceof UnsupportedMediaTypeStatusException e) {
            Problem p = Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    e.getContentType() == null ? "the request has no content type"
                            : "content type " + e.getContentType() + " is not supported here")
                    .with("supported", e.getSupportedMediaTypes().stream().map(Object::toString).toList());
            copyHeaders(e, p);
            return p;
        }
        if (ex instanceof ErrorResponse e) {
            return byStatus(e.getStatusCode(), ex);
        }
        if (DatabaseUnavailable.causes(ex)) {
            return databaseUnavailable();
        }
        return internal();
    }

    /** Seconds a client is told to wait before retrying when the database is unavailable. */
    static final String DATABASE_RETRY_AFTER_SECONDS = "5";

    /**
     * 503 with {@code Retry-After}: the database cannot be reached now (restarting, failing over, the pool
     * cannot get a connection in time). Not the request's fault and not a bug. The client may retry the same
     * request: usually nothing was committed, and when the connection was lost at the commit itself a retry is
     * still safe — a create carries an Idempotency-Key, a state transition that did happen answers 409.
     */
    public static Problem databaseUnavailable() {
        Problem problem = Problem.of(ProblemType.SERVICE_UNAVAILABLE,
                "the service cannot reach its database now; retry later");
        problem.header("Retry-After", DATABASE_RETRY_AFTER_SECONDS);
        return problem;
    }

    public static Problem internal() {
        return Problem.of(ProblemType.INTERNAL, "the request could not be completed; it has been logged");
    }

    public static Problem payloadTooLarge() {
        return Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the request body is larger than this endpoint accepts");
    }

    private Problem bindProblem(WebExchangeBindException e) {
        List<InvalidRequestException.Violation> violations = new ArrayList<>();
        e.getFieldErrors().forEach(fe -> violations.add(new InvalidRequestException.Violation(fe.getField(), message(fe))));
        e.getGlobalErrors().forEach(ge -> violations.add(new InvalidRequestException.Violation(null, ge.getDefaultMessage())));
        return Problem.validation("the request has invalid fields", violations);
    }

    private static String message(FieldError fe) {
        if (fe.isBindingFailure()) {
            return "has an invalid value";
        }
        return fe.getDefaultMessage() == null ? "is invalid" : fe.getDefaultMessage();
    }

    private Problem methodValidationProblem(HandlerMethodValidationException e) {
        List<InvalidRequestException.Violation> violations = new ArrayList<>();
        e.getParameterValidationResults().forEach(result -> {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(err ->
                    violations.add(new InvalidRequestException.Violation(name, err.getDefaultMessage())));
        });
        if (violations.isEmpty()) {
            violations.add(new InvalidRequestException.Violation(null, "is invalid"));
        }
        return Problem.validation("the request has invalid parameters", violations);
    }

    private Problem inputProblem(ServerWebInputException e) {
        InvalidRequestException invalid = find(e, InvalidRequestException.class);
        JacksonException json = find(e, JacksonException.class);
        if (json != null) {
            return jsonProblem(json, invalid);
        }
        if (invalid != null) {
            return Problem.validation("the request has invalid fields", invalid.violations());
        }
        if (e instanceof MissingRequestValueException m) {
            return Problem.validation("a required " + m.getLabel() + " is missing",
                    List.of(new InvalidRequestException.Violation(m.getName(), "is required")));
        }
        TypeMismatchException mismatch = find(e, TypeMismatchException.class);
        String parameter = e.getMethodParameter() == null ? null : e.getMethodParameter().getParameterName();
        if (mismatch != null) {
            String field = parameter != null ? parameter : mismatch.getPropertyName();
            return Problem.validation("a request parameter has an invalid value",
                    List.of(new InvalidRequestException.Violation(field, expected(mismatch.getRequiredType()))));
        }
        if (e.getCause() == null && e.getReason() != null && e.getReason().startsWith("No request body")) {
            return Problem.validation("the request body is missing",
                    List.of(new InvalidRequestException.Violation(null, "a request body is required")));
        }
        return Problem.validation("the request could not be read",
                List.of(new InvalidRequestException.Violation(parameter, "is invalid")));
    }

    private Problem jsonProblem(JacksonException json, InvalidRequestException invalid) {
        String path = path(json);
        if (invalid != null) {
            List<InvalidRequestException.Violation> violations = invalid.violations().stream()
                    .map(v -> new InvalidRequestException.Violation(join(path, v.field()), v.message()))
                    .toList();
            return Problem.validation("the request has invalid fields", violations);
        }
        if (json instanceof StreamReadException) {
            var location = json.getLocation();
            String where = location == null || location.getLineNr() < 0 ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            return Problem.of(ProblemType.MALFORMED_REQUEST, "the request body is not valid JSON" + where);
        }
        if (json instanceof PropertyBindingException) {
            return Problem.validation("the request has unknown fields",
                    List.of(new InvalidRequestException.Violation(path, "unknown property")));
        }
        if (json instanceof InvalidDefinitionException) {
            return internal();
        }
        String message = json instanceof MismatchedInputException m && m.getTargetType() != null
                ? expected(m.getTargetType()) : "has an invalid value";
        return Problem.validation("the request has invalid fields",
                List.of(new InvalidRequestException.Violation(path.isEmpty() ? null : path, message)));
    }

    /** {@code lines[0].price}: the path Jackson recorded, in the notation clients write. */
    static String path(JacksonException json) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : json.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String join(String path, String field) {
        if (path == null || path.isEmpty()) {
            return field;
        }
        return field == null ? path : path + "." + field;
    }

    /** What a value of the target type looks like, in client terms (no Java class names). */
    static String expected(Class<?> type) {
        if (type == null) {
            return "has an invalid value";
        }
        if (type.isEnum()) {
            return "must be one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == UUID.class) {
            return "must be a UUID";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "must be an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class || type == BigDecimal.class) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (type == LocalDate.class) {
            return "must be a date such as 2026-11-26";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "must be an ISO-8601 instant such as 2026-11-26T10:15:30Z";
        }
        if (type == String.class) {
            return "must be a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be an object";
        }
        return "has an invalid value";
    }

    private Problem byStatus(HttpStatusCode code, Throwable ex) {
        int status = code.value();
        if (status >= 500) {
            return status == 500 ? internal() : generic(status, "the service cannot answer now; try again later");
        }
        if (status == 404) {
            return Problem.of(ProblemType.NOT_FOUND, "no resource at this path");
        }
        if (status == 413) {
            return payloadTooLarge();
        }
        // Application code may throw a plain ResponseStatusException with a reason it wrote
        // itself; framework subclasses get a generic detail.
        String detail = ex.getClass() == ResponseStatusException.class && ((ResponseStatusException) ex).getReason() != null
                ? ((ResponseStatusException) ex).getReason() : reason(status);
        Problem p = generic(status, detail);
        if (ex instanceof ErrorResponse er) {
            copyHeaders(er, p);
        }
        return p;
    }

    private static Problem generic(int status, String detail) {
        String reason = reason(status);
        String slug = reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return new Problem(slug, status, reason, detail);
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    private static void copyHeaders(ErrorResponse e, Problem p) {
        e.getHeaders().forEach((name, values) -> values.forEach(v -> p.header(name, v)));
    }

    static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        Throwable t = ex;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
