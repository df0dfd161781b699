-- FDCPA §1692c(a)(1) / Reg F §1006.6(b)(1): no communication at a time or place known to be inconvenient, 8 am to 9 pm
-- local time being convenient. That covers every communication, field visits included; the seeded US rules left
-- VISIT out of the contact hours. The change is audited like any policy change.
insert into audit_event (occurred_at, actor, actor_role, action, summary, before, after)
select now(), 'system', 'SYSTEM', 'POLICY_CHANGED',
       'Contact hours of ' || jurisdiction || ' cover field visits (migration V26: the FDCPA''s inconvenient-time rule)',
       jsonb_build_object('jurisdiction', jurisdiction, 'hoursChannels', hours_channels),
       jsonb_build_object('jurisdiction', jurisdiction, 'hoursChannels', hours_channels || ',VISIT')
  from contact_policy
 where jurisdiction = 'US' and not ('VISIT' = any (string_to_array(hours_channels, ',')));

update contact_policy
   set hours_channels = hours_channels || ',VISIT', updated_by = 'migration V26', updated_at = now()
 where jurisdiction = 'US' and not ('VISIT' = any (string_to_array(hours_channels, ',')));
