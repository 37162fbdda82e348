-- Quotes: price offers drafted inside an opportunity, and their lines. Every amount of a quote is in
-- the quote's currency (so lines carry none of their own), held at the currency's minor units.
CREATE TABLE quote (
    id               uuid          PRIMARY KEY,   -- UUIDv7: id order is creation order
    opportunity_id   uuid          NOT NULL REFERENCES opportunity (id),
    revision         integer       NOT NULL,
    revised_from_id  uuid          UNIQUE REFERENCES quote (id),  -- a quote is revised at most once
    name             varchar(300)  NOT NULL,
    description      text,
    price_list_id    uuid          NOT NULL,
    currency         char(3)       NOT NULL,
    valid_until      date          NOT NULL,
    status           varchar(20)   NOT NULL,      -- follows from status_reason; kept for filters
    status_reason    varchar(20)   NOT NULL,
    -- The totals are recomputed from the lines on every change and stored with them, so that
    -- queries over quotes need not add up lines.
    detail_amount    numeric(30,4) NOT NULL,
    discount_amount  numeric(30,4) NOT NULL,
    total_amount     numeric(30,4) NOT NULL,
    order_id         uuid          UNIQUE,        -- allocated when the quote is accepted
    version          bigint        NOT NULL,
    created_at       timestamptz   NOT NULL,
    created_by       varchar(200),
    updated_at       timestamptz   NOT NULL,
    CONSTRAINT quote_revision_counts_from_zero CHECK (revision >= 0),
    CONSTRAINT quote_won_has_an_order CHECK ((status = 'WON') = (order_id IS NOT NULL))
);
CREATE INDEX quote_by_opportunity ON quote (opportunity_id, id);
-- Closing an opportunity closes its open quotes.
CREATE INDEX quote_open_by_opportunity ON quote (opportunity_id) WHERE status IN ('DRAFT', 'ACTIVE');

CREATE TABLE quote_line (
    id               uuid           PRIMARY KEY,
    quote_id         uuid           NOT NULL REFERENCES quote (id),
    line_number      integer        NOT NULL,
    product_id       uuid,                        -- null for a write-in
    unit_id          uuid,
    description      text,
    quantity         numeric(30,10) NOT NULL,
    price_per_unit   numeric(30,4)  NOT NULL,
    volume_discount  numeric(30,4)  NOT NULL,
    manual_discount  numeric(30,4)  NOT NULL,
    extended_amount  numeric(30,4)  NOT NULL,
    CONSTRAINT quote_line_number_is_unique UNIQUE (quote_id, line_number),
    CONSTRAINT quote_line_catalog_or_write_in CHECK ((product_id IS NULL) = (unit_id IS NULL)),
    CONSTRAINT quote_line_write_in_is_described CHECK (product_id IS NOT NULL OR description IS NOT NULL),
    CONSTRAINT quote_line_quantity_is_positive CHECK (quantity > 0)
);
