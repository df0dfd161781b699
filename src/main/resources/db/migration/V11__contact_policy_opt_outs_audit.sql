-- Contact rules per jurisdiction, edited by the compliance role (GET/PUT /api/compliance/policies/{jurisdiction}).
-- Every outbound contact asks ContactGuard, which reads this table: nothing about hours or caps is in code.
create table contact_policy (
    jurisdiction               varchar(2)   primary key,
    name                       varchar(120) not null,
    contact_from               time         not null,
    contact_until              time         not null,
    hours_channels             varchar(64)  not null,  -- comma-separated channels the hours apply to
    max_calls                  int,                    -- call attempts per debt within call_window_days (null = no cap)
    call_window_days           int,
    conversation_cooldown_days int,                    -- no call within N days after a telephone conversation
    validation_period_days     int,                    -- US: validation notice before collection, N-day period
    agent_identity_required    boolean      not null default false,
    updated_by                 varchar(64)  not null,
    updated_at                 timestamptz  not null,
    check (contact_from < contact_until),
    check ((max_calls is null) = (call_window_days is null))
);
insert into contact_policy values
    ('US', 'US Regulation F (FDCPA)', '08:00', '21:00', 'CALL,SMS,EMAIL', 7, 7, 7, 30, false, 'seed', now()),
    ('IN', 'India: RBI fair practices code', '08:00', '19:00', 'CALL,SMS,EMAIL,VISIT', null, null, null, null, true, 'seed', now());

-- Per-channel opt-outs (electronic channels): honoured by the guard and by the reminder's channel choice.
create table contact_opt_out (
    case_id     uuid        not null references collection_case (id),
    channel     varchar(16) not null check (channel in ('SMS', 'EMAIL')),
    recorded_at timestamptz not null,
    recorded_by varchar(64) not null,
    primary key (case_id, channel)
);

-- US validation notice: sent with the first collection communication; the validation period runs from it.
create table validation_notice (
    case_id     uuid        primary key references collection_case (id),
    channel     varchar(16) not null,
    sent_at     timestamptz not null,
    period_ends date        not null
);

-- A message blocked by the contact hours waits in the outbox until the next allowed time (not dropped).
alter table outbound_message add column send_after timestamptz;
-- The guard's next allowed time is stored with a blocked attempt.
alter table contact_attempt add column next_allowed_at timestamptz;
create index contact_attempt_calls_idx on contact_attempt (case_id, attempted_at) where channel = 'CALL';

-- The audit trail: append-only. Who (user or worker), in which role, did what, when, to which case/task, before and
-- after. The application has no update or delete path; the trigger below refuses both at the database.
create table audit_event (
    id          bigserial    primary key,
    occurred_at timestamptz  not null,
    actor       varchar(64)  not null,
    actor_role  varchar(32)  not null,
    action      varchar(64)  not null,
    case_id     uuid,
    task_id     uuid,
    summary     varchar(500) not null,
    before      jsonb,
    after       jsonb
);
create index audit_event_case_idx on audit_event (case_id, occurred_at, id);
create index audit_event_time_idx on audit_event (occurred_at);

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end
$$;
create trigger audit_event_no_update_delete before update or delete on audit_event
    for each row execute function audit_event_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_append_only();
