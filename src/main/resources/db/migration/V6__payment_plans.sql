-- Payment plans: the balance split into installments, monitored against the payments received.
create table payment_plan (
    id           uuid primary key,
    case_id      uuid           not null references collection_case (id),
    total        numeric(19, 2) not null check (total > 0),
    currency     char(3)        not null,
    installments integer        not null check (installments between 2 and 36),
    frequency    varchar(16)    not null check (frequency in ('WEEKLY', 'MONTHLY')),
    state        varchar(16)    not null check (state in ('ACTIVE', 'COMPLETED', 'BROKEN')),
    created_at   timestamptz    not null,
    resolved_at  timestamptz
);
create unique index payment_plan_one_active_idx on payment_plan (case_id) where state = 'ACTIVE';

create table installment (
    plan_id  uuid           not null references payment_plan (id),
    seq      integer        not null,
    due_date date           not null,
    amount   numeric(19, 2) not null check (amount > 0),
    state    varchar(16)    not null check (state in ('DUE', 'PAID', 'MISSED')),
    primary key (plan_id, seq)
);
