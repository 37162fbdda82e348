package dev.salescrm.billing.invoice;

import static dev.salescrm.billing.order.AcceptedQuotes.simple;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.http.HttpHeaders;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.billing.BillingServiceApplication;
import dev.salescrm.billing.invoice.domain.InvoiceNumber;
import dev.salescrm.billing.order.AcceptedQuotes;
import dev.salescrm.contracts.EventTypes;
import dev.salescrm.platform.test.ServiceTest;
import dev.salescrm.platform.test.TestTokens;

/**
 * Invoice numbers are unique and gapless per year even when two service instances invoice at once
 * from several threads each, and an invoicing that fails after taking its number gives it back.
 * The second instance is a second Spring application context of billing-service in this JVM, on
 * the same database and broker: as far as PostgreSQL can tell, another replica.
 */
@ServiceTest
class InvoiceNumberingTest {

    static final int INVOICES = 500;
    static final int THREADS = 8;

    @Autowired WebTestClient http;
    @Autowired ApplicationContext context;
    @Autowired DatabaseClient db;
    @Autowired InvoiceNumbering numbering;
    @Autowired TransactionalOperator tx;

    @Test
    void fiveHundredInvoicesFromTwoInstancesAndEightThreadsAreNumberedWithoutGapOrDuplicate() throws Exception {
        // 500 orders, placed through the use case and brought to FULFILLED in one statement (the
        // lifecycle endpoints have their own tests; here they would only add 1000 requests).
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < INVOICES; i++) {
            orders.add(AcceptedQuotes.place(context, simple(i % 2 == 0 ? "alice" : "bob")));
        }
        db.sql("UPDATE sales_order SET status = 'FULFILLED', version = 3 WHERE id = ANY(:ids)")
                .bind("ids", orders.stream().map(UUID::fromString).toArray(UUID[]::new)).then().block();
        long before = lastNumberOfThisYear();

        List<Integer> statuses = new ArrayList<>();
        long elapsedMillis;
        try (ConfigurableApplicationContext second = startSecondInstance()) {
            List<WebTestClient> instances = List.of(http, clientOf(second));
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Callable<Integer>> invoicings = new ArrayList<>();
            for (int i = 0; i < INVOICES; i++) {
                WebTestClient instance = instances.get(i % 2);
                String orderId = orders.get(i);
                invoicings.add(() -> instance.post().uri("/api/orders/{id}/invoice", orderId).exchange()
                        .returnResult(Void.class).getStatus().value());
            }
            long started = System.nanoTime();
            try {
                for (Future<Integer> status : pool.invokeAll(invoicings)) {
                    statuses.add(status.get());
                }
            } finally {
                pool.shutdown();
            }
            elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        }
        System.out.printf("InvoiceNumberingTest: %d invoices through 2 instances x %d threads in %d ms%n",
                INVOICES, THREADS, elapsedMillis);

