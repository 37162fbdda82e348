package dev.salescrm.lead.campaign;

import static dev.salescrm.platform.persistence.SqlValues.text;
import static dev.salescrm.platform.persistence.SqlValues.utc;
import static dev.salescrm.platform.persistence.SqlValues.uuid;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.campaign.domain.CampaignResponse;
import dev.salescrm.lead.campaign.domain.Channel;
import dev.salescrm.lead.campaign.domain.ConversionAction;
import dev.salescrm.lead.campaign.domain.ResponseConversion;
import dev.salescrm.lead.campaign.domain.ResponseDetails;
import dev.salescrm.lead.campaign.domain.ResponseStatus;
import dev.salescrm.platform.persistence.KeysetQuery;
import dev.salescrm.platform.web.ConcurrentUpdateException;
import dev.salescrm.platform.web.PageRequest;

/** Campaign responses in PostgreSQL, through plain SQL; never in the lead table. */
@Repository
class CampaignResponseRepository {

    private final DatabaseClient db;

    CampaignResponseRepository(DatabaseClient db) {
        this.db = db;
    }

    private static final String COLUMNS = """
            campaign_id, first_name, last_name, company_name, email, phone, channel, received_at, note, status,
            conversion_action, lead_id, contact_id, account_id, opportunity_id, opportunity_name, owner_id,
            close_reason, converted_at, converted_by, version, created_at, created_by, updated_at""";
    private static final String VALUES = """
            :campaignId, :firstName, :lastName, :companyName, :email, :phone, :channel, :receivedAt, :note, :status,
            :action, :leadId, :contactId, :accountId, :opportunityId, :opportunityName, :ownerId,
            :closeReason, :convertedAt, :convertedBy, :version, :createdAt, :createdBy, :updatedAt""";

    Mono<Void> insert(CampaignResponse response) {
        return bindAll(db.sql("INSERT INTO campaign_response (id, " + COLUMNS + ") VALUES (:id, " + VALUES + ")"), response)
                .fetch().rowsUpdated().then();
    }

    /**
     * Writes the next version, only if the stored one is still {@code expectedVersion}: of two
     * conversions of one response, the second finds no row ({@link ConcurrentUpdateException}).
     */
    Mono<Void> update(CampaignResponse response, long expectedVersion) {
        String sql = "UPDATE campaign_response SET (" + COLUMNS + ") = (" + VALUES + ") WHERE id = :id AND version = :expected";
        return bindAll(db.sql(sql), response).bind("expected", expectedVersion)
                .fetch().rowsUpdated()
                .flatMap(rows -> rows == 1 ? Mono.<Void>empty()
                        : Mono.error(new ConcurrentUpdateException("campaign-response", response.id())));
    }

    Mono<CampaignResponse> findById(UUID id) {
        return db.sql("SELECT * FROM campaign_response WHERE id = :id").bind("id", id)
                .map(CampaignResponseRepository::toResponse).one();
    }

    /** A campaign's responses, newest first, {@code limit + 1} rows. */
    Flux<CampaignResponse> findPage(UUID campaignId, ResponseStatus status, PageRequest page) {
        return KeysetQuery.of("SELECT * FROM campaign_response")
                .always("campaign_id = :campaignId", "campaignId", campaignId)
                .where("status = :status", "status", status)
                .page(page)
                .bind(db).map(CampaignResponseRepository::toResponse).all();
    }

    private static DatabaseClient.GenericExecuteSpec bindAll(DatabaseClient.GenericExecuteSpec spec, CampaignResponse r) {
        ResponseDetails d = r.details();
        ResponseConversion c = r.conversion();
        return spec
                .bind("id", r.id())
                .bind("campaignId", r.campaignId())
                .bind("firstName", text(d.firstName()))
                .bind("lastName", text(d.lastName()))
                .bind("companyName", text(d.companyName()))
                .bind("email", text(d.email()))
                .bind("phone", text(d.phone()))
                .bind("channel", text(d.channel() == null ? null : d.channel().name()))
                .bind("receivedAt", utc(d.receivedAt()))
                .bind("note", text(d.note()))
                .bind("status", r.status().name())
                .bind("action", text(c == null ? null : c.action().name()))
                .bind("leadId", uuid(c == null ? null : c.leadId()))
                .bind("contactId", uuid(c == null ? null : c.contactId()))
                .bind("accountId", uuid(c == null ? null : c.accountId()))
                .bind("opportunityId", uuid(c == null ? null : c.opportunityId()))
                .bind("opportunityName", text(c == null ? null : c.opportunityName()))
                .bind("ownerId", text(c == null ? null : c.ownerId()))
                .bind("closeReason", text(c == null ? null : c.reason()))
                .bind("convertedAt", Parameter.fromOrEmpty(c == null ? null : utc(c.convertedAt()), OffsetDateTime.class))
                .bind("convertedBy", text(c == null ? null : c.convertedBy()))
                .bind("version", r.version())
                .bind("createdAt", utc(r.createdAt()))
                .bind("createdBy", text(r.createdBy()))
                .bind("updatedAt", utc(r.updatedAt()));
    }

    private static CampaignResponse toResponse(Readable row) {
        String channel = row.get("channel", String.class);
        ResponseDetails details = new ResponseDetails(row.get("first_name", String.class),
                row.get("last_name", String.class), row.get("company_name", String.class), row.get("email", String.class),
                row.get("phone", String.class), channel == null ? null : Channel.valueOf(channel),
                row.get("received_at", OffsetDateTime.class).toInstant(), row.get("note", String.class));
        String action = row.get("conversion_action", String.class);
        ResponseConversion conversion = action == null ? null : new ResponseConversion(ConversionAction.valueOf(action),
                row.get("lead_id", UUID.class), row.get("contact_id", UUID.class), row.get("account_id", UUID.class),
                row.get("opportunity_id", UUID.class), row.get("opportunity_name", String.class),
                row.get("owner_id", String.class), row.get("close_reason", String.class),
                row.get("converted_at", OffsetDateTime.class).toInstant(), row.get("converted_by", String.class));
        return new CampaignResponse(row.get("id", UUID.class), row.get("campaign_id", UUID.class), details,
                ResponseStatus.valueOf(row.get("status", String.class)), conversion, row.get("version", Long.class),
                row.get("created_at", OffsetDateTime.class).toInstant(), row.get("created_by", String.class),
                row.get("updated_at", OffsetDateTime.class).toInstant());
    }
}
