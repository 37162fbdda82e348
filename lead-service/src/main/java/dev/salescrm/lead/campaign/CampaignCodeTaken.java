package dev.salescrm.lead.campaign;

/** Another campaign has this code (codes are unique ignoring case): 409 naming {@code code}. */
class CampaignCodeTaken extends RuntimeException {

    CampaignCodeTaken(String code) {
        super("a campaign with the code " + code + " already exists", null, false, false);
    }
}
