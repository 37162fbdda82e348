package dev.salescrm.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.launcher.PkceLogin;

/**
 * The few calls the runner makes itself (seeding and the idle baselines), through the real API with tokens from
 * the real issuer. Gatling does the measured load.
 */
final class Api {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String issuer;

    Api(String issuer) {
        this.issuer = issuer;
    }

    /** A fresh access token (they live 15 minutes: the runner asks again before every Gatling run). */
    String token(String user) {
        return PkceLogin.accessToken(issuer, PkceLogin.DEFAULT_CLIENT, PkceLogin.DEFAULT_REDIRECT_URI, user,
                System.getenv().getOrDefault("CRM_DEMO_PASSWORD", PkceLogin.DEFAULT_DEMO_PASSWORD));
    }

    record Reply(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    Reply send(String method, String url, String token, String body) {
        return send(method, url, token, body, UUID.randomUUID().toString());
    }

    Reply send(String method, String url, String token, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A lead as a sales form would send it: Persian or English names, a unique e-mail and phone. */
    static String leadBody(String tag, int n) {
        String[] first = {"علی", "زهرا", "محمد", "فاطمه", "Sara", "Omid", "Leila", "Nima"};
        String[] last = {"رضایی", "احمدی", "کریمی", "Moradi", "Hosseini", "Tehrani"};
        return String.format("""
                {"firstName":"%s","lastName":"%s %s%d","companyName":"شرکت %s %d","email":"%s-%d@bench.example",\
                "phone":"0936%07d","source":"WEB"}""", first[n % first.length], last[n / first.length % last.length],
                tag, n, tag, n, tag, n, n % 10_000_000);
    }

    /**
     * A POST retried (same Idempotency-Key, so never applied twice) while the answer is a 5xx or nothing: seeding
     * must not fail because a just-started JVM on a busy machine was slow to answer its first requests. The
     * measured runs are never retried.
     */
    Reply postWithRetries(String url, String token, String body) {
        String key = UUID.randomUUID().toString();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            try {
                Reply reply = send("POST", url, token, body, key);
                // 409 idempotency-key-in-flight: an earlier attempt timed out at the gateway but is still being
                // processed; asking again with the same key later gets its answer.
                boolean inFlight = reply.status() == 409 && reply.body().contains("idempotency-key-in-flight");
                if (reply.status() < 500 && !inFlight) {
                    return reply;
                }
                last = new IllegalStateException(reply.status() + " " + reply.body());
            } catch (IllegalStateException e) {
                last = e;
            }
            Context.sleep(1000L * attempt);
        }
        throw last;
    }

    /** Creates {@code count} leads through {@code baseUrl}, a few at a time, and returns their ids. */
    List<UUID> createLeads(String baseUrl, String token, String tag, int count) {
        List<UUID> ids = Collections.synchronizedList(new ArrayList<>());
        Semaphore inFlight = new Semaphore(8);
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                calls.add(pool.submit(() -> {
                    inFlight.acquireUninterruptibly();
                    try {
                        Reply reply = postWithRetries(baseUrl + "/api/leads", token, leadBody(tag, n));
                        if (reply.status() != 201) {
                            throw new IllegalStateException("seeding lead " + n + ": " + reply.status() + " " + reply.body());
                        }
                        ids.add(UUID.fromString(reply.json().get("id").asString()));
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("seeding leads failed: " + e.getMessage(), e);
        }
        return new ArrayList<>(ids);
    }
}
