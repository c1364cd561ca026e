-- Verification and spot checks (issue 5), SQLite. Keep in step with ../postgres/0007_verification.sql.

-- The registry's history: one row per status a person held, from the import that recorded it, so a
-- claim is judged against the status that held on its service date. `valid_to` is NULL for the
-- current row.
CREATE TABLE registry_status_history (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES registry_persons(id),
    status      TEXT NOT NULL,
    exit_year   INTEGER,
    village_code TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    import_id   INTEGER
);
CREATE INDEX registry_status_history_person ON registry_status_history(person_id, valid_from);

-- Each registry import (first load or update) and what it changed.
CREATE TABLE registry_imports (
    id          INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    effective   TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    actor_name  TEXT NOT NULL,
    region_code TEXT NOT NULL,
    added       BIGINT NOT NULL DEFAULT 0,
    changed     BIGINT NOT NULL DEFAULT 0,
    exited      BIGINT NOT NULL DEFAULT 0,
    deceased    BIGINT NOT NULL DEFAULT 0,
    removed     BIGINT NOT NULL DEFAULT 0,
    unchanged   BIGINT NOT NULL DEFAULT 0
);

-- A verification run: on a roster's submission, or in bulk (`fupin verify`); resumable by the last
-- activity whose verdicts are stored.
CREATE TABLE verification_runs (
    id               INTEGER PRIMARY KEY,
    trigger_kind     TEXT NOT NULL CHECK (trigger_kind IN ('submission', 'bulk')),
    scope_region     TEXT NOT NULL DEFAULT '',
    scope_year       INTEGER,
    started_at       TEXT NOT NULL,
    finished_at      TEXT,
    started_by       TEXT NOT NULL,
    entries_total    BIGINT NOT NULL DEFAULT 0,
    entries_done     BIGINT NOT NULL DEFAULT 0,
    last_activity_id BIGINT NOT NULL DEFAULT 0
);

-- The latest verdict on each roster entry. `reason_codes` and `reasons_zh` hold no registry data
-- (the organization may see them); `claims` counts other organizations claiming the person that year.
CREATE TABLE roster_verdicts (
    entry_id     INTEGER PRIMARY KEY REFERENCES roster_entries(id),
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    status       TEXT NOT NULL,
    reason_codes TEXT NOT NULL,
    reasons_zh   TEXT NOT NULL,
    name_score   INTEGER,
    claims       INTEGER NOT NULL DEFAULT 0,
    run_id       INTEGER NOT NULL REFERENCES verification_runs(id),
    verified_at  TEXT NOT NULL
);
CREATE INDEX roster_verdicts_activity ON roster_verdicts(activity_id, status);

-- Per activity: the verified share and quality points of its latest verification.
CREATE TABLE activity_verification (
    activity_id      INTEGER PRIMARY KEY REFERENCES activities(id),
    organization_id  INTEGER NOT NULL REFERENCES organizations(id),
    entries          BIGINT NOT NULL,
    verified         BIGINT NOT NULL,
    quality_points   BIGINT NOT NULL,
    aid_fen          BIGINT NOT NULL,
    verified_aid_fen BIGINT NOT NULL,
    run_id           INTEGER NOT NULL REFERENCES verification_runs(id),
    verified_at      TEXT NOT NULL
);
CREATE INDEX activity_verification_org ON activity_verification(organization_id);

-- Anomalies found by the last bulk run: aid far from similar activities, evidence shared across
-- organizations, persons aided by many organizations. `detail_zh` holds no personal data.
CREATE TABLE anomalies (
    id              INTEGER PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES verification_runs(id),
    kind            TEXT NOT NULL,
    activity_id     INTEGER REFERENCES activities(id),
    organization_id INTEGER REFERENCES organizations(id),
    region_code     TEXT NOT NULL DEFAULT '',
    score           BIGINT NOT NULL DEFAULT 0,
    detail_zh       TEXT NOT NULL,
    found_at        TEXT NOT NULL
);
CREATE INDEX anomalies_activity ON anomalies(activity_id);

-- The adjudication queue: doubtful entries a poverty office decides on. `region_code` (the
-- registered village, else the activity's first location) decides whose queue holds the item.
-- `entry_id` has no foreign key: a corrected roster replaces its entries, and the item then closes
-- (state `closed_by_correction`) instead of blocking the correction.
CREATE TABLE adjudications (
    id             INTEGER PRIMARY KEY,
    entry_id       INTEGER NOT NULL UNIQUE,
    activity_id    INTEGER NOT NULL REFERENCES activities(id),
    region_code    TEXT NOT NULL,
    status         TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('open', 'upheld', 'overturned', 'closed_by_correction')),
    opened_at      TEXT NOT NULL,
    decided_at     TEXT,
    decided_by     INTEGER REFERENCES users(id),
    decider_name   TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX adjudications_queue ON adjudications(state, region_code);

-- Spot-check rounds (抽查): the scope, the frozen frame, the seed and the draw, and the findings.
CREATE TABLE spot_check_rounds (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    region_prefix TEXT NOT NULL DEFAULT '',
    unit_id       INTEGER REFERENCES gov_units(id),
    year          INTEGER,
    field         TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL CHECK (size > 0),
    strata        TEXT NOT NULL,
    weights       TEXT NOT NULL,
    seed          TEXT NOT NULL,
    frame_digest  TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    creator_name  TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE TABLE spot_check_frame (
    round_id     INTEGER NOT NULL REFERENCES spot_check_rounds(id),
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    stratum      TEXT NOT NULL,
    weight_milli INTEGER NOT NULL CHECK (weight_milli > 0),
    PRIMARY KEY (round_id, activity_id)
);
CREATE TABLE spot_check_items (
    round_id    INTEGER NOT NULL REFERENCES spot_check_rounds(id),
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    rank        INTEGER NOT NULL,
    draw_key    TEXT NOT NULL,
    PRIMARY KEY (round_id, activity_id)
);
CREATE TABLE spot_check_findings (
    id              INTEGER PRIMARY KEY,
    round_id        INTEGER NOT NULL REFERENCES spot_check_rounds(id),
    activity_id     INTEGER NOT NULL REFERENCES activities(id),
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    outcome         TEXT NOT NULL CHECK (outcome IN ('confirmed', 'minor', 'serious')),
    note            TEXT NOT NULL,
    evidence_sha256 TEXT NOT NULL DEFAULT '',
    inspector_id    INTEGER REFERENCES users(id),
    inspector_name  TEXT NOT NULL,
    recorded_at     TEXT NOT NULL
);
CREATE INDEX spot_check_findings_org ON spot_check_findings(organization_id);
