package dev.salescrm.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The environment of one app, wherever it is deployed (compose or Kubernetes): only variables the app reads,
 * the ones it needs, and URLs that reach the app they name on its port. Secret values are not known here;
 * they stand as {@code <secret name/key>}.
 */
final class EnvRules {

    /** Resolves "host", port of a URL to the app listening there, if it is one of this deployment's apps. */
    interface Resolver extends BiFunction<String, Integer, Optional<String>> {
    }

    private EnvRules() {
    }

    static List<String> check(String where, String app, Map<String, String> env, Resolver resolver) {
        CodeFacts facts = CodeFacts.get();
        List<String> problems = new ArrayList<>();
        String at = where + ": " + app;
        for (String variable : env.keySet()) {
            if (!facts.knows(app, variable)) {
                problems.add(at + " sets " + variable + ", which " + app
                        + " does not read (not in its application.yml, the platform defaults or its code)");
            }
        }
        String port = env.get("PORT");
        if (!String.valueOf(facts.ports.get(app)).equals(port)) {
            problems.add(at + " has PORT=" + port + ", but " + app + " listens on " + facts.ports.get(app)
                    + " (launcher SuiteConfig, application.yml)");
        }
        List<String> required = new ArrayList<>(List.of("CRM_SECURITY_ISSUER"));
        if (facts.services.contains(app)) {
            required.addAll(List.of("CRM_DB_HOST", "CRM_DB_PORT", "CRM_DB_NAME", "CRM_DB_USER", "CRM_DB_PASSWORD",
                    "CRM_KAFKA_BOOTSTRAP"));
            String db = env.get("CRM_DB_NAME");
            if (db != null && !db.equals(facts.databases.get(app))) {
                problems.add(at + " uses database " + db + ", but its database is " + facts.databases.get(app)
                        + " (application.yml crm.db.name, SuiteConfig)");
            }
        }
        if (app.equals(CodeFacts.GATEWAY)) {
            required.addAll(facts.gatewayServiceVariables.keySet());
        }
        if (app.equals(CodeFacts.IDENTITY)) {
            required.add("CRM_IDENTITY_KEY_FILE");
        }
        for (String variable : required) {
            if (env.get(variable) == null || env.get(variable).isBlank()) {
                problems.add(at + " needs " + variable + ", which is not set");
            }
        }
        env.forEach((variable, value) -> {
            String expected = expectedTarget(app, variable);
            if (value == null || !value.matches("https?://[^/]+.*")) {
                if (expected != null && value != null) {
                    problems.add(at + ": " + variable + "=" + value + " is not an http URL");
                }
                return;
            }
            URI uri = URI.create(value);
            int urlPort = uri.getPort() > 0 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
            Optional<String> target = resolver.apply(uri.getHost(), urlPort);
            if (expected != null && !target.equals(Optional.of(expected))) {
                problems.add(at + ": " + variable + "=" + value + " must reach " + expected + " on port "
                        + facts.ports.get(expected) + ", but " + target.map(t -> "reaches " + t).orElse("reaches no app there"));
            }
            if (variable.equals("CRM_SECURITY_JWK_SET_URI") && target.isPresent()
                    && !(target.get().equals(CodeFacts.IDENTITY) && Objects.equals(uri.getPath(), "/oauth2/jwks"))) {
                problems.add(at + ": " + variable + "=" + value + " is inside the deployment but not identity's /oauth2/jwks");
            }
        });
        return problems;
    }

    /** The app a URL variable must point at: the gateway's routes, and {@code <APP>_SERVICE_URL}. */
    private static String expectedTarget(String app, String variable) {
        CodeFacts facts = CodeFacts.get();
        if (app.equals(CodeFacts.GATEWAY) && facts.gatewayServiceVariables.containsKey(variable)) {
            return facts.gatewayServiceVariables.get(variable);
        }
        if (variable.endsWith("_SERVICE_URL")) {
            String name = variable.substring(0, variable.length() - "_URL".length()).toLowerCase().replace('_', '-');
            return facts.services.contains(name) ? name : null;
        }
        return null;
    }
}
