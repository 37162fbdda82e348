package dev.salescrm.bench.simulation;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;

/** P1: {@code GET /api/leads/{id}} with a token, at whatever {@code bench.target} is (service, gateway or nginx). */
public class GetLeadSimulation extends Simulation {

    {
        Knobs knobs = new Knobs();
        var ids = listFeeder(Knobs.records("bench.ids", "id")).circular();
        var get = feed(ids).exec(http("GET /api/leads/{id}").get("/api/leads/#{id}").check(status().is(200)));
        setUp(knobs.population(scenario("get lead").exec(knobs.body(get)))).protocols(knobs.protocol());
    }
}
