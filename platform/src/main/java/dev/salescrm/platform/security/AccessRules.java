package dev.salescrm.platform.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Who may call which endpoint: an ordered list of rules (method + path pattern → roles), the
 * first matching rule decides, and a request no rule matches is denied. Every service declares
 * one {@code AccessRules} bean; the authorisation matrix test walks every route of the service
 * against it, so an endpoint added without a rule fails the build.
 *
 * <p>These are role checks only. Which records a role may see (a rep's own leads) is decided in
 * the service, where a record that may not be seen is reported as not found.
 */
public final class AccessRules {

    /** One rule; {@code method} null means any method. */
    public record Rule(HttpMethod method, String pattern, Set<Role> roles) {

        boolean matches(HttpMethod requestMethod, String path) {
            return (method == null || method.equals(requestMethod))
                    && parsed().matches(PathContainer.parsePath(path));
        }

        PathPattern parsed() {
            return PathPatternParser.defaultInstance.parse(pattern);
        }
    }

    private final List<Rule> rules;

    private AccessRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rule deciding this request, if any. */
    public Optional<Rule> ruleFor(HttpMethod method, String path) {
        return rules.stream().filter(rule -> rule.matches(method, path)).findFirst();
    }

    /** Names of the roles the deciding rule admits, or empty when no rule decides (for the matrix test). */
    public Optional<Set<String>> roleNamesFor(HttpMethod method, String path) {
        return ruleFor(method, path).map(rule -> rule.roles().stream().map(Role::name)
                .collect(java.util.stream.Collectors.toUnmodifiableSet()));
    }

    public boolean allows(HttpMethod method, String path, Role role) {
        return ruleFor(method, path).map(rule -> rule.roles().contains(role)).orElse(false);
    }

    public static final class Builder {

        private final List<Rule> rules = new ArrayList<>();

        public Builder allow(HttpMethod method, String pattern, Role first, Role... more) {
            rules.add(new Rule(method, pattern, EnumSet.of(first, more)));
            return this;
        }

        public Builder allow(HttpMethod method, String pattern, Set<Role> roles) {
            rules.add(new Rule(method, pattern, roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles)));
            return this;
        }

        public AccessRules build() {
            return new AccessRules(rules);
        }
    }
}
