package dev.salescrm.systemtest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.launcher.PkceLogin;
import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.cycle.CrmApi;
import dev.salescrm.launcher.cycle.SalesCycle;

/**
 * How the system tests talk to the suite: as the demo users, logged in at the issuer through the
 * code + PKCE flow, through the gateway only (the launcher's {@link CrmApi}, which {@code ./crm demo}
 * uses too) — and, to check what happened behind it, with plain SQL on each service's own database.
 */
final class CrmClient {

    private final Suite suite;
    private final CrmApi api;

    CrmClient(Suite suite) {
        this.suite = suite;
        this.api = CrmApi.of(suite.config(), PkceLogin.DEFAULT_DEMO_PASSWORD);
    }

    /** The sales-cycle steps on this client, narrating to the test's output. */
    SalesCycle cycle() {
        return new SalesCycle(api, System.out);
    }

    String token(String user) {
        return api.token(user);
    }

    CrmApi.Reply get(String user, String path) {
        return api.get(user, path);
    }

    CrmApi.Reply post(String user, String path, Object body) {
        return api.post(user, path, body);
    }

    CrmApi.Reply patch(String user, String path, Object body) {
        return api.patch(user, path, body);
    }

    /** A single number from a service's own database (e.g. a count). */
    long count(String service, String sql, Object... parameters) {
        try (Connection c = suite.currentDatabase().orElseThrow().connect(suite.config().databaseName(service));
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonMapper json() {
        return CrmApi.json();
    }
}
