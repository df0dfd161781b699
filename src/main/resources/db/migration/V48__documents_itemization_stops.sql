-- Issue 21: letters as documents, the validation notice's itemization (Model Form B-1), what e-mail providers say
-- came back, and stops per medium and address.

-- Every letter (and the validation notice an e-mail carries) as the PDF handed over, kept with its case. One per outbox
-- message (source_key): a message handed over twice is one document.
create table case_document (
    id          uuid         primary key,
    case_id     uuid         not null references collection_case (id),
    kind        varchar(64)  not null,
    channel     varchar(16)  not null,
    language    varchar(8),
    source_key  varchar(200) not null unique,
    content     bytea        not null,
    sha256      varchar(64)  not null,
    created_at  timestamptz  not null
);
create index case_document_case_idx on case_document (case_id, created_at);

-- The itemization date of 12 CFR 1006.34(b)(3): one of the five the rule allows, chosen per creditor (compliance
-- chooses; without a row, the last statement date). The date itself comes from the lender's file.
create table creditor_profile (
    creditor           varchar(120) primary key,
    itemization_basis  varchar(20)  not null check (itemization_basis in
                           ('LAST_STATEMENT', 'CHARGE_OFF', 'LAST_PAYMENT', 'TRANSACTION', 'JUDGMENT')),
    updated_by         varchar(64)  not null,
    updated_at         timestamptz  not null
);

-- The lender's figures for the itemization: the amount on the itemization date, and the interest, fees, payments and
-- credits since (optional columns of a placement file; the current amount is the balance).
alter table account add column itemization_date date;
alter table account add column itemization_amount numeric(19, 4);
alter table account add column interest_since numeric(19, 4);
alter table account add column fees_since numeric(19, 4);
alter table account add column payments_since numeric(19, 4);
-- what the notice said, kept: a notice sent again (another channel) itemizes as the first one did
alter table validation_notice add column itemization jsonb;

-- The e-mail address: a workplace address is used only when the debtor gave it (12 CFR 1006.22(f)(3)); an address
-- that bounced for good is not used again until the details change.
alter table debtor add column email_type varchar(16) check (email_type in ('PERSONAL', 'WORK'));
alter table debtor add column email_given_by_debtor boolean not null default false;
alter table debtor add column email_status varchar(16) check (email_status in ('BOUNCED'));

-- Stops per medium and address (12 CFR 1006.14(h), 1006.22(f)): "stop calling this number", "don't e-mail this
-- address", "no visits at work". The address is the one the stop names (E.164 phone, lower-case e-mail, the postal
-- address or WORK for a visit): a new number is not stopped by an old number's stop.
create table contact_stop (
    id           bigserial    primary key,
    case_id      uuid         not null references collection_case (id),
    medium       varchar(16)  not null check (medium in ('CALL', 'SMS', 'EMAIL', 'VISIT')),
    address      varchar(500) not null,
    note         varchar(500),
    recorded_by  varchar(64)  not null,
    recorded_at  timestamptz  not null,
    lifted_by    varchar(64),
    lifted_at    timestamptz
);
create unique index contact_stop_active_idx on contact_stop (case_id, medium, address) where lifted_at is null;

-- an e-mail's bounce, kept with the message and its contact attempt as the SMS receipts are
alter table outbound_message add column delivery_detail varchar(300);

create or replace view case_contact_points as
select c.id as case_id, d.full_name, d.phone, d.email, d.address, d.time_zone, d.jurisdiction, a.account_ref,
       a.balance, a.currency, c.contact_ceased_at is not null as contact_ceased,
       c.status = 'OPEN' as case_open, d.phone_type, a.creditor, d.language,
       d.email_type, d.email_given_by_debtor, d.email_status
  from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id;

-- the Model Form B-1 validation notice (12 CFR 1006.34(c), appendix B): the itemization, the period's end, the
-- dispute and original-creditor prompts, the Spanish-language offer. A notice cannot go by SMS (it cannot carry the
-- form): the seeded SMS notice goes.
delete from message_template where template_key = 'validation-notice' and channel = 'SMS';

insert into message_template (template_key, channel, jurisdiction, language, version, subject, body, change_note,
                              updated_by, updated_at) values
