package dev.salescrm.bench;

import java.nio.file.Path;

/**
 * What Gatling measured for one request name (or all requests) of a run: the figures of its HTML report.
 * Times in milliseconds (Gatling's resolution), throughput in requests per second over the run.
 */
record Stats(String name, long ok, long ko, double rps, long mean, long p50, long p75, long p95, long p99, long max,
             Path report) {

    String brief() {
        return String.format("%s: %d ok, %d ko, %.1f req/s, p50 %d ms, p99 %d ms", name, ok, ko, rps, p50, p99);
    }
}
