package dev.salescrm.lead.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.salescrm.lead.campaign.domain.Channel;
import dev.salescrm.lead.campaign.domain.ResponseDetails;
import dev.salescrm.platform.web.InvalidRequestException;
import dev.salescrm.platform.web.InvalidRequestException.Violation;

/**
 * The body of {@code POST /api/campaigns/{id}/responses}: one response object, or an array of them
 * (a follow-up form that lists several people). Every response is read and validated before
 * anything is stored; any bad field fails the whole request, named with its index in an array
 * ({@code [2].email}).
 */
final class ResponseIntake {

    /** At most this many responses per request. */
    static final int MAX_RESPONSES = 200;
    /** A response "received" later than now by more than this is a mistake, not clock skew. */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(5);

    /** What a client may send for one response; anything else in it is rejected (400). */
    record NewResponse(@Size(max = 100) String firstName, @Size(max = 100) String lastName,
                       @Size(max = 200) String companyName, @Email @Size(max = 320) String email,
                       @Size(max = 50) String phone, Channel channel, Instant receivedAt,
                       @Size(max = 10_000) String note) {
    }

    /** The responses read, and whether the client sent an array (the answer mirrors it). */
    record Read(List<ResponseDetails> responses, boolean many) {
    }

    private ResponseIntake() {
    }

    /** @param now the time a response without {@code receivedAt} was received */
    static Read read(JsonNode body, JsonMapper json, Validator validator, Instant now) {
        boolean many = body != null && body.isArray();
        if (body == null || !(body.isObject() || many)) {
            throw new InvalidRequestException(null, "send a response object or an array of them");
        }
        if (many && (body.isEmpty() || body.size() > MAX_RESPONSES)) {
            throw new InvalidRequestException(null, "send between 1 and " + MAX_RESPONSES + " responses");
        }
        List<NewResponse> requests = new ArrayList<>();
        try {
            if (many) {
                requests.addAll(List.of(json.treeToValue(body, NewResponse[].class)));
            } else {
                requests.add(json.treeToValue(body, NewResponse.class));
            }
        } catch (JacksonException e) {
            // The platform's problem mapper names the field from Jackson's path, e.g. [1].channel.
            throw new ServerWebInputException("the request has invalid fields", null, e);
        }
        List<Violation> errors = new ArrayList<>();
        List<ResponseDetails> responses = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String prefix = many ? "[" + i + "]." : "";
            NewResponse r = requests.get(i);
            if (r == null) {
                errors.add(new Violation(many ? "[" + i + "]" : null, "must be a response object"));
                continue;
            }
            List<Violation> bad = new ArrayList<>();
            for (ConstraintViolation<NewResponse> v : validator.validate(r)) {
                bad.add(new Violation(prefix + v.getPropertyPath(), v.getMessage()));
            }
            if (isBlank(r.lastName()) && isBlank(r.companyName()) && isBlank(r.email()) && isBlank(r.phone())) {
                bad.add(new Violation(prefix + "lastName",
                        "a response needs a last name, a company name, an e-mail address or a phone"));
            }
            if (r.receivedAt() != null && r.receivedAt().isAfter(now.plus(CLOCK_TOLERANCE))) {
                bad.add(new Violation(prefix + "receivedAt", "must not be in the future"));
            }
            bad.sort(Comparator.comparing(Violation::field));
            errors.addAll(bad);
            if (bad.isEmpty()) {
                responses.add(new ResponseDetails(blankToNull(r.firstName()), blankToNull(r.lastName()),
                        blankToNull(r.companyName()), blankToNull(r.email()), blankToNull(r.phone()), r.channel(),
                        r.receivedAt() == null ? now : r.receivedAt().truncatedTo(ChronoUnit.MICROS),
                        blankToNull(r.note())));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Read(List.copyOf(responses), many);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s;
    }
}
