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
 * Who may touch orders (ARCHITECTURE.md, "Security model", column "orders & invoices"): billing and
 * admins everything, sales managers and analytics read, sales reps read the orders of their own
 * deals (checked in {@code OrderService}: another rep's order is not found). Marketing and catalog
 * admins have no business here. Order changes are declared now, before their endpoints exist, so
 * that they arrive already guarded.
 */
@Configuration(proxyBeanMethods = false)
class BillingAccessRules {

    static final Set<Role> READ_ORDERS = EnumSet.of(SALES_REP, SALES_MANAGER, BILLING, ADMIN, ANALYTICS);
    static final Set<Role> WORK_ORDERS = EnumSet.of(BILLING, ADMIN);

    @Bean
    AccessRules accessRules() {
        return AccessRules.builder()
                .allow(HttpMethod.GET, "/api/orders", READ_ORDERS)
                .allow(HttpMethod.GET, "/api/orders/**", READ_ORDERS)
                .allow(HttpMethod.POST, "/api/orders/**", WORK_ORDERS)
                .build();
    }
}
