-- Platform tables, present in every service's database. Kept in a history of their own
-- (platform_schema_history), see PlatformMigrations.

-- Transactional outbox, in Debezium's outbox-router shape (id, aggregatetype, aggregateid, type,
-- payload) so that a later move from the polling relay to CDC changes no schema.
CREATE TABLE outbox (
    id            uuid         PRIMARY KEY,          -- the event id, published as ce_id
    aggregatetype varchar(100) NOT NULL,
    aggregateid   varchar(200) NOT NULL,             -- the record key
    type          varchar(200) NOT NULL,             -- ce_type, e.g. crm.lead.created.v1
    topic         varchar(249) NOT NULL,
    payload       jsonb        NOT NULL,
    headers       jsonb        NOT NULL DEFAULT '{}'::jsonb,  -- traceparent, actor, …
    -- Insertion order. For one aggregate it is also commit order: every writer updates the
    -- aggregate row (version check) before appending, so a second writer waits for the first
    -- to commit and then fails its version check.
    seq           bigint       GENERATED ALWAYS AS IDENTITY,
    occurred_at   timestamptz  NOT NULL DEFAULT now(),
    published_at  timestamptz,
    attempts      integer      NOT NULL DEFAULT 0,
    last_error    text
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_pending_by_aggregate ON outbox (aggregatetype, aggregateid, seq) WHERE published_at IS NULL;
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relay at commit (NOTIFY is delivered only when the inserting transaction commits;
-- one per statement is enough, PostgreSQL folds identical notifications of one transaction).
CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('crm_outbox', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Inbox of an idempotent consumer: the event id is recorded in the same transaction as the
-- consumer's effect; a second delivery finds the row and changes nothing.
CREATE TABLE inbox (
    consumer    varchar(200) NOT NULL,
    event_id    varchar(200) NOT NULL,
    topic       varchar(249) NOT NULL,
    type        varchar(200),
    received_at timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_received ON inbox (received_at);

-- Idempotency-Key: the stored response of a creating POST, written in the same transaction as
-- the effect, replayed for the same key and body.
CREATE TABLE idempotency_keys (
    scope            varchar(200) NOT NULL,   -- who asked (token subject, or 'anonymous')
    idempotency_key  varchar(200) NOT NULL,
    request_hash     varchar(64)  NOT NULL,   -- SHA-256 of method, path and body
    response_status  integer      NOT NULL,
    response_headers jsonb        NOT NULL,
    response_body    bytea,
    created_at       timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, idempotency_key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
