-- A callback the debtor asked for (issue 19, a case action): the call task waits for that time (the contact guard's
-- window and the callback, whichever is later), and the request is on the timeline and in the audit trail.
create table callback_request (
    id            uuid        primary key,
    case_id       uuid        not null references collection_case (id),
    requested_for timestamptz not null,
    note          varchar(500),
    requested_by  varchar(64) not null,
    requested_at  timestamptz not null
);
create index callback_request_case_idx on callback_request (case_id, requested_for);
