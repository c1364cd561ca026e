-- Public search (PostgreSQL). Keep in step with ../sqlite/0005_search.sql.
-- One row per published activity version and per organization: the text the public search matches,
-- lowercased, with the pinyin of its title or name (initials `jyfp` and spelled `jiaoyufupin`), so a
-- query is a handful of LIKE conditions on one table. Written by fupin-store search::index_pending,
-- which the search use case runs before searching (published versions are never edited, so a row
-- once written stays right; superseded versions are filtered out by the query).
CREATE TABLE search_docs (
    kind      TEXT NOT NULL CHECK (kind IN ('activity', 'organization')),
    record_id BIGINT NOT NULL,
    head      TEXT NOT NULL,
    body      TEXT NOT NULL,
    initials  TEXT NOT NULL,
    spelled   TEXT NOT NULL,
    PRIMARY KEY (kind, record_id)
);

-- When the index was last brought up to date (one row); its update also serializes indexers.
CREATE TABLE search_state (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at TIMESTAMPTZ
);
INSERT INTO search_state (id, checked_at) VALUES (1, NULL);
