-- What comes back from a provider (issue 21): its id for a message it took, and what it says became of it.
alter table outbound_message add column provider_ref varchar(64);
alter table outbound_message add column delivery_status varchar(16);
alter table outbound_message add column delivery_updated_at timestamptz;
create unique index outbound_message_provider_ref_idx on outbound_message (provider_ref) where provider_ref is not null;
-- the contact attempt a message belongs to says whether it arrived (its outcome stays what was done: SENT)
alter table contact_attempt add column delivery_status varchar(16);
