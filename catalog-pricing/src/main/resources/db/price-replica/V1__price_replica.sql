-- The price replica of a consuming service (catalog-pricing): the current price of every product
-- in every unit on every price list, as read from the compacted topic crm.catalog.prices.v1.
-- Kept in a history of its own (price_replica_schema_history), see PriceReplicaMigrations.
CREATE TABLE price_replica (
    price_key        varchar(120)   PRIMARY KEY,     -- priceListId:productId:unitId, the record key
    price_list_id    uuid           NOT NULL,
    product_id       uuid           NOT NULL,
    unit_id          uuid           NOT NULL,
    sku              varchar(100),
    currency         char(3)        NOT NULL,
    price            numeric(30,10) NOT NULL,        -- list price per unit
    unit_quantity    numeric(30,10) NOT NULL,        -- base units per unit
    discount         jsonb,                          -- the discount list, as in the event
    version          bigint,
    source_partition integer        NOT NULL,
    source_offset    bigint         NOT NULL,
    replicated_at    timestamptz    NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX price_replica_lookup ON price_replica (price_list_id, product_id, unit_id);
