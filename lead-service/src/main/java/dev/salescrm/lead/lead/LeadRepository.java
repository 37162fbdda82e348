package dev.salescrm.lead.lead;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.web.PageRequest;

import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.lead.lead.domain.LeadSource;
import dev.salescrm.lead.lead.domain.LeadStatusReason;

/** Leads in PostgreSQL, through plain SQL: what is stored is what you read here. */
@Repository
class LeadRepository {

    private final DatabaseClient db;

    LeadRepository(DatabaseClient db) {
        this.db = db;
    }

    Mono<Void> insert(Lead lead) {
        LeadDetails d = lead.details();
        return db.sql("""
                        INSERT INTO lead (id, first_name, last_name, company_name, job_title, email, phone, website,
                                          source, topic, description, owner_id, campaign_id, status, status_reason,
                                          version, created_at, created_by, updated_at)
                        VALUES (:id, :firstName, :lastName, :companyName, :jobTitle, :email, :phone, :website,
                                :source, :topic, :description, :ownerId, :campaignId, :status, :statusReason,
                                :version, :createdAt, :createdBy, :updatedAt)
                        """)
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
                .bind("status", lead.status().name())
                .bind("statusReason", lead.statusReason().name())
                .bind("version", lead.version())
                .bind("createdAt", utc(lead.createdAt()))
                .bind("createdBy", text(lead.createdBy()))
                .bind("updatedAt", utc(lead.updatedAt()))
                .fetch().rowsUpdated()
                .then();
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
        StringBuilder sql = new StringBuilder("SELECT * FROM lead WHERE TRUE");
        if (filter.status() != null) {
            sql.append(" AND status = :status");
        }
        if (filter.ownerId() != null) {
            sql.append(" AND owner_id = :ownerId");
        }
        if (visibleToRep != null) {
            sql.append(" AND (owner_id = :rep OR owner_id IS NULL)");
        }
        if (page.hasCursor()) {
            sql.append(" AND id < :after");
        }
        sql.append(" ORDER BY id DESC LIMIT :limit");
        DatabaseClient.GenericExecuteSpec query = db.sql(sql.toString()).bind("limit", page.fetchSize());
        if (filter.status() != null) {
            query = query.bind("status", filter.status().name());
        }
        if (filter.ownerId() != null) {
            query = query.bind("ownerId", filter.ownerId());
        }
        if (visibleToRep != null) {
            query = query.bind("rep", visibleToRep);
        }
        if (page.hasCursor()) {
            query = query.bind("after", page.cursor().uuid(0));
        }
        return query.map(LeadRepository::toLead).all();
    }

    private static Lead toLead(Readable row) {
        String source = row.get("source", String.class);
        LeadDetails details = new LeadDetails(row.get("first_name", String.class), row.get("last_name", String.class),
                row.get("company_name", String.class), row.get("job_title", String.class), row.get("email", String.class),
                row.get("phone", String.class), row.get("website", String.class),
                source == null ? null : LeadSource.valueOf(source), row.get("topic", String.class),
                row.get("description", String.class));
        return new Lead(row.get("id", UUID.class), details, row.get("owner_id", String.class),
                row.get("campaign_id", UUID.class), LeadStatusReason.valueOf(row.get("status_reason", String.class)),
                row.get("version", Long.class), row.get("created_at", OffsetDateTime.class).toInstant(),
                row.get("created_by", String.class), row.get("updated_at", OffsetDateTime.class).toInstant());
    }

    private static Parameter text(String value) {
        return Parameter.fromOrEmpty(value, String.class);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
