package dev.salescrm.systemtest.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

import tools.jackson.databind.JsonNode;

import dev.salescrm.launcher.PkceLogin;
import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi;

/**
 * The load the fault scenarios put on the suite, through the gateway as the demo reps (alice and bob, so the
 * gateway's per-user rate limit is shared out): leads imported in bulk, then qualified one request each, by
 * several client threads, the way a busy sales floor would. The client behaves as a good one does: it waits
 * as a 429 asks, it retries what failed without an answer it can trust (a 5xx, a timeout, a refused
 * connection) — qualifying is a state transition, so a retry of a qualification that did happen gets a 409,
 * never a second conversion — and it never waits longer than its per-request bound: a request that takes
 * longer counts as <em>hung</em>.
 */
final class SalesLoad {

    static final List<String> REPS = List.of("alice", "bob");

    /** An answer: the HTTP status, or {@link #NO_ANSWER} (connection refused or reset), or {@link #HUNG}. */
    record Reply(int status, JsonNode body, Duration took) {
        boolean answered() {
            return status > 0;
        }
    }

    static final int NO_ANSWER = -1;
    static final int HUNG = 0;

    private final CrmApi api;
    private final String gateway;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Duration requestBound;

    SalesLoad(Suite suite, Duration requestBound) {
        this.api = CrmApi.of(suite.config(), PkceLogin.DEFAULT_DEMO_PASSWORD);
        this.gateway = api.gateway();
        this.requestBound = requestBound;
    }

    // -------------------------------------------------------------------------------------------- leads

