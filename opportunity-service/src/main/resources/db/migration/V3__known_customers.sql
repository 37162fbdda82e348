-- The accounts and contacts opportunity-service knows of, fed by account-service's events, so that
-- an opportunity is only opened for a customer that exists — without asking account-service, which
-- may be down. A row is only ever replaced by a newer version of the same record.
CREATE TABLE known_customer (
    id         uuid          PRIMARY KEY,
    kind       varchar(10)   NOT NULL,     -- ACCOUNT or CONTACT
    name       varchar(300),
    account_id uuid,                       -- a contact's account, if any
    version    bigint        NOT NULL,
    updated_at timestamptz   NOT NULL DEFAULT now()
);
