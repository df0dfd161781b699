-- Real lender files (issue 20): creditors, saved column mappings, balance updates and recalls, line types, dates of
-- birth, and an import history with progress.

-- The lender an account belongs to (an agency serves several). Accounts placed before this: the agency's own book.
alter table account add column creditor varchar(100) not null default 'Own book';
alter table account alter column creditor drop default;
create index account_creditor_idx on account (creditor);
-- a lender file's columns that are not ours, kept as the mapping chose (never silently dropped)
alter table account add column attributes jsonb;

-- how a phone number was classified where it was read (libphonenumber: MOBILE, FIXED_LINE, FIXED_LINE_OR_MOBILE,
-- VOIP, ...): SMS goes only to numbers that can receive it
alter table debtor add column phone_type varchar(24);
-- the debtor portal verifies with it; masked like every other personal datum
alter table debtor add column date_of_birth date;

-- A lender's file format: its column names for our fields, its date format, values for what the file leaves out, and
-- what happens to columns that are not ours (KEEP: stored with the account; IGNORE: listed in the result, not stored).
create table import_mapping (
    name          varchar(64)  primary key,
    columns       jsonb        not null,
    date_format   varchar(32),
    defaults      jsonb        not null default '{}',
    extra_columns varchar(8)   not null check (extra_columns in ('KEEP', 'IGNORE')),
    updated_at    timestamptz  not null,
    updated_by    varchar(100)
);

-- An import's kind, the mapping it was read with, who sent it, what it changed, and its row errors (for download).
alter table portfolio_import add column type varchar(16) not null default 'PLACEMENT'
    check (type in ('PLACEMENT', 'UPDATE', 'RECALL'));
alter table portfolio_import add column mapping varchar(64);
alter table portfolio_import add column imported_by varchar(100);
alter table portfolio_import add column rows_read integer not null default 0;
alter table portfolio_import add column updated integer not null default 0;
alter table portfolio_import add column recalled integer not null default 0;
alter table portfolio_import add column errors jsonb;
alter table portfolio_import add column errors_truncated boolean not null default false;
create index portfolio_import_received_idx on portfolio_import (received_at desc);

-- An import in flight, written in transactions of its own (the import's own is not visible until it commits), so that
-- the upload page on any node can show rows read, imported and rejected. upload_id is the client's.
create table import_progress (
    upload_id  uuid         primary key,
    started_by varchar(100),
    rows_read  integer      not null,
    imported   integer      not null,
    rejected   integer      not null,
    finished   boolean      not null default false,
    updated_at timestamptz  not null
);

-- The engine may be told to cancel a process instance (a case the creditor closed), once per instance.
alter table engine_command add column instance_key bigint;
alter table engine_command drop constraint engine_command_kind_check;
alter table engine_command add constraint engine_command_kind_check
    check (kind in ('COMPLETE_JOB', 'PUBLISH_MESSAGE', 'CANCEL_INSTANCE'));
alter table engine_command add constraint engine_command_cancel_check
    check ((kind = 'CANCEL_INSTANCE') = (instance_key is not null));
create unique index engine_command_cancel_idx on engine_command (engine_incarnation, instance_key)
    where kind = 'CANCEL_INSTANCE';

-- The contact points read model (V41) says whether the case is open (nobody is contacted about a closed case), what
-- kind of line the phone is, and whose debt it is.
create or replace view case_contact_points as
select c.id as case_id, d.full_name, d.phone, d.email, d.address, d.time_zone, d.jurisdiction, a.account_ref,
       a.balance, a.currency, c.contact_ceased_at is not null as contact_ceased,
       c.status = 'OPEN' as case_open, d.phone_type, a.creditor
  from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id;

-- Call scripts name the creditor ({creditor}: the account's), where they said "the creditor" or "the lender".
update call_script set opening = replace(opening, 'calling from Recoverly on behalf of the creditor',
                                         'calling from Recoverly on behalf of {creditor}')
 where opening like '%on behalf of the creditor%';
update call_script set opening = replace(opening, 'authorised by the lender', 'authorised by {creditor}')
 where opening like '%authorised by the lender%';
