package dev.salescrm.opportunity.quote;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.contracts.EventTypes;
import dev.salescrm.contracts.Topics;
import dev.salescrm.platform.events.CloudEventHeaders;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxEvent;
import dev.salescrm.platform.outbox.OutgoingEventCheck;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestEvents;
import dev.salescrm.platform.test.TestTokens;
import dev.salescrm.platform.test.TopicReader;
import dev.salescrm.platform.test.contracts.EventContractAutoConfiguration;

import static dev.salescrm.opportunity.quote.QuoteFixture.BOUND;
import static dev.salescrm.opportunity.quote.QuoteFixture.assertAmount;
import static dev.salescrm.opportunity.quote.QuoteFixture.assertIllegal;
import static dev.salescrm.opportunity.quote.QuoteFixture.id;
import static dev.salescrm.opportunity.quote.QuoteFixture.lineOf;
import static dev.salescrm.opportunity.quote.QuoteFixture.money;
import static dev.salescrm.opportunity.quote.QuoteFixture.percentBands;
import static dev.salescrm.opportunity.quote.QuoteFixture.writeIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The deal-closure saga, opportunity-service's part: given an offered quote, when the customer
 * accepts it, then the quote is won with an order id, {@code crm.quote.accepted.v1} carries what
 * billing needs, and — if asked — the opportunity is won with the quote's total and its other open
 * quotes are closed; all of it on the opportunity's topic under the opportunity's key, in order.
 * And an opportunity won or lost any other way closes its open quotes.
 */
