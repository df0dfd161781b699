-- Closing a case cancels its open tasks ("where case_id = ? and state = 'OPEN'"). The planner took the partial index of
-- all open tasks for it (user_task_open_idx) and read every open task per closure (measured: ~460 rows per closure with
-- a few hundred open tasks; with 100,000 open tasks it would read them all). This index answers it exactly.
create index user_task_case_open_idx on user_task (case_id) where state = 'OPEN';
