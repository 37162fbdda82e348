-- The order's life after creation: submitted, fulfilled, canceled (with a reason), invoiced; and
-- the lines of an ACTIVE order can change (quantity, removal), so its totals are rewritten.

-- Why the order was canceled; set only on CANCELED orders.
ALTER TABLE sales_order ADD COLUMN cancel_reason text;

-- The created-date filter of the order list.
CREATE INDEX sales_order_by_created ON sales_order (created_at, id);
