-- A won opportunity shows what it brought in: the actual revenue moves onto the opportunity row (set while it
-- is won, cleared when it is reopened), so reads need no join with its close records. The close record keeps
-- its own copy: it is the history of every close, this is the current state.
ALTER TABLE opportunity
    ADD COLUMN actual_revenue_amount   numeric(19,4),
    ADD COLUMN actual_revenue_currency char(3),
    ADD CONSTRAINT opportunity_actual_revenue_has_currency
        CHECK ((actual_revenue_amount IS NULL) = (actual_revenue_currency IS NULL));

-- Opportunities won before this migration: their latest close record is the win that holds.
UPDATE opportunity o
   SET actual_revenue_amount = c.actual_revenue_amount,
       actual_revenue_currency = c.actual_revenue_currency
  FROM (SELECT DISTINCT ON (opportunity_id) opportunity_id, actual_revenue_amount, actual_revenue_currency
          FROM opportunity_close
         ORDER BY opportunity_id, closed_at DESC, id DESC) c
 WHERE c.opportunity_id = o.id AND o.status_reason = 'WON';
