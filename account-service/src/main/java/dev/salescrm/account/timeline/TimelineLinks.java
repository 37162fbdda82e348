package dev.salescrm.account.timeline;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

import dev.salescrm.account.timeline.domain.Customer;

/**
 * Whose an opportunity or an order is ({@code timeline_link}), remembered from the events that say
 * so, for the later events of the same opportunity or order that do not. Per-key order on the
 * topics means the event that names the customer (created) is read before those that rely on it.
 */
@Repository
class TimelineLinks {

    enum RefType { OPPORTUNITY, ORDER }

    /** The customer and the label (opportunity name, order number) last learned. */
    record Link(Customer customer, String label) {
    }

    private final DatabaseClient db;

    TimelineLinks(DatabaseClient db) {
        this.db = db;
    }

    /** Remembers what this event tells; what it leaves out stays as learned before. */
    Mono<Void> remember(RefType type, UUID id, Customer customer, String label) {
        if (customer.isNobody() && label == null) {
            return Mono.empty();
        }
        return db.sql("""
                        INSERT INTO timeline_link (ref_type, ref_id, account_id, contact_id, label)
                        VALUES (:type, :id, :accountId, :contactId, :label)
                        ON CONFLICT (ref_type, ref_id) DO UPDATE SET
                            account_id = COALESCE(EXCLUDED.account_id, timeline_link.account_id),
                            contact_id = COALESCE(EXCLUDED.contact_id, timeline_link.contact_id),
                            label = COALESCE(EXCLUDED.label, timeline_link.label)
                        """)
                .bind("type", type.name())
                .bind("id", id)
                .bind("accountId", uuid(customer.accountId()))
                .bind("contactId", uuid(customer.contactId()))
                .bind("label", text(label))
                .fetch().rowsUpdated().then();
    }

    /** What is known of it; nobody and no label when nothing is. */
    Mono<Link> find(RefType type, UUID id) {
        return db.sql("SELECT account_id, contact_id, label FROM timeline_link WHERE ref_type = :type AND ref_id = :id")
                .bind("type", type.name())
                .bind("id", id)
                .map(row -> new Link(new Customer(row.get("account_id", UUID.class), row.get("contact_id", UUID.class)),
                        row.get("label", String.class)))
                .one()
                .defaultIfEmpty(new Link(Customer.NOBODY, null));
    }
}
