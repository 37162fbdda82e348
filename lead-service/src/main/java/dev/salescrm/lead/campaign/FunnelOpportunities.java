package dev.salescrm.lead.campaign;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.platform.inbox.IncomingEvent;
import dev.salescrm.platform.inbox.PoisonEventException;
import dev.salescrm.platform.money.Money;

import static dev.salescrm.platform.persistence.SqlValues.uuid;

/**
 * What the campaign funnel needs to know of opportunities, kept from {@code crm.opportunity.events.v1}:
 * one row per opportunity that came from a lead or a campaign response ({@code sourceLeadId},
 * {@code sourceCampaignResponseId}), with its current outcome (OPEN, WON with the actual revenue,
 * LOST). Each event <em>sets</em> the outcome, never adds to a count, so an event delivered twice
 * changes nothing and won → reopened → won is one won opportunity. Events of one opportunity come
 * in order (same key, same partition, a blocking listener). Opportunities without a source are
 * not kept.
 */
@Component
public class FunnelOpportunities {

    private final DatabaseClient db;

    FunnelOpportunities(DatabaseClient db) {
        this.db = db;
    }

    /** Applies one opportunity event (inside the inbox's transaction); other types change nothing. */
    public Mono<Void> record(IncomingEvent event) {
        return switch (event.type()) {
            case EventTypes.OPPORTUNITY_CREATED -> opened(event);
            case EventTypes.OPPORTUNITY_WON -> won(event);
            case EventTypes.OPPORTUNITY_LOST -> outcome(event, "LOST");
            case EventTypes.OPPORTUNITY_REOPENED -> outcome(event, "OPEN");
            default -> Mono.empty();
        };
    }

    private Mono<Void> opened(IncomingEvent event) {
        UUID lead = idIn(event, "sourceLeadId", false);
        UUID response = idIn(event, "sourceCampaignResponseId", false);
        if (lead == null && response == null) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO funnel_opportunity (opportunity_id, source_lead_id, source_campaign_response_id, status,
                                                        updated_at)
                        VALUES (:id, :lead, :response, 'OPEN', now())
                        ON CONFLICT (opportunity_id) DO UPDATE SET
                            source_lead_id = coalesce(funnel_opportunity.source_lead_id, EXCLUDED.source_lead_id),
                            source_campaign_response_id = coalesce(funnel_opportunity.source_campaign_response_id,
                                                                   EXCLUDED.source_campaign_response_id)
                        """)
                .bind("id", idIn(event, "opportunityId", true))
                .bind("lead", uuid(lead))
                .bind("response", uuid(response))
                .fetch().rowsUpdated().then();
    }

    /** Won with its actual revenue; known from this event alone if the created event was never seen. */
    private Mono<Void> won(IncomingEvent event) {
        UUID id = idIn(event, "opportunityId", true);
        Money revenue = money(event, "actualRevenue");
        UUID lead = idIn(event, "sourceLeadId", false);
        UUID response = idIn(event, "sourceCampaignResponseId", false);
        String sql = lead == null && response == null
                ? """
                  UPDATE funnel_opportunity SET status = 'WON', won_amount = :amount, won_currency = :currency,
                                                updated_at = now()
                  WHERE opportunity_id = :id
                  """
                : """
                  INSERT INTO funnel_opportunity (opportunity_id, source_lead_id, source_campaign_response_id, status,
                                                  won_amount, won_currency, updated_at)
                  VALUES (:id, :lead, :response, 'WON', :amount, :currency, now())
                  ON CONFLICT (opportunity_id) DO UPDATE SET
                      status = 'WON', won_amount = EXCLUDED.won_amount, won_currency = EXCLUDED.won_currency,
                      updated_at = now(),
                      source_lead_id = coalesce(funnel_opportunity.source_lead_id, EXCLUDED.source_lead_id),
                      source_campaign_response_id = coalesce(funnel_opportunity.source_campaign_response_id,
                                                             EXCLUDED.source_campaign_response_id)
                  """;
        var spec = db.sql(sql).bind("id", id).bind("amount", revenue.amount())
                .bind("currency", revenue.currency().getCurrencyCode());
        if (lead != null || response != null) {
            spec = spec.bind("lead", uuid(lead)).bind("response", uuid(response));
        }
        return spec.fetch().rowsUpdated().then();
    }

    /** Lost, or open again: no won revenue any more. */
    private Mono<Void> outcome(IncomingEvent event, String status) {
        return db.sql("""
                        UPDATE funnel_opportunity SET status = :status, won_amount = NULL, won_currency = NULL,
                                                      updated_at = now()
                        WHERE opportunity_id = :id
                        """)
                .bind("status", status)
                .bind("id", idIn(event, "opportunityId", true))
                .fetch().rowsUpdated().then();
    }

    private static UUID idIn(IncomingEvent event, String field, boolean required) {
        String text = required ? event.requiredText(field) : event.text(field);
        if (text == null) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": " + field + " is not a UUID");
        }
    }

    private static Money money(IncomingEvent event, String field) {
        JsonNode node = event.data().get(field);
        if (node == null || !node.isObject()) {
            throw new PoisonEventException(event.type() + " " + event.id() + " lacks the money field '" + field + "'");
        }
        try {
            return Money.of(node.path("amount").asString(null), node.path("currency").asString(null));
        } catch (IllegalArgumentException e) {
            throw new PoisonEventException(event.type() + " " + event.id() + ": " + field + " is not money: " + e.getMessage());
        }
    }
}
