package dev.salescrm.lead.lead;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

import dev.salescrm.platform.test.ServiceTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Opt-in benchmark (tag {@code benchmark}; excluded from {@code ./crm test}, run with
 * {@code ./mvnw -pl lead-service test -Dtest=LeadSearchBenchmark -Dsurefire.excludedGroups=none}).
 * Loads 100,000 generated leads through the import endpoint, then times searches against a
 * baseline measured in the same run on the same data — {@code SELECT count(*) FROM lead} and a
 * plain first page — and reports ratios, because this machine is shared and noisy. It also
 * samples the service's heap while importing 2,000 and 20,000 rows: the import streams, so the
 * peak should not grow with the file. Figures are printed ("BENCH …") for lead-service's README;
 * nothing here asserts a time.
 */
@ServiceTest
@Tag("benchmark")
class LeadSearchBenchmark {

    static final int LEADS = 100_000;
    static final int PER_UPLOAD = 20_000;
    static final String[] FIRST = {"علی", "محمد", "زهرا", "فاطمه", "رضا", "Sara", "Omid", "Leila", "Nima", "Maryam"};

    @Autowired WebTestClient http;
    @Autowired DatabaseClient db;

    @Test
    void searchOnAHundredThousandLeads() {
        long heapSmall = peakHeapDuring(() -> upload(0, 2_000));
        long heapLarge = peakHeapDuring(() -> upload(2_000, PER_UPLOAD));
        System.out.printf("BENCH import heap peak above start: 2,000 rows %d MiB, 20,000 rows %d MiB (ratio %.2f)%n",
                heapSmall >> 20, heapLarge >> 20, (double) heapLarge / Math.max(1, heapSmall));
        for (int from = 2_000 + PER_UPLOAD; from < LEADS; from += PER_UPLOAD) {
            upload(from, Math.min(PER_UPLOAD, LEADS - from));
        }
        long stored = db.sql("SELECT count(*) FROM lead").map(r -> r.get(0, Long.class)).one().block();
        assertThat(stored).isGreaterThanOrEqualTo(LEADS * 9L / 10);
        db.sql("ANALYZE lead").then().block();

        double countStar = medianMillis(() -> db.sql("SELECT count(*) FROM lead").map(r -> r.get(0, Long.class)).one().block());
        double firstPage = medianMillis(() -> get("/api/leads?limit=50"));
        System.out.printf("BENCH %d leads; baselines: count(*) %.1f ms, first page (50) %.1f ms%n", stored, countStar, firstPage);
        for (String q : List.of("علي", "شرکت ۰۰۴۲", "۰۹۱۲۰۰۴۲۰۰۷", "imp4200", "Omid 1a2")) {
            double search = medianMillis(() -> get("/api/leads?q=" + q + "&limit=50"));
            System.out.printf("BENCH q=%s: %.1f ms (%.2f× count(*), %.2f× first page)%n", q, search, search / countStar,
                    search / firstPage);
        }
    }

    private JsonNode get(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Median of 25 timed runs after 5 warm-up runs, in milliseconds (HTTP round trip included). */
    private static double medianMillis(Supplier<?> call) {
        for (int i = 0; i < 5; i++) {
            call.get();
        }
        double[] times = new double[25];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            call.get();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    /** The highest heap use seen (sampled every 5 ms) above the use after a GC before the run. */
    private static long peakHeapDuring(Runnable run) {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long start = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(start);
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            run.run();
        } finally {
            done.set(true);
            sampler.interrupt();
        }
        return peak.get() - start;
    }

    private void upload(int from, int rows) {
        StringBuilder csv = new StringBuilder("firstName,lastName,companyName,email,phone\n");
        for (int i = from; i < from + rows; i++) {
            String hex = UUID.nameUUIDFromBytes(("bench" + i).getBytes(StandardCharsets.UTF_8)).toString();
            csv.append(FIRST[i % FIRST.length]).append(',').append(hex, 0, 8).append(',')
                    .append("شرکت ").append(String.format("%04d", i % 10_000)).append(' ').append(hex, 9, 13).append(',')
                    .append("imp").append(i).append("@bench.ir").append(',')
                    .append(String.format("0912%07d", i)).append('\n');
        }
        JsonNode report = http.mutate().responseTimeout(Duration.ofMinutes(5))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024)).build()
                .post().uri("/api/leads/import").header("Idempotency-Key", "bench-" + from)
                .contentType(MediaType.parseMediaType("text/csv")).bodyValue(csv.toString().getBytes(StandardCharsets.UTF_8))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        System.out.printf("BENCH upload %d rows: %d created, %d duplicates%n", rows, report.get("created").asInt(),
                report.get("duplicates").asInt());
    }
}
