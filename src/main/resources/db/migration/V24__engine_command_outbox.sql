-- The app's commands to the engine, written in the transaction that records what they are about (a task's submission,
-- a payment, a dispute) and sent after it commits. The relay (engine.EngineCommandRelay) retries until the engine
-- acknowledges them: PENDING -> SENDING (claimed with a lease) -> DONE, or back to PENDING with a backoff; FAILED when
-- the engine refuses the command for good, ABANDONED when the embedded engine restarted empty and their keys are gone.
create table engine_command (
    id                 bigserial    primary key,
    kind               varchar(32)  not null check (kind in ('COMPLETE_JOB', 'PUBLISH_MESSAGE')),
    engine_incarnation varchar(64)  not null,
    job_key            bigint,
    message_name       varchar(128),
    correlation_key    varchar(128),
    message_id         varchar(256),
    variables          jsonb,
    reference          varchar(200),
    status             varchar(16)  not null default 'PENDING'
        check (status in ('PENDING', 'SENDING', 'DONE', 'FAILED', 'ABANDONED')),
    outcome            varchar(32),
    attempts           integer      not null default 0,
    next_attempt_at    timestamptz  not null,
    claimed_until      timestamptz,
    created_at         timestamptz  not null default clock_timestamp(),
    settled_at         timestamptz,
    last_error         varchar(500),
    check ((kind = 'COMPLETE_JOB') = (job_key is not null)),
    check ((kind = 'PUBLISH_MESSAGE') = (message_id is not null and message_name is not null and correlation_key is not null))
);
create index engine_command_due_idx on engine_command (next_attempt_at) where status in ('PENDING', 'SENDING');
-- one completion per job and one publication per message id: a repeated request changes nothing
create unique index engine_command_job_idx on engine_command (engine_incarnation, job_key) where kind = 'COMPLETE_JOB';
create unique index engine_command_message_idx on engine_command (engine_incarnation, message_id)
    where kind = 'PUBLISH_MESSAGE';

-- A task whose submission is recorded and whose job completion the engine has not yet acknowledged.
alter table user_task drop constraint user_task_state_check;
alter table user_task add constraint user_task_state_check
    check (state in ('OPEN', 'COMPLETING', 'COMPLETED', 'CANCELED'));
create index user_task_completing_idx on user_task (id) where state = 'COMPLETING';

-- The launcher claims the cases it starts instances for with a lease instead of holding their row locks while it asks
-- the engine: a node that dies mid-round leaves its claim to run out, and no engine call waits on a lock.
alter table collection_case add column launch_claimed_until timestamptz;
