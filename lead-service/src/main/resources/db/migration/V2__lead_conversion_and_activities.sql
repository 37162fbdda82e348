-- Why a lead is disqualified (or why its conversion failed), and the latest qualification.
ALTER TABLE lead
    ADD COLUMN status_note                       varchar(1000),
    ADD COLUMN conversion_status                 varchar(20),
    ADD COLUMN conversion_account_id             uuid,
    ADD COLUMN conversion_account_is_new         boolean,
    ADD COLUMN conversion_contact_id             uuid,
    ADD COLUMN conversion_contact_is_new         boolean,
    ADD COLUMN conversion_opportunity_id         uuid,
    ADD COLUMN conversion_customer_side_accepted boolean,
    ADD COLUMN conversion_opportunity_created    boolean,
    ADD COLUMN conversion_failure_reason         varchar(500),
    ADD COLUMN conversion_requested_at           timestamptz,
    ADD COLUMN conversion_settled_at             timestamptz;

-- Calls, e-mails, appointments and tasks with a lead: planned (no completed_at) or done.
CREATE TABLE lead_activity (
    id           uuid          PRIMARY KEY,
    lead_id      uuid          NOT NULL REFERENCES lead (id),
    type         varchar(20)   NOT NULL,
    subject      varchar(300)  NOT NULL,
    description  text,
    direction    varchar(10),
    scheduled_at timestamptz,
    completed_at timestamptz,
    created_at   timestamptz   NOT NULL,
    created_by   varchar(200)
);
CREATE INDEX lead_activity_by_lead ON lead_activity (lead_id, id);
