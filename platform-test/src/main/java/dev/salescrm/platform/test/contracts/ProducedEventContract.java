package dev.salescrm.platform.test.contracts;

import java.util.List;

import dev.salescrm.contracts.schema.EventSchemas;
import dev.salescrm.contracts.schema.EventSchemas.Violation;

/**
 * The check every produced event passes in tests: its payload validates against the published
 * JSON Schema of its {@code ce_type}, and that schema exists.
 *
 * <p>Types under {@value #TEST_TYPE_PREFIX} are skipped: they are the platform's own test events
 * (outbox and inbox mechanics, not a contract anyone consumes) and have no published schema on
 * purpose — a schema for them would put fake types into the public contract.
 */
public final class ProducedEventContract {

    /** Event types reserved for the platform's own tests; never published by a service. */
    public static final String TEST_TYPE_PREFIX = "crm.test.";

    private ProducedEventContract() {
    }

    /** @throws EventContractViolation when the event is not what the contract allows */
    public static void check(String type, String payloadJson) {
        if (type != null && type.startsWith(TEST_TYPE_PREFIX)) {
            return;
        }
        EventSchemas schemas = EventSchemas.fromClasspath();
        if (!schemas.hasSchema(type)) {
            throw new EventContractViolation(type, "no schema for type " + type);
        }
        List<Violation> violations = schemas.validate(type, payloadJson);
        if (!violations.isEmpty()) {
            throw new EventContractViolation(type, violations, payloadJson);
        }
    }
}