        assertThat(statuses).hasSize(INVOICES).containsOnly(201);
        // Each year's numbers are 1…n, no gap, no duplicate; this run's 500 follow on from before.
        Map<Integer, List<Long>> byYear = numbersByYear();
        byYear.forEach((year, numbers) -> assertThat(numbers).as("invoice numbers of %d", year)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, numbers.size()).boxed().toList()));
        List<Long> issuedNow = numbersOf(orders);
        if (issuedNow.stream().allMatch(n -> n > 0)) { // not split by a New Year's midnight
            assertThat(issuedNow).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(before + 1, before + INVOICES).boxed().toList());
        }
        assertThat(byYear.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(INVOICES);
        assertThat(count("SELECT count(*) FROM invoice WHERE number <> 'INV-' || year || '-' || lpad(sequence::text, 6, '0')"))
                .isZero();
        // The counter of a year with invoices stands at their number (other tests take numbers of far years).
        assertThat(count("SELECT count(*) FROM invoice_counter c WHERE c.year IN (SELECT year FROM invoice) "
                + "AND c.last <> (SELECT count(*) FROM invoice i WHERE i.year = c.year)")).isZero();
        assertThat(count("SELECT count(*) FROM sales_order WHERE id = ANY('{" + String.join(",", orders)
                + "}') AND status = 'INVOICED' AND version = 4")).isEqualTo(INVOICES);
        assertThat(count("SELECT count(*) FROM outbox WHERE type = '" + EventTypes.INVOICE_ISSUED + "' AND aggregateid = ANY('{"
                + String.join(",", orders) + "}')")).isEqualTo(INVOICES);
    }

    @Test
    void anInvoicingThatFailsAfterTakingItsNumberLeavesNoGap() {
        Billing billing = new Billing(http, context);
        String failing = billing.fulfilledOrder(simple("alice"));
        String next = billing.fulfilledOrder(simple("alice"));
        long before = lastNumberOfThisYear();
        // The failure comes at the very end of the transaction — after the order was marked, the
        // number taken and the invoice stored: the outbox refuses this order's issued event. On its
        // way it notes the number it saw taken in a sequence, which a rollback does not undo.
        db.sql("CREATE SEQUENCE number_seen_taken MINVALUE 0 START 0").then().block();
        db.sql("""
                CREATE FUNCTION fail_invoicing() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.type = '%s' AND NEW.aggregateid = '%s' THEN
                        PERFORM setval('number_seen_taken',
                                       (SELECT sequence FROM invoice WHERE order_id = NEW.aggregateid::uuid));
                        RAISE EXCEPTION 'test: the invoicing fails after its number was taken';
                    END IF;
                    RETURN NEW;
                END
                $$""".formatted(EventTypes.INVOICE_ISSUED, failing)).then().block();
        db.sql("CREATE TRIGGER fail_invoicing BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION fail_invoicing()")
                .then().block();
        try {
            http.post().uri("/api/orders/{id}/invoice", failing).exchange().expectStatus().is5xxServerError()
                    .expectBody().jsonPath("$.type").isEqualTo("urn:crm:problem:internal");
        } finally {
            db.sql("DROP TRIGGER fail_invoicing ON outbox").then().block();
        }

        // The number had been taken inside the failed transaction…
        assertThat(count("SELECT last_value FROM number_seen_taken")).isEqualTo(before + 1);
        // …and went back with everything else: counter, invoice, order, event.
        assertThat(lastNumberOfThisYear()).isEqualTo(before);
        assertThat(count("SELECT count(*) FROM invoice WHERE order_id = '" + failing + "'")).isZero();
        assertThat(count("SELECT count(*) FROM outbox WHERE aggregateid = '" + failing + "' AND type = '"
                + EventTypes.INVOICE_ISSUED + "'")).isZero();
        http.get().uri("/api/orders/{id}", failing).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("FULFILLED").jsonPath("$.version").isEqualTo(3);

        // The next invoice gets the number the failed one had; the failed order, invoiced again, the one after.
        assertThat(number(billing.invoice(next).get("number").asString())).isEqualTo(before + 1);
        assertThat(number(billing.invoice(failing).get("number").asString())).isEqualTo(before + 2);
        numbersByYear().forEach((year, numbers) -> assertThat(numbers)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, numbers.size()).boxed().toList()));
    }

    @Test
    void eachYearCountsFromOneAndARolledBackNumberIsHandedOutAgain() {
        List<InvoiceNumber> taken = tx.transactional(numbering.next(2031)
                        .concatWith(numbering.next(2031))
                        .concatWith(numbering.next(2032))
                        .collectList())
                .block();
        assertThat(taken).containsExactly(new InvoiceNumber(2031, 1), new InvoiceNumber(2031, 2),
                new InvoiceNumber(2032, 1));

        Mono<InvoiceNumber> takenThenFailed = numbering.next(2031)
                .doOnNext(number -> assertThat(number.sequence()).isEqualTo(3))
                .then(Mono.error(new IllegalStateException("the invoice could not be stored")));
        assertThatThrownBy(() -> tx.transactional(takenThenFailed).block()).hasMessageContaining("could not be stored");
        assertThat(tx.transactional(numbering.next(2031)).block()).isEqualTo(new InvoiceNumber(2031, 3));
        assertThat(count("SELECT last FROM invoice_counter WHERE year = 2032")).isEqualTo(1);
    }

    @Test
    void aNumberIsNeverTakenOutsideATransaction() {
        assertThatThrownBy(() -> numbering.next(2040).block()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside the transaction");
        assertThat(count("SELECT count(*) FROM invoice_counter WHERE year = 2040")).isZero();
    }

    // ---- helpers

    /**
     * billing-service once more, in this JVM: its own HTTP server, pools, relay and listeners, on the
     * test's database and broker (the test context's infrastructure properties, copied).
     */
    private ConfigurableApplicationContext startSecondInstance() {
        var infrastructure = (MapPropertySource) ((ConfigurableEnvironment) context.getEnvironment())
                .getPropertySources().get("crmTestInfrastructure");
        return new SpringApplicationBuilder(BillingServiceApplication.class)
                .properties("server.port=0")
                .initializers(second -> second.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource("crmTestInfrastructure", Map.copyOf(infrastructure.getSource()))))
                .run();
    }

    private static WebTestClient clientOf(ConfigurableApplicationContext instance) {
        int port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, TestTokens.bearer("test-admin", "ADMIN"))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    private long lastNumberOfThisYear() {
        int year = Instant.now().atZone(ZoneOffset.UTC).getYear();
        return count("SELECT coalesce((SELECT last FROM invoice_counter WHERE year = " + year + "), 0)");
    }

    /** The running numbers of every stored invoice, per year, in order. */
    private Map<Integer, List<Long>> numbersByYear() {
        Map<Integer, List<Long>> byYear = new TreeMap<>();
        db.sql("SELECT year, sequence FROM invoice ORDER BY year, sequence")
                .map(row -> Map.entry(row.get("year", Integer.class), row.get("sequence", Long.class))).all()
                .doOnNext(e -> byYear.computeIfAbsent(e.getKey(), y -> new ArrayList<>()).add(e.getValue()))
                .then().block();
        return byYear;
    }

    /** The running numbers of these orders' invoices in this year (0 for one issued in another). */
    private List<Long> numbersOf(List<String> orders) {
        int year = Instant.now().atZone(ZoneOffset.UTC).getYear();
        return db.sql("SELECT CASE WHEN year = :year THEN sequence ELSE 0 END AS n FROM invoice WHERE order_id = ANY(:ids)")
                .bind("year", year)
                .bind("ids", orders.stream().map(UUID::fromString).toArray(UUID[]::new))
                .map(row -> row.get("n", Long.class)).all().collectList().block();
    }

    private static long number(String invoiceNumber) {
        return InvoiceNumber.parse(invoiceNumber).sequence();
    }

    private long count(String sql) {
        return db.sql(sql).map(row -> ((Number) row.get(0)).longValue()).one().block();
    }
}
