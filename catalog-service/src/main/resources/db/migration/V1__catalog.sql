-- The catalog: unit groups and units, products, price lists, their items (with rounding and an
-- attached discount list). Money amounts are numeric, never float; the currency is the list's.

CREATE TABLE unit_group (
    id           uuid         PRIMARY KEY,
    name         varchar(200) NOT NULL,
    base_unit_id uuid         NOT NULL,
    version      bigint       NOT NULL,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL
);
CREATE UNIQUE INDEX unit_group_name ON unit_group (lower(name));

-- quantity: how many base units one of this unit is (the base unit is 1).
CREATE TABLE unit (
    id            uuid           PRIMARY KEY,
    unit_group_id uuid           NOT NULL REFERENCES unit_group (id),
    name          varchar(100)   NOT NULL,
    quantity      numeric(30,10) NOT NULL CHECK (quantity > 0),
    UNIQUE (unit_group_id, name)
);

CREATE TABLE product (
    id              uuid         PRIMARY KEY,
    sku             varchar(100) NOT NULL,
    name            varchar(300) NOT NULL,
    description     text,
    unit_group_id   uuid         NOT NULL REFERENCES unit_group (id),
    default_unit_id uuid         NOT NULL REFERENCES unit (id),
    status          varchar(20)  NOT NULL,
    version         bigint       NOT NULL,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL
);
CREATE UNIQUE INDEX product_sku ON product (sku);

CREATE TABLE price_list (
    id         uuid         PRIMARY KEY,
    name       varchar(200) NOT NULL,
    currency   char(3)      NOT NULL,
    valid_from date,
    valid_to   date,
    version    bigint       NOT NULL,
    created_at timestamptz  NOT NULL,
    updated_at timestamptz  NOT NULL,
    CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_to >= valid_from)
);
CREATE UNIQUE INDEX price_list_name ON price_list (lower(name));

-- price: the list price per unit the item's definition gives (Pricing.listPrice), kept current
-- when a base list's price changes; it is what crm.catalog.prices.v1 carries.
CREATE TABLE price_list_item (
    id                 uuid           PRIMARY KEY,
    price_list_id      uuid           NOT NULL REFERENCES price_list (id),
    product_id         uuid           NOT NULL REFERENCES product (id),
    unit_id            uuid           NOT NULL REFERENCES unit (id),
    pricing_method     varchar(30)    NOT NULL,
    amount             numeric(30,10),
    percent            numeric(12,6),
    base_price_list_id uuid           REFERENCES price_list (id),
    rounding_policy    varchar(10)    NOT NULL,
    rounding_multiple  numeric(30,10),
    discount           jsonb,
    price              numeric(30,10) NOT NULL CHECK (price >= 0),
    version            bigint         NOT NULL,
    created_at         timestamptz    NOT NULL,
    updated_at         timestamptz    NOT NULL,
    UNIQUE (price_list_id, product_id, unit_id)
);
CREATE INDEX price_list_item_base ON price_list_item (base_price_list_id, product_id, unit_id)
    WHERE base_price_list_id IS NOT NULL;
