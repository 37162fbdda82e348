package dev.salescrm.platform.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Forgets Idempotency-Keys older than the retention, every purge interval. Each replica purges;
 * the DELETE is idempotent, so that costs a little work and no coordination.
 */
public class IdempotencyKeyPurger implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyPurger.class);

    private final DatabaseClient db;
    private final Duration retention;
    private final Duration interval;
    private volatile Disposable schedule;

    public IdempotencyKeyPurger(DatabaseClient db, Duration retention, Duration interval) {
        this.db = db;
        this.retention = retention;
        this.interval = interval;
    }

    /** Deletes the keys older than the retention (by the database clock); emits how many. */
    public Mono<Long> purge() {
        return db.sql("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(secs => $1)")
                .bind(0, (double) retention.toMillis() / 1000.0)
                .fetch().rowsUpdated();
    }

    @Override
    public void start() {
        schedule = Flux.interval(interval, interval)
                .concatMap(tick -> purge()
                        .doOnNext(n -> {
                            if (n > 0) {
                                log.info("purged {} idempotency keys older than {}", n, retention);
                            }
                        })
                        .onErrorResume(e -> {
                            log.warn("purging idempotency keys failed; will retry in {}", interval, e);
                            return Mono.empty();
                        }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable s = schedule;
        if (s != null) {
            s.dispose();
        }
        schedule = null;
    }

    @Override
    public boolean isRunning() {
        return schedule != null;
    }
}
