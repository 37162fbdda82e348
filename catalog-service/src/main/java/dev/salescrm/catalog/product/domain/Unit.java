package dev.salescrm.catalog.product.domain;

import java.math.BigDecimal;
import java.util.UUID;

/** A unit of a unit group; {@code quantity} is how many base units it is (the base unit is 1). */
public record Unit(UUID id, UUID unitGroupId, String name, BigDecimal quantity) {
}
