package dev.salescrm.opportunity.quote;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.r2dbc.core.DatabaseClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.catalog.pricing.LinePrice;
import dev.salescrm.catalog.pricing.Pricing;
import dev.salescrm.catalog.pricing.replica.PriceUpsertedV1;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

import static dev.salescrm.opportunity.quote.QuoteFixture.NEXT_YEAR;
import static dev.salescrm.opportunity.quote.QuoteFixture.assertAmount;
import static dev.salescrm.opportunity.quote.QuoteFixture.assertIllegal;
import static dev.salescrm.opportunity.quote.QuoteFixture.assertProblem;
import static dev.salescrm.opportunity.quote.QuoteFixture.id;
import static dev.salescrm.opportunity.quote.QuoteFixture.lineOf;
import static dev.salescrm.opportunity.quote.QuoteFixture.money;
import static dev.salescrm.opportunity.quote.QuoteFixture.percentBands;
import static dev.salescrm.opportunity.quote.QuoteFixture.writeIn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quotes over HTTP: drafted in an opportunity's currency, lines priced from the price replica (fed
 * through the price topic, as catalog-service feeds it) with totals recomputed on every change,
 * every status change legal and illegal, and every refusal a problem that changes nothing.
 */
@ServiceTest
class QuoteApiTest {

    static final String ALICE = TestTokens.bearer("alice", "SALES_REP");

    @Autowired ApplicationContext context;
    @Autowired DatabaseClient db;

    QuoteFixture f;

    @BeforeEach
    void fixture() {
        f = new QuoteFixture(context);
    }

    @Test
    void aQuoteIsDraftedInsideAnOpenOpportunityInTheOpportunitysCurrency() {
        UUID opportunity = f.opportunity("alice", "IRR");
        UUID priceList = Ids.newId();
        String path = "/api/opportunities/" + opportunity + "/quotes";
        Map<String, Object> body = Map.of("name", "پیشنهاد قیمت استقرار CRM", "priceListId", priceList.toString(),
                "validUntil", NEXT_YEAR, "description", "شامل آموزش و پشتیبانی یک‌ساله");
        var response = f.call(HttpMethod.POST, ALICE, path, body, null);
        JsonNode created = response.expectStatus().isCreated()
                .expectHeader().valueEquals("ETag", "\"1\"")
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/api/quotes/"))
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(created.get("name").asString()).isEqualTo("پیشنهاد قیمت استقرار CRM");
        assertThat(created.get("description").asString()).isEqualTo("شامل آموزش و پشتیبانی یک‌ساله");
        assertThat(created.get("opportunityId").asString()).isEqualTo(opportunity.toString());
        assertThat(created.get("priceListId").asString()).isEqualTo(priceList.toString());
        assertThat(created.get("validUntil").asString()).isEqualTo(NEXT_YEAR);
        assertThat(created.get("status").asString()).isEqualTo("DRAFT");
        assertThat(created.get("statusReason").asString()).isEqualTo("IN_PROGRESS");
        assertThat(created.get("revision").asInt()).isZero();
        assertThat(created.get("currency").asString()).isEqualTo("IRR");
        assertThat(created.get("lines")).isEmpty();
        assertAmount(created.at("/totals/detailAmount"), "0.00", "IRR");
        assertAmount(created.at("/totals/discountAmount"), "0.00", "IRR");
        assertAmount(created.at("/totals/totalAmount"), "0.00", "IRR");
        assertThat(created.get("orderId").isNull()).isTrue();
        assertThat(created.get("version").asLong()).isEqualTo(1);
        assertThat(created.get("createdBy").asString()).isEqualTo("alice");
        assertThat(f.get(ALICE, created)).isEqualTo(created);

        JsonNode page = f.body(f.call(HttpMethod.GET, ALICE, path, null, null), 200);
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.at("/items/0")).isEqualTo(created);
        assertThat(page.get("nextCursor").isNull()).isTrue();
        assertThat(f.body(f.call(HttpMethod.GET, ALICE, path + "?status=ACTIVE", null, null), 200).get("items")).isEmpty();

