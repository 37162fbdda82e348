package dev.salescrm.lead.campaign;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.lead.OpportunityEventsListener;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.contracts.ProducedEventContract;

import static dev.salescrm.lead.campaign.CampaignFixtures.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The funnel of a campaign against a hand count: 20 responses decided in every way, some of the
 * resulting leads qualified (one of them rejected by account-service), opportunities created, won,
 * lost and reopened by opportunity-service — whose events are published here, shaped (and checked)
 * per their schemas — and the same events delivered again, which must change no number.
 */
@ServiceTest
class CampaignFunnelTest {

    @Autowired WebTestClient http;
    @Autowired JsonMapper json;
    @Autowired ApplicationContext context;
    @Autowired KafkaTemplate<String, String> kafka;

    /** Every opportunity event sent, to deliver them all again. */
    final List<Sent> sent = new ArrayList<>();

    record Sent(String key, String type, String eventId, String data) {
    }

    @Test
    void everyNumberOfTheFunnelIsTheHandCountAndRepeatedEventsChangeNone() throws Exception {
        var f = new CampaignFixtures(http, json, context);
        String campaign = f.campaign("Tehran Expo 2026").get("id").asString();
        String otherCampaign = f.campaign("Some other campaign").get("id").asString();
        // The cohort of the test: responses received on day0+1 … day0+20; two earlier ones around day0-10.
        LocalDate day0 = LocalDate.now(ZoneOffset.UTC).minusDays(60);

        // 20 responses in the period, posted as one follow-up form; 2 earlier ones.
        List<Map<String, Object>> form = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            form.add(person("نفر", "پاسخ-" + i, "شرکت " + i, "r" + i + "@example.ir",
                    day0.plusDays(i).atTime(10, 0).toInstant(ZoneOffset.UTC).toString()));
        }
        List<String> r = new ArrayList<>();
        r.add(null); // r.get(i) is response i
        http.post().uri("/api/campaigns/{id}/responses", campaign).contentType(MediaType.APPLICATION_JSON).bodyValue(form)
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("items").forEach(item -> r.add(item.get("id").asString()));
        String early1 = f.response(campaign, person("Early", "One", null, null,
                day0.minusDays(10).atStartOfDay().toInstant(ZoneOffset.UTC).toString())).get("id").asString();
        String early2 = f.response(campaign, person("Early", "Two", "Early Co", null,
                day0.minusDays(9).atStartOfDay().toInstant(ZoneOffset.UTC).toString())).get("id").asString();
        String elsewhere = f.response(otherCampaign, person("Other", "Campaign", null, null, null)).get("id").asString();

        // Leads that were there before: one outside any campaign, two made directly in the campaign.
        String known = lead(Map.of("lastName", "Known-Before"));
        String direct1 = lead(Map.of("lastName", "Direct-1", "campaignId", campaign));
        String direct2 = lead(Map.of("lastName", "Direct-2", "campaignId", campaign));

        // Decisions: 1-6 new leads, 7-10 links, 11-13 new opportunities, 14-17 closed, 18-20 left open.
        List<String> newLeads = new ArrayList<>();
        newLeads.add(null);
        for (int i = 1; i <= 6; i++) {
            newLeads.add(f.converted(r.get(i), Map.of("action", "NEW_LEAD")).at("/conversion/leadId").asString());
        }
        f.converted(r.get(7), Map.of("action", "LINK_EXISTING", "leadId", known));
        f.converted(r.get(8), Map.of("action", "LINK_EXISTING", "leadId", known));
        f.converted(r.get(9), Map.of("action", "LINK_EXISTING", "contactId", UUID.randomUUID().toString()));
        f.converted(r.get(10), Map.of("action", "LINK_EXISTING", "leadId", direct2));
        List<String> responseOpportunities = new ArrayList<>();
        for (int i = 11; i <= 13; i++) {
            responseOpportunities.add(f.converted(r.get(i), Map.of("action", "NEW_OPPORTUNITY",
                    "accountId", UUID.randomUUID().toString(), "name", "Expo deal " + i)).at("/conversion/opportunityId").asString());
        }
        for (int i = 14; i <= 17; i++) {
            f.converted(r.get(i), Map.of("action", "CLOSE", "reason", "not interested"));
        }
        f.converted(early1, Map.of("action", "CLOSE", "reason", "wrong number"));
        String earlyLead = f.converted(early2, Map.of("action", "NEW_LEAD")).at("/conversion/leadId").asString();
        String elsewhereOpportunity = f.converted(elsewhere, Map.of("action", "NEW_OPPORTUNITY",
                "accountId", UUID.randomUUID().toString(), "name", "Not ours")).at("/conversion/opportunityId").asString();

