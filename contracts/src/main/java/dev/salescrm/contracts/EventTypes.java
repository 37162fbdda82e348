package dev.salescrm.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Event types ({@code ce_type}): logical, versioned names, never Java class names, so code can be
 * renamed without breaking a consumer. Grouped by the topic they are published on (EVENTS.md).
 *
 * <p>Every constant here has a JSON Schema {@code schemas/<type>.json} in this module and a message
 * in {@code asyncapi.yaml}; the contracts tests fail the build otherwise. A new type is added here,
 * with its schema and its AsyncAPI message, in the same change.
 */
public final class EventTypes {

    // ---- crm.lead.events.v1 (Topics.LEAD_EVENTS)
    public static final String LEAD_CREATED = "crm.lead.created.v1";
    public static final String LEAD_UPDATED = "crm.lead.updated.v1";
    public static final String LEAD_QUALIFIED = "crm.lead.qualified.v1";
    public static final String LEAD_DISQUALIFIED = "crm.lead.disqualified.v1";
    public static final String LEAD_REACTIVATED = "crm.lead.reactivated.v1";
    public static final String LEAD_CONVERSION_COMPLETED = "crm.lead.conversion-completed.v1";

    // ---- crm.campaign.events.v1 (Topics.CAMPAIGN_EVENTS)
    public static final String CAMPAIGN_CREATED = "crm.campaign.created.v1";
    public static final String CAMPAIGN_RESPONSE_RECEIVED = "crm.campaign-response.received.v1";
    public static final String CAMPAIGN_RESPONSE_CONVERTED = "crm.campaign-response.converted.v1";
    public static final String CAMPAIGN_RESPONSE_CLOSED = "crm.campaign-response.closed.v1";

    // ---- crm.account.events.v1 (Topics.ACCOUNT_EVENTS)
    public static final String ACCOUNT_CREATED = "crm.account.created.v1";
    public static final String ACCOUNT_UPDATED = "crm.account.updated.v1";
    public static final String ACCOUNT_RELATIONSHIP_CHANGED = "crm.account.relationship-changed.v1";
    public static final String CONTACT_CREATED = "crm.contact.created.v1";
    public static final String CONTACT_UPDATED = "crm.contact.updated.v1";
    /** account-service's "done" reply to a qualification (docs/qualification-saga.md); keyed by lead id. */
    public static final String LEAD_CONVERSION_ACCEPTED = "crm.lead.conversion-accepted.v1";
    public static final String LEAD_CONVERSION_REJECTED = "crm.lead.conversion-rejected.v1";

    // ---- crm.opportunity.events.v1 (Topics.OPPORTUNITY_EVENTS)
    public static final String OPPORTUNITY_CREATED = "crm.opportunity.created.v1";
    public static final String OPPORTUNITY_STAGE_CHANGED = "crm.opportunity.stage-changed.v1";
    public static final String OPPORTUNITY_WON = "crm.opportunity.won.v1";
    public static final String OPPORTUNITY_LOST = "crm.opportunity.lost.v1";
    /** A won or lost opportunity is open again (not in EVENTS.md's first list; added with the lifecycle). */
    public static final String OPPORTUNITY_REOPENED = "crm.opportunity.reopened.v1";
    public static final String QUOTE_ACTIVATED = "crm.quote.activated.v1";
    public static final String QUOTE_ACCEPTED = "crm.quote.accepted.v1";
    public static final String QUOTE_CLOSED = "crm.quote.closed.v1";

    // ---- crm.catalog.events.v1 (Topics.CATALOG_EVENTS)
    public static final String PRODUCT_UPSERTED = "crm.product.upserted.v1";
    public static final String PRODUCT_RETIRED = "crm.product.retired.v1";
    public static final String PRICE_LIST_UPSERTED = "crm.price-list.upserted.v1";

    // ---- crm.catalog.prices.v1 (Topics.CATALOG_PRICES)
    public static final String PRICE_UPSERTED = "crm.price.upserted.v1";

    // ---- crm.billing.events.v1 (Topics.BILLING_EVENTS)
    public static final String ORDER_CREATED = "crm.order.created.v1";
    public static final String ORDER_SUBMITTED = "crm.order.submitted.v1";
    public static final String ORDER_FULFILLED = "crm.order.fulfilled.v1";
    public static final String ORDER_CANCELED = "crm.order.canceled.v1";
    public static final String INVOICE_ISSUED = "crm.invoice.issued.v1";
    public static final String INVOICE_PAID = "crm.invoice.paid.v1";
    public static final String INVOICE_CANCELED = "crm.invoice.canceled.v1";

