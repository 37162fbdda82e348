package dev.salescrm.catalog.product.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A unit group ("Licence"): a base unit (seat = 1) and its multiples (10-pack = 10 seats). */
public record UnitGroup(UUID id, String name, UUID baseUnitId, List<Unit> units, long version, Instant createdAt) {

    public UnitGroup {
        units = List.copyOf(units);
    }

    public Optional<Unit> unit(UUID unitId) {
        return units.stream().filter(u -> u.id().equals(unitId)).findFirst();
    }

    public boolean contains(UUID unitId) {
        return unit(unitId).isPresent();
    }

    public Optional<Unit> unitNamed(String unitName) {
        return units.stream().filter(u -> u.name().equalsIgnoreCase(unitName)).findFirst();
    }
}
