package dev.salescrm.lead.campaign;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.campaign.domain.Campaign;
import dev.salescrm.lead.campaign.domain.CampaignResponse;
import dev.salescrm.lead.campaign.domain.Channel;
import dev.salescrm.lead.campaign.domain.ResponseDetails;
import dev.salescrm.lead.campaign.domain.ResponseStatus;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.money.Money;
import dev.salescrm.platform.outbox.OutboxWriter;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Campaigns and the responses they collect. Each write stores the change and its events in one
 * transaction. Campaigns and responses belong to no sales rep (responses are never assigned), so
 * whoever may read them reads them all; what a rep may do with a response is decided at
 * conversion ({@link CampaignResponseConversion}).
 */
@Service
class CampaignService {

    private final CampaignRepository campaigns;
    private final CampaignResponseRepository responses;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    CampaignService(CampaignRepository campaigns, CampaignResponseRepository responses, OutboxWriter outbox,
                    TransactionalOperator tx) {
        this.campaigns = campaigns;
        this.responses = responses;
        this.outbox = outbox;
        this.tx = tx;
    }

    record NewCampaign(String name, String code, Channel channel, LocalDate startsOn, LocalDate endsOn, Money budget,
                       String ownerId) {
    }

    /** A new campaign, owned by {@code ownerId} or else by its creator; a taken code is a 409 naming {@code code}. */
    Mono<Campaign> create(NewCampaign c, CurrentUser caller) {
        if (c.startsOn() != null && c.endsOn() != null && c.endsOn().isBefore(c.startsOn())) {
            return Mono.error(new InvalidRequestException("endsOn", "must not be before startsOn (" + c.startsOn() + ")"));
        }
        if (c.budget() != null && c.budget().isNegative()) {
            return Mono.error(new InvalidRequestException("budget.amount", "must not be negative"));
        }
        Campaign campaign = Campaign.plan(Ids.newId(), c.name().strip(), c.code().strip(), c.channel(), c.startsOn(),
                c.endsOn(), c.budget(), c.ownerId() == null ? caller.id() : c.ownerId(), caller.id(), now());
        return campaigns.codeTaken(campaign.code())
                .flatMap(taken -> taken ? Mono.<Campaign>error(new CampaignCodeTaken(campaign.code()))
                        : campaigns.insert(campaign)
                                .then(outbox.append(CampaignEvents.created(campaign, caller.id())))
                                .thenReturn(campaign))
                .as(tx::transactional);
    }

    Mono<Campaign> get(UUID id) {
        return campaigns.findById(id).switchIfEmpty(Mono.error(new NotFoundException("campaign", id)));
    }

    Mono<Page<Campaign>> list(String code, PageRequest page) {
        return campaigns.findPage(code, page).collectList()
                .map(rows -> Page.of(rows, page, campaign -> Cursor.of(campaign.id())));
    }

    /**
     * Records one or several responses to a campaign, all or none: each is stored with its
     * {@code crm.campaign-response.received.v1} in one transaction.
     */
    Mono<List<CampaignResponse>> receive(UUID campaignId, List<ResponseDetails> received, CurrentUser caller) {
        Instant now = now();
        return get(campaignId)
                .flatMapMany(campaign -> Flux.fromIterable(received))
                .map(details -> CampaignResponse.receive(Ids.newId(), campaignId, details, caller.id(), now))
                .concatMap(response -> responses.insert(response)
                        .then(outbox.append(CampaignEvents.received(response, caller.id())))
                        .thenReturn(response))
                .collectList()
                .as(tx::transactional);
    }

    Mono<CampaignResponse> response(UUID id) {
        return responses.findById(id).switchIfEmpty(Mono.error(new NotFoundException("campaign-response", id)));
    }

    Mono<Page<CampaignResponse>> responses(UUID campaignId, ResponseStatus status, PageRequest page) {
        return get(campaignId)
                .flatMap(campaign -> responses.findPage(campaignId, status, page).collectList())
                .map(rows -> Page.of(rows, page, response -> Cursor.of(response.id())));
    }

    /** Microseconds: what PostgreSQL keeps, so what is returned equals what is read back. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
