-- Amount-collected targets per currency (issue 19): a person working USD and INR cases has a target in each, and a
-- report never compares a target in one currency with collections in another.
create table agent_collection_target (
    agent    varchar(64)    not null,
    period   varchar(16)    not null,
    currency char(3)        not null check (currency ~ '^[A-Z]{3}$'),
    amount   numeric(19, 2) not null check (amount >= 0),
    primary key (agent, period, currency),
    foreign key (agent, period) references agent_target (agent, period) on delete cascade
);
insert into agent_collection_target (agent, period, currency, amount)
select agent, period, currency, collected from agent_target where collected is not null;
alter table agent_target drop constraint agent_target_collected_currency;
alter table agent_target drop column collected;
alter table agent_target drop column currency;
