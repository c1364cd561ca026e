//! The adjudication queue (人工核定): doubtful roster entries a poverty office decides on.
//!
//! An entry is doubtful when its verdict is not verified. Items open when a verification stores
//! such a verdict, and close by themselves (`closed_by_correction`) once the entry is verified,
//! replaced or its activity superseded. Queues are scoped by region: the registered village of
//! the person, else the activity's first location.

use time::{Date, OffsetDateTime};

use crate::db::{Db, Tx, Value};
use crate::error::StoreError;
use crate::scope::Scope;

/// The statuses that count as verified (and so never open an item).
macro_rules! verified_statuses {
    () => {
        "('verified', 'homophone', 'typo')"
    };
}

/// The items (alias `j`) a scope admits: all, or those whose region lies under the prefix.
macro_rules! item_in_scope {
    () => {
        "($1 = 'all' OR ($1 = 'region' AND j.region_code >= $2 AND j.region_code < $3))"
    };
}

/// Opens (or re-opens, with the new status) an item for every doubtful verdict of `activity_id`,
/// in the queue of the village where the person is registered (in the registry, else on the list
/// of the entry's category, whose codes are the categories'), else of the activity's first place.
/// A decided item keeps its decision but takes the new status.
pub async fn open_for_activity(
    tx: &mut Tx,
    activity_id: i64,
    at: OffsetDateTime,
) -> Result<u64, StoreError> {
    tx.execute(
        concat!(
            "INSERT INTO adjudications (entry_id, activity_id, region_code, status, state, opened_at) \
             SELECT v.entry_id, v.activity_id, \
                    COALESCE(p.village_code, m.village_code, \
                             (SELECT MIN(l.region_code) FROM activity_locations l \
                              WHERE l.activity_id = v.activity_id), ''), \
                    v.status, 'open', $2 \
             FROM roster_verdicts v JOIN roster_entries e ON e.id = v.entry_id \
             LEFT JOIN registry_persons p ON p.id_hash = e.id_hash \
             LEFT JOIN list_members m ON m.id_hash = e.id_hash AND m.list_kind = e.category \
             WHERE v.activity_id = $1 AND v.status NOT IN ",
            verified_statuses!(),
            " ON CONFLICT (entry_id) DO UPDATE SET status = excluded.status, \
               state = CASE WHEN adjudications.state = 'closed_by_correction' THEN 'open' \
                            ELSE adjudications.state END"
        ),
        &[Value::from(activity_id), Value::from(at)],
    )
    .await
}

/// Closes open items whose entry is now verified or gone, or whose activity is no longer the
/// current version; returns how many closed.
pub async fn close_stale(tx: &mut Tx, at: OffsetDateTime) -> Result<u64, StoreError> {
    tx.execute(
        concat!(
            "UPDATE adjudications SET state = 'closed_by_correction', decided_at = $1, \
               comment = '数据已更正，自动关闭' \
             WHERE state = 'open' AND ( \
               NOT EXISTS (SELECT 1 FROM roster_verdicts v WHERE v.entry_id = adjudications.entry_id \
                           AND v.status NOT IN ",
            verified_statuses!(),
            ") OR NOT EXISTS (SELECT 1 FROM activities a \
                             WHERE a.id = adjudications.activity_id AND a.is_current))"
        ),
        &[Value::from(at)],
    )
    .await
}

/// A queue line (no personal data: the page shows the masked ID only).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QueueRow {
    /// Item id.
    pub id: i64,
    /// Activity.
    pub activity_id: i64,
    /// Its title.
    pub activity_title: String,
    /// Its organization's name.
    pub organization_name: String,
    /// Row in the roster.
    pub row_no: Option<i32>,
    /// Masked ID number.
    pub id_masked: Option<String>,
    /// Verdict status code.
    pub status: String,
    /// Item state.
    pub state: String,
    /// Region deciding the queue.
    pub region_code: String,
    /// Opened.
    pub opened_at: OffsetDateTime,
}

