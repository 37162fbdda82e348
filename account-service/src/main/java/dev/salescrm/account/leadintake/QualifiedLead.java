package dev.salescrm.account.leadintake;

import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.PoisonEventException;

/**
 * What account-service needs of a {@code crm.lead.qualified.v1} event (schema in contracts): the
 * lead's snapshot and which account and contact to create (NEW, with the id lead-service
 * allocated) or link (EXISTING). An event that cannot be read so is a poison event: retrying
 * cannot fix it.
 */
record QualifiedLead(UUID leadId, Snapshot lead, Target account, Target contact, UUID opportunityId, String actor) {

    record Snapshot(String firstName, String lastName, String companyName, String jobTitle, String email,
                    String phone, String website, String ownerId) {
    }

    /** An account or contact the conversion names. */
    record Target(UUID id, boolean create) {
    }

    static QualifiedLead from(IncomingEvent event) {
        JsonNode data = event.data();
        UUID leadId = uuid(event, event.requiredText("leadId"), "leadId");
        JsonNode lead = data.path("lead");
        Snapshot snapshot = new Snapshot(text(lead, "firstName"), text(lead, "lastName"), text(lead, "companyName"),
                text(lead, "jobTitle"), text(lead, "email"), text(lead, "phone"), text(lead, "website"),
                text(lead, "ownerId"));
        Target account = target(event, data.get("account"), "accountId");
        Target contact = target(event, data.get("contact"), "contactId");
        if (account == null && contact == null) {
            throw new PoisonEventException(event.type() + " " + event.id() + " names neither an account nor a contact");
        }
        JsonNode opportunity = data.get("opportunity");
        String opportunityId = opportunity == null || !opportunity.isObject() ? null : text(opportunity, "opportunityId");
        return new QualifiedLead(leadId, snapshot, account, contact,
                opportunityId == null ? null : uuid(event, opportunityId, "opportunity.opportunityId"),
                event.text("actor"));
    }

    private static Target target(IncomingEvent event, JsonNode node, String idField) {
        if (node == null || node.isNull()) {
            return null;
        }
        String id = node.isObject() ? text(node, idField) : null;
        String mode = node.isObject() ? text(node, "mode") : null;
        if (id == null || !("NEW".equals(mode) || "EXISTING".equals(mode))) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has no usable " + idField + " and mode");
        }
        return new Target(uuid(event, id, idField), "NEW".equals(mode));
    }

    private static UUID uuid(IncomingEvent event, String value, String field) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + " has a " + field + " that is not a UUID");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asString().isBlank() ? null : value.asString();
    }
}
