package dev.salescrm.launcher.cycle;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

import dev.salescrm.launcher.cycle.CrmApi.Reply;

/**
 * The sales cycle as the people who work it drive it through the gateway, one named step at a time: each step
 * prints what it does and the ids it made, and a step that does not get the answer it needs fails as a
 * {@link StepFailedException} naming itself. The steps are the building blocks of the system tests' scenarios;
 * {@link #fullCycle(SampleData)} strings them into the whole B2B cycle, which is what {@code ./crm demo} runs.
 *
 * <p>Where a step needs something another service learns from an event (a price in opportunity-service's
 * replica, an order in billing-service, a customer in opportunity-service's customer replica), it waits for
 * it, bounded by {@link #PROPAGATION}.
 */
public final class SalesCycle {

    /** Bound on waiting for an event to reach another service. Generous: two cores run eight JVMs. */
    public static final Duration PROPAGATION = Duration.ofSeconds(90);
    private static final Duration POLL = Duration.ofMillis(300);

    private final CrmApi api;
    private final PrintStream out;
    private int steps;
    private int depth;

    public SalesCycle(CrmApi api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    public CrmApi api() {
        return api;
    }

    /** An amount of money as the API writes it: a decimal string and an ISO 4217 code. */
    public record Money(BigDecimal amount, String currency) {

        public static Money of(String amount, String currency) {
            return new Money(new BigDecimal(amount), currency);
        }

        public static Money of(JsonNode json) {
            return of(json.get("amount").asString(), json.get("currency").asString());
        }

        Map<String, String> json() {
            return Map.of("amount", amount.toPlainString(), "currency", currency);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%,.2f %s", amount, currency);
        }
    }

    /** What {@link #catalog} built. */
    public record Catalog(String unitGroupId, String seatUnitId, String tenPackUnitId, String seatProductId,
                          String supportProductId, String irrPriceListId, String eurPriceListId) {
    }

    /** The records a qualification announced and made. */
    public record Conversion(String leadId, String accountId, String contactId, String opportunityId) {
    }

    /** Everything {@link #fullCycle} made, for exploring (the demo prints it) and for checking (the tests). */
    public record FullCycle(SampleData data, Catalog catalog, String campaignId, String responseId, String leadId,
                            String callId, String meetingId, Conversion conversion, String firstQuoteId,
                            String quoteId, String orderId, String invoiceId, String invoiceNumber, Money total) {

        public String accountId() {
            return conversion.accountId();
        }

        public String opportunityId() {
            return conversion.opportunityId();
        }
    }

    // ------------------------------------------------------------------------------------------ the cycle

    /**
     * Scenario 1, the whole B2B cycle: a campaign response becomes a lead, which is worked and qualified into an
     * account, a contact and an opportunity; the opportunity goes through its stages, is quoted from the catalog,
     * the quote revised and accepted; the deal is won, the account becomes a customer, and the order is
     * submitted, fulfilled, invoiced and paid in two payments.
     */
    public FullCycle fullCycle(SampleData d) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Catalog catalog = catalog(d);
        String campaignId = campaign(d);
        String responseId = response(campaignId, d);
        String leadId = newLead(responseId, "alice");
        String callId = logCall("alice", leadId);
        String meetingId = planAndHoldMeeting("alice", leadId);
        Conversion conversion = qualify("alice", leadId, d.opportunityName(),
                new Money(d.estimatedRevenue(), SampleData.CURRENCY), today.plusMonths(2));
        String opportunityId = conversion.opportunityId();
        stage("alice", opportunityId, "DEVELOP");
        stage("alice", opportunityId, "PROPOSE");
        String firstQuoteId = draftQuote("alice", opportunityId, d.quoteName(), catalog.irrPriceListId(), today.plusMonths(1));
        catalogLine("alice", firstQuoteId, catalog.seatProductId(), catalog.seatUnitId(), d.seats());
        catalogLine("alice", firstQuoteId, catalog.supportProductId(), catalog.seatUnitId(), d.supportSeats());
        activate("alice", firstQuoteId);
        Reply revision = revise("alice", firstQuoteId);
        String quoteId = revision.id();
        String seatLine = lineOf(revision, catalog.seatProductId());
        changeQuantity("alice", quoteId, seatLine, d.revisedSeats());
        activate("alice", quoteId);
        Reply accepted = accept("alice", quoteId, true);
        String orderId = accepted.text("/orderId");
        Money total = Money.of(accepted.body().at("/totals/totalAmount"));
        awaitWon("alice", opportunityId, total);
        awaitCustomer("alice", conversion.accountId());
        awaitOrder("bill", orderId);
        submit("bill", orderId);
        fulfill("bill", orderId);
        Reply invoice = invoice("bill", orderId);
        String invoiceId = invoice.id();
        pay("bill", invoiceId, new Money(d.firstPayment(), total.currency()), "TRX-" + d.tag() + "-1");
        pay("bill", invoiceId, new Money(total.amount().subtract(d.firstPayment()), total.currency()), "TRX-" + d.tag() + "-2");
        return new FullCycle(d, catalog, campaignId, responseId, leadId, callId, meetingId, conversion, firstQuoteId,
                quoteId, orderId, invoiceId, invoice.text("/number"), total);
    }

