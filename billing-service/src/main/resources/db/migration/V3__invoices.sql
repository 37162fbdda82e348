-- Invoices of fulfilled orders, their lines (copied from the order at issue), the payments recorded
-- against them, and the counter that numbers them.
--
-- Money as for orders: numeric (never float) beside the invoice's one currency code.

-- The running part of INV-<year>-<number>: one row per UTC calendar year, `last` being the last
-- number handed out. Taken with
--   INSERT INTO invoice_counter (year, last) VALUES (:year, 1)
--   ON CONFLICT (year) DO UPDATE SET last = invoice_counter.last + 1 RETURNING last
-- in the transaction that inserts the invoice: the row lock makes concurrent invoicers (in any
-- replica) wait for each other, and a transaction that rolls back rolls its increment back with it.
-- So the numbers of a year are 1, 2, 3… with no gap and no duplicate. Not a sequence: a sequence
-- hands out a number for good, and a rolled-back invoicing would leave a gap.
CREATE TABLE invoice_counter (
    year integer PRIMARY KEY,
    last bigint  NOT NULL,
    CONSTRAINT invoice_counter_positive CHECK (last >= 1)
);

CREATE TABLE invoice (
    id                 uuid         PRIMARY KEY,
    number             varchar(30)  NOT NULL,       -- INV-2026-000042
    year               integer      NOT NULL,       -- of the number, = UTC year of issued_at
    sequence           bigint       NOT NULL,       -- the running number within the year
    order_id           uuid         NOT NULL REFERENCES sales_order (id),
    order_number       varchar(30)  NOT NULL,
    account_id         uuid,
    owner_id           varchar(200),                -- the deal's owner: a sales rep sees their own
    currency           char(3)      NOT NULL,
    detail_amount      numeric,
    discount_amount    numeric,
    tax_amount         numeric,
    total_amount       numeric      NOT NULL,
    amount_paid        numeric      NOT NULL,       -- the sum of its payments
    status             varchar(20)  NOT NULL,
    issued_at          timestamptz  NOT NULL,
    due_date           date         NOT NULL,
    payment_terms_days integer      NOT NULL,
    paid_at            timestamptz,
    cancel_reason      text,
    canceled_at        timestamptz,
    version            bigint       NOT NULL,
    issued_by          varchar(200),
    updated_at         timestamptz  NOT NULL,
    CONSTRAINT invoice_number_unique UNIQUE (number),
    CONSTRAINT invoice_year_sequence_unique UNIQUE (year, sequence),
    -- One invoice per order.
    CONSTRAINT invoice_order_unique UNIQUE (order_id),
    -- Never more paid than owed, whatever a bug in the service might try.
    CONSTRAINT invoice_paid_within_total CHECK (amount_paid >= 0 AND amount_paid <= total_amount)
);
CREATE INDEX invoice_by_status ON invoice (status, id);
CREATE INDEX invoice_by_account ON invoice (account_id, id);
CREATE INDEX invoice_by_owner ON invoice (owner_id, id);
CREATE INDEX invoice_by_issued ON invoice (issued_at, id);

CREATE TABLE invoice_line (
    invoice_id      uuid     NOT NULL REFERENCES invoice (id),
    line_number     integer  NOT NULL,              -- the order line's number
    line_id         uuid,
    product_id      uuid,
    unit_id         uuid,
    sku             text,
    description     text,
    quantity        numeric  NOT NULL,
    price_per_unit  numeric  NOT NULL,
    volume_discount numeric,
    manual_discount numeric,
    extended_amount numeric  NOT NULL,
    PRIMARY KEY (invoice_id, line_number)
);

-- Payments are recorded, never changed or removed.
CREATE TABLE invoice_payment (
    id          uuid         PRIMARY KEY,
    invoice_id  uuid         NOT NULL REFERENCES invoice (id),
    amount      numeric      NOT NULL,
    paid_at     timestamptz  NOT NULL,
    reference   varchar(200),
    recorded_at timestamptz  NOT NULL,
    recorded_by varchar(200),
    CONSTRAINT invoice_payment_positive CHECK (amount > 0)
);
CREATE INDEX invoice_payment_by_invoice ON invoice_payment (invoice_id, id);
