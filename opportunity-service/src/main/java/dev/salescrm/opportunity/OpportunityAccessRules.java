package dev.salescrm.opportunity;

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
 * Who may touch opportunities and quotes (ARCHITECTURE.md, "Security model"): sales reps (their own
 * — checked in the service), sales managers and admins; analytics may read; billing may read quotes
 * only (a quote, and an opportunity's list of quotes). Marketing and catalog admins may not see
 * them at all. Which opportunities and quotes a sales rep sees is decided in the services.
 */
@Configuration(proxyBeanMethods = false)
class OpportunityAccessRules {

    static final Set<Role> WORK_OPPORTUNITIES = EnumSet.of(SALES_REP, SALES_MANAGER, ADMIN);
    static final Set<Role> READ_OPPORTUNITIES = EnumSet.of(SALES_REP, SALES_MANAGER, ADMIN, ANALYTICS);
    static final Set<Role> READ_QUOTES = EnumSet.of(SALES_REP, SALES_MANAGER, ADMIN, ANALYTICS, BILLING);
    /** An opportunity's activities are its contact history: billing may read them too, as it reads quotes. */
    static final Set<Role> READ_ACTIVITIES = EnumSet.of(SALES_REP, SALES_MANAGER, ADMIN, ANALYTICS, BILLING);

    @Bean
    AccessRules accessRules() {
        return AccessRules.builder()
                // Quotes follow their opportunity, and billing may read them, also as the opportunity's list.
                .allow(HttpMethod.GET, "/api/opportunities/*/quotes", READ_QUOTES)
                .allow(HttpMethod.GET, "/api/opportunities", READ_OPPORTUNITIES)
                .allow(HttpMethod.GET, "/api/opportunities/*/activities/**", READ_ACTIVITIES)
                .allow(HttpMethod.GET, "/api/opportunities/**", READ_OPPORTUNITIES)
                .allow(HttpMethod.POST, "/api/opportunities", WORK_OPPORTUNITIES)
                .allow(HttpMethod.POST, "/api/opportunities/**", WORK_OPPORTUNITIES)
                .allow(HttpMethod.PATCH, "/api/opportunities/**", WORK_OPPORTUNITIES)
                .allow(HttpMethod.GET, "/api/quotes/**", READ_QUOTES)
                .allow(HttpMethod.POST, "/api/quotes/**", WORK_OPPORTUNITIES)
                .allow(HttpMethod.PATCH, "/api/quotes/**", WORK_OPPORTUNITIES)
                .allow(HttpMethod.DELETE, "/api/quotes/**", WORK_OPPORTUNITIES)
                .allow(HttpMethod.GET, "/api/pipeline", READ_OPPORTUNITIES)
                .build();
    }
}
