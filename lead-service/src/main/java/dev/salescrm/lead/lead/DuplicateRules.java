package dev.salescrm.lead.lead;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code crm.duplicates.*}: which rules make two records duplicates (README, "Duplicates").
 *
 * @param email            equal normalised e-mail (trimmed, lower-cased)
 * @param phone            equal normalised phone (digits, country prefix folded)
 * @param nameCompany      trigram similarity of the normalised name AND of the company, both at
 *                         least {@code threshold} (for accounts: company vs account name)
 * @param threshold        0.3 … 1; below 0.3 the indexed pre-filter (pg_trgm's {@code %}) would
 *                         hide candidates, so it is refused
 * @param accountService   base URL of account-service, asked for contact and account matches
 * @param accountTimeout   how long a lead create waits for it before reporting "not checked"
 */
@ConfigurationProperties("crm.duplicates")
record DuplicateRules(
        @DefaultValue("true") boolean email,
        @DefaultValue("true") boolean phone,
        @DefaultValue("true") boolean nameCompany,
        @DefaultValue("0.6") double threshold,
        @DefaultValue("http://127.0.0.1:8082") URI accountService,
        @DefaultValue("2s") Duration accountTimeout) {

    DuplicateRules {
        if (threshold < 0.3 || threshold > 1) {
            throw new IllegalArgumentException("crm.duplicates.threshold must be between 0.3 and 1: " + threshold);
        }
    }
}