        // Qualified: new leads 1, 2, 3 and direct lead 1; lead 4 too, but account-service rejects it.
        String qualified1 = qualify(newLeads.get(1), true);
        String qualified2 = qualify(newLeads.get(2), true);
        qualify(newLeads.get(3), false);
        String qualifiedDirect = qualify(direct1, true);
        qualify(newLeads.get(4), false);
        send(Topics.ACCOUNT_EVENTS, newLeads.get(4), EventTypes.LEAD_CONVERSION_REJECTED, UUID.randomUUID().toString(),
                data("leadId", newLeads.get(4), "reason", "ACCOUNT_NOT_FOUND", "occurredAt", "2026-11-26T10:15:31Z"));
        String knownOpportunity = UUID.randomUUID().toString();

        // opportunity-service: what it created, won, lost and reopened.
        created(qualified1, "sourceLeadId", newLeads.get(1), "sourceCampaignResponseId", r.get(1));
        created(qualified2, "sourceLeadId", newLeads.get(2));
        created(qualifiedDirect, "sourceLeadId", direct1);
        for (String o : responseOpportunities) {
            created(o, "sourceCampaignResponseId", r.get(11 + responseOpportunities.indexOf(o)));
        }
        created(knownOpportunity, "sourceLeadId", known);                       // a lead outside the campaign
        created(elsewhereOpportunity, "sourceCampaignResponseId", elsewhere);   // another campaign's response
        created(UUID.randomUUID().toString());                                   // made by hand, no source
        won(qualified1, "1000000000.00", "IRR", "sourceLeadId", newLeads.get(1));
        won(responseOpportunities.get(0), "2500.00", "EUR", "sourceCampaignResponseId", r.get(11));
        won(responseOpportunities.get(1), "500.00", "EUR");
        reopened(responseOpportunities.get(1));
        won(responseOpportunities.get(1), "750.50", "EUR");                     // won → reopened → won: once
        won(responseOpportunities.get(2), "100.00", "EUR");
        reopened(responseOpportunities.get(2));                                 // won → reopened: open again
        won(qualifiedDirect, "300000000.00", "IRR", "sourceLeadId", direct1);
        reopened(qualifiedDirect);
        lost(qualifiedDirect);                                                  // won, reopened, lost: not won
        lost(qualified2);
        won(knownOpportunity, "999.00", "EUR", "sourceLeadId", known);
        won(elsewhereOpportunity, "999.00", "EUR", "sourceCampaignResponseId", elsewhere);

        // The hand count, for the period of the 20 responses...
        Map<String, Object> period = expected(20, 3, 4, 6, 3, 4,
                6,            // leads: the 6 made from responses (direct leads came in today, outside the period)
                3,            // qualified: new leads 1, 2, 3 (4 was rejected)
                5,            // opportunities: from new leads 1 and 2, and from responses 11, 12, 13
                3,            // won: from new lead 1, responses 11 and 12 (13 was won, then reopened)
                // EUR: 2500.00 (11) + 750.50 (12's last win); IRR: new lead 1. Sorted by currency.
                List.of(money("3250.50", "EUR"), money("1000000000.00", "IRR")));
        // ...for all time: the 2 earlier responses, their lead, and the 2 direct leads join...
        Map<String, Object> allTime = expected(22, 3, 4, 7, 3, 5, 9, 4, 6, 3,
                List.of(money("3250.50", "EUR"), money("1000000000.00", "IRR")));
        // ...and for the days of the 2 earlier responses alone.
        Map<String, Object> early = expected(2, 0, 0, 1, 0, 1, 1, 0, 0, 0, List.of());

