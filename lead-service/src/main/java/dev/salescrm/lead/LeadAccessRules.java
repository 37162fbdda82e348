package dev.salescrm.lead;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import dev.salescrm.platform.security.AccessRules;
import dev.salescrm.platform.security.Role;

import static dev.salescrm.platform.security.Role.ADMIN;
import static dev.salescrm.platform.security.Role.ANALYTICS;
import static dev.salescrm.platform.security.Role.MARKETING;
import static dev.salescrm.platform.security.Role.SALES_MANAGER;
import static dev.salescrm.platform.security.Role.SALES_REP;

/**
 * Who may touch the holding tank (ARCHITECTURE.md, "Security model"): sales reps (their own and
 * unassigned leads — checked in LeadService), sales managers, marketing and admins; analytics may
 * read. Billing and catalog admins may not see leads at all.
 */
@Configuration(proxyBeanMethods = false)
class LeadAccessRules {

    static final Set<Role> WORK_LEADS = EnumSet.of(SALES_REP, SALES_MANAGER, MARKETING, ADMIN);
    static final Set<Role> READ_LEADS = EnumSet.of(SALES_REP, SALES_MANAGER, MARKETING, ADMIN, ANALYTICS);

    @Bean
    AccessRules accessRules() {
        return AccessRules.builder()
                .allow(HttpMethod.GET, "/api/leads", READ_LEADS)
                .allow(HttpMethod.GET, "/api/leads/**", READ_LEADS)
                .allow(HttpMethod.POST, "/api/leads", WORK_LEADS)
                .allow(HttpMethod.POST, "/api/leads/**", WORK_LEADS)
                .allow(HttpMethod.PATCH, "/api/leads/**", WORK_LEADS)
                .build();
    }
}
