package dev.salescrm.lead.activity;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.activity.domain.Activity;
import dev.salescrm.lead.activity.domain.ActivityDirection;
import dev.salescrm.lead.activity.domain.ActivityType;
import dev.salescrm.lead.lead.LeadAccess;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Activities with a lead (API.md): the lead must be one the caller may see. Logging a completed
 * activity, or completing a planned one, moves a New lead to Contacted in the same transaction.
 */
@RestController
@RequestMapping("/api/leads/{leadId}/activities")
class ActivityController {

    private final ActivityRepository activities;
    private final LeadActivities log;
    private final LeadAccess leads;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    ActivityController(ActivityRepository activities, LeadActivities log, LeadAccess leads, TransactionalOperator tx) {
        this.activities = activities;
        this.log = log;
        this.leads = leads;
        this.tx = tx;
    }

    record NewActivity(@NotNull ActivityType type, @NotBlank @Size(max = 300) String subject,
                       @Size(max = 10_000) String description, ActivityDirection direction, Instant scheduledAt,
                       Instant completedAt) {
    }

    @PostMapping
    Mono<ResponseEntity<Activity>> log(@PathVariable UUID leadId, @Valid @RequestBody NewActivity request) {
        return CurrentUser.required().flatMap(caller -> leads.visible(leadId, caller).flatMap(lead -> {
            Activity activity = new Activity(Ids.newId(), leadId, request.type(), request.subject(), request.description(),
                    request.direction(), micros(request.scheduledAt()), micros(request.completedAt()), now(), caller.id());
            return log.log(lead, activity);
        }).as(tx::transactional))
                .map(activity -> ResponseEntity.created(URI.create("/api/leads/" + leadId + "/activities/" + activity.id()))
                        .body(activity));
    }

    @GetMapping
    Mono<Page<Activity>> list(@PathVariable UUID leadId, PageRequest page) {
        return CurrentUser.required()
                .flatMap(caller -> leads.visible(leadId, caller))
                .flatMap(lead -> activities.findPage(leadId, page).collectList())
                .map(rows -> Page.of(rows, page, activity -> Cursor.of(activity.id())));
    }

    @PostMapping("/{activityId}/complete")
    Mono<Activity> complete(@PathVariable UUID leadId, @PathVariable UUID activityId) {
        return CurrentUser.required().flatMap(caller -> leads.visible(leadId, caller).flatMap(lead ->
                activities.find(leadId, activityId)
                        .switchIfEmpty(Mono.error(new NotFoundException("activity", activityId)))
                        .flatMap(activity -> {
                            if (activity.isCompleted()) {
                                return Mono.error(new IllegalTransitionException("activity", activityId, "COMPLETED", "complete"));
                            }
                            Activity done = activity.complete(now());
                            return activities.complete(done).flatMap(updated -> updated
                                    ? leads.recordContact(lead).thenReturn(done)
                                    : Mono.error(new IllegalTransitionException("activity", activityId, "COMPLETED", "complete")));
                        })).as(tx::transactional));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
