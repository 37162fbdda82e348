package dev.salescrm.lead.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.salescrm.lead.campaign.domain.ConversionAction;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.InvalidRequestException.Violation;

/**
 * {@code POST /api/campaign-responses/{id}/convert}: one of
 * <ul>
 *   <li>{@code {action: LINK_EXISTING, leadId | contactId}}</li>
 *   <li>{@code {action: NEW_LEAD, ownerId?}}</li>
 *   <li>{@code {action: NEW_OPPORTUNITY, accountId | contactId, name, ownerId?}}</li>
 *   <li>{@code {action: CLOSE, reason}}</li>
 * </ul>
 * A field that does not belong to the action is a 400 naming it, not silently ignored.
 */
record ConversionRequest(@NotNull ConversionAction action, UUID leadId, UUID contactId, UUID accountId,
                         @Size(max = 300) String name, @Size(max = 200) String ownerId,
                         @Size(max = 1000) String reason) {

    /** @throws InvalidRequestException listing every field that is missing or does not belong */
    void check() {
        List<Violation> errors = new ArrayList<>();
        switch (action) {
            case LINK_EXISTING -> {
                if ((leadId == null) == (contactId == null)) {
                    errors.add(new Violation("leadId", "give exactly one of leadId and contactId"));
                }
                notFor(errors, "accountId", accountId);
                notFor(errors, "name", name);
                notFor(errors, "ownerId", ownerId);
                notFor(errors, "reason", reason);
            }
            case NEW_LEAD -> {
                notFor(errors, "leadId", leadId);
                notFor(errors, "contactId", contactId);
                notFor(errors, "accountId", accountId);
                notFor(errors, "name", name);
                notFor(errors, "reason", reason);
            }
            case NEW_OPPORTUNITY -> {
                if ((accountId == null) == (contactId == null)) {
                    errors.add(new Violation("accountId", "give exactly one of accountId and contactId: the customer"));
                }
                if (name == null || name.isBlank()) {
                    errors.add(new Violation("name", "an opportunity needs a name"));
                }
                notFor(errors, "leadId", leadId);
                notFor(errors, "reason", reason);
            }
            case CLOSE -> {
                if (reason == null || reason.isBlank()) {
                    errors.add(new Violation("reason", "say why the response is closed without adding anyone"));
                }
                notFor(errors, "leadId", leadId);
                notFor(errors, "contactId", contactId);
                notFor(errors, "accountId", accountId);
                notFor(errors, "name", name);
                notFor(errors, "ownerId", ownerId);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private void notFor(List<Violation> errors, String field, Object value) {
        if (value != null) {
            errors.add(new Violation(field, "does not belong to " + action));
        }
    }
}
