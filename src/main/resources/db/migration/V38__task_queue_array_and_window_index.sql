-- The inbox at 100,000 open tasks (issue 19). The queues of a task as an array the database keeps (a stored generated
-- column): the planner has statistics for it, where "string_to_array(candidate_groups, ',') && ..." was a guess of
-- 0.5 % that made it sort every open task instead of walking the due-date index to the first page; and nothing is
-- parsed per row. The window's start is indexed for the workable-now counts and filters.
alter table user_task add column groups text[] generated always as (string_to_array(candidate_groups, ',')) stored;
create index user_task_open_from on user_task (actionable_from) where state = 'OPEN';
analyze user_task;
