-- Activity workflow (SQLite). Keep in step with ../postgres/0003_activity_workflow.sql.
-- draft → submitted → accepted | returned → published; a published activity is corrected by a new
-- version that supersedes it (at most one per version, so versions form a chain).

ALTER TABLE activities ADD COLUMN submitted_at TEXT;
ALTER TABLE activities ADD COLUMN reviewer_unit_id INTEGER REFERENCES gov_units(id);
CREATE UNIQUE INDEX activities_supersedes ON activities(supersedes_id);

-- Every review decision with its comment: what the organization sees when its report is returned.
CREATE TABLE activity_reviews (
    id            INTEGER PRIMARY KEY,
    activity_id   INTEGER NOT NULL REFERENCES activities(id),
    unit_id       INTEGER REFERENCES gov_units(id),
    reviewer_id   INTEGER REFERENCES users(id),
    reviewer_name TEXT NOT NULL,
    decision      TEXT NOT NULL CHECK (decision IN ('submitted', 'accepted', 'returned', 'published')),
    comment       TEXT NOT NULL DEFAULT '',
    decided_at    TEXT NOT NULL
);
CREATE INDEX activity_reviews_activity ON activity_reviews(activity_id, id);
