-- Each stage change with who and when (the business-process history of an opportunity).
CREATE TABLE opportunity_stage_change (
    id             uuid         PRIMARY KEY,
    opportunity_id uuid         NOT NULL REFERENCES opportunity (id),
    from_stage     varchar(20)  NOT NULL,
    to_stage       varchar(20)  NOT NULL,
    changed_by     varchar(200),
    changed_at     timestamptz  NOT NULL
);
CREATE INDEX opportunity_stage_change_by_opportunity ON opportunity_stage_change (opportunity_id, id);

-- The opportunity-close record: one per close, so a reopened and re-closed opportunity keeps both.
CREATE TABLE opportunity_close (
    id                       uuid          PRIMARY KEY,
    opportunity_id           uuid          NOT NULL REFERENCES opportunity (id),
    outcome                  varchar(20)   NOT NULL,
    actual_revenue_amount    numeric(19,4),
    actual_revenue_currency  char(3),
    actual_close_date        date          NOT NULL,
    competitor               varchar(200),
    note                     text,
    closed_by                varchar(200),
    closed_at                timestamptz   NOT NULL,
    CONSTRAINT opportunity_close_revenue_has_currency
        CHECK ((actual_revenue_amount IS NULL) = (actual_revenue_currency IS NULL))
);
CREATE INDEX opportunity_close_by_opportunity ON opportunity_close (opportunity_id, id);

-- The pipeline sums open opportunities by stage and currency, often for one owner.
CREATE INDEX opportunity_open_by_owner_stage ON opportunity (owner_id, stage) WHERE status = 'OPEN';
