-- The rollup tables keyed by level first: (axis, node_level, node, …) instead of (axis, node, …). Every read
-- names a node with its level or lists one level's nodes by code range, so the primary key serves both and
-- the separate level indexes (stat_cells_level, stat_members_level) go: one index fewer to maintain per row
-- written (the rebuild writes about a million cells and a million memberships at 1 M transactions).
-- node_level follows from node (its code's length on the region axis), so the key is as unique as before.
-- The SQLite migration of the same number also makes the tables WITHOUT ROWID.
ALTER TABLE stat_cells DROP CONSTRAINT stat_cells_pkey;
ALTER TABLE stat_cells ADD PRIMARY KEY (axis, node_level, node, year, field, method, org_type, org_level);
DROP INDEX stat_cells_level;

ALTER TABLE stat_members DROP CONSTRAINT stat_members_pkey;
ALTER TABLE stat_members ADD PRIMARY KEY (axis, node_level, node, year, organization_id);
DROP INDEX stat_members_level;

-- The organization page's regions read from this index alone (see the SQLite migration of the same number).
DROP INDEX stat_members_org;
CREATE INDEX stat_members_org ON stat_members(organization_id, axis, node_level, node, activities);
