-- Indexes for the KPI queries (periods over facts) and an amount-collected target per person.
create index payment_paid_at_idx on payment (paid_at);
create index promise_made_at_idx on promise (made_at);
create index promise_promised_for_idx on promise (promised_for);
create index contact_attempt_attempted_at_idx on contact_attempt (attempted_at);
create index contact_attempt_agent_idx on contact_attempt (agent, attempted_at) where agent is not null;
create index user_task_due_at_idx on user_task (due_at);
create index user_task_completed_idx on user_task (completed_by, completed_at) where state = 'COMPLETED';
create index case_event_kpi_idx on case_event (type, occurred_at) where type in ('STAGE_ENTERED', 'CASE_CLOSED', 'INCIDENT');
create index case_opened_at_idx on collection_case (opened_at);

-- What a person should collect per period, in one currency (both set or neither).
alter table agent_target add column collected numeric(19, 2) check (collected >= 0);
alter table agent_target add column currency char(3);
alter table agent_target add constraint agent_target_collected_currency check ((collected is null) = (currency is null));
