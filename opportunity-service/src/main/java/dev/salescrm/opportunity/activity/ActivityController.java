package dev.salescrm.opportunity.activity;

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

import dev.salescrm.opportunity.activity.domain.Activity;
import dev.salescrm.opportunity.activity.domain.ActivityDirection;
import dev.salescrm.opportunity.activity.domain.ActivityType;
import dev.salescrm.opportunity.opportunity.OpportunityAccess;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Activities about an opportunity (API.md: "as for leads"): calls, e-mails, appointments and tasks,
 * planned or done. Whoever may see the opportunity may read its activities (a sales rep only on
 * their own — another's is a 404, as for GET); the access rules decide who may log and complete
 * them. Open and closed opportunities alike: a call after a won deal is still its history.
 */
@RestController
@RequestMapping("/api/opportunities/{opportunityId}/activities")
class ActivityController {

    private final ActivityRepository activities;
    private final OpportunityAccess opportunities;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    ActivityController(ActivityRepository activities, OpportunityAccess opportunities, TransactionalOperator tx) {
        this.activities = activities;
        this.opportunities = opportunities;
        this.tx = tx;
    }

    record NewActivity(@NotNull ActivityType type,
                       @NotBlank @Size(max = Activity.MAX_SUBJECT_LENGTH) String subject,
                       @Size(max = Activity.MAX_DESCRIPTION_LENGTH) String description,
                       ActivityDirection direction, Instant scheduledAt, Instant completedAt) {
    }

    record ActivityResponse(UUID id, UUID opportunityId, ActivityType type, String subject, String description,
                            ActivityDirection direction, Instant scheduledAt, Instant completedAt, Instant createdAt,
                            String createdBy) {

        static ActivityResponse of(Activity a) {
            return new ActivityResponse(a.id(), a.opportunityId(), a.type(), a.subject(), a.description(), a.direction(),
                    a.scheduledAt(), a.completedAt(), a.createdAt(), a.createdBy());
        }
    }

    /** 201 with Location; given with a {@code completedAt}, the activity is logged as done. */
    @PostMapping
    Mono<ResponseEntity<ActivityResponse>> log(@PathVariable UUID opportunityId, @Valid @RequestBody NewActivity request) {
        return CurrentUser.required()
                .flatMap(caller -> opportunities.visible(opportunityId, caller).flatMap(opportunity -> {
                    Activity activity = new Activity(Ids.newId(), opportunityId, request.type(), request.subject(),
                            request.description(), request.direction(), micros(request.scheduledAt()),
                            micros(request.completedAt()), now(), caller.id());
                    return activities.insert(activity).thenReturn(activity);
                }).as(tx::transactional))
                .map(activity -> ResponseEntity
                        .created(URI.create("/api/opportunities/" + opportunityId + "/activities/" + activity.id()))
                        .body(ActivityResponse.of(activity)));
    }

    /** Newest first. */
    @GetMapping
    Mono<Page<ActivityResponse>> list(@PathVariable UUID opportunityId, PageRequest page) {
        return CurrentUser.required()
                .flatMap(caller -> opportunities.visible(opportunityId, caller))
                .flatMap(opportunity -> activities.findPage(opportunityId, page).collectList())
                .map(rows -> Page.of(rows, page, activity -> Cursor.of(activity.id())).map(ActivityResponse::of));
    }

    /** One activity, where a create's Location points. */
    @GetMapping("/{activityId}")
    Mono<ActivityResponse> get(@PathVariable UUID opportunityId, @PathVariable UUID activityId) {
        return CurrentUser.required()
                .flatMap(caller -> opportunities.visible(opportunityId, caller))
                .flatMap(opportunity -> find(opportunityId, activityId))
                .map(ActivityResponse::of);
    }

    /** Marks a planned activity done, now; an activity that is done already is a 409. */
    @PostMapping("/{activityId}/complete")
    Mono<ActivityResponse> complete(@PathVariable UUID opportunityId, @PathVariable UUID activityId) {
        return CurrentUser.required()
                .flatMap(caller -> opportunities.visible(opportunityId, caller)
                        .flatMap(opportunity -> find(opportunityId, activityId))
                        .flatMap(activity -> {
                            if (activity.isCompleted()) {
                                return Mono.error(completedAlready(activity));
                            }
                            Activity done = activity.complete(now());
                            return activities.complete(done).flatMap(updated -> updated
                                    ? Mono.just(done) : Mono.error(completedAlready(done)));
                        })
                        .as(tx::transactional))
                .map(ActivityResponse::of);
    }

    private Mono<Activity> find(UUID opportunityId, UUID activityId) {
        return activities.find(opportunityId, activityId)
                .switchIfEmpty(Mono.error(new NotFoundException("activity", activityId)));
    }

    private static IllegalTransitionException completedAlready(Activity activity) {
        return new IllegalTransitionException("activity", activity.id(), "COMPLETED", "complete",
                "activity " + activity.id() + " is completed already");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // Microseconds: what PostgreSQL keeps, so what is answered is what a later read returns.
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
