-- Who gets the credit for a payment: the person who had the case's latest right-party conversation (call or visit)
-- in the 30 days before it was paid, decided once when the payment is recorded (plans.PaymentService).
alter table payment add column credited_to varchar(64);
update payment p set credited_to = (
    select ca.agent from contact_attempt ca
     where ca.case_id = p.case_id and ca.agent is not null
       and ca.outcome in ('RIGHT_PARTY_CONTACT', 'PROMISE_TO_PAY', 'SETTLEMENT_REQUESTED', 'PLAN_REQUESTED', 'HARDSHIP',
                          'DISPUTE', 'REFUSED', 'MET_DEBTOR')
       and ca.attempted_at <= p.paid_at and ca.attempted_at > p.paid_at - interval '30 days'
     order by ca.attempted_at desc, ca.id desc limit 1);

-- Stage visits, a summary of the timeline kept by the database itself: a STAGE_ENTERED event opens a visit, and the
-- case's next STAGE_ENTERED or CASE_CLOSED ends it. Time in stage reads this instead of every timeline event.
create table stage_visit (
    id         bigserial   primary key,
    case_id    uuid        not null references collection_case (id),
    stage      varchar(32) not null,
    entered_at timestamptz not null,
    left_at    timestamptz,
    event_id   bigint      not null unique references case_event (id)
);
create index stage_visit_entered_idx on stage_visit (entered_at);
create unique index stage_visit_open_idx on stage_visit (case_id) where left_at is null;

insert into stage_visit (case_id, stage, entered_at, left_at, event_id)
select case_id, stage, occurred_at, left_at, id from (
    select e.id, e.case_id, e.type, e.details ->> 'stage' as stage, e.occurred_at,
           lead(e.occurred_at) over (partition by e.case_id order by e.occurred_at, e.id) as left_at
      from case_event e where e.type in ('STAGE_ENTERED', 'CASE_CLOSED')) v
 where type = 'STAGE_ENTERED';

create function stage_visit_follow() returns trigger language plpgsql as $$
begin
    update stage_visit set left_at = greatest(new.occurred_at, entered_at)
     where case_id = new.case_id and left_at is null;
    if new.type = 'STAGE_ENTERED' then
        insert into stage_visit (case_id, stage, entered_at, event_id)
        values (new.case_id, new.details ->> 'stage', new.occurred_at, new.id);
    end if;
    return null;
end
$$;
create trigger case_event_stage_visit after insert on case_event
    for each row when (new.type in ('STAGE_ENTERED', 'CASE_CLOSED')) execute function stage_visit_follow();
