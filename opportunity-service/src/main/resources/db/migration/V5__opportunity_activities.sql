-- The price list an opportunity is quoted from (catalog-service's id; API.md lists it with the
-- opportunity). Null until someone picks one; set and cleared through PATCH.
ALTER TABLE opportunity ADD COLUMN price_list_id uuid;
