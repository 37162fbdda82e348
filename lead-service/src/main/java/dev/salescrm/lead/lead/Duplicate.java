package dev.salescrm.lead.lead;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A record that looks like the one being created: which kind, and on which rules it matched
 * ({@code email}, {@code phone}, {@code name+company}; {@code company} for an account whose name
 * matches the lead's company). {@code id} is left out when the caller may not see that record —
 * a sales rep learns that another rep's lead matches, never which one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Duplicate(UUID id, String kind, List<String> matchedOn) {
}
