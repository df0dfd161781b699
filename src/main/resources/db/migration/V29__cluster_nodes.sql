-- Several app nodes on one engine and one database (issue 18).

-- The embedded engine's incarnation while it runs: a cluster-mode node on its gateway shares its key space and time.
alter table engine_clock add column incarnation varchar(64);

-- Incidents as the app sees them, in both modes: a job whose last retry a worker failed (recorded by the worker's
-- node), and the embedded engine's own incidents (expressions, decisions). One row per incident; a supervisor may
-- retry it from the app.
create table engine_incident (
    id                   uuid         primary key,
    engine_incarnation   varchar(64)  not null,
    job_key              bigint,
    incident_key         bigint,
    case_id              uuid         references collection_case (id),
    process_instance_key bigint,
    bpmn_process_id      varchar(255),
    element_id           varchar(255),
    job_type             varchar(255),
    error_type           varchar(64)  not null,
    error_message        text,
    source               varchar(16)  not null check (source in ('WORKER', 'ENGINE')),
    state                varchar(16)  not null default 'OPEN' check (state in ('OPEN', 'RESOLVED')),
    raised_at            timestamptz  not null,
    resolved_at          timestamptz,
    resolved_by          varchar(64)
);
create unique index engine_incident_job_idx on engine_incident (engine_incarnation, job_key) where job_key is not null;
create unique index engine_incident_key_idx on engine_incident (engine_incarnation, incident_key)
    where incident_key is not null;
create index engine_incident_open_idx on engine_incident (raised_at) where state = 'OPEN';
create index engine_incident_case_idx on engine_incident (case_id);
