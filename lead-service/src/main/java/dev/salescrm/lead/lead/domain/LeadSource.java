package dev.salescrm.lead.lead.domain;

/** Where a lead came from (the lead sources of Dynamics CRM). */
public enum LeadSource {
    ADVERTISEMENT,
    EMPLOYEE_REFERRAL,
    EXTERNAL_REFERRAL,
    PARTNER,
    PUBLIC_RELATIONS,
    SEMINAR,
    TRADE_SHOW,
    WEB,
    WORD_OF_MOUTH,
    IMPORT,
    CAMPAIGN_RESPONSE,
    OTHER
}
