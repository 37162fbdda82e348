package dev.salescrm.bench.simulation;

import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;

/**
 * P5: on a large lead table, each user in turn reads the first page of the list, a deep page (a cursor from
 * {@code bench.cursors}: positions spread over the whole table) and a search ({@code bench.queries}, one {@code q}
 * a line). Each is its own request name in the report (each query too), so each gets its own percentiles.
 */
public class ListLeadsSimulation extends Simulation {

    {
        Knobs knobs = new Knobs();
        var cursors = listFeeder(Knobs.records("bench.cursors", "cursor")).circular();
        var queries = listFeeder(Knobs.records("bench.queries", "q")).circular();
        var round = feed(cursors).feed(queries)
                .exec(http("list: first page").get("/api/leads").queryParam("limit", "50").check(status().is(200)))
                .exec(http("list: deep page (cursor)").get("/api/leads").queryParam("limit", "50").queryParam("cursor", "#{cursor}").check(status().is(200)))
                .exec(http("search q=#{q}").get("/api/leads").queryParam("limit", "50").queryParam("q", "#{q}").check(status().is(200)));
        setUp(knobs.population(scenario("list and search").exec(knobs.body(round)))).protocols(knobs.protocol());
    }
}
