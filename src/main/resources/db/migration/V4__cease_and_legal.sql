-- Cease-communication requests (Reg F 1006.6(c)): once received, no outbound contact for the case, for good.
alter table collection_case add column contact_ceased_at timestamptz;
alter table collection_case add column cease_reason varchar(500);

-- Legal placements: a case handed to legal after a supervisor's approval.
create table legal_placement (
    id                uuid primary key,
    case_id           uuid          not null references collection_case (id),
    decided_by        varchar(64),
    documents_summary varchar(4000) not null,
    placed_at         timestamptz   not null,
    constraint legal_placement_case_unique unique (case_id)
);
