-- What managers expect of each person per day, week or month.
create table agent_target (
    agent     varchar(64) not null,
    period    varchar(8)  not null check (period in ('DAILY', 'WEEKLY', 'MONTHLY')),
    tasks     integer     not null check (tasks >= 0),
    contacts  integer     not null check (contacts >= 0),
    promises  integer     not null check (promises >= 0),
    set_by    varchar(64) not null,
    set_at    timestamptz not null,
    primary key (agent, period)
);
