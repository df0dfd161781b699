-- Issue 22: time-barred debt (12 CFR 1006.26). The state whose law limits the debt, and when its clock started.
alter table debtor add column state varchar(2);
alter table account add column last_payment_date date;
alter table account add column charge_off_date date;

-- The statute of limitations per US state and kind of debt, edited by compliance. Seeded with common values and
-- their source; a state without a row is not judged (the case page says so). The disclosure is the text the state
-- requires in a communication about a time-barred debt (null: none required).
create table limitation_period (
    state        varchar(2)   not null,
    debt_type    varchar(16)  not null check (debt_type in ('WRITTEN', 'OPEN_ACCOUNT', 'ANY')),
    years        integer      not null check (years between 1 and 30),
    disclosure   varchar(1000),
    source       varchar(300) not null,
    updated_by   varchar(64)  not null,
    updated_at   timestamptz  not null,
    primary key (state, debt_type)
);

insert into limitation_period (state, debt_type, years, disclosure, source, updated_by, updated_at) values
('CA', 'ANY', 4, 'The law limits how long you can be sued on a debt. Because of the age of your debt, we will not sue you for it.',
 'Cal. Code Civ. Proc. 337 (4 years, written contracts); disclosure: Cal. Civ. Code 1788.14(d)', 'system', now()),
('NY', 'ANY', 3, 'We are required by law to give you the following information about this debt. The legal time limit (statute of limitations) for suing you to collect this debt has expired. If you make any payment on a debt after the statute of limitations has expired, it will not restart the time limit.',
 'N.Y. CPLR 214-i (3 years, consumer credit transactions); disclosure: 23 NYCRR 1.3', 'system', now()),
('TX', 'ANY', 4, 'THE LAW LIMITS HOW LONG YOU CAN BE SUED ON A DEBT. BECAUSE OF THE AGE OF YOUR DEBT, WE WILL NOT SUE YOU FOR IT.',
 'Tex. Civ. Prac. & Rem. Code 16.004 (4 years, debt); disclosure: Tex. Fin. Code 392.307', 'system', now()),
('FL', 'WRITTEN', 5, null, 'Fla. Stat. 95.11(2)(b) (5 years, written contracts)', 'system', now()),
('FL', 'OPEN_ACCOUNT', 4, null, 'Fla. Stat. 95.11(3)(k) (4 years, open accounts)', 'system', now()),
('IL', 'WRITTEN', 10, null, '735 ILCS 5/13-206 (10 years, written contracts)', 'system', now()),
('IL', 'OPEN_ACCOUNT', 5, null, '735 ILCS 5/13-205 (5 years, unwritten contracts and open accounts)', 'system', now());

-- the cases' read model of what the limitation reads
create or replace view case_limitation_facts as
select c.id as case_id, d.jurisdiction, d.state, d.address, a.product, a.due_date, a.last_payment_date,
       a.charge_off_date
  from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id;
