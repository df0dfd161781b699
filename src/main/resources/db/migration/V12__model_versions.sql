-- The model versions people deployed (and the ones shipped with the application): content, change note, who, when.
-- The embedded engine starts empty: at start the shipped models are deployed, then these versions are replayed in
-- order, so the engine runs what compliance deployed.
create table model_version (
    id            bigserial    primary key,
    resource_name varchar(255) not null,
    resource_type varchar(16)  not null,
    model_id      varchar(255) not null,
    version       integer      not null,
    checksum      varchar(64)  not null,
    content       text         not null,
    change_note   varchar(2000) not null check (length(btrim(change_note)) >= 5),
    shipped       boolean      not null,
    deployed_by   varchar(64)  not null,
    deployed_at   timestamptz  not null
);
create index model_version_model_idx on model_version (model_id, id);