('validation-notice', 'LETTER', 'US', 'en', 2, '{collectorAddress}',
 E'# Notice: see the form below for your rights\n\n{debtCollectorDisclosure} {collector} is a debt collector. We are trying to collect a debt that you owe to {creditor}. We will use any information you give us to help collect the debt.\n\nOur information shows: you had an account from {creditor} with account number {accountRef}.\n\n{itemization}\n\n## How can you dispute the debt?\n- Call or write to us by {validationEndDate} to dispute all or part of the debt. If you do not, we will assume that our information is correct.\n- If you write to us by {validationEndDate}, we must stop collection on any amount you dispute until we send you information that shows you owe the debt. You may use the form below or write to us without the form. You may also include supporting documents.\n\n## What else can you do?\n- Write to ask for the name and address of the original creditor, if different from the current creditor. If you write by {validationEndDate}, we must stop collection until we send you that information. You may use the form below or write to us without the form.\n- Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law.\n- Contact us about your payment options: {collectorPhone}.\n- {spanishOffer}\n\n{disputeForm}',
 'Model Form B-1 content (issue 21): itemization, period end, dispute and original-creditor prompts, Spanish offer',
 'system', now()),
('validation-notice', 'LETTER', 'US', 'es', 2, '{collectorAddress}',
 E'# Aviso: vea el formulario abajo para conocer sus derechos\n\n{debtCollectorDisclosure} {collector} es un cobrador de deudas. Estamos tratando de cobrar una deuda que usted le debe a {creditor}. Usaremos cualquier información que usted nos dé para ayudar a cobrar la deuda.\n\nNuestra información muestra: usted tenía una cuenta de {creditor} con el número de cuenta {accountRef}.\n\n{itemization}\n\n## ¿Cómo puede disputar la deuda?\n- Llámenos o escríbanos antes del {validationEndDate} para disputar toda o parte de la deuda. Si no lo hace, asumiremos que nuestra información es correcta.\n- Si nos escribe antes del {validationEndDate}, debemos dejar de cobrar cualquier cantidad que usted dispute hasta que le enviemos información que demuestre que usted debe la deuda. Puede usar el formulario de abajo o escribirnos sin el formulario.\n\n## ¿Qué más puede hacer?\n- Escriba para pedir el nombre y la dirección del acreedor original, si es distinto del acreedor actual. Si escribe antes del {validationEndDate}, debemos dejar de cobrar hasta que le enviemos esa información.\n- Visite www.cfpb.gov/debt-collection para obtener más información sobre sus derechos según la ley federal.\n- Comuníquese con nosotros para conocer sus opciones de pago: {collectorPhone}.\n\n{disputeForm}',
 'Model Form B-1 content in Spanish (issue 21)', 'system', now()),
('validation-notice', 'EMAIL', 'US', 'en', 2, 'Information about your {creditor} account {accountRef}',
 E'# Notice: see the form below for your rights\n\n{debtCollectorDisclosure} {collector} is a debt collector. We are trying to collect a debt that you owe to {creditor}. We will use any information you give us to help collect the debt.\n\nOur information shows: you had an account from {creditor} with account number {accountRef}.\n\n{itemization}\n\n## How can you dispute the debt?\n- Call or write to us by {validationEndDate} to dispute all or part of the debt. If you do not, we will assume that our information is correct.\n- If you write to us by {validationEndDate}, we must stop collection on any amount you dispute until we send you information that shows you owe the debt.\n\n## What else can you do?\n- Write to ask for the name and address of the original creditor, if different from the current creditor. If you write by {validationEndDate}, we must stop collection until we send you that information.\n- Go to www.cfpb.gov/debt-collection to learn more about your rights under federal law.\n- Contact us about your payment options: {collectorPhone}.\n- {spanishOffer}\n\nThe notice is attached as a PDF with the form to mail back.\n\n{disputeForm}\n\n{optOut}',
 'Model Form B-1 content (issue 21)', 'system', now());

-- the cases' read model of what a validation notice itemizes (compliance reads it, not the account table)
create or replace view case_itemization as
select c.id as case_id, a.creditor, a.due_date, a.itemization_date, a.itemization_amount, a.interest_since,
       a.fees_since, a.payments_since, a.placed_balance, a.balance, a.currency
  from collection_case c join account a on a.id = c.account_id;
