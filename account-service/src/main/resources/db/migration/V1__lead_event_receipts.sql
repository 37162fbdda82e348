-- The lead events account-service has taken in. For now this is the whole effect of the lead
-- events consumer (it proves the outbox → Kafka → inbox path end to end); the qualification saga
-- adds the real effects (accounts and contacts created from a qualified lead).
CREATE TABLE lead_event_receipt (
    event_id    varchar(200) PRIMARY KEY,
    lead_id     uuid         NOT NULL,
    type        varchar(200) NOT NULL,
    received_at timestamptz  NOT NULL DEFAULT now()
);
CREATE INDEX lead_event_receipt_by_lead ON lead_event_receipt (lead_id);
