-- Campaigns and their responses. A response is NOT a lead: it waits here, apart from the lead
-- store, until someone links it to a known lead or contact, makes it a lead or an opportunity, or
-- closes it without adding anyone.
CREATE TABLE campaign (
    id              uuid          PRIMARY KEY,      -- UUIDv7: id order is creation order
    name            varchar(200)  NOT NULL,
    code            varchar(50)   NOT NULL,
    channel         varchar(30),
    starts_on       date,
    ends_on         date,
    budget_amount   numeric(19,4),
    budget_currency char(3),
    owner_id        varchar(200),
    version         bigint        NOT NULL,
    created_at      timestamptz   NOT NULL,
    created_by      varchar(200),
    updated_at      timestamptz   NOT NULL,
    CONSTRAINT campaign_ends_after_it_starts CHECK (starts_on IS NULL OR ends_on IS NULL OR ends_on >= starts_on),
    CONSTRAINT campaign_budget_has_currency CHECK ((budget_amount IS NULL) = (budget_currency IS NULL)),
    CONSTRAINT campaign_budget_not_negative CHECK (budget_amount IS NULL OR budget_amount >= 0)
);
-- Codes are typed by people: EXPO26 and expo26 are one campaign.
CREATE UNIQUE INDEX campaign_code_unique ON campaign (lower(code));

CREATE TABLE campaign_response (
    id                uuid          PRIMARY KEY,
    campaign_id       uuid          NOT NULL REFERENCES campaign (id),
    first_name        varchar(100),
    last_name         varchar(100),
    company_name      varchar(200),
    email             varchar(320),
    phone             varchar(50),
    channel           varchar(30),
    received_at       timestamptz   NOT NULL,
    note              text,
    status            varchar(20)   NOT NULL,       -- OPEN, CLOSED, CANCELED
    -- What it became (CLOSED only): the action and what it names.
    conversion_action varchar(20),                  -- LINK_EXISTING, NEW_LEAD, NEW_OPPORTUNITY, CLOSE
    lead_id           uuid,                         -- linked or new lead
    contact_id        uuid,                         -- linked contact, or the new opportunity's customer
    account_id        uuid,                         -- the new opportunity's customer
    opportunity_id    uuid,                         -- allocated here; opportunity-service creates it
    opportunity_name  varchar(300),
    owner_id          varchar(200),                 -- owner of the new lead or opportunity
    close_reason      varchar(1000),
    converted_at      timestamptz,
    converted_by      varchar(200),
    version           bigint        NOT NULL,
    created_at        timestamptz   NOT NULL,
    created_by        varchar(200),
    updated_at        timestamptz   NOT NULL,
    CONSTRAINT campaign_response_names_someone
        CHECK (last_name IS NOT NULL OR company_name IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL),
    CONSTRAINT campaign_response_converted_when_closed
        CHECK ((status = 'CLOSED') = (conversion_action IS NOT NULL AND converted_at IS NOT NULL))
);
CREATE INDEX campaign_response_by_campaign ON campaign_response (campaign_id, id);
CREATE INDEX campaign_response_by_received ON campaign_response (campaign_id, received_at);

-- The response a lead was made from (NEW_LEAD), carried on crm.lead.qualified.v1 so the
-- opportunity of a qualified campaign lead knows its campaign response too.
ALTER TABLE lead ADD COLUMN source_campaign_response_id uuid;
CREATE INDEX lead_by_campaign ON lead (campaign_id) WHERE campaign_id IS NOT NULL;

-- What lead-service knows of opportunities that came from its leads or campaign responses, fed by
-- crm.opportunity.events.v1 (created, won, lost, reopened). One row per opportunity and its
-- current outcome, so a redelivered event or won → reopened → won counts once.
CREATE TABLE funnel_opportunity (
    opportunity_id              uuid          PRIMARY KEY,
    source_lead_id              uuid,
    source_campaign_response_id uuid,
    status                      varchar(10)   NOT NULL,   -- OPEN, WON, LOST
    won_amount                  numeric(19,4),
    won_currency                char(3),
    updated_at                  timestamptz   NOT NULL,
    CONSTRAINT funnel_opportunity_has_a_source
        CHECK (source_lead_id IS NOT NULL OR source_campaign_response_id IS NOT NULL),
    CONSTRAINT funnel_opportunity_revenue_when_won
        CHECK ((status = 'WON') = (won_amount IS NOT NULL AND won_currency IS NOT NULL))
);
CREATE INDEX funnel_opportunity_by_lead ON funnel_opportunity (source_lead_id) WHERE source_lead_id IS NOT NULL;
CREATE INDEX funnel_opportunity_by_response ON funnel_opportunity (source_campaign_response_id)
    WHERE source_campaign_response_id IS NOT NULL;
