package dev.salescrm.account.web;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.salescrm.platform.web.InvalidRequestException;

/**
 * JSON merge patch (RFC 7396) onto a request record: a field absent from the patch stays as it
 * is, {@code null} clears it, an object merges into the object it replaces. The result is read
 * back into the same record a create uses, so the same rules hold — an unknown field (including
 * read-only ones such as {@code id} or {@code version}) is a 400 naming it, and the record's
 * constraints are validated as for a create.
 */
@Component
public class MergePatch {

    private final JsonMapper json;
    private final Validator validator;

    MergePatch(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** {@code current} (in request shape) with {@code patch} merged in, validated. */
    public <T> T apply(T current, JsonNode patch, Class<T> type) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException(null, "a merge patch is a JSON object");
        }
        JsonNode merged = merge(json.valueToTree(current), patch);
        T result;
        try {
            result = json.treeToValue(merged, type);
        } catch (JacksonException e) {
            // Reported as a body the framework could not read: 400 naming the field.
            throw new ServerWebInputException("the merge patch could not be applied", null, e);
        }
        List<InvalidRequestException.Violation> violations = validator.validate(result).stream()
                .sorted(Comparator.comparing((ConstraintViolation<T> v) -> v.getPropertyPath().toString()))
                .map(v -> new InvalidRequestException.Violation(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        return result;
    }

    private JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : json.createObjectNode();
        for (Map.Entry<String, JsonNode> field : patch.properties()) {
            if (field.getValue().isNull()) {
                result.remove(field.getKey());
            } else {
                result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
            }
        }
        return result;
    }
}
