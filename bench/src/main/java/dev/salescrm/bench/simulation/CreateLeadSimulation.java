package dev.salescrm.bench.simulation;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.util.Iterator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import io.gatling.javaapi.core.Simulation;

/**
 * P2: {@code POST /api/leads} — validation, idempotency key, duplicate check (e-mail, phone, name trigram, and
 * account-service's match), the lead row and its outbox row in one transaction. Every lead is new: a unique
 * e-mail, phone and company per request, names drawn from Persian and English ones.
 */
public class CreateLeadSimulation extends Simulation {

    private static final String[] FIRST = {"علی", "زهرا", "محمد", "فاطمه", "Sara", "Omid", "Leila", "Nima"};
    private static final String[] LAST = {"رضایی", "احمدی", "کریمی", "Moradi", "Hosseini", "Tehrani"};

    {
        Knobs knobs = new Knobs();
        String run = System.getProperty("bench.run", "p2");
        AtomicLong counter = new AtomicLong();
        Iterator<Map<String, Object>> leads = Stream.generate(() -> {
            long n = counter.incrementAndGet();
            return Map.<String, Object>of(
                    "key", UUID.randomUUID().toString(),
                    "first", FIRST[(int) (n % FIRST.length)],
                    "last", LAST[(int) (n / FIRST.length % LAST.length)] + " " + run + n,
                    "company", "شرکت " + run + " " + n,
                    "email", run + "-" + n + "@bench.example",
                    "phone", String.format("0935%07d", n % 10_000_000));
        }).iterator();
        var create = feed(leads).exec(http("POST /api/leads").post("/api/leads")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "#{key}")
                .body(StringBody("""
                        {"firstName":"#{first}","lastName":"#{last}","companyName":"#{company}",\
                        "email":"#{email}","phone":"#{phone}","source":"WEB"}"""))
                .check(status().is(201)));
        setUp(knobs.population(scenario("create lead").exec(knobs.body(create)))).protocols(knobs.protocol());
    }
}
