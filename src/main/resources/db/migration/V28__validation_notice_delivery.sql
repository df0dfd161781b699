-- Validation notice truth (issue 17, finding 7): a notice is SENT only when a provider accepted it. Until then it is
-- QUEUED (its outbox message, by dedup key); a notice the relay cannot deliver on one channel moves to the next the
-- debtor can receive (tried_channels), and when none is left it is UNDELIVERABLE. The contact guard allows no
-- collection contact before the notice is SENT. Notices recorded before this change were recorded as sent.
alter table validation_notice add column status varchar(16) not null default 'SENT'
    check (status in ('QUEUED', 'SENT', 'UNDELIVERABLE'));
alter table validation_notice add column message_key varchar(200);
alter table validation_notice add column queued_at timestamptz;
alter table validation_notice add column tried_channels varchar(64) not null default '';
alter table validation_notice add column detail varchar(500);
alter table validation_notice alter column sent_at drop not null;
alter table validation_notice alter column period_ends drop not null;
