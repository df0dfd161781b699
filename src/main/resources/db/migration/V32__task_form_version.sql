-- The engine's key of the exact form version a user task was created with: a task renders and is validated against
-- the form its process version was deployed with, not a newer one compliance deployed since (issue 18).
alter table user_task add column form_key bigint;
