-- GIN's fast-update pending list is scanned in full by every search until (auto)vacuum merges it.
-- An import adds thousands of leads in seconds and checks every batch against the stored leads
-- with trigram searches, so each check re-read the whole pending list: the import slowed down
-- quadratically with its own size. Without the list, inserts maintain the index directly —
-- a little more work per insert, and searches that stay fast while leads pour in.
ALTER INDEX lead_search_trgm SET (fastupdate = off);
ALTER INDEX lead_name_trgm SET (fastupdate = off);
SELECT gin_clean_pending_list('lead_search_trgm');
SELECT gin_clean_pending_list('lead_name_trgm');