    /** The topic each type is published on, in the order of EVENTS.md. */
    public static final Map<String, String> TOPIC_OF_TYPE;

    /** Every event type. */
    public static final List<String> ALL;

    static {
        Map<String, String> topics = new LinkedHashMap<>();
        topics.put(LEAD_CREATED, Topics.LEAD_EVENTS);
        topics.put(LEAD_UPDATED, Topics.LEAD_EVENTS);
        topics.put(LEAD_QUALIFIED, Topics.LEAD_EVENTS);
        topics.put(LEAD_DISQUALIFIED, Topics.LEAD_EVENTS);
        topics.put(LEAD_REACTIVATED, Topics.LEAD_EVENTS);
        topics.put(LEAD_CONVERSION_COMPLETED, Topics.LEAD_EVENTS);
        topics.put(CAMPAIGN_CREATED, Topics.CAMPAIGN_EVENTS);
        topics.put(CAMPAIGN_RESPONSE_RECEIVED, Topics.CAMPAIGN_EVENTS);
        topics.put(CAMPAIGN_RESPONSE_CONVERTED, Topics.CAMPAIGN_EVENTS);
        topics.put(CAMPAIGN_RESPONSE_CLOSED, Topics.CAMPAIGN_EVENTS);
        topics.put(ACCOUNT_CREATED, Topics.ACCOUNT_EVENTS);
        topics.put(ACCOUNT_UPDATED, Topics.ACCOUNT_EVENTS);
        topics.put(ACCOUNT_RELATIONSHIP_CHANGED, Topics.ACCOUNT_EVENTS);
        topics.put(CONTACT_CREATED, Topics.ACCOUNT_EVENTS);
        topics.put(CONTACT_UPDATED, Topics.ACCOUNT_EVENTS);
        topics.put(LEAD_CONVERSION_ACCEPTED, Topics.ACCOUNT_EVENTS);
        topics.put(LEAD_CONVERSION_REJECTED, Topics.ACCOUNT_EVENTS);
        topics.put(OPPORTUNITY_CREATED, Topics.OPPORTUNITY_EVENTS);
        topics.put(OPPORTUNITY_STAGE_CHANGED, Topics.OPPORTUNITY_EVENTS);
        topics.put(OPPORTUNITY_WON, Topics.OPPORTUNITY_EVENTS);
        topics.put(OPPORTUNITY_LOST, Topics.OPPORTUNITY_EVENTS);
        topics.put(OPPORTUNITY_REOPENED, Topics.OPPORTUNITY_EVENTS);
        topics.put(QUOTE_ACTIVATED, Topics.OPPORTUNITY_EVENTS);
        topics.put(QUOTE_ACCEPTED, Topics.OPPORTUNITY_EVENTS);
        topics.put(QUOTE_CLOSED, Topics.OPPORTUNITY_EVENTS);
        topics.put(PRODUCT_UPSERTED, Topics.CATALOG_EVENTS);
        topics.put(PRODUCT_RETIRED, Topics.CATALOG_EVENTS);
        topics.put(PRICE_LIST_UPSERTED, Topics.CATALOG_EVENTS);
        topics.put(PRICE_UPSERTED, Topics.CATALOG_PRICES);
        topics.put(ORDER_CREATED, Topics.BILLING_EVENTS);
        topics.put(ORDER_SUBMITTED, Topics.BILLING_EVENTS);
        topics.put(ORDER_FULFILLED, Topics.BILLING_EVENTS);
        topics.put(ORDER_CANCELED, Topics.BILLING_EVENTS);
        topics.put(INVOICE_ISSUED, Topics.BILLING_EVENTS);
        topics.put(INVOICE_PAID, Topics.BILLING_EVENTS);
        topics.put(INVOICE_CANCELED, Topics.BILLING_EVENTS);
        TOPIC_OF_TYPE = Collections.unmodifiableMap(topics);
        ALL = List.copyOf(topics.keySet());
    }

    private EventTypes() {
    }

    /** The topic a type is published on; fails for a type that is not part of the contract. */
    public static String topicOf(String type) {
        String topic = TOPIC_OF_TYPE.get(type);
        if (topic == null) {
            throw new IllegalArgumentException("not an event type of the contract: " + type);
        }
        return topic;
    }
}
