-- Settlement offers: the debtor pays less than the balance to close the case, within approval limits (DMN).
create table settlement (
    id             uuid primary key,
    case_id        uuid           not null references collection_case (id),
    amount         numeric(19, 2) not null check (amount > 0),
    currency       char(3)        not null,
    balance_at_offer numeric(19, 2) not null,
    discount_percent numeric(5, 2) not null,
    approver_group varchar(32)    not null,
    state          varchar(16)    not null check (state in ('AGREED', 'DECLINED', 'PAID', 'BROKEN')),
    due_date       date,
    decided_at     timestamptz    not null,
    resolved_at    timestamptz,
    reason         varchar(500)
);
-- at most one agreed (unpaid) settlement per case
create unique index settlement_one_agreed_idx on settlement (case_id) where state = 'AGREED';
