package dev.salescrm.catalog;

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
import static dev.salescrm.platform.security.Role.CATALOG_ADMIN;
import static dev.salescrm.platform.security.Role.MARKETING;
import static dev.salescrm.platform.security.Role.SALES_MANAGER;
import static dev.salescrm.platform.security.Role.SALES_REP;

/**
 * The catalog is read by everyone who sells, bills or analyses, and written only by catalog
 * admins and admins (ARCHITECTURE.md, "Security model"). The ERP sync is a write like any other:
 * the {@code erp-sync} client carries CATALOG_ADMIN.
 */
@Configuration(proxyBeanMethods = false)
class CatalogAccessRules {

    static final Set<Role> READ = EnumSet.of(SALES_REP, SALES_MANAGER, MARKETING, BILLING, ANALYTICS, CATALOG_ADMIN, ADMIN);
    static final Set<Role> WRITE = EnumSet.of(CATALOG_ADMIN, ADMIN);

    @Bean
    AccessRules accessRules() {
        return AccessRules.builder()
                .allow(HttpMethod.POST, "/api/catalog/sync", WRITE)
                .allow(HttpMethod.GET, "/api/**", READ)
                .allow(HttpMethod.POST, "/api/**", WRITE)
                .allow(HttpMethod.PATCH, "/api/**", WRITE)
                .allow(HttpMethod.DELETE, "/api/**", WRITE)
                .build();
    }
}
