package dev.salescrm.bench.simulation;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;

/**
 * P3: qualifications at a steady rate ({@code bench.model=rate}): each arriving user qualifies one lead of
 * {@code bench.ids} (each lead once) into a new account, contact and opportunity, and gets its 202. How long the
 * saga then takes is read from lead-service's database by the runner, not here.
 */
public class QualifySimulation extends Simulation {

    {
        Knobs knobs = new Knobs();
        var leads = listFeeder(Knobs.records("bench.ids", "id")).queue();
        var qualify = feed(leads).exec(http("POST /api/leads/{id}/qualify").post("/api/leads/#{id}/qualify")
                .header("Content-Type", "application/json")
                .body(StringBody("""
                        {"account":{"create":true},"contact":{"create":true},\
                        "opportunity":{"create":true,"name":"استقرار CRM #{id}",\
                        "estimatedRevenue":{"amount":"1250000000","currency":"IRR"}}}"""))
                .check(status().is(202)));
        setUp(knobs.population(scenario("qualify lead").exec(knobs.body(qualify)))).protocols(knobs.protocol());
    }
}
