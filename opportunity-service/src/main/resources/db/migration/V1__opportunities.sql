-- Opportunities: potential sales to an account or a contact (which live in account-service).
CREATE TABLE opportunity (
    id                          uuid          PRIMARY KEY,   -- UUIDv7: id order is creation order
    name                        varchar(300)  NOT NULL,
    account_id                  uuid,
    contact_id                  uuid,
    owner_id                    varchar(200),
    stage                       varchar(20)   NOT NULL,
    status                      varchar(20)   NOT NULL,      -- follows from status_reason; kept for filters
    status_reason               varchar(20)   NOT NULL,
    probability                 smallint      NOT NULL,
    estimated_revenue_amount    numeric(19,4),
    estimated_revenue_currency  char(3),
    estimated_close_date        date,
    source_lead_id              uuid,
    source_campaign_response_id uuid,
    actual_close_date           date,
    close_note                  text,
    version                     bigint        NOT NULL,
    created_at                  timestamptz   NOT NULL,
    created_by                  varchar(200),
    updated_at                  timestamptz   NOT NULL,
    CONSTRAINT opportunity_has_one_customer CHECK ((account_id IS NULL) <> (contact_id IS NULL)),
    CONSTRAINT opportunity_revenue_has_currency
        CHECK ((estimated_revenue_amount IS NULL) = (estimated_revenue_currency IS NULL)),
    CONSTRAINT opportunity_probability_is_percent CHECK (probability BETWEEN 0 AND 100)
);
CREATE INDEX opportunity_by_owner ON opportunity (owner_id, id);
CREATE INDEX opportunity_by_status ON opportunity (status, id);
CREATE INDEX opportunity_by_account ON opportunity (account_id, id);
CREATE INDEX opportunity_by_source_lead ON opportunity (source_lead_id);

-- Lead conversions account-service rejected, by the opportunity id the qualification announced.
-- The rejection and the qualification travel on different topics, so the rejection may arrive
-- first; the opportunity is then created already canceled (see LeadConversion).
CREATE TABLE rejected_conversion (
    opportunity_id uuid          PRIMARY KEY,
    lead_id        uuid          NOT NULL,
    reason         varchar(100)  NOT NULL,
    detail         text,
    received_at    timestamptz   NOT NULL DEFAULT now()
);
