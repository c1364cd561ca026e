-- Statistics (postgres). Keep in step with ../sqlite/0004_statistics.sql (same text: only portable types).
-- Maintained aggregates of published, current activity versions, written by fupin-store stats::apply_published /
-- apply_withdrawn in the transaction that publishes or supersedes a version, and recomputed from scratch by
-- stats::rebuild (the repair path; a test keeps both equal). See fupin-store/src/stats/mod.rs for the rules.

-- One row per node of a rollup axis and per (year, field, method, organization type, organization level).
-- axis 'region': node is a region code at node_level 1 (province) … 5 (village), '' at 0 (the nation).
-- axis 'system': node is the supervisory unit's id as text at node_level 1, '' at 0 (the nation).
CREATE TABLE stat_cells (
    axis             TEXT NOT NULL CHECK (axis IN ('region', 'system')),
    node             TEXT NOT NULL,
    node_level       INTEGER NOT NULL,
    year             INTEGER NOT NULL,
    field            TEXT NOT NULL,
    method           TEXT NOT NULL,
    org_type         TEXT NOT NULL,
    org_level        TEXT NOT NULL,
    activities       BIGINT NOT NULL,
    committed_fen    BIGINT NOT NULL,
    disbursed_fen    BIGINT NOT NULL,
    spent_fen        BIGINT NOT NULL,
    goods_fen        BIGINT NOT NULL,
    volunteer_hours  BIGINT NOT NULL,
    households       BIGINT NOT NULL,
    persons          BIGINT NOT NULL,
    p_registered_poor BIGINT NOT NULL,
    p_rural_dibao    BIGINT NOT NULL,
    p_tekun          BIGINT NOT NULL,
    p_poor_disabled  BIGINT NOT NULL,
    p_other          BIGINT NOT NULL,
    roster_entries   BIGINT NOT NULL,
    verified_entries BIGINT NOT NULL,
    PRIMARY KEY (axis, node, year, field, method, org_type, org_level)
);
CREATE INDEX stat_cells_level ON stat_cells(axis, node_level, node);

-- Which organizations are active at a node in a year (distinct counts need the set, not sums):
-- activities = how many of its published current versions reach the node.
CREATE TABLE stat_members (
    axis            TEXT NOT NULL,
    node            TEXT NOT NULL,
    node_level      INTEGER NOT NULL,
    year            INTEGER NOT NULL,
    organization_id BIGINT NOT NULL,
    activities      BIGINT NOT NULL,
    PRIMARY KEY (axis, node, year, organization_id)
);
CREATE INDEX stat_members_org ON stat_members(organization_id);

-- The versions counted, with the keys they were counted under (so a withdrawal subtracts exactly what was
-- added even if the organization's type, level or supervisory unit changed in between).
CREATE TABLE stat_applied (
    activity_id     BIGINT PRIMARY KEY,
    organization_id BIGINT NOT NULL,
    year            INTEGER NOT NULL,
    field           TEXT NOT NULL,
    method          TEXT NOT NULL,
    org_type        TEXT NOT NULL,
    org_level       TEXT NOT NULL,
    unit_id         BIGINT
);
