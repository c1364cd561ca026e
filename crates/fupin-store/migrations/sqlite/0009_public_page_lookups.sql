-- The public region pages list the children of a region with their figures and distinct organizations, by
-- level and code range: stat_members had no index for that (a scan of every region membership, over a second
-- at 1 M transactions under load).
CREATE INDEX stat_members_level ON stat_members(axis, node_level, node);

-- The public organization page reads its counted activities' beneficiaries, indicators and roster through
-- stat_applied, and the regions it is active in from stat_members, by organization. Without these indexes
-- each was a scan of the whole table (at 1 M transactions: 134 ms for the beneficiaries, 80 ms for the
-- regions; under 1 ms with them). stats::rebuild drops and recreates the stat tables' secondary indexes
-- with these same definitions (fupin-store/src/stats/rebuild.rs; a store test compares them).
CREATE INDEX stat_applied_org ON stat_applied(organization_id);
DROP INDEX stat_members_org;
CREATE INDEX stat_members_org ON stat_members(organization_id, axis, node_level, node);
