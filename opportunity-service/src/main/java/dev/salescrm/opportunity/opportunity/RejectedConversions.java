package dev.salescrm.opportunity.opportunity;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * The lead conversions account-service rejected, remembered by the opportunity id the
 * qualification announced: a rejection can overtake the qualification it rejects (they travel on
 * different topics), and the opportunity must then never be left open.
 */
@Repository
class RejectedConversions {

    /** Why a conversion was rejected, as account-service put it. */
    record Rejection(UUID opportunityId, UUID leadId, String reason, String detail) {
    }

    private final DatabaseClient db;

    RejectedConversions(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> remember(Rejection rejection) {
        return db.sql("""
                        INSERT INTO rejected_conversion (opportunity_id, lead_id, reason, detail)
                        VALUES (:opportunityId, :leadId, :reason, :detail)
                        ON CONFLICT (opportunity_id) DO NOTHING
                        """)
                .bind("opportunityId", rejection.opportunityId())
                .bind("leadId", rejection.leadId())
                .bind("reason", rejection.reason())
                .bind("detail", Parameter.fromOrEmpty(rejection.detail(), String.class))
                .fetch().rowsUpdated()
                .then();
    }

    Mono<Rejection> find(UUID opportunityId) {
        return db.sql("SELECT * FROM rejected_conversion WHERE opportunity_id = :id")
                .bind("id", opportunityId)
                .map(row -> new Rejection(row.get("opportunity_id", UUID.class), row.get("lead_id", UUID.class),
                        row.get("reason", String.class), row.get("detail", String.class)))
                .one();
    }

    /**
     * Serialises the two saga steps about one opportunity id (its creation and its cancellation)
     * until the transaction ends. Without it each could miss the other's uncommitted row and an
     * opportunity of a rejected conversion would stay open.
     */
    Mono<Void> lock(UUID opportunityId) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                .bind("key", "opportunity-conversion:" + opportunityId)
                .fetch().rowsUpdated()
                .then();
    }
}
