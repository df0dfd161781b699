-- Read models other capabilities may read (README, "Code layout"): each is owned by the capability whose
-- tables it reads, and its columns are that capability's API, like a public method.
--
-- case_contact_points (cases): a case's debtor and how to reach them. The contact guard reads it in the one statement
-- that gathers its facts (it used to take three: the contact points, the open disputes, its own rules), and the
-- guard is asked about nine times per case on the service path.
create view case_contact_points as
select c.id as case_id, d.full_name, d.phone, d.email, d.address, d.time_zone, d.jurisdiction, a.account_ref,
       a.balance, a.currency, c.contact_ceased_at is not null as contact_ceased
  from collection_case c join account a on a.id = c.account_id join debtor d on d.id = a.debtor_id;

-- case_open_dispute (disputes): the cases with a dispute under review.
create view case_open_dispute as
select distinct case_id from dispute where state = 'OPEN';
