-- Sales orders, created from accepted quotes (crm.quote.accepted.v1). "order" is an SQL keyword,
-- hence sales_order (Dynamics CRM's own name for the entity).
--
-- Money: every amount is numeric (never float) and the order's one currency is stored once; the
-- domain refuses an order whose amounts are in different currencies. numeric without a precision
-- keeps every digit it is given: IRR amounts in the billions, KWD with three decimals.

-- The running part of ORD-<year>-<number>. Unique, not gapless: a rolled-back placement skips a
-- value, which is harmless for orders (invoice numbers, which must be gapless, get their own scheme).
CREATE SEQUENCE sales_order_number_seq;

CREATE TABLE sales_order (
    id              uuid          PRIMARY KEY,   -- the id the accepted quote announced (UUIDv7)
    order_number    varchar(30)   NOT NULL,
    quote_id        uuid          NOT NULL,
    opportunity_id  uuid          NOT NULL,
    account_id      uuid,
    contact_id      uuid,
    owner_id        varchar(200),                -- the salesperson (token subject) who owns the deal
    price_list_id   uuid,
    name            text,
    currency        char(3)       NOT NULL,
    detail_amount   numeric,
    discount_amount numeric,
    tax_amount      numeric,
    total_amount    numeric       NOT NULL,
    status          varchar(20)   NOT NULL,
    version         bigint        NOT NULL,
    created_at      timestamptz   NOT NULL,
    created_by      varchar(200),
    updated_at      timestamptz   NOT NULL,
    CONSTRAINT sales_order_number_unique UNIQUE (order_number),
    -- An accepted quote becomes one order: a second order id for the same quote is refused.
    CONSTRAINT sales_order_quote_unique UNIQUE (quote_id)
);
-- List filters, each with the keyset order (id) behind it.
CREATE INDEX sales_order_by_account ON sales_order (account_id, id);
CREATE INDEX sales_order_by_opportunity ON sales_order (opportunity_id, id);
CREATE INDEX sales_order_by_status ON sales_order (status, id);
CREATE INDEX sales_order_by_owner ON sales_order (owner_id, id);

-- The lines as accepted, in the quote's order (line_number, from 1). The quote's line id is kept but
-- is not the key: the contract makes it optional.
CREATE TABLE sales_order_line (
    order_id        uuid          NOT NULL REFERENCES sales_order (id),
    line_number     integer       NOT NULL,
    line_id         uuid,
    product_id      uuid,                        -- absent for a write-in line
    unit_id         uuid,
    sku             text,
    description     text,
    quantity        numeric       NOT NULL,
    price_per_unit  numeric       NOT NULL,
    volume_discount numeric,
    manual_discount numeric,
    extended_amount numeric       NOT NULL,
    PRIMARY KEY (order_id, line_number),
    CONSTRAINT sales_order_line_quantity_not_negative CHECK (quantity >= 0)
);
