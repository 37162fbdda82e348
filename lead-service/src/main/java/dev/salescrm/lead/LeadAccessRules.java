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
 * Who may touch the holding tank and the campaigns that fill it (ARCHITECTURE.md, "Security
 * model", column "leads & campaigns"): sales reps (their own and unassigned leads — checked in
 * LeadService), sales managers, marketing and admins; analytics may read. Billing and catalog
 * admins may not see leads or campaigns at all.
 *
 * <p>Campaigns: marketing, sales managers and admins run them (create, record responses); a
 * campaign and its responses belong to no rep — responses are never assigned — so a rep may read
 * them and decide what a response is (convert), under the rep's rules for what it touches (a lead
 * they may see, a new lead or opportunity of their own). The funnel counts every rep's leads, so
 * it is for those who see all leads, and analytics.
 */
@Configuration(proxyBeanMethods = false)
class LeadAccessRules {

    static final Set<Role> WORK_LEADS = EnumSet.of(SALES_REP, SALES_MANAGER, MARKETING, ADMIN);
    static final Set<Role> READ_LEADS = EnumSet.of(SALES_REP, SALES_MANAGER, MARKETING, ADMIN, ANALYTICS);
    static final Set<Role> RUN_CAMPAIGNS = EnumSet.of(SALES_MANAGER, MARKETING, ADMIN);
    static final Set<Role> REPORT_ON_CAMPAIGNS = EnumSet.of(SALES_MANAGER, MARKETING, ADMIN, ANALYTICS);

    @Bean
    AccessRules accessRules() {
        return AccessRules.builder()
                .allow(HttpMethod.GET, "/api/leads", READ_LEADS)
                .allow(HttpMethod.GET, "/api/leads/**", READ_LEADS)
                .allow(HttpMethod.POST, "/api/leads", WORK_LEADS)
                .allow(HttpMethod.POST, "/api/leads/**", WORK_LEADS)
                .allow(HttpMethod.PATCH, "/api/leads/**", WORK_LEADS)
                .allow(HttpMethod.GET, "/api/campaigns/*/funnel", REPORT_ON_CAMPAIGNS)
                .allow(HttpMethod.GET, "/api/campaigns", READ_LEADS)
                .allow(HttpMethod.GET, "/api/campaigns/**", READ_LEADS)
                .allow(HttpMethod.POST, "/api/campaigns", RUN_CAMPAIGNS)
                .allow(HttpMethod.POST, "/api/campaigns/*/responses", RUN_CAMPAIGNS)
                .allow(HttpMethod.GET, "/api/campaign-responses/*", READ_LEADS)
                .allow(HttpMethod.POST, "/api/campaign-responses/*/convert", WORK_LEADS)
                .build();
    }
}
