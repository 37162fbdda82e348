package dev.salescrm.lead.campaign.domain;

/**
 * How a campaign reaches people, and how a response to it arrived. One list for both, so a
 * response can say "the campaign ran by e-mail, this person phoned".
 */
public enum Channel {
    EMAIL,
    PHONE,
    WEB,
    SOCIAL_MEDIA,
    TRADE_SHOW,
    EVENT,
    LETTER,
    ADVERTISEMENT,
    REFERRAL,
    OTHER
}
