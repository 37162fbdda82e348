package dev.salescrm.account.matching;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.security.Role;

/**
 * {@code POST /api/contacts/match} (also {@code /api/accounts/match}): which contacts and accounts
 * match a would-be lead or customer. lead-service calls it with the caller's token on lead create
 * and qualify. A caller who may read the customer database gets the ids; marketing (who creates
 * leads but never sees customers) learns only that something matches, and on what.
 */
@RestController
class MatchController {

    record MatchRequest(@Size(max = 100) String firstName, @Size(max = 100) String lastName,
                        @Size(max = 200) String companyName, @Size(max = 320) String email, @Size(max = 50) String phone) {
    }

    record MatchResponse(List<CustomerMatches.Match> duplicates) {
    }

    private final CustomerMatches matches;

    MatchController(CustomerMatches matches) {
        this.matches = matches;
    }

    @PostMapping({"/api/contacts/match", "/api/accounts/match"})
    Mono<MatchResponse> match(@Valid @RequestBody MatchRequest request) {
        return CurrentUser.required().flatMap(caller -> matches.find(new CustomerMatches.Probe(request.firstName(),
                        request.lastName(), request.companyName(), request.email(), request.phone()), null)
                .map(found -> new MatchResponse(mayReadCustomers(caller) ? found
                        : found.stream().map(CustomerMatches.Match::withoutId).toList())));
    }

    static boolean mayReadCustomers(CurrentUser caller) {
        return caller.hasAny(Role.SALES_REP, Role.SALES_MANAGER, Role.BILLING, Role.ADMIN, Role.ANALYTICS);
    }
}
