package dev.salescrm.lead.lead;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.security.CurrentUser;

/**
 * Leads that match a lead being created or imported, by the rules of {@link DuplicateRules}.
 * Equal e-mail and phone use b-tree indexes; name + company uses pg_trgm's {@code %} on the name
 * (GIN index) as pre-filter and then the configured similarity threshold on name and company.
 */
@Component
class LeadDuplicates {

    static final int MAX_REPORTED = 20;

    private final DatabaseClient db;
    private final DuplicateRules rules;

    LeadDuplicates(DatabaseClient db, DuplicateRules rules) {
        this.db = db;
        this.rules = rules;
    }

    DuplicateRules rules() {
        return rules;
    }

    /**
     * Matching leads, newest first; {@code excludeJob} leaves out the leads created by that import
     * (so that a retried import does not find its own leads), or null.
     */
    Flux<Duplicate> find(MatchKeys keys, CurrentUser caller, UUID excludeJob) {
        boolean byEmail = rules.email() && keys.email() != null;
        boolean byPhone = rules.phone() && keys.phone() != null;
        boolean byName = rules.nameCompany() && keys.name() != null && keys.company() != null;
        if (!byEmail && !byPhone && !byName) {
            return Flux.empty();
        }
        String emailMatch = byEmail ? "email_norm = :email" : "FALSE";
        String phoneMatch = byPhone ? "phone_norm = :phone" : "FALSE";
        String nameMatch = byName ? "(name_norm % :name AND similarity(name_norm, :name) >= :threshold "
                + "AND similarity(company_norm, :company) >= :threshold)" : "FALSE";
        String sql = "SELECT id, owner_id, " + emailMatch + " AS by_email, " + phoneMatch + " AS by_phone, "
                + nameMatch + " AS by_name FROM lead WHERE (" + emailMatch + " OR " + phoneMatch + " OR " + nameMatch + ")"
                + (excludeJob != null ? " AND import_job_id IS DISTINCT FROM :job" : "")
                + " ORDER BY id DESC LIMIT " + MAX_REPORTED;
        var spec = db.sql(sql);
        if (byEmail) {
            spec = spec.bind("email", keys.email());
        }
        if (byPhone) {
            spec = spec.bind("phone", keys.phone());
        }
        if (byName) {
            spec = spec.bind("name", keys.name()).bind("company", keys.company()).bind("threshold", rules.threshold());
        }
        if (excludeJob != null) {
            spec = spec.bind("job", excludeJob);
        }
        boolean repOnly = LeadService.isRepOnly(caller);
        return spec.map(row -> {
            List<String> on = new ArrayList<>(3);
            if (Boolean.TRUE.equals(row.get("by_email", Boolean.class))) {
                on.add("email");
            }
            if (Boolean.TRUE.equals(row.get("by_phone", Boolean.class))) {
                on.add("phone");
            }
            if (Boolean.TRUE.equals(row.get("by_name", Boolean.class))) {
                on.add("name+company");
            }
            String owner = row.get("owner_id", String.class);
            boolean visible = !repOnly || owner == null || owner.equals(caller.id());
            return new Duplicate(visible ? row.get("id", UUID.class) : null, "lead", List.copyOf(on));
        }).all();
    }

    Mono<List<Duplicate>> findAll(MatchKeys keys, CurrentUser caller) {
        return find(keys, caller, null).collectList();
    }

    /**
     * Serialises the duplicate check and the insert of the same person: inside the creating transaction,
     * takes a transaction-scoped advisory lock on each exact key of the lead (its e-mail and its phone, or
     * its name and company when it has neither). A second create of the same person waits at the lock
     * until the first commits, and then finds it — without this, two concurrent creates both passed the
     * check and {@code onDuplicate=reject} let both in. Keys are locked in sorted order, so two creates
     * sharing two keys cannot deadlock. Names that are only <em>similar</em> (the trigram rule) are not
     * serialised: there is no exact key to lock, and that rule is a hint, not a guarantee.
     */
    Mono<Void> lockKeysOf(MatchKeys keys) {
        java.util.SortedSet<String> locks = new java.util.TreeSet<>();
        if (rules.email() && keys.email() != null) {
            locks.add("email:" + keys.email());
        }
        if (rules.phone() && keys.phone() != null) {
            locks.add("phone:" + keys.phone());
        }
        if (locks.isEmpty() && rules.nameCompany() && keys.name() != null && keys.company() != null) {
            locks.add("name+company:" + keys.name() + "|" + keys.company());
        }
        return Flux.fromIterable(locks)
                .concatMap(key -> db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")
                        .bind("key", "crm.lead.duplicate:" + key).fetch().rowsUpdated())
                .then();
    }
}
