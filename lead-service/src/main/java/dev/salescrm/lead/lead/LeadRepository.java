package dev.salescrm.lead.lead;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.web.ConcurrentUpdateException;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.text.PhoneNormalizer;
import dev.salescrm.platform.web.PageRequest;

import dev.salescrm.lead.lead.domain.Conversion;
import dev.salescrm.lead.lead.domain.ConversionStatus;
import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.LeadSource;
import dev.salescrm.lead.lead.domain.LeadStatusReason;

/** Leads in PostgreSQL, through plain SQL: what is stored is what you read here. */
@Repository
class LeadRepository {

    private final DatabaseClient db;
    private final PhoneNormalizer phones;

    LeadRepository(DatabaseClient db, PhoneNormalizer phones) {
        this.db = db;
        this.phones = phones;
    }

    MatchKeys keysOf(LeadDetails d) {
        return MatchKeys.of(d.firstName(), d.lastName(), d.companyName(), d.email(), d.phone(), phones);
    }

    private static final String COLUMNS = """
            first_name, last_name, company_name, job_title, email, phone, website, source, topic, description,
            owner_id, campaign_id, status, status_reason, status_note, version, created_at, created_by, updated_at,
            conversion_status, conversion_account_id, conversion_account_is_new, conversion_contact_id,
            conversion_contact_is_new, conversion_opportunity_id, conversion_customer_side_accepted,
            conversion_opportunity_created, conversion_failure_reason, conversion_requested_at, conversion_settled_at,
            name_norm, company_norm, email_norm, phone_norm, search_text, source_campaign_response_id""";
    private static final String VALUES = """
            :firstName, :lastName, :companyName, :jobTitle, :email, :phone, :website, :source, :topic, :description,
            :ownerId, :campaignId, :status, :statusReason, :statusNote, :version, :createdAt, :createdBy, :updatedAt,
            :conversionStatus, :accountId, :accountIsNew, :contactId, :contactIsNew, :opportunityId,
            :customerSideAccepted, :opportunityCreated, :failureReason, :requestedAt, :settledAt,
            :nameNorm, :companyNorm, :emailNorm, :phoneNorm, :searchText, :sourceCampaignResponseId""";

    Mono<Void> insert(Lead lead) {
        return bindAll(db.sql("INSERT INTO lead (id, " + COLUMNS + ") VALUES (:id, " + VALUES + ")"), lead)
                .fetch().rowsUpdated().then();
    }

