package dev.salescrm.account.matching;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import dev.salescrm.platform.web.InvalidRequestException;

/** {@code ?onDuplicate=report|reject} on account and contact create, and the 409 it may turn into. */
public final class DuplicateResponses {

    public static final String PROBLEM_TYPE = "urn:crm:problem:duplicate";

    /** A created record with the duplicates found (always present, possibly empty). */
    public record Created<T>(@JsonUnwrapped T record, List<CustomerMatches.Match> duplicates) {
    }

    private DuplicateResponses() {
    }

    public static boolean reject(String onDuplicate) {
        if (onDuplicate == null || onDuplicate.equals("report")) {
            return false;
        }
        if (onDuplicate.equals("reject")) {
            return true;
        }
        throw new InvalidRequestException("onDuplicate", "must be report (the default) or reject");
    }

    /** 409 problem+json listing what matched; nothing was stored. */
    public static ResponseEntity<Object> conflict(String kind, List<CustomerMatches.Match> found) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", PROBLEM_TYPE);
        problem.put("title", "Duplicate");
        problem.put("status", 409);
        problem.put("detail", "the " + kind + " matches existing records; nothing was stored (onDuplicate=reject)");
        problem.put("duplicates", found);
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
