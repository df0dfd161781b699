-- Login throttling (security.LoginThrottle): failures per key (a username, a client address, or the pair), and the
-- time before which the key's next attempt is refused with a 429. In the database, so that every app node applies it.
create table login_throttle (
    key             varchar(400) primary key,
    failures        integer      not null,
    last_failure_at timestamptz  not null,
    blocked_until   timestamptz
);
-- Where people signed in successfully: the username's own throttle does not hold back a place it is known from, so
-- failures from elsewhere cannot lock the real user out.
create table login_success (
    username varchar(64)  not null,
    address  varchar(64)  not null,
    last_at  timestamptz  not null,
    primary key (username, address)
);

-- Money received beyond what the debtor owes (an overpayment, a payment on a closed case): kept as a credit on the
-- case until a supervisor refunds it (process refund-credit). Never silently dropped.
create table account_credit (
    id          uuid           primary key,
    case_id     uuid           not null references collection_case (id),
    payment_id  uuid           not null unique references payment (id),
    amount      numeric(19, 2) not null check (amount > 0),
    currency    char(3)        not null,
    reason      varchar(32)    not null check (reason in ('OVERPAYMENT', 'CASE_CLOSED')),
    state       varchar(16)    not null default 'OPEN' check (state in ('OPEN', 'REFUNDED', 'RETURNED_TO_CREDITOR')),
    recorded_at timestamptz    not null,
    settled_at  timestamptz,
    settled_by  varchar(64),
    reference   varchar(128),
    notes       varchar(2000)
);
create index account_credit_case_idx on account_credit (case_id);
alter table payment add column credited_amount numeric(19, 2) not null default 0 check (credited_amount >= 0);

-- A user task whose BPMN says it outlives its case (task header outlivesCase=true: a credit refund) stays open when the
-- case closes; every other open task of the case is canceled with it.
alter table user_task add column outlives_case boolean not null default false;
