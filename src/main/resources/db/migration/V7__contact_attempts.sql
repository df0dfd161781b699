-- Every outbound contact attempt with the contact guard's decision (allowed/blocked and the rule that decided).
create table contact_attempt (
    id            bigserial primary key,
    case_id       uuid         not null references collection_case (id),
    channel       varchar(16)  not null,
    attempted_at  timestamptz  not null,
    outcome       varchar(32)  not null,
    guard_allowed boolean,
    guard_rule    varchar(48),
    agent         varchar(64),
    notes         varchar(2000),
    dedup_key     varchar(200),
    constraint contact_attempt_dedup_unique unique (dedup_key)
);
create index contact_attempt_case_idx on contact_attempt (case_id, attempted_at);
create index contact_attempt_channel_idx on contact_attempt (channel, attempted_at);
