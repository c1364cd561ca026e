-- Assistance lists beside the 建档立卡 registry (农村低保, 特困人员, 贫困残疾人), SQLite. Keep in step
-- with ../postgres/0008_assistance_lists.sql.

-- Each import of a list for a region: the file is the list's new state there.
CREATE TABLE list_imports (
    id          INTEGER PRIMARY KEY,
    list_kind   TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    effective   TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    region_code TEXT NOT NULL,
    added       BIGINT NOT NULL DEFAULT 0,
    changed     BIGINT NOT NULL DEFAULT 0,
    removed     BIGINT NOT NULL DEFAULT 0,
    unchanged   BIGINT NOT NULL DEFAULT 0
);

-- One row per person and list. `status` is active / exited / deceased, `exit_year` the year the
-- person left the list or died; `import_id` the import that last wrote the row.
CREATE TABLE list_members (
    id           INTEGER PRIMARY KEY,
    list_kind    TEXT NOT NULL,
    name         TEXT NOT NULL,
    id_hash      BLOB NOT NULL,
    id_cipher    BLOB NOT NULL,
    id_masked    TEXT NOT NULL,
    village_code TEXT NOT NULL,
    status       TEXT NOT NULL,
    exit_year    INTEGER,
    import_id    INTEGER NOT NULL REFERENCES list_imports(id)
);
CREATE UNIQUE INDEX list_members_key ON list_members(list_kind, id_hash);
CREATE INDEX list_members_village ON list_members(list_kind, village_code);
