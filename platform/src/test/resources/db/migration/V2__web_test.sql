-- Rows for the keyset pagination test of the platform's web conventions.
CREATE TABLE web_item (
    id   uuid         PRIMARY KEY,
    name varchar(100) NOT NULL
);
