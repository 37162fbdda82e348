package dev.salescrm.billing;

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
 * Who may touch orders and invoices (ARCHITECTURE.md, "Security model", column "orders &
 * invoices"): billing and admins everything, sales managers and analytics read, sales reps read the
 * orders and invoices of their own deals (checked in the services: another rep's order or invoice
 * is not found). Marketing and catalog admins have no business here.
 */
@Configuration(proxyBeanMethods = false)
class BillingAccessRules {

    static final Set<Role> READ = EnumSet.of(SALES_REP, SALES_MANAGER, BILLING, ADMIN, ANALYTICS);
    static final Set<Role> WORK = EnumSet.of(BILLING, ADMIN);

    @Bean
    AccessRules accessRules() {
        return AccessRules.builder()
                .allow(HttpMethod.GET, "/api/orders", READ)
                .allow(HttpMethod.GET, "/api/orders/**", READ)
                // submit, fulfill, cancel, invoice; line changes and removals
                .allow(HttpMethod.POST, "/api/orders/**", WORK)
                .allow(HttpMethod.PATCH, "/api/orders/**", WORK)
                .allow(HttpMethod.DELETE, "/api/orders/**", WORK)
                .allow(HttpMethod.GET, "/api/invoices", READ)
                .allow(HttpMethod.GET, "/api/invoices/**", READ)
                // payments, cancel
                .allow(HttpMethod.POST, "/api/invoices/**", WORK)
                .build();
    }
}
