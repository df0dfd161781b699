-- Issue 22: a dispute or an original-creditor request in the validation period stops collection until the
-- verification (or the original creditor's name and address) is sent (12 CFR 1006.38(c), (d)(2)); the letter is a
-- document of the case. A repeat of a dispute already verified is recognised.
alter table dispute add column verification_status varchar(16)
    check (verification_status in ('QUEUED', 'SENT', 'UNDELIVERABLE'));
alter table dispute add column verification_key varchar(200);
alter table dispute add column verification_sent_at timestamptz;
alter table dispute add column repeat_of uuid;

-- the disputes' read model the contact guard reads: a verified dispute whose verification has not gone out yet
create or replace view case_verification_pending as
select case_id, verification_status as status, verification_key from dispute
 where verification_status in ('QUEUED', 'UNDELIVERABLE');

insert into message_template (template_key, channel, jurisdiction, language, version, subject, body, change_note,
                              updated_by, updated_at) values
('dispute-verification', 'LETTER', 'US', 'en', 1, '{collectorAddress}',
 E'# Verification of your debt\n\n{debtCollectorDisclosure}\n\nDear {debtorName},\n\nYou disputed the debt on your {creditor} account {accountRef}, or asked for the name and address of the original creditor. We have looked into it. This is the information about the debt:\n\n- The creditor to whom the debt is owed, and the original creditor: {creditor}.\n- The account: {accountRef}.\n- The amount of the debt now: {balance}.\n\n{itemization}\n\nIf you believe this is wrong, write to us at {collectorAddress} or call {collectorPhone}.\n\n{collector}\n{collectorAddress}',
 'Seeded with issue 22 (12 CFR 1006.38)', 'system', now()),
('dispute-verification', 'EMAIL', 'US', 'en', 1, 'Verification of your {creditor} account {accountRef}',
 E'# Verification of your debt\n\n{debtCollectorDisclosure}\n\nDear {debtorName},\n\nYou disputed the debt on your {creditor} account {accountRef}, or asked for the name and address of the original creditor. We have looked into it. This is the information about the debt:\n\n- The creditor to whom the debt is owed, and the original creditor: {creditor}.\n- The account: {accountRef}.\n- The amount of the debt now: {balance}.\n\n{itemization}\n\nIf you believe this is wrong, write to us at {collectorAddress} or call {collectorPhone}.\n\n{collector}\n\n{optOut}',
 'Seeded with issue 22 (12 CFR 1006.38)', 'system', now());

-- the audit: a verified dispute stops collection until its verification was sent (1006.38(d)(2)(i))
create or replace view audit_dispute_periods as
select case_id, raised_at,
       case when verification_status in ('QUEUED', 'UNDELIVERABLE') then null
            when verification_status = 'SENT' then verification_sent_at
            else resolved_at end as resolved_at
  from dispute;
