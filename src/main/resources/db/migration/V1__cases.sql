-- Debtors, their delinquent accounts and the collection case opened for each account.

create table debtor (
    id           uuid primary key,
    full_name    varchar(200) not null,
    phone        varchar(32),
    email        varchar(254),
    address      varchar(500),
    time_zone    varchar(64)  not null,
    jurisdiction varchar(2)   not null,
    created_at   timestamptz  not null
);

create table account (
    id          uuid primary key,
    account_ref varchar(64)    not null,
    debtor_id   uuid           not null references debtor (id),
    product     varchar(32)    not null,
    principal   numeric(19, 2) not null check (principal > 0),
    balance     numeric(19, 2) not null check (balance >= 0),
    currency    char(3)        not null,
    due_date    date           not null,
    risk_score  integer check (risk_score between 0 and 1000),
    created_at  timestamptz    not null,
    constraint account_ref_unique unique (account_ref)
);
create index account_debtor_idx on account (debtor_id);
create index account_due_date_idx on account (due_date);

create table portfolio_import (
    id          uuid primary key,
    source      varchar(255) not null,
    format      varchar(8)   not null,
    received_at timestamptz  not null,
    imported    integer      not null,
    duplicates  integer      not null,
    rejected    integer      not null
);

create table collection_case (
    id                     uuid primary key,
    account_id             uuid        not null references account (id),
    import_id              uuid references portfolio_import (id),
    status                 varchar(16) not null check (status in ('OPEN', 'CLOSED')),
    stage                  varchar(32) not null,
    outcome                varchar(32),
    strategy               varchar(64),
    first_channel          varchar(16),
    cadence                varchar(32),
    process_instance_key   bigint,
    process_definition_key bigint,
    process_version        integer,
    opened_at              timestamptz not null,
    closed_at              timestamptz,
    constraint case_account_unique unique (account_id)
);
create index case_stage_idx on collection_case (stage);
create index case_status_idx on collection_case (status);
-- open cases still waiting for a process instance (new ones, and re-opened ones after an engine restart)
create index case_awaiting_instance_idx on collection_case (opened_at) where status = 'OPEN' and process_instance_key is null;
create index case_instance_idx on collection_case (process_instance_key);

-- The case timeline: every event of a case, append-only. dedup_key makes worker side effects idempotent.
create table case_event (
    id          bigserial primary key,
    case_id     uuid         not null references collection_case (id),
    occurred_at timestamptz  not null,
    type        varchar(48)  not null,
    summary     varchar(500) not null,
    details     jsonb,
    dedup_key   varchar(200),
    constraint case_event_dedup_unique unique (dedup_key)
);
create index case_event_case_idx on case_event (case_id, occurred_at, id);

-- Outbound messages (SMS, email, letter) written by the default channel adapter: a transactional outbox that a
-- real provider relay drains. dedup_key = engine incarnation + the job key that produced it, so a redelivered job
-- sends nothing twice (job keys alone repeat after an embedded engine restarts empty).
create table outbound_message (
    id         bigserial primary key,
    case_id    uuid         not null references collection_case (id),
    channel    varchar(16)  not null,
    template   varchar(64)  not null,
    recipient  varchar(254) not null,
    body       text         not null,
    status     varchar(16)  not null,
    created_at timestamptz  not null,
    dedup_key  varchar(200) not null,
    constraint outbound_message_dedup_unique unique (dedup_key)
);
create index outbound_message_case_idx on outbound_message (case_id);
create index outbound_message_pending_idx on outbound_message (created_at) where status = 'PENDING';

-- Every deployment of the models in bpmn/ and forms/ (and, later, of edited models)
create table model_deployment (
    id              bigserial primary key,
    deployment_key  bigint       not null,
    resource_name   varchar(255) not null,
    resource_type   varchar(16)  not null,
    model_id        varchar(255) not null,
    version         integer      not null,
    definition_key  bigint       not null,
    checksum        varchar(64)  not null,
    deployed_by     varchar(64)  not null,
    deployed_at     timestamptz  not null,
    -- engine keys restart when an embedded engine starts empty: the incarnation tells the runs apart
    engine_incarnation varchar(64) not null
);
create index model_deployment_model_idx on model_deployment (model_id, deployed_at);
