-- The first-contact scripts confirm that the agent speaks with the debtor before anything about the debt is said
-- (issue 19): telling a third party about a debt is prohibited (FDCPA §805(b), Regulation F §1006.6(d); RBI fair
-- practices: no disclosure to others). A script a compliance officer has edited since the seed is left as it is.
update call_script set opening =
 'Hello, may I speak with {debtorName}? [If someone else answers: give only your first name, do not say why you are calling or name the creditor, and ask when {debtorName} can be reached.] Before I go on, to be sure I am speaking with the right person: can you confirm your date of birth and the last four digits of your account number? [Only once confirmed:] My name is {agentName}, calling from Recoverly on behalf of the creditor. This is an attempt to collect a debt and any information obtained will be used for that purpose. Your account {accountRef} shows {balance} {currency} past due. How would you like to resolve it today?',
  updated_at = now()
 where stage = 'CONTACT' and jurisdiction = 'US' and updated_by = 'system';
update call_script set opening =
 'Namaste, may I speak with {debtorName}? [If someone else answers: do not mention the loan or the lender; ask when {debtorName} can be reached.] Before we go on, to be sure I am speaking with the right person: can you confirm your date of birth and the last four digits of your registered mobile number? [Only once confirmed:] My name is {agentName}, a recovery agent of Recoverly, authorised by the lender; my agent ID is available on request. I am calling about account {accountRef}, which shows {balance} {currency} overdue. May I take two minutes to discuss how we can settle it?',
  updated_at = now()
 where stage = 'CONTACT' and jurisdiction = 'IN' and updated_by = 'system';
