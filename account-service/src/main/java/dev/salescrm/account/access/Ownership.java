package dev.salescrm.account.access;

import java.util.Objects;

import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;
import dev.salescrm.platform.web.ForbiddenException;

/**
 * The object-level half of "read all, write own": every reader sees every account and contact,
 * but a sales rep changes only what they own, creates only for themselves and never hands a record
 * to someone else; managers and admins may set any owner. (Which roles may write at all is the
 * access rules' call; only sales reps, managers and admins get here.)
 */
public final class Ownership {

    private Ownership() {
    }

    /** The owner of a record the caller creates: a rep's own id; for others the requested owner, else themselves. */
    public static String ownerOfNew(String requestedOwnerId, CurrentUser caller, String kind) {
        if (isRepOnly(caller)) {
            if (requestedOwnerId != null && !requestedOwnerId.equals(caller.id())) {
                throw new ForbiddenException("ownerId", "a sales rep may only create " + kind + "s for themselves");
            }
            return caller.id();
        }
        return requestedOwnerId == null ? caller.id() : requestedOwnerId;
    }

    /** A rep may change a record only while it is theirs. */
    public static void requireMayChange(String currentOwnerId, CurrentUser caller, String kind) {
        if (isRepOnly(caller) && !caller.id().equals(currentOwnerId)) {
            throw new ForbiddenException(null, "a sales rep may only change their own " + kind + "s");
        }
    }

    /**
     * Logging or completing an activity with an account or contact is writing to its history, so
     * "write own" holds: a rep works on the records they own; managers and admins on any.
     */
    public static void requireMayLogActivities(String currentOwnerId, CurrentUser caller, String kind) {
        if (isRepOnly(caller) && !caller.id().equals(currentOwnerId)) {
            throw new ForbiddenException(null, "a sales rep logs and completes activities only on their own " + kind + "s");
        }
    }

    /** Assigning owners is a manager's call: a rep may not hand their record to someone else (or to no one). */
    public static void requireMayAssign(String currentOwnerId, String newOwnerId, CurrentUser caller, String kind) {
        if (isRepOnly(caller) && !Objects.equals(currentOwnerId, newOwnerId)) {
            throw new ForbiddenException("ownerId", "a sales rep may not hand a " + kind + " to someone else");
        }
    }

    private static boolean isRepOnly(CurrentUser caller) {
        return !caller.hasAny(Role.SALES_MANAGER, Role.ADMIN);
    }
}
