//! Public search over published activities and organizations (table `search_docs`, migration 0005).
//!
//! Each published activity version and each organization has one document row: its title or name
//! (`head`), the text a query matches (`body`), and the pinyin of its title or name as initials
//! (`initials`, `jyfp`) and spelled out (`spelled`, `jiaoyufupin`), all lowercased. The words and
//! the pinyin are computed above this crate (`fupin-app::search`); this module stores them and runs
//! the queries: every query term is one `LIKE '%term%'` condition over the three texts, so a query
//! runs the same on SQLite and PostgreSQL with a fixed number of bound parameters ([`MAX_TERMS`]).
//!
//! Published versions are never edited (a correction is a new version), so a document once
//! written stays right; the queries join the activity and keep only published, current versions.

mod query;

pub use query::{
    ActivityHit, Filters, OrganizationHit, RegionFacet, activities, count_activities,
    count_organizations, organizations, region_facets, years,
};

use time::OffsetDateTime;

use crate::bulk::BulkTable;
use crate::db::{Db, Tx, Value};
use crate::error::StoreError;

/// Query terms bound per search; the caller folds further terms into the last one.
pub const MAX_TERMS: usize = 6;

/// Documents written per indexing turn; more wait for the next search.
pub const INDEX_BATCH: i64 = 20_000;

/// The document table, for [`Tx::bulk_insert`].
pub const DOCS: BulkTable = BulkTable {
    table: "search_docs",
    columns: &["kind", "record_id", "head", "body", "initials", "spelled"],
};

/// What a document describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A published activity version.
    Activity,
    /// An organization.
    Organization,
}

impl DocKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            DocKind::Activity => "activity",
            DocKind::Organization => "organization",
        }
    }
}

/// A document to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDoc {
    /// What it describes.
    pub kind: DocKind,
    /// The activity or organization id.
    pub record_id: i64,
    /// Title or name, lowercased (ranks a hit in the title first).
    pub head: String,
    /// Every text the search matches, lowercased.
    pub body: String,
    /// Pinyin initials of the title (or name) and labels, lowercased ASCII.
    pub initials: String,
    /// Pinyin spelled out, lowercased ASCII.
    pub spelled: String,
}

impl NewDoc {
    /// The row for [`DOCS`].
    pub fn values(&self) -> Vec<Value> {
        vec![
            Value::from(self.kind.code()),
            Value::from(self.record_id),
            Value::from(self.head.as_str()),
            Value::from(self.body.as_str()),
            Value::from(self.initials.as_str()),
            Value::from(self.spelled.as_str()),
        ]
    }
}

/// A published activity version not yet indexed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingActivity {
    /// Version id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Field code.
    pub field: String,
    /// Method code.
    pub method: String,
    /// The reporting organization's name.
    pub organization_name: String,
}

/// An organization not yet indexed.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PendingOrganization {
    /// Organization id.
    pub id: i64,
    /// Name.
    pub name: String,
}

/// Takes this indexing turn if the index was last brought up to date before `stale_before`,
/// marking it checked at `now`. The update also serializes concurrent indexers: a second one
/// waits for the first to commit, then finds the index fresh and does nothing.
pub async fn claim(
    tx: &mut Tx,
    now: OffsetDateTime,
    stale_before: OffsetDateTime,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            "UPDATE search_state SET checked_at = $1 \
             WHERE id = 1 AND (checked_at IS NULL OR checked_at < $2)",
            &[Value::from(now), Value::from(stale_before)],
        )
        .await?;
    Ok(changed == 1)
}

/// Marks the index as not up to date, so the next search indexes more (a turn hit its batch size).
pub async fn mark_stale(tx: &mut Tx) -> Result<(), StoreError> {
    tx.execute(
        "UPDATE search_state SET checked_at = NULL WHERE id = 1",
        &[],
    )
    .await?;
    Ok(())
}

/// Forgets when the index was checked, so the next search looks for new documents at once.
pub async fn invalidate(db: &Db) -> Result<(), StoreError> {
    db.execute(
        "UPDATE search_state SET checked_at = NULL WHERE id = 1",
        &[],
    )
    .await?;
    Ok(())
}

/// Published activity versions without a document, oldest first, at most `limit`.
pub async fn pending_activities(
    tx: &mut Tx,
    limit: i64,
) -> Result<Vec<PendingActivity>, StoreError> {
    tx.fetch_all(
        "SELECT a.id, a.title, a.description, a.field, a.method, o.name AS organization_name \
         FROM activities a JOIN organizations o ON o.id = a.organization_id \
         WHERE a.status = 'published' AND NOT EXISTS (SELECT 1 FROM search_docs d \
         WHERE d.kind = 'activity' AND d.record_id = a.id) ORDER BY a.id LIMIT $1",
        &[Value::from(limit)],
    )
    .await
}

/// Organizations without a document, oldest first, at most `limit`.
pub async fn pending_organizations(
    tx: &mut Tx,
    limit: i64,
) -> Result<Vec<PendingOrganization>, StoreError> {
    tx.fetch_all(
        "SELECT o.id, o.name FROM organizations o WHERE NOT EXISTS (SELECT 1 FROM search_docs d \
         WHERE d.kind = 'organization' AND d.record_id = o.id) ORDER BY o.id LIMIT $1",
        &[Value::from(limit)],
    )
    .await
}

/// Writes documents (none of them may exist yet: call inside the turn [`claim`] took).
pub async fn insert(tx: &mut Tx, docs: &[NewDoc]) -> Result<u64, StoreError> {
    tx.bulk_insert(DOCS, docs.iter().map(NewDoc::values).collect())
        .await
}

/// Number of documents of a kind.
pub async fn count_docs(db: &Db, kind: DocKind) -> Result<i64, StoreError> {
    db.fetch_i64(
        "SELECT COUNT(*) FROM search_docs WHERE kind = $1",
        &[Value::from(kind.code())],
    )
    .await
}

/// A `LIKE … ESCAPE '\'` pattern matching text that contains `term`, compared in lower case
/// (`LOWER(column) LIKE pattern`), so that SQLite and PostgreSQL agree: SQLite's `LIKE` ignores
/// ASCII case and PostgreSQL's does not. `%` and `_` in `term` match themselves.
pub fn contains_pattern(term: &str) -> String {
    format!("%{}%", escape_like(&term.to_lowercase()))
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like("100%_a\\b"), "100\\%\\_a\\\\b");
        assert_eq!(escape_like("教育"), "教育");
    }

    #[test]
    fn doc_rows_match_the_table() {
        let doc = NewDoc {
            kind: DocKind::Organization,
            record_id: 7,
            head: "a".into(),
            body: "a".into(),
            initials: "a".into(),
            spelled: "a".into(),
        };
        assert_eq!(doc.values().len(), DOCS.columns.len());
    }
}
