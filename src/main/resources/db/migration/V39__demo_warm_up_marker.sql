-- The demo's one-off steps (issue 19: the lived-in demo warms up once per database, on one node): a step runs on the
-- node whose insert of its name wins.
create table demo_step (
    name   varchar(64) primary key,
    run_at timestamptz not null
);
