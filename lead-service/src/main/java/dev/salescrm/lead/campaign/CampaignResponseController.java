package dev.salescrm.lead.campaign;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

import jakarta.validation.Valid;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

import dev.salescrm.lead.lead.Duplicate;
import dev.salescrm.platform.security.CurrentUser;
import dev.salescrm.platform.web.ETags;

/** One campaign response, and deciding what it is. */
@RestController
@RequestMapping("/api/campaign-responses")
class CampaignResponseController {

    private final CampaignService campaigns;
    private final CampaignResponseConversion conversion;

    CampaignResponseController(CampaignService campaigns, CampaignResponseConversion conversion) {
        this.campaigns = campaigns;
        this.conversion = conversion;
    }

    /**
     * The closed response; after NEW_LEAD also what the new lead's duplicate check found
     * ({@code duplicates}, and {@code warnings} when a check could not be made).
     */
    record ConvertedView(@JsonUnwrapped CampaignResponseView response,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<Duplicate> duplicates,
                         @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {
    }

    @GetMapping("/{id}")
    Mono<ResponseEntity<CampaignResponseView>> get(@PathVariable UUID id) {
        return campaigns.response(id)
                .map(r -> ResponseEntity.ok().eTag(ETags.of(r.version())).body(CampaignResponseView.of(r)));
    }

    /** 200 with the CLOSED response; a response that is not OPEN any more is a 409 naming its status. */
    @PostMapping("/{id}/convert")
    Mono<ResponseEntity<ConvertedView>> convert(@PathVariable UUID id,
                                                @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody ConversionRequest request) {
        return CurrentUser.required()
                .flatMap(caller -> conversion.convert(id, ifMatch, request, caller))
                .map(done -> ResponseEntity.ok().eTag(ETags.of(done.response().version()))
                        .body(new ConvertedView(CampaignResponseView.of(done.response()), done.duplicates(),
                                done.warnings())));
    }
}