@ServiceTest
class DealClosureTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");

    @Autowired ApplicationContext context;
    @Autowired DatabaseClient db;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired JsonMapper json;

    QuoteFixture f;

    @BeforeEach
    void fixture() {
        f = new QuoteFixture(context);
    }

    @Test
    void acceptingWithCloseOpportunityWinsTheOpportunityWithTheQuoteTotalAndClosesItsOtherOpenQuotes() throws Exception {
        UUID opportunity = f.opportunity("alice", "IRR");
        UUID list = Ids.newId();
        UUID product = Ids.newId();
        UUID seat = Ids.newId();
        f.price(list, product, seat, Money.of("125000.00", "IRR"), "1", percentBands("10", "50", "5", "50", null, "10"));

        JsonNode offer = f.quote(ALICE, opportunity, list, "پیشنهاد اصلی");
        Map<String, Object> seats = new HashMap<>(lineOf(product, seat, "10"));
        seats.put("manualDiscount", money("70000.00", "IRR"));
        f.addLine(ALICE, offer, seats);
        f.addLine(ALICE, offer, writeIn("آموزش کاربران", "2", "5000000.00", "IRR"));
        JsonNode activeOffer = f.verb(ALICE, offer, "activate", null, 200);
        // 10 × 125,000 = 1,250,000 − 5 % (62,500) − 70,000 = 1,117,500; + 10,000,000 = 11,117,500
        assertAmount(activeOffer.at("/totals/totalAmount"), "11117500.00", "IRR");

        JsonNode otherDraft = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "Draft B"), lineOf(product, seat, "1"));
        JsonNode otherActive = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "Active C"), lineOf(product, seat, "2"));
        f.verb(ALICE, otherActive, "activate", null, 200);
        JsonNode turnedDown = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "Lost D"), lineOf(product, seat, "3"));
        f.verb(ALICE, turnedDown, "activate", null, 200);
        f.verb(ALICE, turnedDown, "close", Map.of("reason", "LOST"), 200);

        JsonNode accepted = f.verb(ALICE, offer, "accept", Map.of("closeOpportunity", true), 200);
        assertThat(accepted.get("status").asString()).isEqualTo("WON");
        assertThat(accepted.get("statusReason").asString()).isEqualTo("WON");
        String orderId = accepted.get("orderId").asString();
        assertThat(UUID.fromString(orderId).version()).isEqualTo(7);
        assertThat(accepted.get("lines")).isEqualTo(activeOffer.get("lines"));

        // The opportunity is won with the quote's total as actual revenue, exactly as /win would.
        JsonNode won = f.body(f.call(HttpMethod.GET, ALICE, "/api/opportunities/" + opportunity, null, null), 200);
        assertThat(won.get("status").asString()).isEqualTo("WON");
        assertThat(won.get("probability").asInt()).isEqualTo(100);
        assertThat(f.count("SELECT count(*) FROM opportunity_close WHERE opportunity_id = :id AND outcome = 'WON' "
                + "AND actual_revenue_amount = 11117500.00 AND actual_revenue_currency = 'IRR' AND closed_by = 'alice'",
                opportunity)).isEqualTo(1);
        // Its other open quotes are closed with it; a quote already closed stays as it was.
        assertThat(status(otherDraft)).isEqualTo("CLOSED/OPPORTUNITY_WON");
        assertThat(status(otherActive)).isEqualTo("CLOSED/OPPORTUNITY_WON");
        assertThat(status(turnedDown)).isEqualTo("CLOSED/LOST");
        assertThat(status(offer)).isEqualTo("WON/WON");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(offer) + "/accept", Map.of("closeOpportunity", true)), "WON");
        f.post(ALICE, "/api/opportunities/" + opportunity + "/quotes", Map.of("name", "Late", "priceListId",
                list.toString(), "validUntil", QuoteFixture.NEXT_YEAR)).expectStatus().isEqualTo(409);

        // On the topic, under the opportunity's key, in commit order: accepted, won, then the closes it caused.
        List<ConsumerRecord<String, String>> records = f.eventsOf(opportunity,
                read -> f.typesOf(read).stream().filter(EventTypes.QUOTE_CLOSED::equals).count() == 3);
        List<String> types = f.typesOf(records);
        assertThat(types.stream().filter(EventTypes.QUOTE_ACTIVATED::equals).count()).isEqualTo(3);
        int acceptedAt = types.indexOf(EventTypes.QUOTE_ACCEPTED);
        int wonAt = types.indexOf(EventTypes.OPPORTUNITY_WON);
        assertThat(acceptedAt).isNotNegative().isLessThan(wonAt);
        assertThat(types.subList(wonAt + 1, types.size()))
                .containsExactly(EventTypes.QUOTE_CLOSED, EventTypes.QUOTE_CLOSED);
        for (ConsumerRecord<String, String> record : records) {
            assertThat(record.key()).isEqualTo(opportunity.toString());
            assertThat(TopicReader.header(record, CloudEventHeaders.SOURCE)).isEqualTo("/crm/opportunity-service");
        }

        JsonNode acceptedEvent = f.data(records.get(acceptedAt));
        assertThat(acceptedEvent.get("quoteId").asString()).isEqualTo(id(offer));
        assertThat(acceptedEvent.get("opportunityId").asString()).isEqualTo(opportunity.toString());
        assertThat(acceptedEvent.get("orderId").asString()).isEqualTo(orderId);
        assertThat(acceptedEvent.get("accountId").asString()).isEqualTo(f.accountOf(opportunity).toString());
        assertThat(acceptedEvent.has("contactId")).isFalse();
        assertThat(acceptedEvent.get("ownerId").asString()).isEqualTo("alice");
        assertThat(acceptedEvent.get("name").asString()).isEqualTo("پیشنهاد اصلی");
        assertThat(acceptedEvent.get("revision").asInt()).isZero();
        assertThat(acceptedEvent.get("priceListId").asString()).isEqualTo(list.toString());
        assertThat(acceptedEvent.get("closeOpportunity").asBoolean()).isTrue();
        assertThat(acceptedEvent.get("version").asLong()).isEqualTo(accepted.get("version").asLong());
        assertThat(acceptedEvent.get("actor").asString()).isEqualTo("alice");
        assertThat(acceptedEvent.get("occurredAt").asString()).endsWith("Z");
        JsonNode eventLines = acceptedEvent.get("lines");
        assertThat(eventLines).hasSize(2);
        assertThat(eventLines.at("/0/lineId").asString()).isEqualTo(accepted.at("/lines/0/id").asString());
        assertThat(eventLines.at("/0/productId").asString()).isEqualTo(product.toString());
        assertThat(eventLines.at("/0/unitId").asString()).isEqualTo(seat.toString());
        assertThat(eventLines.at("/0/quantity").asString()).isEqualTo("10");
        assertAmount(eventLines.at("/0/pricePerUnit"), "125000.00", "IRR");
        assertAmount(eventLines.at("/0/manualDiscount"), "70000.00", "IRR");
        assertAmount(eventLines.at("/0/extendedAmount"), "1117500.00", "IRR");
        assertThat(eventLines.at("/1/productId").isMissingNode()).as("a write-in has no product").isTrue();
        assertThat(eventLines.at("/1/description").asString()).isEqualTo("آموزش کاربران");
        assertAmount(acceptedEvent.at("/totals/detailAmount"), "11117500.00", "IRR");
        assertAmount(acceptedEvent.at("/totals/discountAmount"), "0.00", "IRR");
        assertAmount(acceptedEvent.at("/totals/totalAmount"), "11117500.00", "IRR");

        JsonNode wonEvent = f.data(records.get(wonAt));
        assertAmount(wonEvent.get("actualRevenue"), "11117500.00", "IRR");
        assertThat(wonEvent.get("actor").asString()).isEqualTo("alice");

        JsonNode activated = records.stream().filter(r -> EventTypes.QUOTE_ACTIVATED.equals(TopicReader.header(r, "ce_type")))
                .map(f::data).filter(d -> d.get("quoteId").asString().equals(id(offer))).findFirst().orElseThrow();
        assertThat(activated.get("lines")).isEqualTo(eventLines);
        assertThat(activated.get("totals")).isEqualTo(acceptedEvent.get("totals"));
        assertThat(activated.get("validUntil").asString()).isEqualTo(QuoteFixture.NEXT_YEAR);
        assertThat(activated.get("name").asString()).isEqualTo("پیشنهاد اصلی");
        assertThat(activated.get("revision").asInt()).isZero();

        Map<String, String> closedReasons = new HashMap<>();
        records.stream().filter(r -> EventTypes.QUOTE_CLOSED.equals(TopicReader.header(r, "ce_type"))).map(f::data)
                .forEach(d -> closedReasons.put(d.get("quoteId").asString(), d.get("reason").asString()));
        assertThat(closedReasons).isEqualTo(Map.of(id(otherDraft), "OPPORTUNITY_WON", id(otherActive), "OPPORTUNITY_WON",
                id(turnedDown), "LOST"));
    }

    @Test
    void losingTheOpportunityClosesItsOpenQuotesAndLeavesAnAcceptedOneWon() throws Exception {
        UUID opportunity = f.opportunity("alice", "EUR");
        UUID list = Ids.newId();
        Map<String, Object> line = writeIn("Consulting day", "1", "800.00", "EUR");
        JsonNode draft = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "Draft"), line);
        JsonNode active = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "Active"), line);
        f.verb(ALICE, active, "activate", null, 200);
        JsonNode accepted = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "Accepted"), line);
        f.verb(ALICE, accepted, "activate", null, 200);
        JsonNode won = f.verb(ALICE, accepted, "accept", null, 200);
        assertThat(status(accepted)).isEqualTo("WON/WON");

        f.body(f.post(ALICE, "/api/opportunities/" + opportunity + "/lose", Map.of("reason", "OUT_SOLD",
                "competitor", "رقیب")), 200);
        assertThat(status(draft)).isEqualTo("CLOSED/OPPORTUNITY_LOST");
        assertThat(status(active)).isEqualTo("CLOSED/OPPORTUNITY_LOST");
        assertThat(status(accepted)).isEqualTo("WON/WON");

        List<ConsumerRecord<String, String>> records = f.eventsOf(opportunity,
                read -> f.typesOf(read).stream().filter(EventTypes.QUOTE_CLOSED::equals).count() == 2);
        List<String> types = f.typesOf(records);
        assertThat(types.subList(types.indexOf(EventTypes.OPPORTUNITY_LOST), types.size()))
                .containsExactly(EventTypes.OPPORTUNITY_LOST, EventTypes.QUOTE_CLOSED, EventTypes.QUOTE_CLOSED);
        JsonNode acceptedEvent = records.stream().filter(r -> EventTypes.QUOTE_ACCEPTED.equals(TopicReader.header(r, "ce_type")))
                .map(f::data).findFirst().orElseThrow();
        assertThat(acceptedEvent.get("closeOpportunity").asBoolean()).isFalse();
        assertThat(acceptedEvent.get("orderId").asString()).isEqualTo(won.get("orderId").asString());
        records.stream().filter(r -> EventTypes.QUOTE_CLOSED.equals(TopicReader.header(r, "ce_type"))).map(f::data)
                .forEach(closed -> {
                    assertThat(closed.get("reason").asString()).isEqualTo("OPPORTUNITY_LOST");
                    assertThat(closed.get("quoteId").asString()).isIn(id(draft), id(active));
                    assertThat(closed.get("revision").asInt()).isZero();
                    assertThat(closed.get("actor").asString()).isEqualTo("alice");
                });

        // Reopened, the opportunity takes new quotes; the closed ones stay closed.
        f.body(f.post(ALICE, "/api/opportunities/" + opportunity + "/reopen", null), 200);
        assertThat(status(draft)).isEqualTo("CLOSED/OPPORTUNITY_LOST");
        JsonNode fresh = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "After reopening"), line);
        assertThat(f.verb(ALICE, fresh, "activate", null, 200).get("status").asString()).isEqualTo("ACTIVE");
    }

    @Test
    void winningTheOpportunityDirectlyClosesItsOpenQuotes() {
        UUID opportunity = f.opportunity("alice", "USD");
        JsonNode draft = f.quote(ALICE, opportunity, Ids.newId(), "Draft");
        f.body(f.post(ALICE, "/api/opportunities/" + opportunity + "/win",
                Map.of("actualRevenue", money("5000.00", "USD"))), 200);
        assertThat(status(draft)).isEqualTo("CLOSED/OPPORTUNITY_WON");
        List<ConsumerRecord<String, String>> records = f.eventsOf(opportunity,
                read -> f.typesOf(read).contains(EventTypes.QUOTE_CLOSED));
        assertThat(f.typesOf(records)).containsExactly(EventTypes.OPPORTUNITY_WON, EventTypes.QUOTE_CLOSED);
        assertThat(f.data(records.get(1)).get("reason").asString()).isEqualTo("OPPORTUNITY_WON");
    }

    @Test
    void anOpportunityCanceledByARejectedLeadConversionClosesItsQuotesToo() throws Exception {
        UUID opportunity = f.opportunity("alice", "EUR");
        UUID leadId = Ids.newId();
        db.sql("UPDATE opportunity SET source_lead_id = :lead WHERE id = :id").bind("lead", leadId).bind("id", opportunity)
                .fetch().rowsUpdated().block();
        JsonNode draft = f.quote(ALICE, opportunity, Ids.newId(), "Early draft");

        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("leadId", leadId.toString());
        payload.put("reason", "ACCOUNT_NOT_FOUND");
        payload.put("opportunityId", opportunity.toString());
        payload.put("occurredAt", "2026-11-26T10:15:31Z");
        kafka.send(TestEvents.record(Topics.ACCOUNT_EVENTS, leadId.toString(), EventTypes.LEAD_CONVERSION_REJECTED,
                UUID.randomUUID().toString(), json.writeValueAsString(payload))).get();

        await().atMost(BOUND).until(() -> status(draft).equals("CLOSED/OPPORTUNITY_LOST"));
        List<ConsumerRecord<String, String>> records = f.eventsOf(opportunity,
                read -> f.typesOf(read).contains(EventTypes.QUOTE_CLOSED));
        assertThat(f.typesOf(records)).containsExactly(EventTypes.OPPORTUNITY_LOST, EventTypes.QUOTE_CLOSED);
        assertThat(f.data(records.get(1)).has("actor")).as("the system closed it").isFalse();
    }

    /** The events above passed the check, so it must be there and able to fail. */
    @Test
    void everyProducedEventIsCheckedAgainstItsPublishedSchema() {
        OutgoingEventCheck check = context.getBean(EventContractAutoConfiguration.BEAN_NAME, OutgoingEventCheck.class);
        OutboxEvent event = OutboxEvent.of(Topics.OPPORTUNITY_EVENTS, QuoteEvents.AGGREGATE, Ids.newId(),
                EventTypes.QUOTE_ACCEPTED, Map.of());
        String withoutOrder = "{\"quoteId\":\"" + Ids.newId() + "\",\"opportunityId\":\"" + Ids.newId()
                + "\",\"lines\":[],\"totals\":{\"totalAmount\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}},"
                + "\"occurredAt\":\"2026-11-26T10:15:30Z\"}";
        assertThatThrownBy(() -> check.check(event, withoutOrder)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("orderId");
        String floatAmount = withoutOrder.replace("\"lines\"", "\"orderId\":\"" + Ids.newId() + "\",\"lines\"")
                .replace("\"1.00\"", "1.00");
        assertThatThrownBy(() -> check.check(event, floatAmount)).isInstanceOf(AssertionError.class);
        check.check(event, floatAmount.replace(":1.00,", ":\"1.00\","));
    }

    private String status(JsonNode quote) {
        JsonNode now = f.get(ALICE, quote);
        return now.get("status").asString() + "/" + now.get("statusReason").asString();
    }
}
