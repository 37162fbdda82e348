-- The customer database. The lead events consumer now creates accounts and contacts from
-- qualified leads, so the receipts that only proved the outbox → inbox path go.
DROP TABLE lead_event_receipt;

CREATE TABLE account (
    id                        uuid         PRIMARY KEY,   -- UUIDv7 (ours, or pre-allocated by lead-service)
    name                      varchar(200) NOT NULL,
    account_number            varchar(100),
    website                   varchar(500),
    email                     varchar(320),
    phone                     varchar(50),
    industry                  varchar(100),
    -- Accounts are never deleted, so a parent that existed when it was set keeps existing.
    parent_account_id         uuid         REFERENCES account (id),
    owner_id                  varchar(200),
    relationship_type         varchar(20)  NOT NULL,
    address_street            varchar(300),
    address_city              varchar(100),
    address_state_or_province varchar(100),
    address_postal_code       varchar(30),
    address_country           varchar(100),
    source_lead_id            uuid,                       -- the lead it was qualified from, if any
    version                   bigint       NOT NULL,
    created_at                timestamptz  NOT NULL,
    created_by                varchar(200),
    updated_at                timestamptz  NOT NULL,
    CONSTRAINT account_not_its_own_parent CHECK (parent_account_id <> id)
);
CREATE INDEX account_by_owner ON account (owner_id, id);
CREATE INDEX account_by_relationship ON account (relationship_type, id);
CREATE INDEX account_by_parent ON account (parent_account_id, id);

CREATE TABLE contact (
    id             uuid         PRIMARY KEY,
    first_name     varchar(100),
    last_name      varchar(100) NOT NULL,
    account_id     uuid         REFERENCES account (id),
    job_title      varchar(100),
    email          varchar(320),
    phone          varchar(50),
    owner_id       varchar(200),
    source_lead_id uuid,
    version        bigint       NOT NULL,
    created_at     timestamptz  NOT NULL,
    created_by     varchar(200),
    updated_at     timestamptz  NOT NULL
);
CREATE INDEX contact_by_account ON contact (account_id, id);
CREATE INDEX contact_by_owner ON contact (owner_id, id);
