-- Leads: the holding tank, kept apart from accounts and contacts (which live in account-service).
CREATE TABLE lead (
    id            uuid          PRIMARY KEY,      -- UUIDv7: id order is creation order
    first_name    varchar(100),
    last_name     varchar(100),
    company_name  varchar(200),
    job_title     varchar(100),
    email         varchar(320),
    phone         varchar(50),
    website       varchar(500),
    source        varchar(30),
    topic         varchar(300),
    description   text,
    owner_id      varchar(200),
    campaign_id   uuid,
    status        varchar(20)   NOT NULL,
    status_reason varchar(30)   NOT NULL,
    version       bigint        NOT NULL,
    created_at    timestamptz   NOT NULL,
    created_by    varchar(200),
    updated_at    timestamptz   NOT NULL,
    CONSTRAINT lead_has_a_name CHECK (last_name IS NOT NULL OR company_name IS NOT NULL)
);
CREATE INDEX lead_by_owner ON lead (owner_id, id);
CREATE INDEX lead_by_status ON lead (status, id);
