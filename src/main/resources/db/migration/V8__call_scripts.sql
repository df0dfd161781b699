-- Call scripts with objection handling, per stage and jurisdiction ('*' = any). Data the compliance role edits.
create table call_script (
    stage        varchar(32)   not null,
    jurisdiction varchar(2)    not null,
    title        varchar(200)  not null,
    opening      varchar(4000) not null,
    objections   jsonb         not null,
    updated_by   varchar(64)   not null,
    updated_at   timestamptz   not null,
    primary key (stage, jurisdiction)
);

insert into call_script (stage, jurisdiction, title, opening, objections, updated_by, updated_at) values
('CONTACT', 'US', 'First contact (US, Regulation F)',
 'Hello, may I speak with {debtorName}? ... My name is {agentName}, calling from Recoverly on behalf of the creditor. This is an attempt to collect a debt and any information obtained will be used for that purpose. Before we go on, can you confirm your date of birth and the last four digits of the account? Your account {accountRef} shows {balance} {currency} past due. How would you like to resolve it today?',
 '[{"objection": "I don''t owe this.", "response": "I understand. You have the right to dispute the debt; I can record your dispute now and we will stop collection until it is reviewed and we send you verification."},
   {"objection": "I can''t pay right now.", "response": "Thank you for telling me. Let''s look at what is affordable: I can take you through a short income and expenditure review and set up a plan that fits your budget."},
   {"objection": "Stop calling me.", "response": "I will note your request. If you want us to stop all communication, you can tell me now or write to us, and we will honour it."},
   {"objection": "I already paid.", "response": "Thank you; can you tell me the date, amount and how you paid? I will check it against our records and stop collection while we verify."}]',
 'system', now()),
('CONTACT', 'IN', 'First contact (India, RBI fair practices)',
 'Namaste, may I speak with {debtorName}? My name is {agentName}, a recovery agent of Recoverly, authorised by the lender; my agent ID is available on request. I am calling about account {accountRef}, which shows {balance} {currency} overdue. May I take two minutes to discuss how we can settle it?',
 '[{"objection": "Why are you calling at this hour?", "response": "I apologise; we only call between 8 am and 7 pm. Please tell me a convenient time and I will call you back then."},
   {"objection": "I have lost my job.", "response": "I am sorry to hear that. We can review your income and expenses and agree on an affordable plan; may I ask a few questions?"},
   {"objection": "I want to complain.", "response": "You can raise a grievance with the lender''s grievance officer; I will give you the details and record your complaint on the account."}]',
 'system', now()),
('NEGOTIATION', '*', 'Negotiation',
 'Thank you for working with us on account {accountRef}. Let us confirm the arrangement: the amount, the date, and how you will pay.',
 '[{"objection": "Can I pay less to close it?", "response": "I can put a settlement offer to the approvers if it is within policy; tell me the amount you can pay and by when."}]',
 'system', now());
