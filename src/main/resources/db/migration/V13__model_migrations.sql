-- Migrations of running cases from one process version to another: the plan, progress, and each case's result.
create table model_migration (
    id            uuid         primary key,
    model_id      varchar(255) not null,
    from_version  integer      not null,
    to_version    integer      not null,
    mappings      jsonb        not null,
    state         varchar(16)  not null check (state in ('RUNNING', 'DONE')),
    total         integer      not null,
    migrated      integer      not null default 0,
    failed        integer      not null default 0,
    skipped       integer      not null default 0,
    started_by    varchar(64)  not null,
    started_at    timestamptz  not null,
    finished_at   timestamptz
);
create table model_migration_item (
    migration_id  uuid         not null references model_migration (id),
    case_id       uuid         not null,
    process_instance_key bigint not null,
    result        varchar(16)  not null check (result in ('MIGRATED', 'FAILED', 'SKIPPED')),
    reason        varchar(2000),
    primary key (migration_id, case_id)
);

-- Work in progress on a model: one draft per file, saved from the editor, deleted when that file is deployed.
create table model_draft (
    resource_name varchar(255) primary key,
    content       text         not null,
    based_on      integer,
    saved_by      varchar(64)  not null,
    saved_at      timestamptz  not null
);
