-- Every case timeline event is audited by the database, in the statement that records it: an insert into case_event
-- writes its audit_event row (who, in which role, the event's summary and details) through this trigger. Before, the
-- application wrote the audit row in a second statement (one more round trip per event, ~10 per case), and timeline
-- rows written in bulk (the import's CASE_OPENED, the restart's PROCESS_LOST) needed their own audit code or had none.
-- The actor columns say who acted: null on a job worker's or scheduler's thread, which the audit trail records as
-- 'system' in the role 'WORKER' (as compliance.AuditTrail does for its own rows).
alter table case_event add column actor varchar(64);
alter table case_event add column actor_role varchar(32);

create function audit_case_event() returns trigger language plpgsql as $$
begin
    insert into audit_event (occurred_at, actor, actor_role, action, case_id, task_id, summary, before, after)
    values (new.occurred_at, coalesce(new.actor, 'system'), coalesce(new.actor_role, 'WORKER'), new.type, new.case_id,
            cast(new.details ->> 'taskId' as uuid), new.summary, null, new.details);
    return null;
end
$$;
create trigger case_event_audit after insert on case_event
    for each row execute function audit_case_event();
