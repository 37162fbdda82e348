package dev.salescrm.lead.lead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.lead.lead.domain.LeadDetails;

/**
 * Asks account-service ({@code POST /api/contacts/match}) which contacts and accounts match a lead,
 * with the caller's own token, so account-service applies its own access rules. If it does not
 * answer within {@code crm.duplicates.account-timeout}, or answers with an error, the lead is not
 * held up: the answer is "not checked", and the response carries a warning saying so.
 */
@Component
class AccountMatchClient {

    static final String NOT_CHECKED = "contacts and accounts were not checked for duplicates: account-service did not answer";

    record Answer(List<Duplicate> duplicates, String warning) {
    }

    private static final Logger log = LoggerFactory.getLogger(AccountMatchClient.class);

    private final WebClient http;
    private final DuplicateRules rules;
    private final JsonMapper json;

    AccountMatchClient(DuplicateRules rules, JsonMapper json) {
        this.rules = rules;
        this.json = json;
        this.http = WebClient.builder().baseUrl(rules.accountService().toString()).build();
    }

    Mono<Answer> match(LeadDetails d) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("firstName", d.firstName());
        body.put("lastName", d.lastName());
        body.put("companyName", d.companyName());
        body.put("email", d.email());
        body.put("phone", d.phone());
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(c -> c.getAuthentication() instanceof JwtAuthenticationToken jwt ? jwt.getToken().getTokenValue() : null)
                .flatMap(token -> http.post().uri("/api/contacts/match")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .contentType(MediaType.APPLICATION_JSON)
                        .accept(MediaType.APPLICATION_JSON)
                        .bodyValue(json.writeValueAsString(body))
                        .retrieve()
                        .bodyToMono(String.class))
                .timeout(rules.accountTimeout())
                .map(this::parse)
                .switchIfEmpty(Mono.fromSupplier(() -> new Answer(List.of(), NOT_CHECKED)))
                .onErrorResume(e -> {
                    log.warn("account-service match check failed: {}", e.toString());
                    return Mono.just(new Answer(List.of(), NOT_CHECKED));
                });
    }

    private Answer parse(String body) {
        JsonNode root = json.readTree(body);
        List<Duplicate> found = new ArrayList<>();
        for (JsonNode d : root.path("duplicates")) {
            List<String> on = new ArrayList<>();
            d.path("matchedOn").forEach(m -> on.add(m.asString()));
            JsonNode id = d.get("id");
            found.add(new Duplicate(id == null || id.isNull() ? null : UUID.fromString(id.asString()),
                    d.path("kind").asString(), List.copyOf(on)));
        }
        return new Answer(found, null);
    }
}