    // ------------------------------------------------------------------------------------------- catalog

    /** cathy (catalog admin): a unit group (seat, 10-pack), two products, price lists in IRR and EUR. */
    public Catalog catalog(SampleData d) {
        return step("cathy builds the catalog: seats and support, priced in IRR and EUR", () -> {
            Reply group = api.post("cathy", "/api/unit-groups", Map.of("name", d.unitGroupName(), "baseUnit", "seat",
                    "units", List.of(Map.of("name", "10-pack", "quantity", 10)))).expect(201);
            String seat = unitNamed(group, "seat");
            String tenPack = unitNamed(group, "10-pack");
            note("unit group", group.id() + " (seat " + seat + ", 10-pack " + tenPack + ")");
            String seatProduct = product(d.seatSku(), d.seatName(), group.id(), seat);
            String supportProduct = product(d.supportSku(), d.supportName(), group.id(), seat);
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            String irr = priceList(d.irrPriceListName(), "IRR", today);
            price(irr, seatProduct, seat, SampleData.SEAT_PRICE_IRR);
            price(irr, seatProduct, tenPack, SampleData.TEN_PACK_PRICE_IRR);
            price(irr, supportProduct, seat, SampleData.SUPPORT_PRICE_IRR);
            String eur = priceList(d.eurPriceListName(), "EUR", today);
            price(eur, seatProduct, seat, SampleData.SEAT_PRICE_EUR);
            price(eur, seatProduct, tenPack, SampleData.TEN_PACK_PRICE_EUR);
            price(eur, supportProduct, seat, SampleData.SUPPORT_PRICE_EUR);
            return new Catalog(group.id(), seat, tenPack, seatProduct, supportProduct, irr, eur);
        });
    }

    private static String unitNamed(Reply group, String name) {
        for (JsonNode unit : group.body().get("units")) {
            if (name.equals(unit.get("name").asString())) {
                return unit.get("id").asString();
            }
        }
        throw new CrmApi.UnexpectedReply("no unit " + name + " in " + group.describe());
    }

    private String product(String sku, String name, String groupId, String unitId) {
        String id = api.post("cathy", "/api/products", Map.of("sku", sku, "name", name, "unitGroupId", groupId,
                "defaultUnitId", unitId)).expect(201).id();
        api.post("cathy", "/api/products/" + id + "/activate", null).expect(200);
        note("product", sku + " " + id + " (ACTIVE)");
        return id;
    }

    private String priceList(String name, String currency, LocalDate today) {
        String id = api.post("cathy", "/api/price-lists", Map.of("name", name, "currency", currency,
                "validFrom", today.withDayOfYear(1).toString(), "validTo", today.plusYears(2).toString())).expect(201).id();
        note("price list", currency + " " + id);
        return id;
    }

    private void price(String listId, String productId, String unitId, BigDecimal amount) {
        api.post("cathy", "/api/price-lists/" + listId + "/items", Map.of("productId", productId, "unitId", unitId,
                "amount", amount.toPlainString())).expect(201);
    }

    // ------------------------------------------------------------------------------------ campaign, lead

    /** mona (marketing) opens the campaign. */
    public String campaign(SampleData d) {
        return step("mona opens the campaign " + d.campaignCode(), () -> {
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            String id = api.post("mona", "/api/campaigns", Map.of("name", d.campaignName(), "code", d.campaignCode(),
                    "channel", "TRADE_SHOW", "startsOn", today.minusDays(14).toString(),
                    "endsOn", today.plusDays(30).toString(),
                    "budget", Map.of("amount", "2500000000.00", "currency", "IRR"))).expect(201).id();
            note("campaign", id);
            return id;
        });
    }

