package dev.salescrm.account;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.security.Role;

import static dev.salescrm.platform.security.Role.ADMIN;
import static dev.salescrm.platform.security.Role.ANALYTICS;
import static dev.salescrm.platform.security.Role.BILLING;
import static dev.salescrm.platform.security.Role.SALES_MANAGER;
import static dev.salescrm.platform.security.Role.SALES_REP;

/**
 * Who may touch the customer database (ARCHITECTURE.md, "Security model"): sales reps read all and
 * write their own (checked in {@code access.Ownership}), sales managers and admins everything,
 * billing and analytics read. Marketing works leads only and never sees accounts or contacts;
 * catalog admins have no business here. Activities and timelines follow their account or contact:
 * whoever reads it reads them, whoever may write logs and completes activities (a rep on their own
 * records only, {@code Ownership.requireMayLogActivities}).
 */
@Configuration(proxyBeanMethods = false)
class AccountAccessRules {

    static final Set<Role> READ = EnumSet.of(SALES_REP, SALES_MANAGER, BILLING, ADMIN, ANALYTICS);
    static final Set<Role> WRITE = EnumSet.of(SALES_REP, SALES_MANAGER, ADMIN);

    @Bean
    AccessRules accessRules() {
        AccessRules.Builder rules = AccessRules.builder();
        // Duplicate checks for lead-service on behalf of its callers; marketing gets no ids (MatchController).
        Set<Role> match = EnumSet.copyOf(READ);
        match.add(Role.MARKETING);
        rules.allow(HttpMethod.POST, "/api/contacts/match", match)
                .allow(HttpMethod.POST, "/api/accounts/match", match);
        for (String resource : new String[] {"/api/accounts", "/api/contacts"}) {
            rules.allow(HttpMethod.POST, resource + "/{id}/activities", WRITE)
                    .allow(HttpMethod.POST, resource + "/{id}/activities/{activityId}/complete", WRITE)
                    .allow(HttpMethod.GET, resource, READ)
                    .allow(HttpMethod.GET, resource + "/**", READ)
                    .allow(HttpMethod.POST, resource, WRITE)
                    .allow(HttpMethod.PATCH, resource + "/**", WRITE);
        }
        return rules.build();
    }
}
