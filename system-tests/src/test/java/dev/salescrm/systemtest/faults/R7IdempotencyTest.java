package dev.salescrm.systemtest.faults;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi;
import dev.salescrm.launcher.cycle.SalesCycle;
import dev.salescrm.systemtest.faults.RawApi.Answer;
import dev.salescrm.systemtest.faults.RawApi.Call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * R7, idempotency (issue #14): every creating POST of the API is sent with an {@code Idempotency-Key}, and the
 * client gives up on it — it writes the whole request and closes the connection after 0, 40 or 400 ms without
 * reading the answer, as a client whose timeout fired does. Depending on the moment the gateway and the
 * service see the client go, the effect has happened, is happening, or never will. Then the client retries
 * with the same key until it has an answer (a 409 "in flight" asks it to come back after Retry-After), and asks
 * once more to check that the answer is replayed. What is counted is the effect in the owning service's
 * database (and for accepted quotes, the order billing-service made from the event): exactly one each.
 *
 * <p>"Every creating POST" is checked against the services' OpenAPI documents: each POST that documents a
 * 201 must be one of the creations below, so a new one cannot slip past this scenario.
 */
@Tag("faults")
@ExtendWith(FaultSuite.class)
class R7IdempotencyTest {

    /** How long the client waits before it abandons the request (after writing all of it). */
    static final List<Long> ABANDON_AFTER_MILLIS = List.of(0L, 40L, 400L);

    /** One creating POST: how to send it for a trial, and how to count its effect. */
    record Creation(String name, String operation, Function<Trial, Call> call, Function<Trial, Long> effects) {
    }

    /** One attempt at a creation: a marker the effect carries, and the parents set up for it. */
    record Trial(String marker, Map<String, String> parents) {
        String parent(String name) {
            return parents.get(name);
        }
    }

    @Test
    @Timeout(value = 6, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyCreatingPostRetriedAfterAClientTimeoutHasExactlyOneEffect(Suite suite) {
        RawApi raw = new RawApi(suite);
        CrmApi api = raw.api();
        SalesCycle cycle = new SalesCycle(api, System.out);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);

        // Shared parents, made by a well-behaved client.
        String accountId = api.post("alice", "/api/accounts", Map.of("name", "R7 Account " + run)).expect(201).id();
        String contactId = api.post("alice", "/api/contacts", Map.of("firstName", "Laleh", "lastName", "R7-" + run,
                "accountId", accountId)).expect(201).id();
        String leadId = api.post("alice", "/api/leads", Map.of("firstName", "Kian", "lastName", "R7-" + run,
                "companyName", "R7 Lead Co " + run)).expect(201).id();
        String campaignId = api.post("mona", "/api/campaigns", campaign("R7C-" + run, today)).expect(201).id();
        CrmApi.Reply group = api.post("cathy", "/api/unit-groups", Map.of("name", "R7 group " + run, "baseUnit", "seat",
                "units", List.of())).expect(201);
        String seat = group.body().at("/units/0/id").asString();
        String priceListId = api.post("cathy", "/api/price-lists", Map.of("name", "R7 list " + run, "currency", "EUR",
                "validFrom", today.toString(), "validTo", today.plusYears(1).toString())).expect(201).id();
        String opportunityId = cycle.openOpportunity("alice", accountId, "R7 deal " + run, SalesCycle.Money.of("5000.00", "EUR"));

        List<Creation> creations = creations(raw, api, cycle, today, accountId, contactId, leadId, campaignId,
                group.id(), seat, priceListId, opportunityId);

        // Every POST documented with a 201 is covered.
        Set<String> documented = new TreeSet<>();
        for (R6HostileInputTest.Operation op : R6HostileInputTest.operations(raw)) {
            if (op.method().equals("POST") && op.createsWith201()) {
                documented.add(op.path());
            }
        }
        Set<String> covered = new TreeSet<>();
        creations.forEach(c -> covered.add(c.operation()));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(covered);
        missing.remove("/api/catalog/sync"); // machine clients only; keyed by SKU, an upsert (idempotent by nature)
        missing.remove("/api/leads/import"); // streams its answer; the import job carries its own key

        List<String> problems = new ArrayList<>();
        Map<String, Long> effectsByCreation = new LinkedHashMap<>();
        long lost = 0;
        long doubled = 0;
        long fiveHundreds = 0;
        int trials = 0;
        long started = System.nanoTime();
        for (Creation creation : creations) {
            for (long abandonAfter : ABANDON_AFTER_MILLIS) {
                trials++;
                Trial trial = new Trial("R7-" + run + "-" + trials, new LinkedHashMap<>());
                Call call = creation.call().apply(trial);
                String key = UUID.randomUUID().toString();
                Call keyed = withKey(call, key);

                raw.abandon(keyed, abandonAfter);
                Answer answer = retryUntilAnswered(raw, keyed);
                Answer replay = raw.send(keyed);
                String what = creation.name() + " (abandoned after " + abandonAfter + " ms)";
                if (answer.status() >= 500 || replay.status() >= 500) {
                    fiveHundreds++;
                }
                if (answer.status() < 200 || answer.status() >= 300) {
                    problems.add(what + ": the retry got " + answer.describe());
                } else if (replay.status() != answer.status() || !java.util.Arrays.equals(replay.body(), answer.body())) {
                    problems.add(what + ": the replay differs: " + answer.describe() + " vs " + replay.describe());
                }
                long effects = settledEffects(creation, trial);
                effectsByCreation.merge(creation.name(), effects, Long::sum);
                if (effects == 0) {
                    lost++;
                    problems.add(what + ": no effect");
                } else if (effects > 1) {
                    doubled += effects - 1;
                    problems.add(what + ": " + effects + " effects");
                }
            }
        }
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        System.out.printf("R7: %d creating POSTs x %d abandon points = %d trials in %d s; effects per creation: %s%n"
                        + "  documented creating POSTs: %s%n  not covered: %s%n",
                creations.size(), ABANDON_AFTER_MILLIS.size(), trials, seconds, effectsByCreation, documented, missing);
        problems.forEach(p -> System.out.println("  R7 " + p));
        FaultReport.record(new FaultReport.Row("R7 client timeout, retry with the same Idempotency-Key",
                creations.size() + " creating POSTs x " + ABANDON_AFTER_MILLIS.size() + " abandon points (0/40/400 ms) = "
                        + trials + " trials", lost, doubled, fiveHundreds,
                "effects counted in the owning service's DB; " + covered.size() + " operations, uncovered documented 201 POSTs: "
                        + missing.size()));

        assertThat(problems).isEmpty();
        assertThat(lost).isZero();
        assertThat(doubled).isZero();
        assertThat(missing).as("creating POSTs (201 in OpenAPI) without an R7 trial").isEmpty();
    }

    private static List<Creation> creations(RawApi raw, CrmApi api, SalesCycle cycle, LocalDate today, String accountId,
                                            String contactId, String leadId, String campaignId, String groupId,
                                            String seat, String priceListId, String opportunityId) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        List<Creation> list = new ArrayList<>();
        // ---- lead-service
        list.add(new Creation("lead", "/api/leads",
                t -> json("alice", "/api/leads", Map.of("firstName", "Arash", "lastName", t.marker(), "companyName", t.marker() + " Co")),
                t -> raw.count("lead-service", "SELECT count(*) FROM lead WHERE last_name = ?", t.marker())));
        list.add(new Creation("lead activity", "/api/leads/{leadId}/activities",
                t -> json("alice", "/api/leads/" + leadId + "/activities", Map.of("type", "PHONE_CALL", "subject", t.marker(),
                        "direction", "OUTBOUND", "completedAt", now)),
                t -> raw.count("lead-service", "SELECT count(*) FROM lead_activity WHERE subject = ?", t.marker())));
        list.add(new Creation("campaign", "/api/campaigns",
                t -> json("mona", "/api/campaigns", campaign(t.marker(), today)),
                t -> raw.count("lead-service", "SELECT count(*) FROM campaign WHERE code = ?", t.marker())));
        list.add(new Creation("campaign response", "/api/campaigns/{id}/responses",
                t -> json("mona", "/api/campaigns/" + campaignId + "/responses", response(t.marker(), now)),
                t -> raw.count("lead-service", "SELECT count(*) FROM campaign_response WHERE last_name = ?", t.marker())));
        list.add(new Creation("campaign response → new lead", "/api/campaign-responses/{id}/convert",
                t -> {
                    String responseId = api.post("mona", "/api/campaigns/" + campaignId + "/responses",
                            response(t.marker(), now)).expect(201).id();
                    return json("mona", "/api/campaign-responses/" + responseId + "/convert",
                            Map.of("action", "NEW_LEAD", "ownerId", "alice"));
                },
                t -> raw.count("lead-service", "SELECT count(*) FROM lead WHERE last_name = ?", t.marker())));
        // ---- account-service
        list.add(new Creation("account", "/api/accounts",
                t -> json("alice", "/api/accounts", Map.of("name", t.marker())),
                t -> raw.count("account-service", "SELECT count(*) FROM account WHERE name = ?", t.marker())));
        list.add(new Creation("contact", "/api/contacts",
                t -> json("alice", "/api/contacts", Map.of("firstName", "Shirin", "lastName", t.marker(), "accountId", accountId)),
                t -> raw.count("account-service", "SELECT count(*) FROM contact WHERE last_name = ?", t.marker())));
        list.add(new Creation("account activity", "/api/accounts/{accountId}/activities",
                t -> json("alice", "/api/accounts/" + accountId + "/activities", activity(t.marker(), now)),
                t -> raw.count("account-service", "SELECT count(*) FROM activity WHERE subject = ?", t.marker())));
        list.add(new Creation("contact activity", "/api/contacts/{contactId}/activities",
                t -> json("alice", "/api/contacts/" + contactId + "/activities", activity(t.marker(), now)),
                t -> raw.count("account-service", "SELECT count(*) FROM activity WHERE subject = ?", t.marker())));
        // ---- opportunity-service
        list.add(new Creation("opportunity", "/api/opportunities",
                t -> json("alice", "/api/opportunities", Map.of("name", t.marker(), "accountId", accountId,
                        "estimatedRevenue", Map.of("amount", "1000.00", "currency", "EUR"),
                        "estimatedCloseDate", today.plusMonths(1).toString())),
                t -> raw.count("opportunity-service", "SELECT count(*) FROM opportunity WHERE name = ?", t.marker())));
        list.add(new Creation("opportunity activity", "/api/opportunities/{opportunityId}/activities",
                t -> json("alice", "/api/opportunities/" + opportunityId + "/activities", activity(t.marker(), now)),
                t -> raw.count("opportunity-service", "SELECT count(*) FROM opportunity_activity WHERE subject = ?", t.marker())));
        list.add(new Creation("quote", "/api/opportunities/{id}/quotes",
                t -> json("alice", "/api/opportunities/" + opportunityId + "/quotes", Map.of("name", t.marker(),
                        "priceListId", priceListId, "validUntil", today.plusMonths(1).toString())),
                t -> raw.count("opportunity-service", "SELECT count(*) FROM quote WHERE name = ?", t.marker())));
        list.add(new Creation("quote line", "/api/quotes/{id}/lines",
                t -> {
                    String quoteId = cycle.draftQuote("alice", opportunityId, t.marker() + " quote", priceListId, today.plusMonths(1));
                    return json("alice", "/api/quotes/" + quoteId + "/lines", writeIn(t.marker()));
                },
                t -> raw.count("opportunity-service", "SELECT count(*) FROM quote_line WHERE description = ?", t.marker())));
        list.add(new Creation("quote revision", "/api/quotes/{id}/revise",
                t -> {
                    String quoteId = activeQuote(api, cycle, opportunityId, priceListId, today, t.marker());
                    t.parents().put("quote", quoteId);
                    return new Call("alice", "POST", "/api/quotes/" + quoteId + "/revise", Map.of(), null);
                },
                t -> raw.count("opportunity-service", "SELECT count(*) FROM quote WHERE revised_from_id = ?::uuid", t.parent("quote"))));
        list.add(new Creation("quote accepted → order", "/api/quotes/{id}/accept",
                t -> {
                    // Its own opportunity: accepting may close the others' quotes.
                    String deal = cycle.openOpportunity("alice", accountId, t.marker() + " deal", SalesCycle.Money.of("100.00", "EUR"));
                    String quoteId = activeQuote(api, cycle, deal, priceListId, today, t.marker());
                    t.parents().put("quote", quoteId);
                    return json("alice", "/api/quotes/" + quoteId + "/accept", Map.of("closeOpportunity", true));
                },
                t -> {
                    // The order is billing-service's, made from the event: wait until it is there.
                    await().atMost(Duration.ofSeconds(60)).until(() -> raw.count("billing-service",
                            "SELECT count(*) FROM sales_order WHERE quote_id = ?::uuid", t.parent("quote")) > 0);
                    return raw.count("billing-service", "SELECT count(*) FROM sales_order WHERE quote_id = ?::uuid",
                            t.parent("quote"));
                }));
        // ---- catalog-service
        list.add(new Creation("unit group", "/api/unit-groups",
                t -> json("cathy", "/api/unit-groups", Map.of("name", t.marker(), "baseUnit", "seat", "units", List.of())),
                t -> raw.count("catalog-service", "SELECT count(*) FROM unit_group WHERE name = ?", t.marker())));
        list.add(new Creation("unit", "/api/unit-groups/{id}/units",
                t -> json("cathy", "/api/unit-groups/" + groupId + "/units", Map.of("name", t.marker(), "quantity", 5)),
                t -> raw.count("catalog-service", "SELECT count(*) FROM unit WHERE name = ?", t.marker())));
        list.add(new Creation("product", "/api/products",
                t -> json("cathy", "/api/products", Map.of("sku", t.marker(), "name", "R7 product", "unitGroupId", groupId,
                        "defaultUnitId", seat)),
                t -> raw.count("catalog-service", "SELECT count(*) FROM product WHERE sku = ?", t.marker())));
        list.add(new Creation("price list", "/api/price-lists",
                t -> json("cathy", "/api/price-lists", Map.of("name", t.marker(), "currency", "EUR",
                        "validFrom", today.toString(), "validTo", today.plusYears(1).toString())),
                t -> raw.count("catalog-service", "SELECT count(*) FROM price_list WHERE name = ?", t.marker())));
        list.add(new Creation("price list item", "/api/price-lists/{id}/items",
                t -> {
                    String productId = api.post("cathy", "/api/products", Map.of("sku", t.marker(), "name", "R7 priced",
                            "unitGroupId", groupId, "defaultUnitId", seat)).expect(201).id();
                    t.parents().put("product", productId);
                    return json("cathy", "/api/price-lists/" + priceListId + "/items", Map.of("productId", productId,
                            "unitId", seat, "amount", "12.50"));
                },
                t -> raw.count("catalog-service", "SELECT count(*) FROM price_list_item WHERE product_id = ?::uuid",
                        t.parent("product"))));
        // ---- billing-service: an order per trial, from an accepted quote, brought to FULFILLED
        list.add(new Creation("invoice", "/api/orders/{id}/invoice",
                t -> {
                    String orderId = fulfilledOrder(api, cycle, accountId, priceListId, today, t.marker());
                    t.parents().put("order", orderId);
                    return json("bill", "/api/orders/" + orderId + "/invoice", Map.of("paymentTermsDays", 30));
                },
                t -> raw.count("billing-service", "SELECT count(*) FROM invoice WHERE order_id = ?::uuid", t.parent("order"))));
        list.add(new Creation("payment", "/api/invoices/{id}/payments",
                t -> {
                    String orderId = fulfilledOrder(api, cycle, accountId, priceListId, today, t.marker());
                    String invoiceId = api.post("bill", "/api/orders/" + orderId + "/invoice", Map.of("paymentTermsDays", 30))
                            .expect(201).id();
                    return json("bill", "/api/invoices/" + invoiceId + "/payments", Map.of("amount",
                            Map.of("amount", "10.00", "currency", "EUR"), "reference", t.marker()));
                },
                t -> raw.count("billing-service", "SELECT count(*) FROM invoice_payment WHERE reference = ?", t.marker())));
        return list;
    }

    // ------------------------------------------------------------------------------------ helpers

    /**
     * Retries with the same key until there is an answer other than "still in flight" or "too many requests"
     * (bounded), waiting as Retry-After asks. A 5xx is an answer, and the scenario counts it: the services are
     * healthy, so nothing but a connection the client itself gave up may fail. (A 503 "lead-service is
     * unavailable" on such a retry, seen once on 27 November, led to the gateway's KeyedWriteRetry.)
     */
    private static Answer retryUntilAnswered(RawApi raw, Call keyed) {
        Answer answer = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            answer = raw.send(keyed);
            boolean inFlight = answer.status() == 409 && answer.text().contains("in-flight");
            if (answer.status() != -1 && answer.status() != 429 && !inFlight) {
                return answer;
            }
            RawApi.pause(1000L * Long.parseLong(answer.retryAfter().orElse("1")));
        }
        return answer;
    }

    /** The effects once they have stopped changing: a late duplicate would show after a second look. */
    private static long settledEffects(Creation creation, Trial trial) {
        long first = creation.effects().apply(trial);
        RawApi.pause(200);
        long second = creation.effects().apply(trial);
        return Math.max(first, second);
    }

    private static String activeQuote(CrmApi api, SalesCycle cycle, String opportunityId, String priceListId,
                                      LocalDate today, String marker) {
        String quoteId = cycle.draftQuote("alice", opportunityId, marker + " quote", priceListId, today.plusMonths(1));
        api.post("alice", "/api/quotes/" + quoteId + "/lines", writeIn(marker + " line")).expect(201);
        cycle.activate("alice", quoteId);
        return quoteId;
    }

    private static String fulfilledOrder(CrmApi api, SalesCycle cycle, String accountId, String priceListId,
                                         LocalDate today, String marker) {
        String deal = cycle.openOpportunity("alice", accountId, marker + " deal", SalesCycle.Money.of("100.00", "EUR"));
        String quoteId = activeQuote(api, cycle, deal, priceListId, today, marker);
        String orderId = cycle.accept("alice", quoteId, true).text("/orderId");
        cycle.awaitOrder("bill", orderId);
        cycle.submit("bill", orderId);
        cycle.fulfill("bill", orderId);
        return orderId;
    }

    private static Map<String, Object> campaign(String code, LocalDate today) {
        return Map.of("name", code, "code", code, "channel", "EMAIL", "startsOn", today.toString(),
                "endsOn", today.plusDays(30).toString(), "budget", Map.of("amount", "1000.00", "currency", "EUR"));
    }

    private static Map<String, Object> response(String lastName, String receivedAt) {
        return Map.of("firstName", "Parisa", "lastName", lastName, "companyName", lastName + " Co", "channel", "EMAIL",
                "receivedAt", receivedAt);
    }

    private static Map<String, Object> activity(String subject, String completedAt) {
        return Map.of("type", "PHONE_CALL", "subject", subject, "direction", "OUTBOUND", "completedAt", completedAt);
    }

    private static Map<String, Object> writeIn(String description) {
        return Map.of("description", description, "quantity", "2", "pricePerUnit", Map.of("amount", "50.00", "currency", "EUR"));
    }

    private static Call json(String user, String path, Object body) {
        return Call.json(user, "POST", path, CrmApi.json().writeValueAsString(body));
    }

    private static Call withKey(Call call, String key) {
        Map<String, String> headers = new LinkedHashMap<>(call.headers());
        headers.put("Idempotency-Key", key);
        return new Call(call.user(), call.method(), call.path(), headers, call.body());
    }
}
