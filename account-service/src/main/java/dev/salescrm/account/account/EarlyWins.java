package dev.salescrm.account.account;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Wins that arrive before their account. {@code crm.opportunity.won.v1} and the qualified lead
 * that creates the account come on different topics, so after an outage account-service can read
 * the win first. Rather than park the win on the dead-letter topic (and leave a customer marked
 * prospect until someone replays it), it is kept here and applied when the account is created —
 * both inside the transaction of the event that brought them.
 */
@Component
public class EarlyWins {

    private static final Logger log = LoggerFactory.getLogger(EarlyWins.class);

    private final DatabaseClient db;
    private final AccountService accounts;
    private final Clock clock = Clock.systemUTC();

    EarlyWins(DatabaseClient db, AccountService accounts) {
        this.db = db;
        this.accounts = accounts;
    }

    /** Keeps a win for an account that does not exist yet. */
    Mono<Void> remember(UUID accountId, UUID opportunityId, String actor) {
        log.info("opportunity {} was won for account {}, which does not exist yet; applied when it is created",
                opportunityId, accountId);
        return db.sql("""
                        INSERT INTO early_won_deal (account_id, opportunity_id, actor, received_at)
                        VALUES (:account, :opportunity, :actor, :at) ON CONFLICT DO NOTHING
                        """)
                .bind("account", accountId).bind("opportunity", opportunityId)
                .bind("actor", Parameter.fromOrEmpty(actor, String.class))
                .bind("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                .fetch().rowsUpdated().then();
    }

    /** Applies the wins that waited for this account, just created, and forgets them. */
    public Mono<Void> applyTo(UUID accountId) {
        return db.sql("DELETE FROM early_won_deal WHERE account_id = :account RETURNING opportunity_id, actor")
                .bind("account", accountId)
                .map(row -> new Object[] {row.get("opportunity_id", UUID.class), row.get("actor", String.class)})
                .all()
                .collectList()
                .flatMapMany(reactor.core.publisher.Flux::fromIterable)
                .concatMap(win -> accounts.opportunityWon(accountId, (UUID) win[0], (String) win[1]))
                .then();
    }
}
