-- Job-based user tasks: one row per user-task job (engine incarnation + job key), the agents' work items.
create table user_task (
    id                   uuid primary key,
    engine_incarnation   varchar(64)  not null,
    job_key              bigint       not null,
    case_id              uuid references collection_case (id),
    process_instance_key bigint       not null,
    element_id           varchar(128) not null,
    name                 varchar(200) not null,
    candidate_groups     varchar(500) not null,
    form_id              varchar(128),
    state                varchar(16)  not null check (state in ('OPEN', 'COMPLETED', 'CANCELED')),
    assignee             varchar(64),
    due_at               timestamptz,
    created_at           timestamptz  not null,
    claimed_at           timestamptz,
    completed_at         timestamptz,
    completed_by         varchar(64),
    submitted            jsonb,
    constraint user_task_job_unique unique (engine_incarnation, job_key)
);
create index user_task_open_idx on user_task (state, created_at) where state = 'OPEN';
create index user_task_case_idx on user_task (case_id);

-- Payments: idempotent on the payer's external id.
create table payment (
    id           uuid primary key,
    external_id  varchar(128)   not null,
    case_id      uuid           not null references collection_case (id),
    amount       numeric(19, 2) not null check (amount > 0),
    currency     char(3)        not null,
    paid_at      timestamptz    not null,
    received_at  timestamptz    not null,
    balance_after numeric(19, 2) not null,
    constraint payment_external_id_unique unique (external_id)
);
create index payment_case_idx on payment (case_id, paid_at);

-- Disputes: while one is open, no outbound contact for the case.
create table dispute (
    id          uuid primary key,
    case_id     uuid         not null references collection_case (id),
    reason      varchar(32)  not null,
    details     varchar(2000),
    state       varchar(16)  not null check (state in ('OPEN', 'UPHELD', 'REJECTED')),
    paused_stage varchar(32) not null,
    raised_at   timestamptz  not null,
    resolved_at timestamptz,
    resolution  varchar(2000)
);
-- at most one open dispute per case
create unique index dispute_one_open_idx on dispute (case_id) where state = 'OPEN';
