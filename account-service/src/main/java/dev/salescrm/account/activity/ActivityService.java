package dev.salescrm.account.activity;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

import dev.salescrm.account.access.Ownership;
import dev.salescrm.account.account.AccountRepository;
import dev.salescrm.account.activity.domain.Activity;
import dev.salescrm.account.contact.ContactRepository;
import dev.salescrm.account.timeline.TimelineRepository;
import dev.salescrm.account.timeline.domain.TimelineEntries;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.Cursor;
import dev.salescrm.platform.web.IllegalTransitionException;
import dev.salescrm.platform.web.NotFoundException;
import dev.salescrm.platform.web.Page;
import dev.salescrm.platform.web.PageRequest;

/**
 * Activity use cases. Every reader of the customer database reads every account's and contact's
 * activities; logging and completing them is writing to the record's history, so a sales rep does
 * it on the records they own ({@link Ownership#requireMayLogActivities}). Each activity is also a
 * timeline entry, written and revised in the activity's transaction.
 */
@Service
class ActivityService {

    private final ActivityRepository activities;
    private final AccountRepository accounts;
    private final ContactRepository contacts;
    private final TimelineRepository timeline;
    private final TransactionalOperator tx;
    private final Clock clock = Clock.systemUTC();

    ActivityService(ActivityRepository activities, AccountRepository accounts, ContactRepository contacts,
                    TimelineRepository timeline, TransactionalOperator tx) {
        this.activities = activities;
        this.accounts = accounts;
        this.contacts = contacts;
        this.timeline = timeline;
        this.tx = tx;
    }

    /** What the activities are with: its owner, and for a contact the account it works at. */
    private record Target(String ownerId, UUID accountOfContact) {
    }

    /** {@code draft} makes the activity from what the client sent, at the given time. */
    Mono<Activity> log(Regarding regarding, Function<Instant, Activity> draft, CurrentUser caller) {
        Instant now = now();
        return target(regarding)
                .flatMap(target -> {
                    Ownership.requireMayLogActivities(target.ownerId(), caller, regarding.noun());
                    Activity activity = draft.apply(now);
                    return activities.insert(activity)
                            .then(timeline.record(TimelineEntries.activity(activity, target.accountOfContact())))
                            .thenReturn(activity);
                })
                .as(tx::transactional);
    }

    /** Newest first; 404 for an account or contact that does not exist. */
    Mono<Page<Activity>> list(Regarding regarding, PageRequest page) {
        return target(regarding)
                .flatMap(target -> activities.findPage(regarding, page).collectList())
                .map(rows -> Page.of(rows, page, activity -> Cursor.of(activity.id())));
    }

    Mono<Activity> get(Regarding regarding, UUID activityId) {
        return target(regarding).flatMap(target -> find(regarding, activityId));
    }

    /** Marks a planned activity done, now; one done already is a 409 (the first completion stands). */
    Mono<Activity> complete(Regarding regarding, UUID activityId, CurrentUser caller) {
        Instant now = now();
        return target(regarding)
                .flatMap(target -> {
                    Ownership.requireMayLogActivities(target.ownerId(), caller, regarding.noun());
                    return find(regarding, activityId);
                })
                .flatMap(activity -> {
                    if (activity.isCompleted()) {
                        return Mono.error(completedAlready(activity));
                    }
                    Activity done = activity.complete(now);
                    return activities.complete(done).flatMap(updated -> updated
                            // Whose timelines the entry is on stays as logged; only its time and facts change.
                            ? timeline.revise(TimelineEntries.activity(done, null)).thenReturn(done)
                            : Mono.error(completedAlready(done)));
                })
                .as(tx::transactional);
    }

    private Mono<Target> target(Regarding regarding) {
        Mono<Target> target = switch (regarding.kind()) {
            case ACCOUNT -> accounts.findById(regarding.id()).map(a -> new Target(a.ownerId(), null));
            case CONTACT -> contacts.findById(regarding.id()).map(c -> new Target(c.ownerId(), c.accountId()));
        };
        return target.switchIfEmpty(Mono.error(() -> new NotFoundException(regarding.noun(), regarding.id())));
    }

    private Mono<Activity> find(Regarding regarding, UUID activityId) {
        return activities.find(regarding, activityId)
                .switchIfEmpty(Mono.error(() -> new NotFoundException("activity", activityId)));
    }

    private static IllegalTransitionException completedAlready(Activity activity) {
        return new IllegalTransitionException("activity", activity.id(), "COMPLETED", "complete",
                "activity " + activity.id() + " is completed already");
    }

    // Microseconds: what PostgreSQL keeps, so what is answered is what a later read returns.
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
