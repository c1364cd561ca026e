-- Fupin foundation schema (SQLite). Keep in step with ../postgres/0001_foundation.sql:
-- same tables, columns and names; only the type spellings differ.
-- Money is BIGINT fen; dates are ISO text; timestamps are UTC ISO text.

-- Reference: administrative divisions, with their ancestry as columns so rollups are plain GROUP BY.
CREATE TABLE regions (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    level           INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent_code     TEXT REFERENCES regions(code),
    province_code   TEXT NOT NULL,
    prefecture_code TEXT,
    county_code     TEXT,
    township_code   TEXT,
    poor_county     BOOLEAN NOT NULL DEFAULT FALSE,
    poor_exit_year  INTEGER
);
CREATE INDEX regions_parent ON regions(parent_code);
CREATE INDEX regions_county ON regions(county_code);

-- Government units: registration authorities (民政), poverty offices (扶贫), supervisory units, industry departments.
CREATE TABLE gov_units (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    level       TEXT NOT NULL,
    region_code TEXT REFERENCES regions(code),
    name        TEXT NOT NULL UNIQUE
);
CREATE INDEX gov_units_region ON gov_units(region_code);

CREATE TABLE organizations (
    id                        INTEGER PRIMARY KEY,
    credit_code               TEXT NOT NULL UNIQUE,
    name                      TEXT NOT NULL,
    org_type                  TEXT NOT NULL,
    level                     TEXT NOT NULL,
    region_code               TEXT NOT NULL REFERENCES regions(code),
    registration_authority_id INTEGER NOT NULL REFERENCES gov_units(id),
    management_mode           TEXT NOT NULL,
    legal_representative      TEXT NOT NULL,
    registered_on             TEXT NOT NULL,
    status                    TEXT NOT NULL DEFAULT 'active',
    charity_recognized        BOOLEAN NOT NULL DEFAULT FALSE,
    public_fundraising        BOOLEAN NOT NULL DEFAULT FALSE,
    evaluation_grade          TEXT NOT NULL DEFAULT 'unrated',
    credit_status             TEXT NOT NULL DEFAULT 'normal',
    created_at                TEXT NOT NULL
);
CREATE INDEX organizations_region ON organizations(region_code);
CREATE INDEX organizations_authority ON organizations(registration_authority_id);

-- Supervision links: which supervisory units and industry departments oversee an organization.
CREATE TABLE supervision_links (
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    unit_id         INTEGER NOT NULL REFERENCES gov_units(id),
    relation        TEXT NOT NULL CHECK (relation IN ('supervisory', 'industry')),
    PRIMARY KEY (organization_id, unit_id, relation)
);
CREATE INDEX supervision_links_unit ON supervision_links(unit_id);

-- 年检年报 results per organization and year.
CREATE TABLE annual_inspections (
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    year            INTEGER NOT NULL,
    result          TEXT NOT NULL,
    PRIMARY KEY (organization_id, year)
);

-- Accounts. A user belongs to exactly one of: an organization, a government unit, the platform.
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    display_name        TEXT NOT NULL,
    password_hash       TEXT NOT NULL,
    organization_id     INTEGER REFERENCES organizations(id),
    gov_unit_id         INTEGER REFERENCES gov_units(id),
    active              BOOLEAN NOT NULL DEFAULT TRUE,
    totp_secret         BLOB,
    password_changed_at TEXT NOT NULL,
    created_at          TEXT NOT NULL,
    CHECK (organization_id IS NULL OR gov_unit_id IS NULL)
);
CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id),
    role    TEXT NOT NULL,
    PRIMARY KEY (user_id, role)
);

-- Activities (扶贫项目/活动): one row per version; a correction is a new version that supersedes the old.
CREATE TABLE activities (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations(id),
    supersedes_id   INTEGER REFERENCES activities(id),
    version         INTEGER NOT NULL DEFAULT 1,
    correction_note TEXT,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    field           TEXT NOT NULL,
    method          TEXT NOT NULL,
    status          TEXT NOT NULL,
    is_current      BOOLEAN NOT NULL DEFAULT TRUE,
    year            INTEGER NOT NULL,
    planned_start   TEXT,
    planned_end     TEXT,
    actual_start    TEXT,
    actual_end      TEXT,
    goods_value_fen BIGINT NOT NULL DEFAULT 0 CHECK (goods_value_fen >= 0),
    volunteer_hours BIGINT NOT NULL DEFAULT 0 CHECK (volunteer_hours >= 0),
    created_at      TEXT NOT NULL,
    published_at    TEXT
);
CREATE INDEX activities_org ON activities(organization_id);
CREATE INDEX activities_status_year ON activities(status, is_current, year);

-- Further fields beyond the primary one.
CREATE TABLE activity_fields (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    field       TEXT NOT NULL,
    PRIMARY KEY (activity_id, field)
);

-- Where: regions down to village, with shares in basis points (10000 = 100%).
CREATE TABLE activity_locations (
    activity_id     INTEGER NOT NULL REFERENCES activities(id),
    region_code     TEXT NOT NULL REFERENCES regions(code),
    share_bp        INTEGER NOT NULL CHECK (share_bp BETWEEN 0 AND 10000),
    province_code   TEXT NOT NULL,
    prefecture_code TEXT,
    county_code     TEXT,
    PRIMARY KEY (activity_id, region_code)
);
CREATE INDEX activity_locations_county ON activity_locations(county_code);