    /** mona records the visitor who left their card at the booth. */
    public String response(String campaignId, SampleData d) {
        return step("mona records a response: " + d.firstName() + " " + d.lastName() + ", " + d.companyName(), () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("firstName", d.firstName());
            body.put("lastName", d.lastName());
            body.put("companyName", d.companyName());
            body.put("email", d.email());
            body.put("phone", d.phone());
            body.put("channel", "TRADE_SHOW");
            body.put("receivedAt", Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
            body.put("note", d.responseNote());
            String id = api.post("mona", "/api/campaigns/" + campaignId + "/responses", body).expect(201).id();
            note("campaign response", id);
            return id;
        });
    }

    /** mona converts the response into a new lead for a sales rep. */
    public String newLead(String responseId, String owner) {
        return step("mona converts the response into a new lead for " + owner, () -> {
            Reply converted = api.post("mona", "/api/campaign-responses/" + responseId + "/convert",
                    Map.of("action", "NEW_LEAD", "ownerId", owner)).expect(200);
            String leadId = require(converted, "/conversion/leadId");
            note("lead", leadId);
            return leadId;
        });
    }

    /** A completed outbound call with the lead (a New lead becomes Contacted). */
    public String logCall(String user, String leadId) {
        return step(user + " logs a call with the lead", () -> {
            String id = api.post(user, "/api/leads/" + leadId + "/activities", Map.of("type", "PHONE_CALL",
                    "subject", "تماس اول / First call: needs and budget", "direction", "OUTBOUND",
                    "completedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())).expect(201).id();
            note("activity", id + " (PHONE_CALL, completed)");
            return id;
        });
    }

    /** A planned appointment with the lead, then held (completed). */
    public String planAndHoldMeeting(String user, String leadId) {
        return step(user + " plans a product demo with the lead and holds it", () -> {
            String id = api.post(user, "/api/leads/" + leadId + "/activities", Map.of("type", "APPOINTMENT",
                    "subject", "جلسه نمایش محصول / Product demo", "direction", "OUTBOUND",
                    "scheduledAt", Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString()))
                    .expect(201).id();
            Reply done = api.post(user, "/api/leads/" + leadId + "/activities/" + id + "/complete", null).expect(200);
            require(done, "/completedAt");
            note("activity", id + " (APPOINTMENT, planned, then completed)");
            return id;
        });
    }

    /**
     * Qualifies the lead into a new account, contact and opportunity, and waits until the conversion is
     * COMPLETED (account-service accepted it and opportunity-service made the opportunity).
     */
    public Conversion qualify(String user, String leadId, String opportunityName, Money estimatedRevenue,
                              LocalDate estimatedCloseDate) {
        return step(user + " qualifies the lead: a new account, contact and opportunity", () -> {
            Reply qualified = api.post(user, "/api/leads/" + leadId + "/qualify", Map.of(
                    "account", Map.of("create", true), "contact", Map.of("create", true),
                    "opportunity", Map.of("create", true, "name", opportunityName,
                            "estimatedRevenue", estimatedRevenue.json(),
                            "estimatedCloseDate", estimatedCloseDate.toString()))).expect(202);
            Conversion conversion = new Conversion(leadId, require(qualified, "/conversion/accountId"),
                    require(qualified, "/conversion/contactId"), require(qualified, "/conversion/opportunityId"));
            await("the conversion to be COMPLETED", () -> api.get(user, "/api/leads/" + leadId),
                    lead -> "COMPLETED".equals(lead.text("/conversion/status")));
            note("account", conversion.accountId());
            note("contact", conversion.contactId());
            note("opportunity", conversion.opportunityId());
            return conversion;
        });
    }

    // ------------------------------------------------------------------------------------ opportunities

    /**
     * Opens an opportunity for an account directly (no lead). opportunity-service knows customers from
     * account-service's events: while it has not heard of this account yet, it answers 400 naming
     * {@code accountId}, and the step asks again.
     */
    public String openOpportunity(String user, String accountId, String name, Money estimatedRevenue) {
        return step(user + " opens an opportunity for the account directly", () -> {
            Map<String, Object> body = Map.of("name", name, "accountId", accountId,
                    "estimatedRevenue", estimatedRevenue.json(),
                    "estimatedCloseDate", LocalDate.now(ZoneOffset.UTC).plusMonths(1).toString());
            Reply opened = await("opportunity-service to know the account", () -> api.post(user, "/api/opportunities", body),
                    reply -> !unknownCustomer(reply)).expect(201);
            note("opportunity", opened.id());
            return opened.id();
        });
    }

    private static boolean unknownCustomer(Reply reply) {
        return reply.status() == 400 && reply.body().path("errors").toString().contains("\"accountId\"");
    }

    /** One business-process step forward or back. */
    public Reply stage(String user, String opportunityId, String stage) {
        return step(user + " moves the opportunity to " + stage, () -> {
            Reply moved = api.post(user, "/api/opportunities/" + opportunityId + "/stage", Map.of("stage", stage)).expect(200);
            check(stage.equals(moved.text("/stage")), moved, "the stage is " + stage);
            note("probability", moved.text("/probability") + " %");
            return moved;
        });
    }

    /** Waits until the opportunity is WON with the actual revenue (accepting a quote wins it in one transaction). */
    public Reply awaitWon(String user, String opportunityId, Money actualRevenue) {
        return step(user + " sees the opportunity WON", () -> {
            Reply won = api.get(user, "/api/opportunities/" + opportunityId).expect(200);
            check("WON".equals(won.text("/status")), won, "the opportunity is WON");
            note("won", actualRevenue + ", closed " + won.text("/actualCloseDate"));
            return won;
        });
    }

    /** Waits until account-service has made the prospect a customer (from {@code crm.opportunity.won.v1}). */
    public Reply awaitCustomer(String user, String accountId) {
        return step(user + " sees the account become a CUSTOMER", () -> {
            Reply account = await("the account to be a CUSTOMER", () -> api.get(user, "/api/accounts/" + accountId),
                    reply -> "CUSTOMER".equals(reply.text("/relationshipType")));
            note("account", account.text("/name") + ", CUSTOMER");
            return account;
        });
    }

    // ------------------------------------------------------------------------------------------- quotes

    public String draftQuote(String user, String opportunityId, String name, String priceListId, LocalDate validUntil) {
        return step(user + " drafts a quote from the price list", () -> {
            Reply quote = api.post(user, "/api/opportunities/" + opportunityId + "/quotes", Map.of("name", name,
                    "priceListId", priceListId, "validUntil", validUntil.toString())).expect(201);
            note("quote", quote.id() + " (revision " + quote.text("/revision") + ", " + quote.text("/status") + ")");
            return quote.id();
        });
    }

    /**
     * A line priced from the catalog. The price reaches opportunity-service's replica through the compacted
     * price topic: until it has, the answer is 422 {@code no-price}, and the step asks again.
     */
    public Reply catalogLine(String user, String quoteId, String productId, String unitId, Object quantity) {
        return step(user + " adds a catalog line: " + quantity + " × product " + productId, () -> {
            Map<String, Object> body = Map.of("productId", productId, "unitId", unitId, "quantity", quantity.toString());
            Reply line = await("the price to reach opportunity-service", () -> api.post(user, "/api/quotes/" + quoteId + "/lines", body),
                    reply -> !noPriceYet(reply)).expect(201);
            note("quote total", Money.of(line.body().at("/totals/totalAmount")).toString());
            return line;
        });
    }

    /** 422 {@code urn:crm:problem:no-price}: the replica has no price for it (yet); any other answer is final. */
    private static boolean noPriceYet(Reply reply) {
        return reply.status() == 422 && String.valueOf(reply.text("/type")).endsWith("no-price");
    }

    /** A write-in line: a description and a price of its own. */
    public Reply writeInLine(String user, String quoteId, String description, Object quantity, Money pricePerUnit) {
        return step(user + " adds a write-in line: " + description, () -> {
            Reply line = api.post(user, "/api/quotes/" + quoteId + "/lines", Map.of("description", description,
                    "quantity", quantity.toString(), "pricePerUnit", pricePerUnit.json())).expect(201);
            note("quote total", Money.of(line.body().at("/totals/totalAmount")).toString());
            return line;
        });
    }

    public Reply activate(String user, String quoteId) {
        return step(user + " activates the quote (offered to the customer)", () -> {
            Reply active = api.post(user, "/api/quotes/" + quoteId + "/activate", null).expect(200);
            check("ACTIVE".equals(active.text("/status")), active, "the quote is ACTIVE");
            note("quote", quoteId + " revision " + active.text("/revision") + " ACTIVE, "
                    + Money.of(active.body().at("/totals/totalAmount")));
            return active;
        });
    }

    /** The active quote is closed as REVISED; its successor is a new draft, revision + 1, with copies of its lines. */
    public Reply revise(String user, String quoteId) {
        return step(user + " revises the quote: a new draft revision", () -> {
            Reply draft = api.post(user, "/api/quotes/" + quoteId + "/revise", null).expect(201);
            check("DRAFT".equals(draft.text("/status")) && quoteId.equals(draft.text("/revisedFromId")), draft,
                    "the new revision is a DRAFT revised from " + quoteId);
            note("quote", draft.id() + " (revision " + draft.text("/revision") + ", DRAFT)");
            return draft;
        });
    }

    public Reply changeQuantity(String user, String quoteId, String lineId, Object quantity) {
        return step(user + " changes a line of the draft to " + quantity, () -> {
            Reply changed = api.patch(user, "/api/quotes/" + quoteId + "/lines/" + lineId,
                    Map.of("quantity", quantity.toString())).expect(200);
            note("quote total", Money.of(changed.body().at("/totals/totalAmount")).toString());
            return changed;
        });
    }

    /** Accepting allocates the order id (billing-service makes the order from the event). */
    public Reply accept(String user, String quoteId, boolean closeOpportunity) {
        return step(user + " records that the customer accepted the quote"
                + (closeOpportunity ? ", winning the opportunity" : ""), () -> {
            Reply accepted = api.post(user, "/api/quotes/" + quoteId + "/accept",
                    Map.of("closeOpportunity", closeOpportunity)).expect(200);
            check("WON".equals(accepted.text("/status")) && accepted.text("/orderId") != null, accepted,
                    "the quote is WON with an order id");
            note("order", accepted.text("/orderId") + " (allocated, billing-service makes it)");
            return accepted;
        });
    }

    /** The line of a quote for a product. */
    public static String lineOf(Reply quote, String productId) {
        for (JsonNode line : quote.body().get("lines")) {
            if (productId.equals(line.path("productId").asString(""))) {
                return line.get("id").asString();
            }
        }
        throw new CrmApi.UnexpectedReply("no line of product " + productId + " in " + quote.describe());
    }

    // ------------------------------------------------------------------------------------------ billing

    /** Waits until billing-service has made the order from {@code crm.quote.accepted.v1}. */
    public Reply awaitOrder(String user, String orderId) {
        return step(user + " finds the order billing-service made from the accepted quote", () -> {
            Reply order = await("the order", () -> api.get(user, "/api/orders/" + orderId), reply -> reply.status() == 200);
            note("order", order.text("/orderNumber") + " " + order.text("/status") + ", "
                    + Money.of(order.body().at("/totals/totalAmount")));
            return order;
        });
    }

    public Reply submit(String user, String orderId) {
        return orderStep(user + " submits the order for fulfilment", user, orderId, "submit", "SUBMITTED");
    }

    public Reply fulfill(String user, String orderId) {
        return orderStep(user + " marks the order delivered", user, orderId, "fulfill", "FULFILLED");
    }

    private Reply orderStep(String title, String user, String orderId, String verb, String status) {
        return step(title, () -> {
            Reply order = api.post(user, "/api/orders/" + orderId + "/" + verb, null).expect(200);
            check(status.equals(order.text("/status")), order, "the order is " + status);
            return order;
        });
    }

    public Reply invoice(String user, String orderId) {
        return step(user + " invoices the order", () -> {
            Reply invoice = api.post(user, "/api/orders/" + orderId + "/invoice", Map.of("paymentTermsDays", 30)).expect(201);
            note("invoice", invoice.text("/number") + " " + invoice.id() + ", due " + invoice.text("/dueDate") + ", "
                    + Money.of(invoice.body().at("/totals/totalAmount")));
            return invoice;
        });
    }

    public Reply pay(String user, String invoiceId, Money amount, String reference) {
        return step(user + " records a payment of " + amount, () -> {
            Reply invoice = api.post(user, "/api/invoices/" + invoiceId + "/payments", Map.of("amount", amount.json(),
                    "reference", reference)).expect(201);
            note("invoice", invoice.text("/status") + ", paid " + Money.of(invoice.body().get("amountPaid"))
                    + ", balance " + Money.of(invoice.body().get("balance")));
            return invoice;
        });
    }

    // ---------------------------------------------------------------------------------- what it all says

    /**
     * The account's timeline once it tells the story up to an entry of {@code kind} (account-service builds it
     * from the other services' events), newest first.
     */
    public Reply awaitTimeline(String user, String accountId, String kind) {
        return step(user + " reads the account's timeline", () -> {
            Reply timeline = await("a " + kind + " entry on the timeline",
                    () -> api.get(user, "/api/accounts/" + accountId + "/timeline?limit=50"),
                    reply -> reply.status() == 200 && kinds(reply).contains(kind));
            for (JsonNode entry : timeline.body().get("items")) {
                note(entry.get("occurredAt").asString(), entry.get("kind").asString() + ": " + entry.get("summary").asString());
            }
            return timeline;
        });
    }

    /** The kinds of a timeline's entries, in its order (newest first). */
    public static List<String> kinds(Reply timeline) {
        List<String> kinds = new java.util.ArrayList<>();
        for (JsonNode entry : timeline.body().path("items")) {
            kinds.add(entry.get("kind").asString());
        }
        return kinds;
    }

    /** The campaign's funnel once it counts {@code won} won opportunities (lead-service learns them from events). */
    public Reply awaitFunnel(String user, String campaignId, long won) {
        return step(user + " reads the campaign funnel", () -> {
            Reply funnel = await(won + " won opportunities in the funnel",
                    () -> api.get(user, "/api/campaigns/" + campaignId + "/funnel"),
                    reply -> reply.status() == 200 && reply.body().path("wonOpportunities").asLong() == won);
            JsonNode f = funnel.body();
            note("funnel", f.get("responses") + " responses → " + f.get("leads") + " leads → " + f.get("qualifiedLeads")
                    + " qualified → " + f.get("opportunities") + " opportunities → " + f.get("wonOpportunities") + " won");
            for (JsonNode revenue : f.get("wonRevenue")) {
                note("won revenue", Money.of(revenue).toString());
            }
            return funnel;
        });
    }

    // -------------------------------------------------------------------------------------- step runner

    /**
     * Runs one step: prints its number and title, then what it made; a failure becomes a
     * {@link StepFailedException} naming the step. A step inside a step is part of it.
     */
    public <T> T step(String title, Supplier<T> action) {
        if (depth > 0) {
            return action.get();
        }
        int number = ++steps;
        out.printf("%3d. %s%n", number, title);
        out.flush();
        long start = System.nanoTime();
        depth++;
        try {
            T result = action.get();
            out.printf("      ok (%.1f s)%n", (System.nanoTime() - start) / 1e9);
            return result;
        } catch (StepFailedException e) {
            throw e;
        } catch (RuntimeException | AssertionError e) {
            out.printf("      FAILED after %.1f s: %s%n", (System.nanoTime() - start) / 1e9, e.getMessage());
            throw new StepFailedException(number, title, e);
        } finally {
            depth--;
            out.flush();
        }
    }

    /** A line under the current step: what it made. */
    public void note(String label, String value) {
        out.printf("      %-18s %s%n", label, value);
    }

    /**
     * Asks until the answer is the one wanted or {@link #PROPAGATION} has passed; returns the last answer, or
     * fails saying what it waited for and what came back last.
     */
    public Reply await(String what, Supplier<Reply> ask, Predicate<Reply> wanted) {
        Instant deadline = Instant.now().plus(PROPAGATION);
        Reply last;
        while (true) {
            last = ask.get();
            if (wanted.test(last)) {
                return last;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CrmApi.UnexpectedReply("waited " + PROPAGATION.toSeconds() + " s for " + what
                        + "; the last answer: " + last.describe());
            }
            try {
                Thread.sleep(POLL.toMillis()); // polling interval: the answer comes from another service's consumer
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    private static String require(Reply reply, String pointer) {
        String value = reply.text(pointer);
        if (value == null || value.isBlank()) {
            throw new CrmApi.UnexpectedReply("no " + pointer + " in " + reply.describe());
        }
        return value;
    }

    private static void check(boolean condition, Reply reply, String expectation) {
        if (!condition) {
            throw new CrmApi.UnexpectedReply("expected " + expectation + ": " + reply.describe());
        }
    }
}
