-- People who sign in. Roles decide what they may do (DESIGN §8); groups are the task queues (BPMN candidate groups)
-- they work. Passwords are stored as Spring Security encoded hashes ({bcrypt}...), never in clear.
create table app_user (
    username      text primary key check (username ~ '^[a-z][a-z0-9._-]{1,63}$'),
    display_name  text        not null,
    password_hash text        not null,
    roles         text[]      not null check (cardinality(roles) > 0),
    groups        text[]      not null default '{}',
    enabled       boolean     not null default true,
    created_at    timestamptz not null default now()
);
