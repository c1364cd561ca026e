-- The rollup tables keyed by level first: (axis, node_level, node, …) instead of (axis, node, …). Every read
-- names a node with its level or lists one level's nodes by code range, so the primary key serves both and
-- the separate level indexes (stat_cells_level, stat_members_level) go. On SQLite the tables become
-- WITHOUT ROWID: the row lives in its primary-key B-tree, so a cell is written once instead of three times
-- (table, key index, level index) and a membership twice instead of four times; the rebuild writes about a
-- million of each at 1 M transactions. node_level follows from node (its code's length on the region axis),
-- so the key is as unique as before. stats::rebuild recreates the secondary indexes kept here with these
-- same definitions (fupin-store/src/stats/rebuild.rs; a store test compares them).
CREATE TABLE stat_cells_by_level (
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
    PRIMARY KEY (axis, node_level, node, year, field, method, org_type, org_level)
) WITHOUT ROWID;
INSERT INTO stat_cells_by_level SELECT axis, node, node_level, year, field, method, org_type, org_level,
    activities, committed_fen, disbursed_fen, spent_fen, goods_fen, volunteer_hours, households, persons,
    p_registered_poor, p_rural_dibao, p_tekun, p_poor_disabled, p_other, roster_entries, verified_entries
    FROM stat_cells;
DROP TABLE stat_cells;
ALTER TABLE stat_cells_by_level RENAME TO stat_cells;

CREATE TABLE stat_members_by_level (
    axis            TEXT NOT NULL,
    node            TEXT NOT NULL,
    node_level      INTEGER NOT NULL,
    year            INTEGER NOT NULL,
    organization_id BIGINT NOT NULL,
    activities      BIGINT NOT NULL,
    PRIMARY KEY (axis, node_level, node, year, organization_id)
) WITHOUT ROWID;
INSERT INTO stat_members_by_level SELECT axis, node, node_level, year, organization_id, activities
    FROM stat_members;
DROP TABLE stat_members;
ALTER TABLE stat_members_by_level RENAME TO stat_members;
-- The organization page's regions (one organization's memberships at one level) read from this index alone:
-- with the table keyed by level first, SQLite preferred scanning a whole level of the key (80 ms at 1 M
-- transactions) to an index that did not hold the activities (under 1 ms now).
CREATE INDEX stat_members_org ON stat_members(organization_id, axis, node_level, node, activities);
