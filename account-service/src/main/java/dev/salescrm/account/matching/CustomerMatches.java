package dev.salescrm.account.matching;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.text.SearchNormalizer;

/**
 * Contacts and accounts that match a person or company, by the rules {@code crm.duplicates.*}
 * (the same names and meaning as in lead-service): equal normalised e-mail, equal normalised
 * phone, and for contacts name + company — the contact's name and its account's name both at
 * least {@code threshold} similar (pg_trgm) — and for accounts {@code company}: the account's name
 * at least {@code threshold} similar to the company.
 */
@Component
@EnableConfigurationProperties(CustomerMatches.Rules.class)
public class CustomerMatches {

    @ConfigurationProperties("crm.duplicates")
    public record Rules(@DefaultValue("true") boolean email, @DefaultValue("true") boolean phone,
                        @DefaultValue("true") boolean nameCompany, @DefaultValue("0.6") double threshold) {
        public Rules {
            if (threshold < 0.3 || threshold > 1) {
                throw new IllegalArgumentException("crm.duplicates.threshold must be between 0.3 and 1: " + threshold);
            }
        }
    }

    /** One match; {@code id} is null when the caller may not see accounts and contacts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Match(UUID id, String kind, List<String> matchedOn) {
        Match withoutId() {
            return new Match(null, kind, matchedOn);
        }
    }

    /** What is compared: a person (first/last name) and/or a company, e-mail, phone. */
    public record Probe(String firstName, String lastName, String companyName, String email, String phone) {
    }

    static final int MAX = 20;

    private final DatabaseClient db;
    private final CustomerKeys keys;
    private final Rules rules;

    CustomerMatches(DatabaseClient db, CustomerKeys keys, Rules rules) {
        this.db = db;
        this.keys = keys;
        this.rules = rules;
    }

    /** Contacts first, then accounts; {@code exclude} (the record itself on an update) is left out, or null. */
    public Mono<List<Match>> find(Probe probe, UUID exclude) {
        String name = SearchNormalizer.joined(probe.firstName(), probe.lastName());
        String company = SearchNormalizer.text(probe.companyName());
        String email = rules.email() ? SearchNormalizer.email(probe.email()) : null;
        String phone = rules.phone() ? keys.phones().normalize(probe.phone()) : null;
        boolean byName = rules.nameCompany() && name != null && company != null;
        boolean byCompany = rules.nameCompany() && company != null;
        Flux<Match> contacts = query("contact c LEFT JOIN account a ON a.id = c.account_id", "c", "contact",
                email, phone, byName ? "(c.name_norm % :name AND similarity(c.name_norm, :name) >= :threshold "
                        + "AND similarity(a.name_norm, :company) >= :threshold)" : null, "name+company",
                name, company, exclude);
        Flux<Match> accounts = query("account a", "a", "account", email, phone,
                byCompany ? "(a.name_norm % :company AND similarity(a.name_norm, :company) >= :threshold)" : null,
                "company", name, company, exclude);
        return contacts.concatWith(accounts).collectList();
    }

    private Flux<Match> query(String from, String alias, String kind, String email, String phone, String similar,
                              String similarName, String name, String company, UUID exclude) {
        String byEmail = email == null ? "FALSE" : alias + ".email_norm = :email";
        String byPhone = phone == null ? "FALSE" : alias + ".phone_norm = :phone";
        String bySimilar = similar == null ? "FALSE" : similar;
        if (email == null && phone == null && similar == null) {
            return Flux.empty();
        }
        String sql = "SELECT " + alias + ".id, " + byEmail + " AS by_email, " + byPhone + " AS by_phone, " + bySimilar
                + " AS by_similar FROM " + from + " WHERE (" + byEmail + " OR " + byPhone + " OR " + bySimilar + ")"
                + (exclude == null ? "" : " AND " + alias + ".id <> :exclude")
                + " ORDER BY " + alias + ".id DESC LIMIT " + MAX;
        var spec = db.sql(sql);
        if (email != null) {
            spec = spec.bind("email", email);
        }
        if (phone != null) {
            spec = spec.bind("phone", phone);
        }
        if (similar != null) {
            if (similar.contains(":name")) {
                spec = spec.bind("name", name);
            }
            spec = spec.bind("company", company).bind("threshold", rules.threshold());
        }
        if (exclude != null) {
            spec = spec.bind("exclude", exclude);
        }
        return spec.map(row -> {
            List<String> on = new ArrayList<>(3);
            if (Boolean.TRUE.equals(row.get("by_email", Boolean.class))) {
                on.add("email");
            }
            if (Boolean.TRUE.equals(row.get("by_phone", Boolean.class))) {
                on.add("phone");
            }
            if (Boolean.TRUE.equals(row.get("by_similar", Boolean.class))) {
                on.add(similarName);
            }
            return new Match(row.get("id", UUID.class), kind, List.copyOf(on));
        }).all();
    }
}