-- How much: pledges, commitments, disbursements and expenditures, each with its funding source.
CREATE TABLE activity_transactions (
    id              INTEGER PRIMARY KEY,
    activity_id     INTEGER NOT NULL REFERENCES activities(id),
    kind            TEXT NOT NULL,
    occurred_on     TEXT NOT NULL,
    amount_fen      BIGINT NOT NULL CHECK (amount_fen >= 0),
    funding_source  TEXT NOT NULL,
    platform        TEXT,
    filing_number   TEXT,
    contract_number TEXT,
    provider        TEXT,
    receiver        TEXT,
    provider_org_id INTEGER REFERENCES organizations(id)
);
CREATE INDEX activity_transactions_activity ON activity_transactions(activity_id);

-- Whom: counts by beneficiary category.
CREATE TABLE activity_beneficiaries (
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    category    TEXT NOT NULL,
    households  BIGINT NOT NULL DEFAULT 0 CHECK (households >= 0),
    persons     BIGINT NOT NULL DEFAULT 0 CHECK (persons >= 0),
    PRIMARY KEY (activity_id, category)
);

-- Effect: indicators with baseline, target and actual (not money, so floating point is acceptable).
CREATE TABLE activity_indicators (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id),
    code        TEXT NOT NULL,
    name        TEXT NOT NULL,
    unit        TEXT NOT NULL,
    baseline    DOUBLE PRECISION,
    target      DOUBLE PRECISION,
    actual      DOUBLE PRECISION
);
CREATE INDEX activity_indicators_activity ON activity_indicators(activity_id);

-- Co-funders and implementers, so money passed between organizations is counted once.
CREATE TABLE activity_partners (
    activity_id     INTEGER NOT NULL REFERENCES activities(id),
    role            TEXT NOT NULL CHECK (role IN ('cofunder', 'implementer')),
    name            TEXT NOT NULL,
    organization_id INTEGER REFERENCES organizations(id),
    PRIMARY KEY (activity_id, role, name)
);

-- Evidence: file metadata and its SHA-256; the bytes are kept once per hash.
CREATE TABLE evidence_blobs (
    sha256  TEXT PRIMARY KEY,
    content BLOB NOT NULL
);
CREATE TABLE evidence_files (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes   BIGINT NOT NULL,
    sha256       TEXT NOT NULL REFERENCES evidence_blobs(sha256),
    uploaded_at  TEXT NOT NULL
);
CREATE INDEX evidence_files_activity ON evidence_files(activity_id);
CREATE INDEX evidence_files_sha ON evidence_files(sha256);

-- 建档立卡 registry. ID numbers only as ciphertext, a keyed hash for matching and a masked form.
CREATE TABLE registry_households (
    id            INTEGER PRIMARY KEY,
    household_no  TEXT NOT NULL,
    village_code  TEXT NOT NULL,
    county_code   TEXT NOT NULL,
    attribute     TEXT NOT NULL,
    poverty_cause TEXT NOT NULL,
    status        TEXT NOT NULL,
    exit_year     INTEGER
);
-- The registry's indexes are dropped for a load into an empty registry and rebuilt after it
-- (fupin-store registry::LOAD_INDEXES repeats these definitions; a test keeps them equal).
CREATE UNIQUE INDEX registry_households_no ON registry_households(household_no);
CREATE INDEX registry_households_county ON registry_households(county_code);
CREATE TABLE registry_persons (
    id           INTEGER PRIMARY KEY,
    household_id INTEGER NOT NULL REFERENCES registry_households(id),
    name         TEXT NOT NULL,
    id_hash      BLOB NOT NULL,
    id_cipher    BLOB NOT NULL,
    id_masked    TEXT NOT NULL,
    relation     TEXT NOT NULL,
    status       TEXT NOT NULL,
    exit_year    INTEGER,
    village_code TEXT NOT NULL
);
CREATE UNIQUE INDEX registry_persons_hash ON registry_persons(id_hash);
CREATE INDEX registry_persons_household ON registry_persons(household_id);

-- Beneficiary rosters: the persons an activity helped. An invalid ID keeps its ciphertext and no hash.
CREATE TABLE roster_entries (
    id           INTEGER PRIMARY KEY,
    activity_id  INTEGER NOT NULL REFERENCES activities(id),
    row_no       INTEGER NOT NULL,
    name         TEXT NOT NULL,
    id_hash      BLOB,
    id_cipher    BLOB NOT NULL,
    id_masked    TEXT NOT NULL,
    village_code TEXT,
    category     TEXT NOT NULL,
    aid_fen      BIGINT NOT NULL DEFAULT 0 CHECK (aid_fen >= 0),
    service_date TEXT NOT NULL,
    UNIQUE (activity_id, row_no)
);
CREATE INDEX roster_entries_hash ON roster_entries(id_hash);

-- Audit log: every write and sensitive read, chained by hashes (hash = H(prev_hash || entry)).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    source_addr TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL
);

-- Platform settings, e.g. the fingerprint of the personal-data key the data was written with.
CREATE TABLE platform_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
