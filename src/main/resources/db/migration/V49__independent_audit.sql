-- Issue 22: the independent audit re-checks every contact against the rules in force at its time, by its own code.
-- The moment the relay's guard let a message go (the contact's time: a business clock that jumps, as the demo's does,
-- may move before the row says SENT).
alter table outbound_message add column checked_at timestamptz;

-- The audit's read models (compliance reads them, not the other capabilities' tables).
-- Every contact that happened: messages a provider took, and calls and visits an agent recorded.
create or replace view audit_contacts as
select 'M' || m.id as contact_id, m.case_id, m.channel, coalesce(m.checked_at, m.sent_at) as contacted_at,
       m.template as what, m.recipient as address, null::varchar as outcome
  from outbound_message m where m.status = 'SENT'
union all
select 'A' || a.id, a.case_id, a.channel, a.attempted_at, 'call or visit', null, a.outcome
  from contact_attempt a
 where a.channel in ('CALL', 'VISIT') and a.outcome not in ('BLOCKED', 'RESCHEDULED', 'QUEUED', 'NO_CONTACT_POINT');

-- What the rules read of a case: where the debtor is, when contact was ceased, when the case closed.
create or replace view audit_case_facts as
select c.id as case_id, d.jurisdiction, d.time_zone, c.contact_ceased_at, c.closed_at
  from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id;

-- When disputes were open.
create or replace view audit_dispute_periods as
select case_id, raised_at, resolved_at from dispute;

-- Opt-outs and opt-ins as they happened (the opt-out table keeps only the current ones).
create or replace view audit_opt_out_events as
select case_id, occurred_at, type, details ->> 'channel' as channel from case_event
 where type in ('OPT_OUT_RECORDED', 'OPT_IN_RECORDED');

-- Complaints and grievances (issue 22): raised by an agent for the debtor (the portal later), worked by compliance
-- (queue complaints) within the jurisdiction's time limit, else escalated to the grievance officer.
create table complaint (
    id            uuid         primary key,
    case_id       uuid         not null references collection_case (id),
    category      varchar(32)  not null,
    channel       varchar(16)  not null,
    details       varchar(2000) not null,
    state         varchar(16)  not null check (state in ('OPEN', 'ESCALATED', 'RESOLVED')),
    raised_by     varchar(64)  not null,
    raised_at     timestamptz  not null,
    due_at        timestamptz  not null,
    escalated_at  timestamptz,
    resolved_at   timestamptz,
    resolved_by   varchar(64),
    outcome       varchar(16),
    resolution    varchar(2000)
);
create index complaint_case_idx on complaint (case_id);
create index complaint_raised_idx on complaint (raised_at);
