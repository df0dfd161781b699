-- The words of every message to a debtor (issue 21): per kind, channel, jurisdiction and language, each save a new
-- version. compliance.TemplateRules says what each must carry (the creditor, the US debt-collector disclosure, an
-- opt-out on SMS and e-mail, nothing but the collector's address on an envelope, a voicemail of limited content);
-- compliance.MessageTemplates fills the placeholders with a case's data in the debtor's locale.
create table message_template (
    template_key varchar(64)   not null,
    channel      varchar(16)   not null check (channel in ('SMS', 'EMAIL', 'LETTER', 'VOICEMAIL')),
    jurisdiction varchar(2)    not null,
    language     varchar(8)    not null,
    version      integer       not null,
    subject      varchar(200),
    body         text          not null,
    change_note  varchar(500)  not null,
    updated_by   varchar(100)  not null,
    updated_at   timestamptz   not null,
    primary key (template_key, channel, jurisdiction, language, version)
);

-- the debtor's language (en, hi, es): the templates' language when there is one in it, else English
alter table debtor add column language varchar(8);

create or replace view case_contact_points as
select c.id as case_id, d.full_name, d.phone, d.email, d.address, d.time_zone, d.jurisdiction, a.account_ref,
       a.balance, a.currency, c.contact_ceased_at is not null as contact_ceased,
       c.status = 'OPEN' as case_open, d.phone_type, a.creditor, d.language
  from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id;

insert into message_template (template_key, channel, jurisdiction, language, version, subject, body, change_note,
                              updated_by, updated_at) values
-- payment reminders, US
('payment-reminder', 'SMS', 'US', 'en', 1, null,
 '{debtCollectorDisclosure} {debtorName}, your {creditor} account {accountRef} has {balance} past due. Pay or call us at {collectorPhone} to agree a plan. {optOut}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'EMAIL', 'US', 'en', 1, 'Your {creditor} account {accountRef}',
 E'Dear {debtorName},\n\n{debtCollectorDisclosure}\n\nYour {creditor} account {accountRef} has {balance} past due. Please pay, or call us at {collectorPhone} to agree a plan that works for you.\n\n{collector}\n{collectorAddress}\n\n{optOut}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'LETTER', 'US', 'en', 1, '{collectorAddress}',
 E'Dear {debtorName},\n\n{debtCollectorDisclosure}\n\nYour {creditor} account {accountRef} has {balance} past due. Please pay, or call us at {collectorPhone} to agree a plan.\n\n{collector}\n{collectorAddress}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'LETTER', 'US', 'es', 1, '{collectorAddress}',
 E'Estimado/a {debtorName}:\n\n{debtCollectorDisclosure}\n\nSu cuenta {accountRef} con {creditor} tiene un saldo vencido de {balance}. Pague o llámenos al {collectorPhone} para acordar un plan.\n\n{collector}\n{collectorAddress}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'SMS', 'US', 'es', 1, null,
 '{debtCollectorDisclosure} {debtorName}, su cuenta {accountRef} con {creditor} tiene {balance} vencido. Pague o llame al {collectorPhone}. {optOut}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'EMAIL', 'US', 'es', 1, 'Su cuenta {accountRef} con {creditor}',
 E'Estimado/a {debtorName}:\n\n{debtCollectorDisclosure}\n\nSu cuenta {accountRef} con {creditor} tiene un saldo vencido de {balance}. Pague o llámenos al {collectorPhone}.\n\n{collector}\n{collectorAddress}\n\n{optOut}',
 'Seeded with issue 21', 'system', now()),
-- payment reminders, India (English and Hindi)
('payment-reminder', 'SMS', 'IN', 'en', 1, null,
 'Dear {debtorName}, your {creditor} account {accountRef} is overdue with {balance} outstanding. Please pay or call {collectorPhone} to agree a plan. {optOut}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'EMAIL', 'IN', 'en', 1, 'Your {creditor} account {accountRef}',
 E'Dear {debtorName},\n\nYour {creditor} account {accountRef} is overdue with {balance} outstanding. Please pay, or call us at {collectorPhone} to agree a plan.\n\n{collector}\n{collectorAddress}\n\n{optOut}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'LETTER', 'IN', 'en', 1, '{collectorAddress}',
 E'Dear {debtorName},\n\nYour {creditor} account {accountRef} is overdue with {balance} outstanding. Please pay, or call us at {collectorPhone} to agree a plan.\n\n{collector}\n{collectorAddress}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'SMS', 'IN', 'hi', 1, null,
 '{debtorName} जी, आपके {creditor} खाते {accountRef} पर {balance} बकाया है। कृपया भुगतान करें या योजना के लिए {collectorPhone} पर कॉल करें। {optOut}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'EMAIL', 'IN', 'hi', 1, 'आपका {creditor} खाता {accountRef}',
 E'प्रिय {debtorName},\n\nआपके {creditor} खाते {accountRef} पर {balance} बकाया है। कृपया भुगतान करें, या योजना के लिए {collectorPhone} पर कॉल करें।\n\n{collector}\n{collectorAddress}\n\n{optOut}',
 'Seeded with issue 21', 'system', now()),
('payment-reminder', 'LETTER', 'IN', 'hi', 1, '{collectorAddress}',
 E'प्रिय {debtorName},\n\nआपके {creditor} खाते {accountRef} पर {balance} बकाया है। कृपया भुगतान करें, या योजना के लिए {collectorPhone} पर कॉल करें।\n\n{collector}\n{collectorAddress}',
 'Seeded with issue 21', 'system', now()),
-- validation notices, US (the notice's own content; its PDF with the Model Form B-1 itemization is to come)
('validation-notice', 'LETTER', 'US', 'en', 1, '{collectorAddress}',
 E'Validation notice\n\n{debtCollectorDisclosure} We are trying to collect a debt that you owe to {creditor}, account {accountRef}. As of today you owe {balance}.\n\nYou may dispute all or part of the debt by {validationEndDate}. If you do, we must stop collection until we send you information about the debt. You may also ask for the name and address of the original creditor by that date.\n\n{collector}\n{collectorAddress}\n{collectorPhone}',
 'Seeded with issue 21', 'system', now()),
('validation-notice', 'EMAIL', 'US', 'en', 1, 'Information about your {creditor} account {accountRef}',
 E'Validation notice\n\n{debtCollectorDisclosure} We are trying to collect a debt that you owe to {creditor}, account {accountRef}. As of today you owe {balance}.\n\nYou may dispute all or part of the debt by {validationEndDate}. If you do, we must stop collection until we send you information about the debt.\n\n{collector}\n{collectorAddress}\n{collectorPhone}\n\n{optOut}',
 'Seeded with issue 21', 'system', now()),
('validation-notice', 'SMS', 'US', 'en', 1, null,
 '{debtCollectorDisclosure} {debtorName}: we are collecting a debt of {balance} owed to {creditor} (account {accountRef}). You may dispute it by {validationEndDate}; if you do, we stop collection until we have verified it. {optOut}',
 'Seeded with issue 21', 'system', now()),
('validation-notice', 'LETTER', 'US', 'es', 1, '{collectorAddress}',
 E'Aviso de validación\n\n{debtCollectorDisclosure} Intentamos cobrar una deuda que usted tiene con {creditor}, cuenta {accountRef}. A la fecha debe {balance}.\n\nPuede disputar toda o parte de la deuda hasta el {validationEndDate}. Si lo hace, suspenderemos el cobro hasta enviarle información sobre la deuda.\n\n{collector}\n{collectorAddress}\n{collectorPhone}',
 'Seeded with issue 21', 'system', now()),
-- the only text an agent may leave on a voicemail
('voicemail', 'VOICEMAIL', 'US', 'en', 1, null,
 'Hello, this is {collector} calling for {debtorName}. Please call us back at {collectorPhone}. Thank you.',
 'Seeded with issue 21', 'system', now()),
('voicemail', 'VOICEMAIL', 'IN', 'en', 1, null,
 'Hello, this is {collector} calling for {debtorName}. Please call us back at {collectorPhone}. Thank you.',
 'Seeded with issue 21', 'system', now()),
('voicemail', 'VOICEMAIL', 'IN', 'hi', 1, null,
 'नमस्ते, {collector} से {debtorName} जी के लिए संदेश। कृपया हमें {collectorPhone} पर वापस कॉल करें। धन्यवाद।',
 'Seeded with issue 21', 'system', now());

-- an e-mail's subject, a letter's envelope: what the template says
alter table outbound_message add column subject varchar(200);
