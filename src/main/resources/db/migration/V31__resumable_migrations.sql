-- A migration of running cases survives the node that started it (issue 18): every case of the plan is an item
-- from the start (PENDING until done), claimed by any node with a lease; the migration is DONE when no item is left.
alter table model_migration add column target_definition_key bigint;
alter table model_migration_item drop constraint model_migration_item_result_check;
alter table model_migration_item add constraint model_migration_item_result_check
    check (result in ('PENDING', 'MIGRATED', 'FAILED', 'SKIPPED'));
alter table model_migration_item add column claimed_until timestamptz;
alter table model_migration_item add column attempts integer not null default 0;
create index model_migration_item_pending_idx on model_migration_item (migration_id) where result = 'PENDING';