    /**
     * Writes the next version of a lead, only if the stored one is still {@code expectedVersion};
     * a lead changed in between is a lost race ({@link ConcurrentUpdateException}), never an
     * overwrite.
     */
    Mono<Void> update(Lead lead, long expectedVersion) {
        String sql = "UPDATE lead SET (" + COLUMNS + ") = (" + VALUES + ") WHERE id = :id AND version = :expectedVersion";
        return bindAll(db.sql(sql), lead).bind("expectedVersion", expectedVersion)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new ConcurrentUpdateException("lead", lead.id())));
    }

    private DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, Lead lead) {
        LeadDetails d = lead.details();
        Conversion c = lead.conversion();
        MatchKeys keys = keysOf(d);
        return spec
                .bind("nameNorm", text(keys.name()))
                .bind("companyNorm", text(keys.company()))
                .bind("emailNorm", text(keys.email()))
                .bind("phoneNorm", text(keys.phone()))
                .bind("searchText", text(keys.searchText()))
                .bind("id", lead.id())
                .bind("firstName", text(d.firstName()))
                .bind("lastName", text(d.lastName()))
                .bind("companyName", text(d.companyName()))
                .bind("jobTitle", text(d.jobTitle()))
                .bind("email", text(d.email()))
                .bind("phone", text(d.phone()))
                .bind("website", text(d.website()))
                .bind("source", text(d.source() == null ? null : d.source().name()))
                .bind("topic", text(d.topic()))
                .bind("description", text(d.description()))
                .bind("ownerId", text(lead.ownerId()))
                .bind("campaignId", Parameter.fromOrEmpty(lead.campaignId(), UUID.class))
                .bind("sourceCampaignResponseId", Parameter.fromOrEmpty(lead.sourceCampaignResponseId(), UUID.class))
                .bind("status", lead.status().name())
                .bind("statusReason", lead.statusReason().name())
                .bind("statusNote", text(lead.statusNote()))
                .bind("version", lead.version())
                .bind("createdAt", utc(lead.createdAt()))
                .bind("createdBy", text(lead.createdBy()))
                .bind("updatedAt", utc(lead.updatedAt()))
                .bind("conversionStatus", text(c == null ? null : c.status().name()))
                .bind("accountId", Parameter.fromOrEmpty(c == null ? null : c.accountId(), UUID.class))
                .bind("accountIsNew", Parameter.fromOrEmpty(c == null ? null : c.accountIsNew(), Boolean.class))
                .bind("contactId", Parameter.fromOrEmpty(c == null ? null : c.contactId(), UUID.class))
                .bind("contactIsNew", Parameter.fromOrEmpty(c == null ? null : c.contactIsNew(), Boolean.class))
                .bind("opportunityId", Parameter.fromOrEmpty(c == null ? null : c.opportunityId(), UUID.class))
                .bind("customerSideAccepted", Parameter.fromOrEmpty(c == null ? null : c.customerSideAccepted(), Boolean.class))
                .bind("opportunityCreated", Parameter.fromOrEmpty(c == null ? null : c.opportunityCreated(), Boolean.class))
                .bind("failureReason", text(c == null ? null : c.failureReason()))
                .bind("requestedAt", Parameter.fromOrEmpty(c == null ? null : utc(c.requestedAt()), OffsetDateTime.class))
                .bind("settledAt", Parameter.fromOrEmpty(c == null || c.settledAt() == null ? null : utc(c.settledAt()),
                        OffsetDateTime.class));
    }

    /** The lead whose conversion announced this opportunity. */
    Mono<Lead> findByConversionOpportunity(UUID opportunityId) {
        return db.sql("SELECT * FROM lead WHERE conversion_opportunity_id = :id").bind("id", opportunityId)
                .map(LeadRepository::toLead).one();
    }

    Mono<Lead> findById(UUID id) {
        return db.sql("SELECT * FROM lead WHERE id = :id").bind("id", id).map(LeadRepository::toLead).one();
    }

    /**
     * One page of leads, newest first (UUIDv7 ids sort by creation), {@code limit + 1} rows so the
     * caller can tell whether there is a next page. {@code visibleToRep} narrows to that rep's own
     * and unassigned leads.
     */
    Flux<Lead> findPage(LeadFilter filter, String visibleToRep, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM lead")
                .where("status = :status", "status", filter.status())
                .where("owner_id = :ownerId", "ownerId", filter.ownerId())
                .where("owner_id = :rep OR owner_id IS NULL", "rep", visibleToRep)
                .page(page)
                .bind(db).map(LeadRepository::toLead).all();
    }

    /**
     * The first {@code limit} leads matching a search, best first: an exact match of name,
     * company, e-mail or phone ranks 3, a prefix of one of them (or of a word of the name or
     * company) 2, anything else containing the query 1; then trigram similarity, then newest.
     * The candidates come from {@code search_text LIKE '%q%'} (GIN trigram index).
     */
    Flux<Lead> search(LeadFilter filter, String visibleToRep, SearchTerms q, int limit) {
        StringBuilder where = new StringBuilder("(search_text LIKE :like");
        if (q.phone() != null) {
            where.append(" OR search_text LIKE :likePhone");
        }
        where.append(')');
        if (filter.status() != null) {
            where.append(" AND status = :status");
        }
        if (filter.ownerId() != null) {
            where.append(" AND owner_id = :ownerId");
        }
        if (visibleToRep != null) {
            where.append(" AND (owner_id = :rep OR owner_id IS NULL)");
        }
        String phoneExact = q.phone() == null ? "" : " OR phone_norm = :phone";
        String phonePrefix = q.phone() == null ? "" : " OR phone_norm LIKE :phonePrefix";
        String sql = "SELECT *, CASE"
                + " WHEN name_norm = :q OR company_norm = :q OR email_norm = :q" + phoneExact + " THEN 3"
                + " WHEN name_norm LIKE :prefix OR name_norm LIKE :wordPrefix OR company_norm LIKE :prefix"
                + " OR company_norm LIKE :wordPrefix OR email_norm LIKE :prefix" + phonePrefix + " THEN 2"
                + " ELSE 1 END AS search_rank, similarity(search_text, :q) AS search_similarity"
                + " FROM lead WHERE " + where
                + " ORDER BY search_rank DESC, search_similarity DESC, id DESC LIMIT :limit";
        var spec = db.sql(sql)
                .bind("q", q.text())
                .bind("like", "%" + SearchTerms.escapeLike(q.text()) + "%")
                .bind("prefix", SearchTerms.escapeLike(q.text()) + "%")
                .bind("wordPrefix", "% " + SearchTerms.escapeLike(q.text()) + "%")
                .bind("limit", limit);
        if (q.phone() != null) {
            spec = spec.bind("likePhone", "%" + q.phone() + "%").bind("phone", q.phone())
                    .bind("phonePrefix", q.phone() + "%");
        }
        if (filter.status() != null) {
            spec = spec.bind("status", filter.status().name());
        }
        if (filter.ownerId() != null) {
            spec = spec.bind("ownerId", filter.ownerId());
        }
        if (visibleToRep != null) {
            spec = spec.bind("rep", visibleToRep);
        }
        return spec.map(LeadRepository::toLead).all();
    }

    private static Lead toLead(Readable row) {
        String source = row.get("source", String.class);
        LeadDetails details = new LeadDetails(row.get("first_name", String.class), row.get("last_name", String.class),
                row.get("company_name", String.class), row.get("job_title", String.class), row.get("email", String.class),
                row.get("phone", String.class), row.get("website", String.class),
                source == null ? null : LeadSource.valueOf(source), row.get("topic", String.class),
                row.get("description", String.class));
        return new Lead(row.get("id", UUID.class), details, row.get("owner_id", String.class),
                row.get("campaign_id", UUID.class), row.get("source_campaign_response_id", UUID.class),
                LeadStatusReason.valueOf(row.get("status_reason", String.class)),
                row.get("status_note", String.class), toConversion(row),
                row.get("version", Long.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("created_by", String.class), row.get("updated_at", OffsetDateTime.class).toInstant());
    }

    private static Conversion toConversion(Readable row) {
        String status = row.get("conversion_status", String.class);
        if (status == null) {
            return null;
        }
        OffsetDateTime settledAt = row.get("conversion_settled_at", OffsetDateTime.class);
        return new Conversion(ConversionStatus.valueOf(status), row.get("conversion_account_id", UUID.class),
                Boolean.TRUE.equals(row.get("conversion_account_is_new", Boolean.class)),
                row.get("conversion_contact_id", UUID.class),
                Boolean.TRUE.equals(row.get("conversion_contact_is_new", Boolean.class)),
                row.get("conversion_opportunity_id", UUID.class),
                Boolean.TRUE.equals(row.get("conversion_customer_side_accepted", Boolean.class)),
                Boolean.TRUE.equals(row.get("conversion_opportunity_created", Boolean.class)),
                row.get("conversion_failure_reason", String.class),
                row.get("conversion_requested_at", OffsetDateTime.class).toInstant(),
                settledAt == null ? null : settledAt.toInstant());
    }
}
