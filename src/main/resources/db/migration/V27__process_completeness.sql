-- Process completeness (issue 17, finding 6).
-- A dispute still open when its case closes (paid in full while under review, say) is closed with the case.
alter table dispute drop constraint dispute_state_check;
alter table dispute add constraint dispute_state_check
    check (state in ('OPEN', 'UPHELD', 'REJECTED', 'CLOSED_WITH_CASE'));

-- The watchdog (cases.CaseWatchdog): when the process will next act on its own (the timer it waits for, recorded by
-- the worker that set the timer's date), and since when the case looks stuck: open, with a process, but no task for a
-- person, no timer ahead and nothing on its way to the engine.
alter table collection_case add column next_activity_at timestamptz;
alter table collection_case add column stuck_suspected_at timestamptz;
alter table collection_case add column stuck_at timestamptz;
create index case_next_activity_idx on collection_case (next_activity_at) where status = 'OPEN';
create index case_stuck_idx on collection_case (stuck_at) where stuck_at is not null;

-- A dispute's state is its decision: a partly upheld dispute (the balance corrected) is ADJUSTED, not UPHELD.
alter table dispute drop constraint dispute_state_check;
alter table dispute add constraint dispute_state_check
    check (state in ('OPEN', 'UPHELD', 'ADJUSTED', 'REJECTED', 'CLOSED_WITH_CASE'));
