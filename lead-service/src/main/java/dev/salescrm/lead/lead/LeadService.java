package dev.salescrm.lead.lead;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.lead.domain.Lead;
import dev.salescrm.lead.lead.domain.LeadDetails;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.outbox.OutboxWriter;

/** Lead use cases: each one stores the change and its events in one transaction. */
@Service
class LeadService {

    private final LeadRepository leads;
    private final OutboxWriter outbox;
    private final TransactionalOperator tx;
    private final Clock clock;

    LeadService(LeadRepository leads, OutboxWriter outbox, TransactionalOperator tx) {
        this.leads = leads;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = Clock.systemUTC();
    }

    Mono<Lead> create(LeadDetails details, String ownerId, UUID campaignId, String actor) {
        // Microseconds: what PostgreSQL keeps, so the lead returned equals the lead read back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Lead lead = Lead.open(Ids.newId(), details, ownerId, campaignId, actor, now);
        return leads.insert(lead)
                .then(outbox.append(LeadEvents.created(lead, actor)))
                .thenReturn(lead)
                .as(tx::transactional);
    }

    Mono<Lead> get(UUID id) {
        return leads.findById(id);
    }
}
