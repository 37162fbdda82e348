package dev.salescrm.catalog.product;

import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.salescrm.catalog.product.domain.Product;
import dev.salescrm.platform.web.InvalidRequestException;

/**
 * A JSON merge patch of a product: {@code name}, {@code description}, {@code defaultUnitId}. SKU
 * and unit group are the product's identity for the ERP and its prices, status moves only through
 * activate/retire; any other member is a 400 naming it (no mass assignment).
 */
record ProductChanges(JsonNode patch) {

    private static final Set<String> ALLOWED = Set.of("name", "description", "defaultUnitId");

    static ProductChanges parse(JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw new InvalidRequestException(null, "a merge patch must be a JSON object");
        }
        for (var member : patch.properties()) {
            String field = member.getKey();
            if (!ALLOWED.contains(field)) {
                throw new InvalidRequestException(field, "cannot be changed here (allowed: " + ALLOWED + ")");
            }
        }
        if (patch.has("name") && (!patch.get("name").isString() || patch.get("name").asString().isBlank()
                || patch.get("name").asString().length() > 300)) {
            throw new InvalidRequestException("name", "must be a non-blank string of at most 300 characters");
        }
        if (patch.has("description") && !patch.get("description").isNull() && !patch.get("description").isString()) {
            throw new InvalidRequestException("description", "must be a string or null");
        }
        if (patch.has("defaultUnitId")) {
            try {
                UUID.fromString(patch.get("defaultUnitId").asString());
            } catch (RuntimeException e) {
                throw new InvalidRequestException("defaultUnitId", "must be a unit id");
            }
        }
        return new ProductChanges(patch);
    }

    String name(Product current) {
        return patch.has("name") ? patch.get("name").asString() : current.name();
    }

    String description(Product current) {
        if (!patch.has("description")) {
            return current.description();
        }
        return patch.get("description").isNull() ? null : patch.get("description").asString();
    }

    UUID defaultUnitId(Product current) {
        return patch.has("defaultUnitId") ? UUID.fromString(patch.get("defaultUnitId").asString()) : current.defaultUnitId();
    }
}