        // An Idempotency-Key replays the stored answer: one quote, not two.
        long before = f.count("SELECT count(*) FROM quote WHERE opportunity_id = :id", opportunity);
        var http = context.getBean(org.springframework.test.web.reactive.server.WebTestClient.class);
        for (int i = 0; i < 2; i++) {
            http.post().uri(path).header("Authorization", ALICE).header("Idempotency-Key", "quote-once-" + opportunity)
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isCreated();
        }
        assertThat(f.count("SELECT count(*) FROM quote WHERE opportunity_id = :id", opportunity)).isEqualTo(before + 1);
    }

    @Test
    void aQuoteThatCannotBeDraftedIsAProblemNamingTheFieldOrTheStateAndNothingIsStored() {
        UUID opportunity = f.opportunity("alice", "EUR");
        String path = "/api/opportunities/" + opportunity + "/quotes";
        String list = Ids.newId().toString();

        assertProblem(f.post(ALICE, path, Map.of("priceListId", list, "validUntil", NEXT_YEAR)), 400, "validation", "name");
        assertProblem(f.post(ALICE, path, Map.of("name", "Q", "validUntil", NEXT_YEAR)), 400, "validation", "priceListId");
        assertProblem(f.post(ALICE, path, Map.of("name", "Q", "priceListId", list)), 400, "validation", "validUntil");
        assertProblem(f.post(ALICE, path, Map.of("name", "Q", "priceListId", list, "validUntil", "2020-01-01")),
                400, "validation", "validUntil");
        assertProblem(f.post(ALICE, path, Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR,
                "status", "WON")), 400, "validation", "status");
        assertProblem(f.post(ALICE, path, Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR,
                "discount", money("-1.00", "EUR"))), 400, "validation", "discount");
        // Every amount of a quote is in the opportunity's currency.
        assertProblem(f.post(ALICE, path, Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR,
                "currency", "USD")), 422, "currency-mismatch", "currency");
        assertProblem(f.post(ALICE, path, Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR,
                "discount", money("1.00", "USD"))), 422, "currency-mismatch", "discount.currency");
        assertThat(f.count("SELECT count(*) FROM quote WHERE opportunity_id = :id", opportunity)).isZero();

        // Only an open opportunity gets quotes: 409 naming its state.
        db.sql("UPDATE opportunity SET status = 'LOST', status_reason = 'CANCELED', version = 2 WHERE id = :id")
                .bind("id", opportunity).fetch().rowsUpdated().block();
        var closed = f.post(ALICE, path, Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR));
        closed.expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.type").isEqualTo("urn:crm:problem:illegal-transition")
                .jsonPath("$.resource").isEqualTo("opportunity")
                .jsonPath("$.currentState").isEqualTo("LOST/PROPOSE");
        f.post(ALICE, "/api/opportunities/" + Ids.newId() + "/quotes",
                Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR)).expectStatus().isNotFound();

        // Without estimated revenue the opportunity has no currency: the request must name one.
        UUID withoutRevenue = f.opportunity("alice", null);
        String other = "/api/opportunities/" + withoutRevenue + "/quotes";
        assertProblem(f.post(ALICE, other, Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR)),
                400, "validation", "currency");
        assertProblem(f.post(ALICE, other, Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR,
                "currency", "EURO")), 400, "validation", "currency");
        JsonNode kwd = f.body(f.post(ALICE, other, Map.of("name", "Q", "priceListId", list, "validUntil", NEXT_YEAR,
                "currency", "KWD")), 201);
        assertThat(kwd.get("currency").asString()).isEqualTo("KWD");
        assertAmount(kwd.at("/totals/totalAmount"), "0.000", "KWD");
        assertThat(f.count("SELECT count(*) FROM quote WHERE opportunity_id = :id", opportunity)).isZero();
    }

    @Test
    void catalogLinesArePricedFromTheReplicaAndTheTotalsFollowEveryChangeExactlyInTheBillions() throws Exception {
        UUID opportunity = f.opportunity("alice", "IRR");
        UUID list = Ids.newId();
        UUID product = Ids.newId();
        UUID seat = Ids.newId();
        UUID pack = Ids.newId();
        var bands = percentBands("10", "100", "7.5", "100", null, "12.5");
        f.price(list, product, seat, Money.of("2750000000.00", "IRR"), "1", bands);
        f.price(list, product, pack, Money.of("26000000000.00", "IRR"), "10", bands);
        JsonNode quote = f.quote(ALICE, opportunity, list, "Offer");

        Map<String, Object> seats = new HashMap<>(lineOf(product, seat, "120"));
        seats.put("manualDiscount", money("1000000000.01", "IRR"));
        var response = f.call(HttpMethod.POST, ALICE, "/api/quotes/" + id(quote) + "/lines", seats, "\"1\"");
        JsonNode withSeats = response.expectStatus().isCreated().expectHeader().valueEquals("ETag", "\"2\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode seatLine = withSeats.at("/lines/0");
        assertThat(seatLine.get("lineNumber").asInt()).isEqualTo(1);
        assertThat(seatLine.get("productId").asString()).isEqualTo(product.toString());
        assertThat(seatLine.get("quantity").asString()).isEqualTo("120");
        // 120 × 2,750,000,000.00 = 330,000,000,000.00; band [100, ∞): 12.5 % = 41,250,000,000.00
        assertAmount(seatLine.get("pricePerUnit"), "2750000000.00", "IRR");
        assertAmount(seatLine.get("grossAmount"), "330000000000.00", "IRR");
        assertAmount(seatLine.get("volumeDiscount"), "41250000000.00", "IRR");
        assertAmount(seatLine.get("manualDiscount"), "1000000000.01", "IRR");
        assertAmount(seatLine.get("extendedAmount"), "287749999999.99", "IRR");
        assertAmount(withSeats.at("/totals/totalAmount"), "287749999999.99", "IRR");
        String seatLineId = seatLine.get("id").asString();
        assertThat(f.body(f.call(HttpMethod.GET, ALICE, "/api/quotes/" + id(quote) + "/lines/" + seatLineId, null, null), 200))
                .isEqualTo(seatLine);

        // 3 ten-packs = 30 seats: band [10, 100), 7.5 % of 78,000,000,000.00; the quantity may be a JSON number.
        JsonNode withPacks = f.addLine(ALICE, quote, Map.of("productId", product.toString(), "unitId", pack.toString(),
                "quantity", 3));
        assertAmount(withPacks.at("/lines/1/volumeDiscount"), "5850000000.00", "IRR");
        assertAmount(withPacks.at("/lines/1/extendedAmount"), "72150000000.00", "IRR");
        JsonNode withWriteIn = f.addLine(ALICE, quote, writeIn("نصب و راه‌اندازی در محل", "1", "999999999999.99", "IRR"));
        assertThat(withWriteIn.at("/lines/2/productId").isNull()).isTrue();
        assertThat(withWriteIn.at("/lines/2/description").asString()).isEqualTo("نصب و راه‌اندازی در محل");
        assertAmount(withWriteIn.at("/lines/2/volumeDiscount"), "0.00", "IRR");
        assertAmount(withWriteIn.at("/totals/detailAmount"), "1359899999999.98", "IRR");
        assertAmount(withWriteIn.at("/totals/discountAmount"), "0.00", "IRR");
        assertAmount(withWriteIn.at("/totals/totalAmount"), "1359899999999.98", "IRR");
        assertThat(withWriteIn.get("version").asLong()).isEqualTo(4);

        // A new quantity re-prices the catalog line: 50 seats fall in the 7.5 % band.
        String linePath = "/api/quotes/" + id(quote) + "/lines/" + seatLineId;
        f.call(HttpMethod.PATCH, ALICE, linePath, Map.of("quantity", "50"), "\"3\"").expectStatus().isEqualTo(412);
        JsonNode fewer = f.body(f.call(HttpMethod.PATCH, ALICE, linePath, Map.of("quantity", "50"), "\"4\""), 200);
        assertAmount(fewer.at("/lines/0/grossAmount"), "137500000000.00", "IRR");
        assertAmount(fewer.at("/lines/0/volumeDiscount"), "10312500000.00", "IRR");
        assertAmount(fewer.at("/lines/0/manualDiscount"), "1000000000.01", "IRR");
        assertAmount(fewer.at("/lines/0/extendedAmount"), "126187499999.99", "IRR");
        assertAmount(fewer.at("/totals/totalAmount"), "1198337499999.98", "IRR");
        JsonNode noManual = f.body(f.call(HttpMethod.PATCH, ALICE, linePath, mapOfNull("manualDiscount"), null), 200);
        assertAmount(noManual.at("/lines/0/manualDiscount"), "0.00", "IRR");
        assertAmount(noManual.at("/lines/0/extendedAmount"), "127187500000.00", "IRR");

        String packLine = "/api/quotes/" + id(quote) + "/lines/" + withPacks.at("/lines/1/id").asString();
        JsonNode withoutPacks = f.body(f.call(HttpMethod.DELETE, ALICE, packLine, null, null), 200);
        assertThat(withoutPacks.get("lines")).hasSize(2);
        assertAmount(withoutPacks.at("/totals/detailAmount"), "1127187499999.99", "IRR");
        f.call(HttpMethod.DELETE, ALICE, packLine, null, null).expectStatus().isNotFound();

        JsonNode discounted = f.body(f.call(HttpMethod.PATCH, ALICE, "/api/quotes/" + id(quote),
                Map.of("discount", money("127187499999.99", "IRR")), null), 200);
        assertAmount(discounted.at("/totals/discountAmount"), "127187499999.99", "IRR");
        assertAmount(discounted.at("/totals/totalAmount"), "1000000000000.00", "IRR");
        // Stored exactly, as numerics.
        assertThat(f.count("SELECT count(*) FROM quote WHERE id = CAST(:id AS uuid) AND total_amount = 1000000000000.00 "
                + "AND detail_amount = 1127187499999.99 AND currency = 'IRR'", id(quote))).isEqualTo(1);
        assertThat(f.count("SELECT count(*) FROM quote_line WHERE quote_id = CAST(:id AS uuid)", id(quote))).isEqualTo(2);
    }

    @Test
    void badLinesAreProblemsNamingTheFieldAndChangeNothing() throws Exception {
        UUID opportunity = f.opportunity("alice", "EUR");
        UUID list = Ids.newId();
        UUID product = Ids.newId();
        UUID seat = Ids.newId();
        UUID dollarProduct = Ids.newId();
        f.price(list, product, seat, Money.of("10.00", "EUR"), "1", percentBands("1", null, "50"));
        f.price(list, dollarProduct, seat, Money.of("10.00", "USD"), "1", null);
        JsonNode quote = f.quote(ALICE, opportunity, list, "Offer");
        quote = f.addLine(ALICE, quote, lineOf(product, seat, "2"));
        String lines = "/api/quotes/" + id(quote) + "/lines";
        String line = lines + "/" + quote.at("/lines/0/id").asString();

        // No price for the product in that unit on this list, or a price in another currency: 422.
        assertProblem(f.post(ALICE, lines, lineOf(Ids.newId(), seat, "1")), 422, "no-price", "productId");
        assertProblem(f.post(ALICE, lines, lineOf(product, Ids.newId(), "1")), 422, "no-price", "unitId");
        assertProblem(f.post(ALICE, lines, lineOf(dollarProduct, seat, "1")), 422, "currency-mismatch", "productId");
        assertProblem(f.post(ALICE, lines, writeIn("Support", "1", "5.00", "USD")), 422, "currency-mismatch",
                "pricePerUnit.currency");
        Map<String, Object> foreignDiscount = new HashMap<>(lineOf(product, seat, "1"));
        foreignDiscount.put("manualDiscount", money("1.00", "GBP"));
        assertProblem(f.post(ALICE, lines, foreignDiscount), 422, "currency-mismatch", "manualDiscount.currency");

        // Values the rules refuse: 400 naming the field.
        for (Object quantity : List.of("0", "-1", 0, "abc", "0.00000000001")) {
            assertProblem(f.post(ALICE, lines, Map.of("productId", product.toString(), "unitId", seat.toString(),
                    "quantity", quantity)), 400, "validation", "quantity");
        }
        assertProblem(f.post(ALICE, lines, Map.of("productId", product.toString(), "unitId", seat.toString())),
                400, "validation", "quantity");
        Map<String, Object> negative = new HashMap<>(lineOf(product, seat, "1"));
        negative.put("manualDiscount", money("-0.01", "EUR"));
        assertProblem(f.post(ALICE, lines, negative), 400, "validation", "manualDiscount");
        // 2 × 10.00 = 20.00 less 50 % volume discount = 10.00: a manual discount of 10.01 would go below zero.
        Map<String, Object> tooMuch = new HashMap<>(lineOf(product, seat, "2"));
        tooMuch.put("manualDiscount", money("10.01", "EUR"));
        assertProblem(f.post(ALICE, lines, tooMuch), 400, "validation", "manualDiscount");
        Map<String, Object> priced = new HashMap<>(lineOf(product, seat, "1"));
        priced.put("pricePerUnit", money("1.00", "EUR"));
        assertProblem(f.post(ALICE, lines, priced), 400, "validation", "pricePerUnit");
        assertProblem(f.post(ALICE, lines, Map.of("productId", product.toString(), "quantity", "1")), 400, "validation", "unitId");
        assertProblem(f.post(ALICE, lines, Map.of("quantity", "1", "pricePerUnit", money("1.00", "EUR"))),
                400, "validation", "description");
        assertProblem(f.post(ALICE, lines, Map.of("description", "x", "quantity", "1")), 400, "validation", "pricePerUnit");
        assertProblem(f.post(ALICE, lines, writeIn("x", "1", "-5.00", "EUR")), 400, "validation", "pricePerUnit");
        assertProblem(f.post(ALICE, lines, Map.of("description", "x", "quantity", "1",
                "pricePerUnit", Map.of("amount", 5, "currency", "EUR"))), 400, "validation", "pricePerUnit.amount");
        Map<String, Object> unknown = new HashMap<>(writeIn("x", "1", "5.00", "EUR"));
        unknown.put("extendedAmount", money("0.00", "EUR"));
        assertProblem(f.post(ALICE, lines, unknown), 400, "validation", "extendedAmount");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, line, Map.of("quantity", "0"), null), 400, "validation", "quantity");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, line, mapOfNull("quantity"), null), 400, "validation", "quantity");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, line, Map.of("manualDiscount", money("10.01", "EUR")), null),
                400, "validation", "manualDiscount");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, line, Map.of("pricePerUnit", money("1.00", "EUR")), null),
                400, "validation", "pricePerUnit");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, line, Map.of("productId", Ids.newId().toString()), null),
                400, "validation", "productId");
        f.call(HttpMethod.PATCH, ALICE, lines + "/" + Ids.newId(), Map.of("quantity", "1"), null).expectStatus().isNotFound();
        f.call(HttpMethod.POST, ALICE, "/api/quotes/" + Ids.newId() + "/lines", writeIn("x", "1", "1.00", "EUR"), null)
                .expectStatus().isNotFound();

        // Nothing of it stuck.
        JsonNode after = f.get(ALICE, quote);
        assertThat(after).isEqualTo(quote);
        assertThat(f.count("SELECT count(*) FROM quote_line WHERE quote_id = CAST(:id AS uuid)", id(quote))).isEqualTo(1);
    }

    /**
     * The same inputs through the quote and through the catalog's pricing function called directly
     * give the same unit price, volume discount and extended amount — at band edges, in packs of
     * several base units, with percentage and amount discounts.
     */
    @Test
    void aQuoteLineIsPricedExactlyAsTheCatalogsPricingFunctionPricesIt() throws Exception {
        UUID opportunity = f.opportunity("alice", "EUR");
        UUID list = Ids.newId();
        UUID licence = Ids.newId();
        UUID service = Ids.newId();
        UUID seat = Ids.newId();
        UUID pack = Ids.newId();
        UUID hour = Ids.newId();
        var percent = percentBands("10", "50", "5", "50", null, "10");
        var amount = new PriceUpsertedV1.Discount("AMOUNT", List.of(new PriceUpsertedV1.Band("3", null, "0.125")));
        f.price(list, licence, seat, Money.of("19.99", "EUR"), "1", percent);
        f.price(list, licence, pack, Money.of("189.95", "EUR"), "10", percent);
        f.price(list, service, hour, Money.of("0.35", "EUR"), "1", amount);
        JsonNode quote = f.quote(ALICE, opportunity, list, "Pricing check");

        record Case(UUID product, UUID unit, Money price, String unitQuantity, PriceUpsertedV1.Discount discount,
                    String quantity) {
        }
        List<Case> cases = List.of(
                new Case(licence, seat, Money.of("19.99", "EUR"), "1", percent, "1"),
                new Case(licence, seat, Money.of("19.99", "EUR"), "1", percent, "9.99"),
                new Case(licence, seat, Money.of("19.99", "EUR"), "1", percent, "10"),
                new Case(licence, seat, Money.of("19.99", "EUR"), "1", percent, "49.99"),
                new Case(licence, seat, Money.of("19.99", "EUR"), "1", percent, "50"),
                new Case(licence, seat, Money.of("19.99", "EUR"), "1", percent, "3.5"),
                new Case(licence, pack, Money.of("189.95", "EUR"), "10", percent, "1"),
                new Case(licence, pack, Money.of("189.95", "EUR"), "10", percent, "4.999"),
                new Case(licence, pack, Money.of("189.95", "EUR"), "10", percent, "5"),
                new Case(service, hour, Money.of("0.35", "EUR"), "1", amount, "2.9"),
                new Case(service, hour, Money.of("0.35", "EUR"), "1", amount, "3"),
                new Case(service, hour, Money.of("0.35", "EUR"), "1", amount, "7.5"));
        int discounted = 0;
        for (Case c : cases) {
            quote = f.addLine(ALICE, quote, lineOf(c.product(), c.unit(), c.quantity()));
            JsonNode line = quote.get("lines").get(quote.get("lines").size() - 1);
            LinePrice direct = Pricing.priceLine(c.price(), new BigDecimal(c.unitQuantity()),
                    c.discount().toDiscountList(), new BigDecimal(c.quantity()));
            assertThat(Map.of("unitPrice", line.at("/pricePerUnit/amount").asString(),
                    "grossAmount", line.at("/grossAmount/amount").asString(),
                    "volumeDiscount", line.at("/volumeDiscount/amount").asString(),
                    "extendedAmount", line.at("/extendedAmount/amount").asString()))
                    .as("%s × %s", c.quantity(), c.unit().equals(pack) ? "10-pack" : c.unit().equals(hour) ? "hour" : "seat")
                    .isEqualTo(Map.of("unitPrice", direct.unitPrice().amountString(),
                            "grossAmount", direct.grossAmount().amountString(),
                            "volumeDiscount", direct.volumeDiscount().amountString(),
                            "extendedAmount", direct.extendedAmount().amountString()));
            if (!direct.volumeDiscount().isZero()) {
                discounted++;
            }
        }
        assertThat(discounted).as("lines in a discount band").isGreaterThanOrEqualTo(6);
        // spot checks by hand: 50 seats × 19.99 = 999.50, 10 % = 99.95; 7.5 h × 0.35 = 2.625 → 2.62, 7.5 × 0.125 = 0.9375 → 0.94
        assertAmount(quote.at("/lines/4/volumeDiscount"), "99.95", "EUR");
        assertAmount(quote.at("/lines/4/extendedAmount"), "899.55", "EUR");
        assertAmount(quote.at("/lines/11/grossAmount"), "2.62", "EUR");
        assertAmount(quote.at("/lines/11/volumeDiscount"), "0.94", "EUR");
        assertAmount(quote.at("/lines/11/extendedAmount"), "1.68", "EUR");
    }

    @Test
    void aDraftsDetailsChangeByMergePatchUnderIfMatchAndAnOfferedQuoteIsReadOnly() throws Exception {
        UUID opportunity = f.opportunity("alice", "JPY");
        JsonNode quote = f.quote(ALICE, opportunity, Ids.newId(), "Offer");
        String path = "/api/quotes/" + id(quote);
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("name", "پیشنهاد نهایی");
        patch.put("description", "با تخفیف ویژه");
        patch.put("validUntil", QuoteFixture.NEXT_YEAR.substring(0, 4) + "-12-31");
        JsonNode changed = f.call(HttpMethod.PATCH, ALICE, path, patch, "\"1\"").expectStatus().isOk()
                .expectHeader().valueEquals("ETag", "\"2\"").expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(changed.get("name").asString()).isEqualTo("پیشنهاد نهایی");
        assertThat(changed.get("description").asString()).isEqualTo("با تخفیف ویژه");
        f.call(HttpMethod.PATCH, ALICE, path, Map.of("name", "Stale"), "\"1\"").expectStatus().isEqualTo(412)
                .expectHeader().valueEquals("ETag", "\"2\"");

        assertProblem(f.call(HttpMethod.PATCH, ALICE, path, mapOfNull("name"), null), 400, "validation", "name");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, path, Map.of("status", "WON"), null), 400, "validation", "status");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, path, Map.of("validUntil", "2020-01-01"), null), 400, "validation", "validUntil");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, path, Map.of("validUntil", "soon"), null), 400, "validation", "validUntil");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, path, Map.of("discount", money("-1", "JPY")), null), 400, "validation", "discount");
        assertProblem(f.call(HttpMethod.PATCH, ALICE, path, Map.of("discount", money("1.00", "EUR")), null),
                422, "currency-mismatch", "discount.currency");
        assertThat(f.get(ALICE, quote).get("version").asLong()).isEqualTo(2);

        JsonNode cleared = f.body(f.call(HttpMethod.PATCH, ALICE, path, mapOfNull("description"), null), 200);
        assertThat(cleared.get("description").isNull()).isTrue();
        f.addLine(ALICE, quote, writeIn("相談", "2.5", "1000", "JPY"));
        JsonNode discounted = f.body(f.call(HttpMethod.PATCH, ALICE, path, Map.of("discount", money("499.5", "JPY")), null), 200);
        // JPY has no minor unit: 499.5 → 500 (half-even), 2,500 − 500 = 2,000
        assertAmount(discounted.at("/totals/discountAmount"), "500", "JPY");
        assertAmount(discounted.at("/totals/totalAmount"), "2000", "JPY");

        f.verb(ALICE, quote, "activate", null, 200);
        assertIllegal(f.call(HttpMethod.PATCH, ALICE, path, Map.of("name", "Too late"), null), "ACTIVE");
        assertThat(f.get(ALICE, quote).get("name").asString()).isEqualTo("پیشنهاد نهایی");
    }

    @Test
    void everyStatusChangeOverHttpIsLegalOrA409NamingTheQuotesState() {
        UUID opportunity = f.opportunity("alice", "EUR");
        UUID list = Ids.newId();
        Map<String, Object> line = writeIn("Consulting day", "2", "800.00", "EUR");

        JsonNode empty = f.quote(ALICE, opportunity, list, "Empty");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(empty) + "/activate", null), "DRAFT");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(empty) + "/accept", Map.of("closeOpportunity", false)), "DRAFT");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(empty) + "/revise", null), "DRAFT");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(empty) + "/close", Map.of("reason", "LOST")), "DRAFT");
        for (String reason : List.of("REVISED", "OPPORTUNITY_WON", "WON", "IN_PROGRESS")) {
            assertProblem(f.post(ALICE, "/api/quotes/" + id(empty) + "/close", Map.of("reason", reason)), 400, "validation", "reason");
        }
        assertProblem(f.post(ALICE, "/api/quotes/" + id(empty) + "/close", Map.of()), 400, "validation", "reason");
        JsonNode canceledDraft = f.verb(ALICE, empty, "close", Map.of("reason", "CANCELED"), 200);
        assertThat(canceledDraft.get("status").asString()).isEqualTo("CLOSED");
        assertThat(canceledDraft.get("statusReason").asString()).isEqualTo("CANCELED");

        // Activated: offered, read-only.
        JsonNode offer = f.quote(ALICE, opportunity, list, "Offer");
        offer = f.addLine(ALICE, offer, line);
        JsonNode active = f.call(HttpMethod.POST, ALICE, "/api/quotes/" + id(offer) + "/activate", null, "\"2\"")
                .expectStatus().isOk().expectHeader().valueEquals("ETag", "\"3\"")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(active.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(active.get("statusReason").asString()).isEqualTo("OPEN");
        String lineId = active.at("/lines/0/id").asString();
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(offer) + "/activate", null), "ACTIVE");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(offer) + "/lines", line), "ACTIVE");
        assertIllegal(f.call(HttpMethod.PATCH, ALICE, "/api/quotes/" + id(offer) + "/lines/" + lineId,
                Map.of("quantity", "3"), null), "ACTIVE");
        assertIllegal(f.call(HttpMethod.DELETE, ALICE, "/api/quotes/" + id(offer) + "/lines/" + lineId, null, null), "ACTIVE");
        assertThat(f.get(ALICE, offer)).isEqualTo(active);
        JsonNode lost = f.verb(ALICE, offer, "close", Map.of("reason", "LOST"), 200);
        assertThat(lost.get("statusReason").asString()).isEqualTo("LOST");
        for (String verb : List.of("activate", "accept", "revise")) {
            assertIllegal(f.post(ALICE, "/api/quotes/" + id(offer) + "/" + verb, null), "CLOSED");
        }
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(offer) + "/close", Map.of("reason", "CANCELED")), "CLOSED");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(offer) + "/lines", line), "CLOSED");

        JsonNode toCancel = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "Cancel me"), line);
        f.verb(ALICE, toCancel, "activate", null, 200);
        assertThat(f.verb(ALICE, toCancel, "close", Map.of("reason", "CANCELED"), 200).get("statusReason").asString())
                .isEqualTo("CANCELED");

        // Accepted: won, with an order id; accepting twice is a conflict, as is anything else now.
        JsonNode toAccept = f.addLine(ALICE, f.quote(ALICE, opportunity, list, "Accept me"), line);
        f.verb(ALICE, toAccept, "activate", null, 200);
        f.call(HttpMethod.POST, ALICE, "/api/quotes/" + id(toAccept) + "/accept", Map.of(), "\"1\"").expectStatus().isEqualTo(412);
        JsonNode won = f.verb(ALICE, toAccept, "accept", Map.of("closeOpportunity", false), 200);
        assertThat(won.get("status").asString()).isEqualTo("WON");
        UUID orderId = UUID.fromString(won.get("orderId").asString());
        assertThat(orderId.version()).isEqualTo(7);
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(toAccept) + "/accept", Map.of("closeOpportunity", true)), "WON");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(toAccept) + "/close", Map.of("reason", "LOST")), "WON");
        assertIllegal(f.post(ALICE, "/api/quotes/" + id(toAccept) + "/revise", null), "WON");
        assertThat(f.get(ALICE, toAccept).get("orderId").asString()).isEqualTo(orderId.toString());
        // Without closeOpportunity the opportunity stays open and can take more quotes.
        assertThat(f.count("SELECT count(*) FROM opportunity WHERE id = :id AND status = 'OPEN'", opportunity)).isEqualTo(1);
        f.quote(ALICE, opportunity, list, "Another");

        for (String verb : List.of("activate", "accept", "revise")) {
            f.post(ALICE, "/api/quotes/" + Ids.newId() + "/" + verb, null).expectStatus().isNotFound();
        }
    }

    @Test
    void aRevisionClosesTheActiveQuoteAndDraftsTheNextRevisionWithCopiesOfItsLines() throws Exception {
        UUID opportunity = f.opportunity("bob", "KWD");
        String bob = TestTokens.bearer("bob", "SALES_REP");
        UUID list = Ids.newId();
        UUID product = Ids.newId();
        UUID unit = Ids.newId();
        f.price(list, product, unit, Money.of("12.345", "KWD"), "1", percentBands("2", null, "2.5"));
        JsonNode quote = f.quote(bob, opportunity, list, "عرض سعر");
        f.addLine(bob, quote, lineOf(product, unit, "2.5"));
        f.addLine(bob, quote, writeIn("تركيب", "1", "7.125", "KWD"));
        f.call(HttpMethod.PATCH, bob, "/api/quotes/" + id(quote), Map.of("discount", money("0.5", "KWD")), null)
                .expectStatus().isOk();
        JsonNode active = f.verb(bob, quote, "activate", null, 200);
        // 2.5 × 12.345 = 30.8625 → 30.862; 2.5 % = 0.771550 → 0.772; 30.090 + 7.125 − 0.500 = 36.715
        assertAmount(active.at("/lines/0/extendedAmount"), "30.090", "KWD");
        assertAmount(active.at("/totals/totalAmount"), "36.715", "KWD");

        var response = f.call(HttpMethod.POST, bob, "/api/quotes/" + id(quote) + "/revise", null, "\"" + active.get("version").asLong() + "\"");
        JsonNode draft = response.expectStatus().isCreated().expectHeader().valueEquals("ETag", "\"1\"")
                .expectHeader().value("Location", location -> assertThat(location).startsWith("/api/quotes/"))
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(draft.get("id").asString()).isNotEqualTo(id(quote));
        assertThat(draft.get("status").asString()).isEqualTo("DRAFT");
        assertThat(draft.get("revision").asInt()).isEqualTo(1);
        assertThat(draft.get("revisedFromId").asString()).isEqualTo(id(quote));
        assertThat(draft.get("name").asString()).isEqualTo("عرض سعر");
        assertThat(draft.get("priceListId").asString()).isEqualTo(list.toString());
        assertThat(draft.get("totals")).isEqualTo(active.get("totals"));
        assertThat(draft.get("lines")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode copy = draft.get("lines").get(i).deepCopy();
            JsonNode original = active.get("lines").get(i).deepCopy();
            assertThat(copy.get("id").asString()).isNotEqualTo(original.get("id").asString());
            ((tools.jackson.databind.node.ObjectNode) copy).remove("id");
            ((tools.jackson.databind.node.ObjectNode) original).remove("id");
            assertThat(copy).isEqualTo(original);
        }
        JsonNode revised = f.get(bob, quote);
        assertThat(revised.get("status").asString()).isEqualTo("CLOSED");
        assertThat(revised.get("statusReason").asString()).isEqualTo("REVISED");
        assertThat(revised.get("lines")).isEqualTo(active.get("lines"));
        assertIllegal(f.post(bob, "/api/quotes/" + id(quote) + "/revise", null), "CLOSED");

        // The new draft is a draft like any other, and a second revision counts on.
        f.addLine(bob, draft, writeIn("صيانة", "1", "1.000", "KWD"));
        f.verb(bob, draft, "activate", null, 200);
        JsonNode second = f.verb(bob, draft, "revise", null, 201);
        assertThat(second.get("revision").asInt()).isEqualTo(2);
        assertThat(second.get("lines")).hasSize(3);
        assertThat(f.count("SELECT count(*) FROM quote WHERE opportunity_id = :id", opportunity)).isEqualTo(3);
    }

    /**
     * Concurrent changes of one quote without If-Match are serialised by the lock on its opportunity:
     * each reads the quote after the previous one committed, so none is lost and no line number is
     * taken twice.
     */
    @Test
    void concurrentLineAdditionsAreSerialisedAndNoneIsLost() throws Exception {
        UUID opportunity = f.opportunity("alice", "EUR");
        JsonNode quote = f.quote(ALICE, opportunity, Ids.newId(), "Busy quote");
        int writers = 8;
        var pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String description = "Line " + i;
                statuses.add(pool.submit(() -> f.post(ALICE, "/api/quotes/" + id(quote) + "/lines",
                        writeIn(description, "1", "10.00", "EUR")).expectBody().returnResult().getStatus().value()));
            }
            for (var status : statuses) {
                assertThat(status.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode after = f.get(ALICE, quote);
        assertThat(after.get("lines")).hasSize(writers);
        assertThat(after.get("lines").valueStream().map(l -> l.get("lineNumber").asInt()).toList())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(after.get("version").asLong()).isEqualTo(1 + writers);
        assertAmount(after.at("/totals/totalAmount"), "80.00", "EUR");
    }

    private static Map<String, Object> mapOfNull(String field) {
        Map<String, Object> map = new HashMap<>();
        map.put(field, null);
        return map;
    }
}
