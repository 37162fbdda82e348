-- Search and duplicate matching (API.md, "Search and duplicate matching"). The normalised forms are
-- stored ALONGSIDE the originals, written by LeadRepository on every insert and update with the
-- platform's SearchNormalizer / PhoneNormalizer (the Java code is the authority).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE lead
    ADD COLUMN name_norm     text,   -- first + last name
    ADD COLUMN company_norm  text,
    ADD COLUMN email_norm    text,
    ADD COLUMN phone_norm    text,   -- digits, country prefix folded (989121234567)
    ADD COLUMN search_text   text,   -- name | company | email | phone: what q= matches
    ADD COLUMN import_job_id uuid;   -- the import that created the lead, if any

-- Backfill of rows written before this migration, in SQL that follows the Java rules for the
-- cases that occur in practice (NFKC, lower case, Arabic → Persian letters, digits, removed marks,
-- whitespace; phones with +98/0098/0 folded to 98). A row is normalised again by Java on its next
-- write. pg_temp functions vanish with the migration's session.
CREATE FUNCTION pg_temp.crm_norm(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT nullif(btrim(regexp_replace(regexp_replace(
        translate(lower(normalize(t, NFKC)), 'يىكڪةۀ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', 'ییککهه01234567890123456789'),
        '[\u0640\u064B-\u065F\u0670\u0610-\u061A\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u00AD]', '', 'g'),
        '\s+', ' ', 'g')), '')
$$;
CREATE FUNCTION pg_temp.crm_phone(t text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
        WHEN d IS NULL THEN NULL
        WHEN btrim(t) LIKE '+%' THEN d
        WHEN d LIKE '00%' THEN nullif(substr(d, 3), '')
        WHEN d LIKE '0%' THEN '98' || substr(d, 2)
        WHEN d LIKE '98%' AND length(d) > 10 THEN d
        ELSE '98' || d END
    FROM (SELECT nullif(regexp_replace(translate(t, '۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩', '01234567890123456789'), '[^0-9]', '', 'g'), '') AS d) x
$$;
UPDATE lead SET name_norm    = pg_temp.crm_norm(concat_ws(' ', first_name, last_name)),
                company_norm = pg_temp.crm_norm(company_name),
                email_norm   = nullif(lower(btrim(email)), ''),
                phone_norm   = pg_temp.crm_phone(phone);
UPDATE lead SET search_text = nullif(concat_ws(' | ', name_norm, company_norm, email_norm, phone_norm), '');

-- q= : LIKE '%…%' on search_text through a trigram index; duplicates: equality on e-mail and
-- phone, trigram similarity on the name (the % operator is the indexable pre-filter).
CREATE INDEX lead_search_trgm ON lead USING gin (search_text gin_trgm_ops);
CREATE INDEX lead_name_trgm ON lead USING gin (name_norm gin_trgm_ops);
CREATE INDEX lead_by_email_norm ON lead (email_norm);
CREATE INDEX lead_by_phone_norm ON lead (phone_norm);

-- A CSV import: the caller and Idempotency-Key it ran under, and its outcome. The ids of the leads
-- it creates are derived from (job, row, row content), so a retried upload finds its leads there.
CREATE TABLE import_job (
    id              uuid         PRIMARY KEY,
    scope           varchar(200) NOT NULL,   -- the caller
    idempotency_key varchar(200),
    started_at      timestamptz  NOT NULL,
    finished_at     timestamptz,
    rows_total      integer,
    created         integer,
    duplicates      integer,
    rejected        integer,
    attempts        integer      NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX import_job_by_key ON import_job (scope, idempotency_key) WHERE idempotency_key IS NOT NULL;
