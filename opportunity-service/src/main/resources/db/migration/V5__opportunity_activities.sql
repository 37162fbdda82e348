-- The price list an opportunity is quoted from (catalog-service's id; API.md lists it with the
-- opportunity). Null until someone picks one; set and cleared through PATCH.
ALTER TABLE opportunity ADD COLUMN price_list_id uuid;

-- Calls, e-mails, appointments and tasks about an opportunity: planned (no completed_at) or done.
-- Kept on open and closed opportunities alike: a call after a won deal is still its history.
CREATE TABLE opportunity_activity (
    id             uuid          PRIMARY KEY,   -- UUIDv7: id order is creation order
    opportunity_id uuid          NOT NULL REFERENCES opportunity (id),
    type           varchar(20)   NOT NULL,
    subject        varchar(300)  NOT NULL,
    description    text,
    direction      varchar(10),
    scheduled_at   timestamptz,
    completed_at   timestamptz,
    created_at     timestamptz   NOT NULL,
    created_by     varchar(200),
    CONSTRAINT opportunity_activity_type_is_known
        CHECK (type IN ('PHONE_CALL', 'EMAIL', 'APPOINTMENT', 'TASK')),
    CONSTRAINT opportunity_activity_direction_is_known
        CHECK (direction IS NULL OR direction IN ('INBOUND', 'OUTBOUND'))
);
CREATE INDEX opportunity_activity_by_opportunity ON opportunity_activity (opportunity_id, id);
