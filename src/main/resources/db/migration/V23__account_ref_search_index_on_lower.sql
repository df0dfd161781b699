-- The trigram index on account_ref (V18, for the inbox's reference-prefix search) also answers plain equality, and the
-- planner took it for "account_ref = any(...)": the import's duplicate check. Inside an import's one transaction every
-- new row waits in the GIN index's pending list, which each such lookup reads whole: the 100,000-account import fell to
-- 200 accounts/s. The search now matches lower(account_ref) (the same case-insensitive prefix match as ILIKE), and the
-- trigram index is built on that expression, so equality lookups on account_ref go to the unique B-tree again.
drop index account_ref_trgm_idx;
create index account_ref_trgm_idx on account using gin (lower(account_ref) gin_trgm_ops);
