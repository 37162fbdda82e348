-- Calls, e-mails, appointments and tasks with an account or a contact (API.md: "as for leads"),
-- planned (no completed_at) or done, and the campaign responses linked to a contact as follow-ups.
CREATE TABLE activity (
    id                   uuid         PRIMARY KEY,   -- UUIDv7, or derived from the campaign event's id
    account_id           uuid         REFERENCES account (id),
    contact_id           uuid         REFERENCES contact (id),
    type                 varchar(20)  NOT NULL,
    subject              varchar(300) NOT NULL,
    description          text,
    direction            varchar(10),
    scheduled_at         timestamptz,
    completed_at         timestamptz,
    campaign_id          uuid,                       -- for a linked campaign response: lead-service's ids
    campaign_response_id uuid,
    created_at           timestamptz  NOT NULL,
    created_by           varchar(200),
    CONSTRAINT activity_regards_an_account_or_a_contact CHECK ((account_id IS NULL) <> (contact_id IS NULL)),
    CONSTRAINT activity_type_is_known
        CHECK (type IN ('PHONE_CALL', 'EMAIL', 'APPOINTMENT', 'TASK', 'CAMPAIGN_RESPONSE')),
    CONSTRAINT activity_direction_is_known CHECK (direction IS NULL OR direction IN ('INBOUND', 'OUTBOUND'))
);
CREATE INDEX activity_by_account ON activity (account_id, id);
CREATE INDEX activity_by_contact ON activity (contact_id, id);
-- A campaign response is linked once: a second converted event for it adds no second follow-up.
CREATE UNIQUE INDEX activity_one_per_campaign_response ON activity (campaign_response_id)
    WHERE campaign_response_id IS NOT NULL;

-- The story of an account and of a contact, newest first: what account-service did itself (records
-- created, activities) and what it learned from other services' events (opportunities, orders,
-- invoices). Written in the transaction of the change or of the inbox, so the timeline is read from
-- here alone, whichever other service is down.
--
-- No foreign keys on purpose: an event may name an account or contact that is not here (yet) — the
-- other topics are not ordered with the lead topic — and its entry is kept for when it arrives.
CREATE TABLE timeline_entry (
    id              uuid         PRIMARY KEY,  -- the record's id for our own changes; for a consumed
                                               -- event a name-based UUID of its ce_id (redelivery-proof)
    account_id      uuid,
    contact_id      uuid,
    kind            varchar(40)  NOT NULL,
    occurred_at     timestamptz  NOT NULL,
    summary         text         NOT NULL,
    actor           varchar(200),
    refs            jsonb        NOT NULL,     -- ids of what the entry is about
    details         jsonb        NOT NULL,     -- what the kind carries: amounts, numbers, reasons
    source_event_id varchar(200),              -- ce_id of the consumed event, if it came from one
    recorded_at     timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT timeline_entry_is_about_someone CHECK (account_id IS NOT NULL OR contact_id IS NOT NULL)
);
CREATE INDEX timeline_entry_of_account ON timeline_entry (account_id, occurred_at DESC, id DESC)
    WHERE account_id IS NOT NULL;
CREATE INDEX timeline_entry_of_contact ON timeline_entry (contact_id, occurred_at DESC, id DESC)
    WHERE contact_id IS NOT NULL;

-- Whose an opportunity or an order is, learned from the events that carry it, for the later events
-- that do not (crm.opportunity.reopened.v1 names no customer; invoices name no contact), with the
-- opportunity's name or the order's number for the entries' summaries.
CREATE TABLE timeline_link (
    ref_type   varchar(20) NOT NULL,   -- OPPORTUNITY or ORDER
    ref_id     uuid        NOT NULL,
    account_id uuid,
    contact_id uuid,
    label      text,
    PRIMARY KEY (ref_type, ref_id)
);
