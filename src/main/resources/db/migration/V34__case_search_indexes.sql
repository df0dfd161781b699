-- Find a case (GET /api/cases?q=, issue 19): a fragment anywhere in the account reference (account_ref_trgm_idx, V23)
-- or the debtor's name (debtor_name_trgm_idx, V18), the last digits of the phone, or part of the e-mail. Each on its
-- own trigram index, read as one union, at 100,000 cases.
create index debtor_email_trgm_idx on debtor using gin (lower(email) gin_trgm_ops);
create index debtor_phone_digits_trgm_idx on debtor using gin ((regexp_replace(phone, '[^0-9]', '', 'g')) gin_trgm_ops);
