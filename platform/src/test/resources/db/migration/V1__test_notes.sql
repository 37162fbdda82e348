-- The platform test application's own aggregate: a note with a version, enough to exercise the
-- outbox, ETags, idempotency keys and pagination the way a service uses them.
CREATE TABLE note (
    id       uuid         PRIMARY KEY,
    text     varchar(500) NOT NULL,
    version  bigint       NOT NULL
);
CREATE TABLE note_effect (
    event_id varchar(200) NOT NULL,
    note_id  varchar(200) NOT NULL
);
