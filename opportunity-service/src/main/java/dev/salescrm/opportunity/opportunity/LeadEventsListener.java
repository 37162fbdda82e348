package dev.salescrm.opportunity.opportunity;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.opportunity.opportunity.domain.Customer;
import dev.salescrm.opportunity.opportunity.domain.Opportunity;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.inbox.Inbox;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.PoisonEventException;
import dev.salescrm.platform.money.Money;

/**
 * Takes {@code crm.lead.qualified.v1} from lead-service through the inbox and opens the
 * opportunity it announces. Other lead events are none of this service's business and are passed
 * over without touching the database.
 */
@Component
class LeadEventsListener {

    static final String CONSUMER = "opportunity-service.lead-events";

    private final Inbox inbox;
    private final LeadConversion conversion;

    LeadEventsListener(Inbox inbox, LeadConversion conversion) {
        this.inbox = inbox;
        this.conversion = conversion;
    }

    @KafkaListener(topics = Topics.LEAD_EVENTS, groupId = "opportunity-service")
    void on(ConsumerRecord<String, String> record) {
        if (!Events.isOtherThan(record, EventTypes.LEAD_QUALIFIED)) {
            inbox.process(record, CONSUMER, this::leadQualified);
        }
    }

    private Mono<Void> leadQualified(IncomingEvent event) {
        JsonNode opportunity = event.data().get("opportunity");
        if (opportunity == null || opportunity.isNull()) {
            return Mono.empty(); // qualified into an account and/or contact only
        }
        UUID leadId = Events.uuid(event, event.data(), "leadId", true);
        UUID opportunityId = Events.uuid(event, opportunity, "opportunityId", true);
        UUID accountId = Events.uuid(event, event.data().path("account"), "accountId", false);
        UUID contactId = Events.uuid(event, event.data().path("contact"), "contactId", false);
        if (accountId == null && contactId == null) {
            throw new PoisonEventException(event.type() + " " + event.id()
                    + " announces an opportunity without an account or a contact");
        }
        Customer customer = accountId != null ? Customer.account(accountId) : Customer.contact(contactId);
        JsonNode lead = event.data().path("lead");
        String ownerId = Events.firstText(opportunity.path("ownerId"), lead.path("ownerId"));
        String name = Events.firstText(opportunity.path("name"), lead.path("topic"), lead.path("companyName"));
        if (name == null) {
            name = String.join(" ", Events.presentTexts(lead.path("firstName"), lead.path("lastName")));
        }
        try {
            Opportunity.Proposal proposal = new Opportunity.Proposal(name, customer, ownerId,
                    money(opportunity.path("estimatedRevenue")), date(opportunity.path("estimatedCloseDate")),
                    leadId, Events.uuid(event, event.data(), "sourceCampaignResponseId", false));
            // The opportunity is built (and validated) here, before the returned Mono runs.
            return conversion.openForQualifiedLead(opportunityId, proposal, event.text("actor"));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": " + e.getMessage());
        }
    }

    private static Money money(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        return Money.of(node.path("amount").asString(null), node.path("currency").asString(null));
    }

    private static LocalDate date(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        try {
            return LocalDate.parse(node.asString());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("estimatedCloseDate is not a date (YYYY-MM-DD)");
        }
    }

    /** Reading event data the way the contract says it is shaped; what breaks the contract is poison. */
    static final class Events {

        private Events() {
        }

        /** True when the record says it is of a type other than {@code wanted}; records without a type go to the inbox, which parks them. */
        static boolean isOtherThan(ConsumerRecord<String, String> record, String wanted) {
            Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
            return type != null && type.value() != null
                    && !wanted.equals(new String(type.value(), StandardCharsets.UTF_8));
        }

        static UUID uuid(IncomingEvent event, JsonNode parent, String field, boolean required) {
            JsonNode node = parent.path(field);
            if (node.isMissingNode() || node.isNull()) {
                if (required) {
                    throw new PoisonEventException(event.type() + " " + event.id() + " lacks the field '" + field + "'");
                }
                return null;
            }
            try {
                return UUID.fromString(node.asString());
            } catch (IllegalArgumentException e) {
                throw new PoisonEventException(event.type() + " " + event.id() + " has a " + field + " that is not a UUID");
            }
        }

        static String firstText(JsonNode... candidates) {
            for (JsonNode node : candidates) {
                if (node.isString() && !node.asString().isBlank()) {
                    return node.asString();
                }
            }
            return null;
        }

        static List<String> presentTexts(JsonNode... candidates) {
            List<String> texts = new ArrayList<>();
            for (JsonNode node : candidates) {
                if (node.isString() && !node.asString().isBlank()) {
                    texts.add(node.asString());
                }
            }
            return texts;
        }
    }
}
