package dev.salescrm.lead.campaign;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.platform.money.Money;

/**
 * The funnel of one campaign over a period, counted by PostgreSQL in one statement.
 *
 * <p>The period is a cohort: {@code from}–{@code to} (UTC days, both inclusive, either open)
 * selects the <em>responses received</em> in it, and the leads that came in in it — a lead made
 * from a response at the time its response was received, any other lead of the campaign when it
 * was created. Everything further down (qualified, opportunities, won) follows that cohort
 * whenever it happened: "of the responses of November, how many became leads, opportunities and
 * won deals". Canceled responses count for nothing.
 */
@Component
class CampaignFunnel {

    /** The numbers; {@code wonRevenue} per currency (no conversion between currencies), ordered by currency. */
    record Funnel(UUID campaignId, LocalDate from, LocalDate to, long responses, long open, long linked,
                  long convertedToLeads, long convertedToOpportunities, long closed, long leads, long qualifiedLeads,
                  long opportunities, long wonOpportunities, List<Money> wonRevenue) {
    }

    private final DatabaseClient db;
    private final JsonMapper json;

    CampaignFunnel(DatabaseClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    Mono<Funnel> of(UUID campaignId, LocalDate from, LocalDate to) {
        String responsePeriod = period("r.received_at", from, to);
        String leadPeriod = period("coalesce(src.received_at, l.created_at)", from, to);
        String sql = """
                WITH responses AS (
                    SELECT r.id, r.status, r.conversion_action FROM campaign_response r
                    WHERE r.campaign_id = :campaign AND r.status <> 'CANCELED'%s
                ), leads AS (
                    SELECT l.id, l.conversion_status FROM lead l
                    LEFT JOIN campaign_response src ON src.id = l.source_campaign_response_id
                    WHERE l.campaign_id = :campaign%s
                ), opportunities AS (
                    -- each opportunity once, though it may come from a lead and a response of the cohort;
                    -- a UNION of two index lookups rather than an OR, which would scan the table
                    SELECT o.status, o.won_amount, o.won_currency FROM funnel_opportunity o
                    WHERE o.opportunity_id IN (
                        SELECT opportunity_id FROM funnel_opportunity WHERE source_lead_id IN (SELECT id FROM leads)
                        UNION
                        SELECT opportunity_id FROM funnel_opportunity
                        WHERE source_campaign_response_id IN (SELECT id FROM responses))
                )
                SELECT r.*, l.*, o.*,
                       (SELECT coalesce(json_agg(json_build_object('currency', currency, 'amount', amount)
                                                 ORDER BY currency), '[]'::json)::text
                        FROM (SELECT won_currency AS currency, sum(won_amount)::text AS amount
                              FROM opportunities WHERE status = 'WON' GROUP BY won_currency) w) AS won_revenue
                FROM (SELECT count(*) AS responses,
                             count(*) FILTER (WHERE status = 'OPEN') AS open,
                             count(*) FILTER (WHERE conversion_action = 'LINK_EXISTING') AS linked,
                             count(*) FILTER (WHERE conversion_action = 'NEW_LEAD') AS to_leads,
                             count(*) FILTER (WHERE conversion_action = 'NEW_OPPORTUNITY') AS to_opportunities,
                             count(*) FILTER (WHERE conversion_action = 'CLOSE') AS closed
                      FROM responses) r,
                     (SELECT count(*) AS leads,
                             count(*) FILTER (WHERE conversion_status IN ('PENDING', 'COMPLETED')) AS qualified
                      FROM leads) l,
                     (SELECT count(*) AS opportunities, count(*) FILTER (WHERE status = 'WON') AS won
                      FROM opportunities) o
                """.formatted(responsePeriod, leadPeriod);
        var spec = db.sql(sql).bind("campaign", campaignId);
        if (from != null) {
            spec = spec.bind("from", from.atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        if (to != null) {
            spec = spec.bind("to", to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        }
        return spec.map(row -> new Funnel(campaignId, from, to,
                        count(row.get("responses", Long.class)), count(row.get("open", Long.class)),
                        count(row.get("linked", Long.class)), count(row.get("to_leads", Long.class)),
                        count(row.get("to_opportunities", Long.class)), count(row.get("closed", Long.class)),
                        count(row.get("leads", Long.class)), count(row.get("qualified", Long.class)),
                        count(row.get("opportunities", Long.class)), count(row.get("won", Long.class)),
                        revenue(row.get("won_revenue", String.class))))
                .one();
    }

    /** {@code from} inclusive, {@code to} inclusive as a day (so: before the next day's midnight, UTC). */
    private static String period(String column, LocalDate from, LocalDate to) {
        return (from == null ? "" : " AND " + column + " >= :from") + (to == null ? "" : " AND " + column + " < :to");
    }

    private List<Money> revenue(String perCurrency) {
        List<Money> sums = new ArrayList<>();
        for (JsonNode sum : json.readTree(perCurrency)) {
            sums.add(Money.of(sum.get("amount").asString(), sum.get("currency").asString()));
        }
        return List.copyOf(sums);
    }

    private static long count(Long value) {
        return value == null ? 0 : value;
    }
}
