-- The outbox relay hands each message to the provider: PENDING -> SENDING (claimed, with a lease) -> SENT, or back to
-- PENDING (held by the contact guard until its next allowed time, or a provider failure with backoff), CANCELED (the
-- guard refuses it for good: cease, dispute, opt-out) or FAILED (out of attempts).
alter table outbound_message add column attempts integer not null default 0;
alter table outbound_message add column claimed_at timestamptz;
alter table outbound_message add column sent_at timestamptz;
alter table outbound_message add column last_error varchar(500);
create index outbound_message_relay_idx on outbound_message (status, id) where status in ('PENDING', 'SENDING');
