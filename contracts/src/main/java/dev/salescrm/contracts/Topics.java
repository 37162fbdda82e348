package dev.salescrm.contracts;

/**
 * The Kafka topics of the suite: a public contract (EVENTS.md), read directly by analytics teams.
 * A breaking change is a new {@code .v2} topic, never an edit here.
 */
public final class Topics {

    public static final String LEAD_EVENTS = "crm.lead.events.v1";
    public static final String CAMPAIGN_EVENTS = "crm.campaign.events.v1";
    public static final String ACCOUNT_EVENTS = "crm.account.events.v1";
    public static final String OPPORTUNITY_EVENTS = "crm.opportunity.events.v1";
    public static final String CATALOG_EVENTS = "crm.catalog.events.v1";
    public static final String CATALOG_PRICES = "crm.catalog.prices.v1";
    public static final String BILLING_EVENTS = "crm.billing.events.v1";

    /** Partitions of every topic: enough for a few consumer replicas; per-key order holds regardless. */
    public static final int PARTITIONS = 3;

    private Topics() {
    }
}
