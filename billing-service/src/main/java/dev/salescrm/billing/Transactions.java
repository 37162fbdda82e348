package dev.salescrm.billing;

import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.reactive.TransactionSynchronizationManager;
import reactor.core.publisher.Mono;

/**
 * For steps that are only correct as part of a larger transaction — taking an invoice number,
 * marking an order invoiced — and would quietly commit on their own outside one: they fail loudly
 * instead (as the platform's {@code OutboxWriter} does).
 */
public final class Transactions {

    private Transactions() {
    }

    /** Completes empty inside an active transaction, with an {@link IllegalStateException} outside one. */
    public static Mono<Void> require(String what) {
        return TransactionSynchronizationManager.forCurrentTransaction()
                .filter(TransactionSynchronizationManager::isActualTransactionActive)
                .onErrorResume(NoTransactionException.class, e -> Mono.empty())
                .switchIfEmpty(Mono.error(new IllegalStateException(what + " must run inside the transaction it belongs to")))
                .then();
    }
}
