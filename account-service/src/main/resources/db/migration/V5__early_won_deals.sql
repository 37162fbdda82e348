-- A won opportunity whose account account-service has not created yet. The two facts travel on
-- different topics (the account on crm.lead.events.v1, the win on crm.opportunity.events.v1), so
-- after an outage the win can be read first. It waits here and is applied when the qualification
-- creates the account, in that transaction, so the prospect still becomes a customer.
CREATE TABLE early_won_deal (
    account_id      uuid         NOT NULL,
    opportunity_id  uuid         NOT NULL,
    actor           varchar(200),
    received_at     timestamptz  NOT NULL,
    PRIMARY KEY (account_id, opportunity_id)
);
