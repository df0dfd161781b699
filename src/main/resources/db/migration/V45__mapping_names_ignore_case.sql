-- A mapping's name is found ignoring case (an import names "Asha-Finance" or "asha-finance"): so it is unique ignoring
-- case too. Two mappings whose names differed only in case made every lookup of either a 500 (found in an attack
-- pass); the newer of such a pair, if any, is renamed.
update import_mapping m set name = m.name || '-' || substr(md5(m.name), 1, 6)
 where exists (select 1 from import_mapping o where lower(o.name) = lower(m.name) and o.updated_at < m.updated_at);
create unique index import_mapping_name_ignore_case on import_mapping (lower(name));
