-- Promises to pay, made on a call: kept when payments since the promise reach the amount by the promised date.
create table promise (
    id           uuid primary key,
    case_id      uuid           not null references collection_case (id),
    amount       numeric(19, 2) not null check (amount > 0),
    currency     char(3)        not null,
    promised_for date           not null,
    state        varchar(16)    not null check (state in ('OPEN', 'KEPT', 'BROKEN')),
    made_at      timestamptz    not null,
    resolved_at  timestamptz,
    paid_amount  numeric(19, 2)
);
-- at most one open promise per case
create unique index promise_one_open_idx on promise (case_id) where state = 'OPEN';