        String inPeriod = "?from=" + day0.plusDays(1) + "&to=" + day0.plusDays(20);
        String earlyDays = "?from=" + day0.minusDays(15) + "&to=" + day0.minusDays(5);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(funnel(campaign, inPeriod)).isEqualTo(period);
            assertThat(funnel(campaign, "")).isEqualTo(allTime);
        });
        assertThat(funnel(campaign, earlyDays)).isEqualTo(early);
        assertThat(earlyLead).isNotNull();

        // Everything again: the same records (same ce_id, as after a relay restart), and the
        // outcomes once more under new ids (as a second producer session would): no number moves.
        List<Sent> first = List.copyOf(sent);
        for (Sent s : first) {
            send(Topics.OPPORTUNITY_EVENTS, s.key(), s.type(), s.eventId(), s.data());
        }
        for (Sent s : first) {
            send(Topics.OPPORTUNITY_EVENTS, s.key(), s.type(), UUID.randomUUID().toString(), s.data());
        }
        awaitProcessed(first.stream().map(Sent::key).distinct().toList());
        assertThat(funnel(campaign, inPeriod)).isEqualTo(period);
        assertThat(funnel(campaign, "")).isEqualTo(allTime);
        assertThat(f.count("SELECT count(*) FROM funnel_opportunity WHERE status = 'WON'")).isEqualTo(5);

        // Bad periods and unknown campaigns.
        http.get().uri("/api/campaigns/{id}/funnel?from=2026-11-30&to=2026-11-01", campaign).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("to");
        http.get().uri("/api/campaigns/{id}/funnel?from=yesterday", campaign).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("from");
        http.get().uri("/api/campaigns/{id}/funnel", "0190f0c8-0000-7000-8000-000000000404").exchange()
                .expectStatus().isNotFound();
    }

    // ---- the funnel --------------------------------------------------------------------------------

    private Map<String, Object> funnel(String campaign, String query) {
        JsonNode body = http.get().uri("/api/campaigns/" + campaign + "/funnel" + query).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        Map<String, Object> numbers = new LinkedHashMap<>();
        for (String name : List.of("responses", "open", "linked", "convertedToLeads", "convertedToOpportunities",
                "closed", "leads", "qualifiedLeads", "opportunities", "wonOpportunities")) {
            numbers.put(name, body.get(name).asLong());
        }
        List<Map<String, String>> revenue = new ArrayList<>();
        body.get("wonRevenue").forEach(m -> revenue.add(money(m.get("amount").asString(), m.get("currency").asString())));
        numbers.put("wonRevenue", revenue);
        return numbers;
    }

    private static Map<String, Object> expected(long responses, long open, long linked, long toLeads, long toOpportunities,
                                                long closed, long leads, long qualified, long opportunities, long won,
                                                List<Map<String, String>> revenue) {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("responses", responses);
        numbers.put("open", open);
        numbers.put("linked", linked);
        numbers.put("convertedToLeads", toLeads);
        numbers.put("convertedToOpportunities", toOpportunities);
        numbers.put("closed", closed);
        numbers.put("leads", leads);
        numbers.put("qualifiedLeads", qualified);
        numbers.put("opportunities", opportunities);
        numbers.put("wonOpportunities", won);
        numbers.put("wonRevenue", revenue);
        return numbers;
    }

    private static Map<String, String> money(String amount, String currency) {
        return Map.of("amount", amount, "currency", currency);
    }

    // ---- lead-service itself -------------------------------------------------------------------------

    private String lead(Map<String, Object> body) {
        return http.post().uri("/api/leads").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
    }

    /** Qualifies the lead; returns the announced opportunity id, if one was asked for. */
    private String qualify(String leadId, boolean withOpportunity) {
        Map<String, Object> body = withOpportunity
                ? Map.of("account", Map.of("create", true), "opportunity", Map.of("create", true, "name", "Deal " + leadId))
                : Map.of("account", Map.of("create", true));
        JsonNode lead = http.post().uri("/api/leads/{id}/qualify", leadId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange().expectStatus().isAccepted()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return withOpportunity ? lead.at("/conversion/opportunityId").asString() : null;
    }

    // ---- opportunity-service, played here --------------------------------------------------------------

    private void created(String opportunityId, String... sources) throws Exception {
        Map<String, Object> data = data("opportunityId", opportunityId, "name", "Opportunity " + opportunityId,
                "accountId", UUID.randomUUID().toString(), "ownerId", "bob", "stage", "QUALIFY", "status", "OPEN",
                "probability", 10, "version", 1, "occurredAt", "2026-11-26T10:15:30Z");
        for (int i = 0; i < sources.length; i += 2) {
            data.put(sources[i], sources[i + 1]);
        }
        opportunityEvent(opportunityId, EventTypes.OPPORTUNITY_CREATED, data);
    }

    private void won(String opportunityId, String amount, String currency, String... sources) throws Exception {
        Map<String, Object> data = data("opportunityId", opportunityId, "actualRevenue",
                Map.of("amount", amount, "currency", currency), "actualCloseDate", "2026-11-26", "version", 5,
                "occurredAt", "2026-11-26T11:00:00Z");
        for (int i = 0; i < sources.length; i += 2) {
            data.put(sources[i], sources[i + 1]);
        }
        opportunityEvent(opportunityId, EventTypes.OPPORTUNITY_WON, data);
    }

    private void lost(String opportunityId) throws Exception {
        opportunityEvent(opportunityId, EventTypes.OPPORTUNITY_LOST, data("opportunityId", opportunityId,
                "reason", "OUT_SOLD", "version", 7, "occurredAt", "2026-11-26T12:00:00Z"));
    }

    private void reopened(String opportunityId) throws Exception {
        opportunityEvent(opportunityId, EventTypes.OPPORTUNITY_REOPENED, data("opportunityId", opportunityId,
                "previousStatus", "WON", "previousStatusReason", "WON", "stage", "CLOSE", "probability", 90,
                "version", 6, "occurredAt", "2026-11-26T11:30:00Z"));
    }

    private void opportunityEvent(String opportunityId, String type, Map<String, Object> data) throws Exception {
        String payload = json.writeValueAsString(data);
        String eventId = UUID.randomUUID().toString();
        send(Topics.OPPORTUNITY_EVENTS, opportunityId, type, eventId, payload);
        sent.add(new Sent(opportunityId, type, eventId, payload));
    }

    /**
     * Waits until every record sent so far under these keys was taken in: a stage change (which
     * the funnel ignores) is sent last under each key — same key, same partition, and the listener
     * handles a partition in order — and each of those must be in the inbox.
     */
    private void awaitProcessed(List<String> keys) throws Exception {
        List<String> markers = new ArrayList<>();
        for (String key : keys) {
            String id = UUID.randomUUID().toString();
            send(Topics.OPPORTUNITY_EVENTS, key, EventTypes.OPPORTUNITY_STAGE_CHANGED, id, json.writeValueAsString(
                    data("opportunityId", key, "previousStage", "QUALIFY", "stage", "DEVELOP", "probability", 40,
                            "version", 9, "occurredAt", "2026-11-26T13:00:00Z")));
            markers.add(id);
        }
        var f = new CampaignFixtures(http, json, context);
        await().atMost(Duration.ofSeconds(60)).until(() -> markers.stream().allMatch(id -> f.count(
                "SELECT count(*) FROM inbox WHERE consumer = $1 AND event_id = $2",
                OpportunityEventsListener.CONSUMER, id) == 1));
    }

    private void send(String topic, String key, String type, String eventId, Map<String, Object> data) throws Exception {
        send(topic, key, type, eventId, json.writeValueAsString(data));
    }

    /** Sends a record as the owning service would; its data must validate against the type's published schema. */
    private void send(String topic, String key, String type, String eventId, String data) throws Exception {
        ProducedEventContract.check(type, data);
        kafka.send(TestEvents.record(topic, key, type, eventId, data)).get();
    }

    private static Map<String, Object> data(Object... pairs) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            data.put((String) pairs[i], pairs[i + 1]);
        }
        return data;
    }
}
