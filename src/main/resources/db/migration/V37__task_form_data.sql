-- What a task's form shows besides its fields (issue 19: the settlement approval shows the offer, the discount, the
-- balance and the limits): the process variables its text templates name, taken from the job when the task is created.
alter table user_task add column form_data jsonb;
