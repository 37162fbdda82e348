package dev.salescrm.account.activity;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.account.activity.domain.Activity;
import dev.salescrm.account.activity.domain.ActivityDirection;
import dev.salescrm.account.activity.domain.ActivityType;
import dev.salescrm.platform.id.Ids;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Activities with accounts and with contacts (API.md: "as for leads"): calls, e-mails,
 * appointments and tasks, planned or done. The same routes under {@code /api/accounts/{id}} and
 * {@code /api/contacts/{id}}; an account's list holds the activities with the account itself (its
 * contacts' activities are on its timeline).
 */
@RestController
class ActivityController {

    private final ActivityService activities;

    ActivityController(ActivityService activities) {
        this.activities = activities;
    }

    record NewActivity(@NotNull ActivityType type,
                       @NotBlank @Size(max = Activity.MAX_SUBJECT_LENGTH) String subject,
                       @Size(max = Activity.MAX_DESCRIPTION_LENGTH) String description,
                       ActivityDirection direction, Instant scheduledAt, Instant completedAt) {
    }

    record ActivityResponse(UUID id, UUID accountId, UUID contactId, ActivityType type, String subject,
                            String description, ActivityDirection direction, Instant scheduledAt, Instant completedAt,
                            UUID campaignId, UUID campaignResponseId, Instant createdAt, String createdBy) {

        static ActivityResponse of(Activity a) {
            return new ActivityResponse(a.id(), a.accountId(), a.contactId(), a.type(), a.subject(), a.description(),
                    a.direction(), a.scheduledAt(), a.completedAt(), a.campaignId(), a.campaignResponseId(),
                    a.createdAt(), a.createdBy());
        }
    }

    // ---- with an account

    @PostMapping("/api/accounts/{accountId}/activities")
    Mono<ResponseEntity<ActivityResponse>> logWithAccount(@PathVariable UUID accountId,
                                                          @Valid @RequestBody NewActivity request) {
        return log(Regarding.account(accountId), request);
    }

    @GetMapping("/api/accounts/{accountId}/activities")
    Mono<Page<ActivityResponse>> listOfAccount(@PathVariable UUID accountId, PageRequest page) {
        return activities.list(Regarding.account(accountId), page).map(rows -> rows.map(ActivityResponse::of));
    }

    @GetMapping("/api/accounts/{accountId}/activities/{activityId}")
    Mono<ActivityResponse> getOfAccount(@PathVariable UUID accountId, @PathVariable UUID activityId) {
        return activities.get(Regarding.account(accountId), activityId).map(ActivityResponse::of);
    }

    @PostMapping("/api/accounts/{accountId}/activities/{activityId}/complete")
    Mono<ActivityResponse> completeOfAccount(@PathVariable UUID accountId, @PathVariable UUID activityId) {
        return complete(Regarding.account(accountId), activityId);
    }

    // ---- with a contact

    @PostMapping("/api/contacts/{contactId}/activities")
    Mono<ResponseEntity<ActivityResponse>> logWithContact(@PathVariable UUID contactId,
                                                          @Valid @RequestBody NewActivity request) {
        return log(Regarding.contact(contactId), request);
    }

    @GetMapping("/api/contacts/{contactId}/activities")
    Mono<Page<ActivityResponse>> listOfContact(@PathVariable UUID contactId, PageRequest page) {
        return activities.list(Regarding.contact(contactId), page).map(rows -> rows.map(ActivityResponse::of));
    }

    @GetMapping("/api/contacts/{contactId}/activities/{activityId}")
    Mono<ActivityResponse> getOfContact(@PathVariable UUID contactId, @PathVariable UUID activityId) {
        return activities.get(Regarding.contact(contactId), activityId).map(ActivityResponse::of);
    }

    @PostMapping("/api/contacts/{contactId}/activities/{activityId}/complete")
    Mono<ActivityResponse> completeOfContact(@PathVariable UUID contactId, @PathVariable UUID activityId) {
        return complete(Regarding.contact(contactId), activityId);
    }

    // ----

    /** 201 with Location; given with a {@code completedAt}, the activity is logged as done. */
    private Mono<ResponseEntity<ActivityResponse>> log(Regarding regarding, NewActivity request) {
        if (!request.type().isLoggable()) {
            return Mono.error(new InvalidRequestException("type",
                    "must be PHONE_CALL, EMAIL, APPOINTMENT or TASK; campaign responses are recorded from campaigns"));
        }
        return CurrentUser.required()
                .flatMap(caller -> activities.log(regarding, now -> draft(regarding, request, now, caller.id()), caller))
                .map(activity -> ResponseEntity
                        .created(URI.create(regarding.activitiesPath() + "/" + activity.id()))
                        .body(ActivityResponse.of(activity)));
    }

    private Mono<ActivityResponse> complete(Regarding regarding, UUID activityId) {
        return CurrentUser.required()
                .flatMap(caller -> activities.complete(regarding, activityId, caller))
                .map(ActivityResponse::of);
    }

    private static Activity draft(Regarding regarding, NewActivity r, Instant now, String actor) {
        return switch (regarding.kind()) {
            case ACCOUNT -> Activity.withAccount(Ids.newId(), regarding.id(), r.type(), r.subject(), r.description(),
                    r.direction(), micros(r.scheduledAt()), micros(r.completedAt()), now, actor);
            case CONTACT -> Activity.withContact(Ids.newId(), regarding.id(), r.type(), r.subject(), r.description(),
                    r.direction(), micros(r.scheduledAt()), micros(r.completedAt()), now, actor);
        };
    }

    // Microseconds: what PostgreSQL keeps, so what is answered is what a later read returns.
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }
}
