-- Search and duplicate matching (API.md, "Search and duplicate matching"). The normalised forms are
-- stored ALONGSIDE the originals, written by the repositories on every insert and update with the
-- platform's SearchNormalizer / PhoneNormalizer (the Java code is the authority).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

ALTER TABLE account
    ADD COLUMN name_norm   text,
    ADD COLUMN email_norm  text,
    ADD COLUMN phone_norm  text,
    ADD COLUMN search_text text;
ALTER TABLE contact
    ADD COLUMN name_norm   text,   -- first + last name
    ADD COLUMN email_norm  text,
    ADD COLUMN phone_norm  text,
    ADD COLUMN search_text text;

-- Backfill of earlier rows in SQL that follows the Java rules for the cases met in practice; a row
-- is normalised again by Java on its next write.
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
UPDATE account SET name_norm = pg_temp.crm_norm(name), email_norm = nullif(lower(btrim(email)), ''),
                   phone_norm = pg_temp.crm_phone(phone);
UPDATE account SET search_text = nullif(concat_ws(' | ', name_norm, email_norm, phone_norm), '');
UPDATE contact SET name_norm = pg_temp.crm_norm(concat_ws(' ', first_name, last_name)),
                   email_norm = nullif(lower(btrim(email)), ''), phone_norm = pg_temp.crm_phone(phone);
UPDATE contact SET search_text = nullif(concat_ws(' | ', name_norm, email_norm, phone_norm), '');

CREATE INDEX account_search_trgm ON account USING gin (search_text gin_trgm_ops);
CREATE INDEX account_name_trgm ON account USING gin (name_norm gin_trgm_ops);
CREATE INDEX account_by_email_norm ON account (email_norm);
CREATE INDEX account_by_phone_norm ON account (phone_norm);
CREATE INDEX contact_search_trgm ON contact USING gin (search_text gin_trgm_ops);
CREATE INDEX contact_name_trgm ON contact USING gin (name_norm gin_trgm_ops);
CREATE INDEX contact_by_email_norm ON contact (email_norm);
CREATE INDEX contact_by_phone_norm ON contact (phone_norm);
