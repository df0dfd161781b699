-- When an open task can next be worked (issue 19): kept on the task by the task store from the rule that owns it (the
-- contact guard for calls and visits), so that inboxes and Next task filter and sort on it without asking per row.
--   actionable_from   the first moment it can be worked; null: no time makes it workable while the facts hold
--   actionable_until  when that window closes again (contact hours); null: nothing closes it
--   blocked_rule      the rule that keeps it from being worked now, with blocked_reason in words (debtor-local time)
--   recheck_at        when the store must ask again (the window opens or closes); null: only when a fact changes
alter table user_task add column actionable_from timestamptz;
alter table user_task add column actionable_until timestamptz;
alter table user_task add column blocked_rule text;
alter table user_task add column blocked_reason text;
alter table user_task add column recheck_at timestamptz;

-- tasks stored before: workable since they were created, and asked again at once
update user_task set actionable_from = created_at, recheck_at = timestamptz '1970-01-01 00:00:00+00' where state = 'OPEN';

create index user_task_recheck on user_task (recheck_at) where state = 'OPEN' and recheck_at is not null;
-- Next task and the inbox's first page: open tasks in due order (the priority order's leading key)
create index user_task_open_due on user_task (due_at, id) where state = 'OPEN';