    /**
     * Imports {@code count} leads per rep in one CSV upload each (names, companies and e-mails random, so the
     * duplicate check finds nothing) and returns each lead with its owner. The scenario's tag goes in
     * {@code topic}, to find its leads when reading a database by hand.
     */
    Map<UUID, String> importLeads(String tag, int countPerRep) {
        Map<UUID, String> owners = new LinkedHashMap<>();
        for (String rep : REPS) {
            StringBuilder csv = new StringBuilder("firstName,lastName,companyName,email,source,topic\n");
            for (int i = 0; i < countPerRep; i++) {
                String word = randomWord();
                csv.append("Fault,").append(randomWord()).append(",Company ").append(word).append(',')
                        .append(word).append("@faults.example.org,TRADE_SHOW,").append(tag).append('\n');
            }
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway + "/api/leads/import"))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + api.token(rep))
                    .header("Content-Type", "text/csv")
                    .header("Idempotency-Key", tag + "-" + rep)
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build();
            JsonNode report;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new AssertionError("import as " + rep + " → " + response.statusCode() + " " + response.body());
                }
                report = CrmApi.json().readTree(response.body());
            } catch (IOException e) {
                throw new AssertionError("import as " + rep + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            if (report.path("created").asInt() != countPerRep) {
                throw new AssertionError("import as " + rep + " created " + report.path("created").asInt() + " of "
                        + countPerRep + ": duplicates " + report.path("duplicates") + ", rejected " + report.path("rejected"));
            }
            for (JsonNode row : report.path("rows")) {
                owners.put(UUID.fromString(row.path("leadId").asString()), rep);
            }
        }
        return owners;
    }

    private static String randomWord() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static String qualificationBody(UUID leadId) {
        return """
                {"account":{"create":true},"contact":{"create":true},
                 "opportunity":{"create":true,"name":"Deal for %s",
                   "estimatedRevenue":{"amount":"1250000000.00","currency":"IRR"},"estimatedCloseDate":"2027-03-01"}}
                """.formatted(leadId);
    }

    // ---------------------------------------------------------------------------------- qualifications

    /**
     * What a stream of qualifications got. {@code acknowledged}: answered 202; {@code qualifiedAnswerLost}:
     * a retry answered 409 after an earlier attempt got no trustworthy answer — the first attempt did qualify
     * it, so its conversion must complete too; {@code unacknowledged}: neither, within the deadline.
     * {@code statuses} counts every answer (attempts included) by status, {@link #HUNG} for requests that
     * exceeded the client's bound, {@link #NO_ANSWER} for refused or reset connections.
     */
    static final class Qualifications {
        final Set<UUID> acknowledged = ConcurrentHashMap.newKeySet();
        final Set<UUID> qualifiedAnswerLost = ConcurrentHashMap.newKeySet();
        final Set<UUID> unacknowledged = ConcurrentHashMap.newKeySet();
        final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong unexpected5xx = new AtomicLong();
        final AtomicInteger done = new AtomicInteger();

        Set<UUID> qualified() {
            Set<UUID> all = ConcurrentHashMap.newKeySet();
            all.addAll(acknowledged);
            all.addAll(qualifiedAnswerLost);
            return all;
        }

        long hung() {
            return statuses.getOrDefault(HUNG, new AtomicLong()).get();
        }

        Map<String, Long> statusCounts() {
            return labelled(statuses);
        }

        @Override
        public String toString() {
            return acknowledged.size() + " acknowledged, " + qualifiedAnswerLost.size() + " qualified with the answer lost, "
                    + unacknowledged.size() + " unacknowledged; answers " + statusCounts()
                    + (unexpected.isEmpty() ? "" : "; unexpected: " + unexpected.subList(0, Math.min(5, unexpected.size())));
        }
    }

    /**
     * Qualifies every lead as its owner with {@code threads} clients, and returns at once; the stream runs
     * until every lead is acknowledged or {@code deadline} passes. {@code expected5xx} says which 5xx answers
     * the fault makes legitimate (e.g. 503 while a service is down); any other 5xx is counted as unexpected.
     */
    Stream qualifyAll(Map<UUID, String> owners, int threads, Duration deadline, IntPredicate expected5xx) {
        Qualifications result = new Qualifications();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Instant end = Instant.now().plus(deadline);
        List<Future<?>> futures = new ArrayList<>();
        for (var lead : owners.entrySet()) {
            futures.add(pool.submit(() -> qualifyOne(lead.getKey(), lead.getValue(), end, expected5xx, result)));
        }
        pool.shutdown();
        return new Stream(pool, futures, result);
    }

    /** A running stream of qualifications. */
    record Stream(ExecutorService pool, List<Future<?>> futures, Qualifications result) {
        Qualifications await(Duration bound) throws Exception {
            if (!pool.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                throw new AssertionError("the qualification stream did not finish in " + bound + ": " + result);
            }
            for (Future<?> future : futures) {
                future.get();
            }
            return result;
        }
    }

    private void qualifyOne(UUID leadId, String owner, Instant end, IntPredicate expected5xx, Qualifications result) {
        boolean ambiguous = false;
        try {
            while (Instant.now().isBefore(end)) {
                Reply reply = send(owner, "POST", "/api/leads/" + leadId + "/qualify", qualificationBody(leadId), null);
                result.statuses.computeIfAbsent(reply.status(), s -> new AtomicLong()).incrementAndGet();
                int status = reply.status();
                if (status == 202) {
                    result.acknowledged.add(leadId);
                    return;
                }
                if (status == 409 && ambiguous) {
                    result.qualifiedAnswerLost.add(leadId);
                    return;
                }
                if (status >= 500 && !expected5xx.test(status)) {
                    result.unexpected5xx.incrementAndGet();
                    result.unexpected.add(leadId + " → " + status + " " + reply.body());
                } else if (status != 429 && status < 500 && reply.answered()) {
                    result.unexpected.add(leadId + " → " + status + " " + reply.body());
                    return; // a 4xx is final: retrying the same request cannot change it
                }
                ambiguous |= status >= 500 || !reply.answered();
                pause(status == 429 ? 1000 : 500);
            }
            result.unacknowledged.add(leadId);
        } finally {
            result.done.incrementAndGet();
        }
    }

    // -------------------------------------------------------------------------------------------- http

    /** One request as {@code user}, bounded by the client's request bound; never throws for a network failure. */
    Reply send(String user, String method, String path, String jsonBody, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(requestBound)
                .header("Authorization", "Bearer " + api.token(user));
        if (headers != null) {
            headers.forEach(builder::header);
        }
        if (jsonBody == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
        }
        Instant start = Instant.now();
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = response.body().isBlank() ? CrmApi.json().nullNode() : CrmApi.json().readTree(response.body());
            } catch (RuntimeException notJson) {
                body = CrmApi.json().getNodeFactory().stringNode(response.body());
            }
            return new Reply(response.statusCode(), body, Duration.between(start, Instant.now()));
        } catch (HttpTimeoutException e) {
            return new Reply(HUNG, CrmApi.json().nullNode(), Duration.between(start, Instant.now()));
        } catch (IOException e) {
            return new Reply(NO_ANSWER, CrmApi.json().getNodeFactory().stringNode(e.toString()),
                    Duration.between(start, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Answer counts by status, {@code hung} and {@code no answer} spelled out, for reports. */
    static Map<String, Long> labelled(Map<Integer, AtomicLong> statuses) {
        Map<String, Long> counts = new TreeMap<>();
        statuses.forEach((status, n) -> counts.put(
                status == HUNG ? "hung" : status == NO_ANSWER ? "no answer" : String.valueOf(status), n.get()));
        return counts;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
