package dev.salescrm.lead.lead;

import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.InvalidRequestException;

/**
 * {@code POST /api/leads/import} ({@code text/csv}, up to 10 MiB): 200 with a JSON report written
 * as the rows are processed — {@code {jobId, rows: [{row, status, leadId?, errors?, duplicates?}],
 * created, duplicates, rejected}}. A bad header, an unknown column or a malformed file detected
 * before the first row is answered is a 400 problem; a failure later cuts the stream (the client
 * retries with the same {@code Idempotency-Key}, which creates nothing twice).
 */
@RestController
class LeadImportController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final LeadImport imports;

    LeadImportController(LeadImport imports) {
        this.imports = imports;
    }

    @PostMapping(path = "/api/leads/import", consumes = "text/csv")
    Mono<Void> importCsv(ServerHttpRequest request, ServerHttpResponse response,
                         @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        if (key != null && !validKey(key)) {
            return Mono.error(new InvalidRequestException(IDEMPOTENCY_KEY, "must be 1 to 200 visible ASCII characters"));
        }
        return CurrentUser.required().flatMap(caller -> {
            response.setStatusCode(HttpStatus.OK);
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            return response.writeWith(imports.run(request.getBody(), key, caller)
                    .map(piece -> response.bufferFactory().wrap(piece.getBytes(StandardCharsets.UTF_8))));
        });
    }

    private static boolean validKey(String key) {
        if (key.isEmpty() || key.length() > 200) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }
}
