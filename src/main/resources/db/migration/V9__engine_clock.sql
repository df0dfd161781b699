-- How far the embedded engine's clock has been moved ahead of real time, so that business time does not jump back
-- when the app restarts (embedded mode only).
create table engine_clock (
    id        smallint primary key check (id = 1),
    offset_ms bigint   not null
);
