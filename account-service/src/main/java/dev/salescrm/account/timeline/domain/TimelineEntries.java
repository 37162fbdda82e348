package dev.salescrm.account.timeline.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.salescrm.account.account.domain.Account;
import dev.salescrm.account.activity.domain.Activity;
import dev.salescrm.account.activity.domain.ActivityType;
import dev.salescrm.account.contact.domain.Contact;

/**
 * The timeline entries of each kind: which ids they refer to, which facts they keep, and the line
 * a person reads. Entries of account-service's own changes take the id of the record they are
 * about (one creation per record, one entry per activity); entries of consumed events take
 * {@link #idOfEvent}, so the same event delivered twice is the same entry.
 */
public final class TimelineEntries {

    private TimelineEntries() {
    }

    /**
     * The entry id for an event: a name-based UUID (version 3) of its {@code ce_id}. Our own ids are
     * UUIDv7, so the two never collide.
     */
    public static UUID idOfEvent(String eventId) {
        return UUID.nameUUIDFromBytes(("crm.timeline-entry:" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    // ---- account-service's own changes

    public static TimelineEntry accountCreated(Account a, String actor) {
        String summary = "Account \"" + a.name() + "\" created"
                + (a.sourceLeadId() == null ? "" : " from lead " + a.sourceLeadId());
        return new TimelineEntry(a.id(), TimelineKind.ACCOUNT_CREATED, a.createdAt(), new Customer(a.id(), null), summary,
                actor, refs("accountId", a.id(), "leadId", a.sourceLeadId()),
                details("name", a.name(), "relationshipType", a.relationshipType().name(), "sourceLeadId", a.sourceLeadId()));
    }

    /** On the contact's timeline and, when it works at one, on its account's. */
    public static TimelineEntry contactCreated(Contact c, String actor) {
        String name = c.firstName() == null ? c.lastName() : c.firstName() + " " + c.lastName();
        String summary = "Contact \"" + name + "\" created" + (c.sourceLeadId() == null ? "" : " from lead " + c.sourceLeadId());
        return new TimelineEntry(c.id(), TimelineKind.CONTACT_CREATED, c.createdAt(), new Customer(c.accountId(), c.id()),
                summary, actor, refs("contactId", c.id(), "accountId", c.accountId(), "leadId", c.sourceLeadId()),
                details("firstName", c.firstName(), "lastName", c.lastName(), "jobTitle", c.jobTitle(),
                        "sourceLeadId", c.sourceLeadId()));
    }

    /**
     * An activity as an entry with the activity's id: when it was done, or — while it is planned —
     * when it was logged. An activity with a contact also appears on {@code accountOfContact}'s
     * timeline, the account the contact works at when it is logged.
     */
    public static TimelineEntry activity(Activity a, UUID accountOfContact) {
        Customer customer = a.accountId() != null ? new Customer(a.accountId(), null) : new Customer(accountOfContact, a.contactId());
        TimelineKind kind = a.type() == ActivityType.CAMPAIGN_RESPONSE ? TimelineKind.CAMPAIGN_RESPONSE_LINKED : TimelineKind.ACTIVITY;
        Instant occurredAt = a.isCompleted() ? a.completedAt() : a.createdAt();
        return new TimelineEntry(a.id(), kind, occurredAt, customer, activitySummary(a), a.createdBy(),
                refs("activityId", a.id(), "accountId", customer.accountId(), "contactId", a.contactId(),
                        "campaignId", a.campaignId(), "campaignResponseId", a.campaignResponseId()),
                details("type", a.type().name(), "subject", a.subject(),
                        "direction", a.direction() == null ? null : a.direction().name(),
                        "scheduledAt", text(a.scheduledAt()), "completedAt", text(a.completedAt()),
                        "status", a.isCompleted() ? "COMPLETED" : "PLANNED"));
    }

    private static String activitySummary(Activity a) {
        if (a.type() == ActivityType.CAMPAIGN_RESPONSE) {
            return "Campaign response linked as a follow-up";
        }
        String label = switch (a.type()) {
            case PHONE_CALL -> "Phone call";
            case EMAIL -> "E-mail";
            case APPOINTMENT -> "Appointment";
            case TASK -> "Task";
            case CAMPAIGN_RESPONSE -> throw new IllegalStateException();
        };
        String direction = a.direction() == null ? "" : " (" + a.direction().name().toLowerCase() + ")";
        if (a.isCompleted()) {
            return label + direction + ": " + a.subject();
        }
        return "Planned " + label.toLowerCase() + direction + ": " + a.subject()
                + (a.scheduledAt() == null ? "" : ", for " + a.scheduledAt());
    }

    // ---- opportunity-service's events

    public static TimelineEntry opportunityCreated(UUID id, Customer customer, UUID opportunityId, String name,
                                                   Amount estimatedRevenue, LocalDate estimatedCloseDate,
                                                   UUID sourceLeadId, UUID sourceCampaignResponseId,
                                                   Instant occurredAt, String actor) {
        String summary = "Opportunity " + quoted(name, opportunityId) + " opened"
                + (estimatedRevenue == null ? "" : ", estimated " + estimatedRevenue)
                + (sourceLeadId == null ? "" : ", from lead " + sourceLeadId);
        return new TimelineEntry(id, TimelineKind.OPPORTUNITY_CREATED, micros(occurredAt), customer, summary, actor,
                refs("opportunityId", opportunityId, "accountId", customer.accountId(), "contactId", customer.contactId(),
                        "leadId", sourceLeadId, "campaignResponseId", sourceCampaignResponseId),
                details("name", name, "estimatedRevenue", estimatedRevenue, "estimatedCloseDate", text(estimatedCloseDate)));
    }

    public static TimelineEntry opportunityWon(UUID id, Customer customer, UUID opportunityId, String name,
                                               Amount actualRevenue, LocalDate actualCloseDate, UUID quoteId, String note,
                                               Instant occurredAt, String actor) {
        String summary = "Opportunity " + quoted(name, opportunityId) + " won"
                + (actualRevenue == null ? "" : ": " + actualRevenue);
        return new TimelineEntry(id, TimelineKind.OPPORTUNITY_WON, micros(occurredAt), customer, summary, actor,
                refs("opportunityId", opportunityId, "accountId", customer.accountId(), "contactId", customer.contactId(),
                        "quoteId", quoteId),
                details("name", name, "actualRevenue", actualRevenue, "actualCloseDate", text(actualCloseDate), "note", note));
    }

    public static TimelineEntry opportunityLost(UUID id, Customer customer, UUID opportunityId, String name, String reason,
                                                String competitor, String note, LocalDate actualCloseDate,
                                                Instant occurredAt, String actor) {
        String how = switch (reason == null ? "LOST" : reason) {
            case "CANCELED" -> " canceled";
            case "OUT_SOLD" -> " out-sold";
            default -> " lost";
        };
        String summary = "Opportunity " + quoted(name, opportunityId) + how + (competitor == null ? "" : " to " + competitor);
        return new TimelineEntry(id, TimelineKind.OPPORTUNITY_LOST, micros(occurredAt), customer, summary, actor,
                refs("opportunityId", opportunityId, "accountId", customer.accountId(), "contactId", customer.contactId()),
                details("name", name, "reason", reason, "competitor", competitor, "note", note,
                        "actualCloseDate", text(actualCloseDate)));
    }

    public static TimelineEntry opportunityReopened(UUID id, Customer customer, UUID opportunityId, String name,
                                                    String previousStatus, String previousStatusReason, String stage,
                                                    Instant occurredAt, String actor) {
        String summary = "Opportunity " + quoted(name, opportunityId) + " reopened"
                + (previousStatus == null ? "" : " (was " + previousStatus + ")");
        return new TimelineEntry(id, TimelineKind.OPPORTUNITY_REOPENED, micros(occurredAt), customer, summary, actor,
                refs("opportunityId", opportunityId, "accountId", customer.accountId(), "contactId", customer.contactId()),
                details("name", name, "previousStatus", previousStatus, "previousStatusReason", previousStatusReason,
                        "stage", stage));
    }

    // ---- billing-service's events

    public static TimelineEntry orderPlaced(UUID id, Customer customer, UUID orderId, String orderNumber,
                                            UUID opportunityId, UUID quoteId, Amount total, Instant occurredAt,
                                            String actor) {
        String summary = "Order " + (orderNumber == null ? orderId : orderNumber) + " placed"
                + (total == null ? "" : ": " + total);
        return new TimelineEntry(id, TimelineKind.ORDER_PLACED, micros(occurredAt), customer, summary, actor,
                refs("orderId", orderId, "accountId", customer.accountId(), "contactId", customer.contactId(),
                        "opportunityId", opportunityId, "quoteId", quoteId),
                details("orderNumber", orderNumber, "total", total));
    }

    public static TimelineEntry orderCanceled(UUID id, Customer customer, UUID orderId, String orderNumber, String reason,
                                              Instant occurredAt, String actor) {
        String summary = "Order " + (orderNumber == null ? orderId : orderNumber) + " canceled"
                + (reason == null ? "" : ": " + reason);
        return new TimelineEntry(id, TimelineKind.ORDER_CANCELED, micros(occurredAt), customer, summary, actor,
                refs("orderId", orderId, "accountId", customer.accountId(), "contactId", customer.contactId()),
                details("orderNumber", orderNumber, "reason", reason));
    }

    public static TimelineEntry invoiceIssued(UUID id, Customer customer, UUID invoiceId, UUID orderId, String number,
                                              Amount total, LocalDate dueDate, Instant occurredAt, String actor) {
        String summary = "Invoice " + number + " issued" + (total == null ? "" : ": " + total)
                + (dueDate == null ? "" : ", due " + dueDate);
        return new TimelineEntry(id, TimelineKind.INVOICE_ISSUED, micros(occurredAt), customer, summary, actor,
                refs("invoiceId", invoiceId, "orderId", orderId, "accountId", customer.accountId(),
                        "contactId", customer.contactId()),
                details("number", number, "total", total, "dueDate", text(dueDate)));
    }

    public static TimelineEntry invoicePaid(UUID id, Customer customer, UUID invoiceId, UUID orderId, String number,
                                            Amount amountPaid, Instant paidAt, Instant occurredAt, String actor) {
        String summary = "Invoice " + (number == null ? invoiceId : number) + " paid"
                + (amountPaid == null ? "" : ": " + amountPaid);
        return new TimelineEntry(id, TimelineKind.INVOICE_PAID, micros(occurredAt), customer, summary, actor,
                refs("invoiceId", invoiceId, "orderId", orderId, "accountId", customer.accountId(),
                        "contactId", customer.contactId()),
                details("number", number, "amountPaid", amountPaid, "paidAt", text(paidAt)));
    }

    public static TimelineEntry invoiceCanceled(UUID id, Customer customer, UUID invoiceId, UUID orderId, String number,
                                                String reason, Instant occurredAt, String actor) {
        String summary = "Invoice " + (number == null ? invoiceId : number) + " canceled"
                + (reason == null ? "" : ": " + reason);
        return new TimelineEntry(id, TimelineKind.INVOICE_CANCELED, micros(occurredAt), customer, summary, actor,
                refs("invoiceId", invoiceId, "orderId", orderId, "accountId", customer.accountId(),
                        "contactId", customer.contactId()),
                details("number", number, "reason", reason));
    }

    // ---- helpers

    private static String quoted(String name, UUID id) {
        return name == null ? String.valueOf(id) : "\"" + name + "\"";
    }

    /** What PostgreSQL keeps, so an entry read back (and a cursor made from it) equals the one written. */
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Map<String, UUID> refs(Object... keysAndValues) {
        Map<String, UUID> refs = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            refs.put((String) keysAndValues[i], (UUID) keysAndValues[i + 1]);
        }
        return refs;
    }

    private static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            details.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }
}
