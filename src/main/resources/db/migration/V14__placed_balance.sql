-- The balance the lender placed with us (at import), the base of the recovery rate. Existing accounts: the current
-- balance plus what has been paid since.
alter table account add column placed_balance numeric(19, 2);
update account a set placed_balance = a.balance + coalesce((select sum(p.amount) from payment p
    join collection_case c on c.id = p.case_id where c.account_id = a.id), 0);
alter table account alter column placed_balance set not null;