/// Items in `state` ('' for any) within `scope`, oldest first.
pub async fn queue(
    db: &Db,
    scope: &Scope,
    state: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<QueueRow>, StoreError> {
    db.fetch_all(
        concat!(
            "SELECT j.id, j.activity_id, a.title AS activity_title, o.name AS organization_name, \
                    e.row_no, e.id_masked, j.status, j.state, j.region_code, j.opened_at \
             FROM adjudications j JOIN activities a ON a.id = j.activity_id \
             JOIN organizations o ON o.id = a.organization_id \
             LEFT JOIN roster_entries e ON e.id = j.entry_id \
             WHERE ",
            item_in_scope!(),
            " AND ($5 = '' OR j.state = $5) ORDER BY j.id LIMIT $6 OFFSET $7"
        ),
        &scope.with([Value::from(state), Value::from(limit), Value::from(offset)]),
    )
    .await
}

/// Items per state within `scope`.
pub async fn counts(db: &Db, scope: &Scope) -> Result<Vec<(String, i64)>, StoreError> {
    db.fetch_all(
        concat!(
            "SELECT j.state, COUNT(*) FROM adjudications j WHERE ",
            item_in_scope!(),
            " GROUP BY j.state ORDER BY j.state"
        ),
        &scope.params(),
    )
    .await
}

/// One item with the claim beside the registry record (personal data: for the officer's page,
/// masked there unless the full view is asked for and audited).
#[derive(Clone, sqlx::FromRow)]
pub struct ItemRow {
    /// Item id.
    pub id: i64,
    /// Verdict status code.
    pub status: String,
    /// Item state.
    pub state: String,
    /// Decision comment.
    pub comment: String,
    /// Who decided.
    pub decider_name: String,
    /// When decided.
    pub decided_at: Option<OffsetDateTime>,
    /// Activity.
    pub activity_id: i64,
    /// Its title.
    pub activity_title: String,
    /// Its organization.
    pub organization_id: i64,
    /// The organization's name.
    pub organization_name: String,
    /// Entry (gone when the roster was replaced).
    pub entry_id: i64,
    /// Row in the roster.
    pub row_no: Option<i32>,
    /// Name on the roster.
    pub claim_name: Option<String>,
    /// Masked ID on the roster.
    pub claim_id_masked: Option<String>,
    /// Encrypted ID on the roster (for the audited full view).
    pub claim_id_cipher: Option<Vec<u8>>,
    /// Village on the roster.
    pub claim_village: Option<String>,
    /// Category claimed.
    pub claim_category: Option<String>,
    /// Aid claimed.
    pub claim_aid_fen: Option<i64>,
    /// Date of service.
    pub service_date: Option<Date>,
    /// Reasons (no registry data).
    pub reasons_zh: Option<String>,
    /// Registry name.
    pub registry_name: Option<String>,
    /// Registry masked ID.
    pub registry_id_masked: Option<String>,
    /// Registry status code.
    pub registry_status: Option<String>,
    /// Registry exit year.
    pub registry_exit_year: Option<i32>,
    /// Registered village.
    pub registry_village: Option<String>,
    /// The person on the list of the claim's category (低保, 特困, 贫困残疾人): name.
    pub list_name: Option<String>,
    /// List record: masked ID.
    pub list_id_masked: Option<String>,
    /// List record: status code.
    pub list_status: Option<String>,
    /// List record: year left or died.
    pub list_exit_year: Option<i32>,
    /// List record: village.
    pub list_village: Option<String>,
}

impl std::fmt::Debug for ItemRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemRow")
            .field("id", &self.id)
            .field("status", &self.status)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// One item within `scope`.
pub async fn item(db: &Db, scope: &Scope, id: i64) -> Result<Option<ItemRow>, StoreError> {
    db.fetch_optional(
        concat!(
            "SELECT j.id, j.status, j.state, j.comment, j.decider_name, j.decided_at, \
                    j.activity_id, a.title AS activity_title, a.organization_id, \
                    o.name AS organization_name, j.entry_id, e.row_no, e.name AS claim_name, \
                    e.id_masked AS claim_id_masked, e.id_cipher AS claim_id_cipher, \
                    e.village_code AS claim_village, e.category AS claim_category, \
                    e.aid_fen AS claim_aid_fen, e.service_date, v.reasons_zh, \
                    p.name AS registry_name, p.id_masked AS registry_id_masked, \
                    p.status AS registry_status, p.exit_year AS registry_exit_year, \
                    p.village_code AS registry_village, m.name AS list_name, \
                    m.id_masked AS list_id_masked, m.status AS list_status, \
                    m.exit_year AS list_exit_year, m.village_code AS list_village \
             FROM adjudications j JOIN activities a ON a.id = j.activity_id \
             JOIN organizations o ON o.id = a.organization_id \
             LEFT JOIN roster_entries e ON e.id = j.entry_id \
             LEFT JOIN roster_verdicts v ON v.entry_id = j.entry_id \
             LEFT JOIN registry_persons p ON p.id_hash = e.id_hash \
             LEFT JOIN list_members m ON m.id_hash = e.id_hash AND m.list_kind = e.category \
             WHERE ",
            item_in_scope!(),
            " AND j.id = $5"
        ),
        &scope.with([Value::from(id)]),
    )
    .await
}

/// A decision on an open item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// 维持: the doubt stands; the entry does not count as verified.
    Upheld,
    /// 改判: the officer accepts the claim after checking.
    Overturned,
}

impl Decision {
    /// Stored state.
    pub const fn code(self) -> &'static str {
        match self {
            Decision::Upheld => "upheld",
            Decision::Overturned => "overturned",
        }
    }
}

/// Decides an open item within `scope` in `tx`; returns false when there is no such open item.
pub async fn decide(
    tx: &mut Tx,
    scope: &Scope,
    id: i64,
    decision: Decision,
    comment: &str,
    (user_id, user_name): (i64, &str),
    at: OffsetDateTime,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            concat!(
                "UPDATE adjudications SET state = $6, comment = $7, decided_by = $8, \
                   decider_name = $9, decided_at = $10 \
                 WHERE id = $5 AND state = 'open' AND id IN (SELECT j.id FROM adjudications j WHERE ",
                item_in_scope!(),
                ")"
            ),
            &scope.with([
                Value::from(id),
                Value::from(decision.code()),
                Value::from(comment),
                Value::from(user_id),
                Value::from(user_name),
                Value::from(at),
            ]),
        )
        .await?;
    Ok(changed == 1)
}

/// States of the items of one activity's entries, by entry (what the organization may see).
pub async fn states_for_activity(
    db: &Db,
    activity_id: i64,
) -> Result<Vec<(i64, String, String)>, StoreError> {
    db.fetch_all(
        "SELECT entry_id, state, comment FROM adjudications WHERE activity_id = $1 ORDER BY entry_id",
        &[Value::from(activity_id)],
    )
    .await
}
