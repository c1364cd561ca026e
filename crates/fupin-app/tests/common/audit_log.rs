//! Helpers of the audit-chain tests: a manual-clock app, entries written through `App::audit`,
//! fresh databases, and the column-by-column tampering an attacker with database access could do.

use fupin_app::audit_chain::ChainProblem;
use fupin_app::{Actor, Affiliation, App, AuditEvent, Clock, ManualClock, Outcome, PiiKeys};
use fupin_domain::Role;
use fupin_store::audit::{self, AuditRow};
use fupin_store::testing::{self, TestDb};
use fupin_store::{Backend, Db, Value};
use time::{Duration, OffsetDateTime};

pub const ENTRIES: i64 = 20;

/// A fresh migrated database of the same backend as `like`.
pub async fn fresh(like: &Db) -> TestDb {
    match like.backend() {
        Backend::Sqlite => testing::sqlite().await,
        Backend::Postgres => testing::postgres().await.unwrap(),
    }
}

pub fn app(db: &Db) -> (App, ManualClock) {
    let start = OffsetDateTime::now_utc() - Duration::days(400);
    let (clock, hand) = Clock::manual(start);
    let keys = PiiKeys::from_hex(&"5a".repeat(64)).unwrap();
    (App::new(db.clone(), keys).with_clock(clock), hand)
}

pub fn auditor() -> Actor {
    Actor {
        user_id: Some(3),
        name: "auditor".into(),
        roles: vec![Role::Auditor],
        affiliation: Affiliation::Platform,
        source: "10.0.0.3".into(),
    }
}

/// Entry `k` (from 1) as written: actor `user{k%3}`, action `test.step` or `test.other`, every
/// fifth one denied, with ASCII and Chinese detail, `days` apart.
pub async fn write(app: &App, clock: &ManualClock, from: i64, to: i64, days: i64) {
    for k in from..=to {
        let action = if k % 2 == 0 {
            "test.step"
        } else {
            "test.other"
        };
        let mut event = AuditEvent::new(action, "thing", k).detail(format!("step {k:02} 第{k}步"));
        if k % 5 == 0 {
            event = event.outcome(Outcome::Denied);
        }
        let actor = Actor {
            user_id: (k % 4 != 0).then_some(100 + k % 3),
            name: format!("user{}", k % 3),
            ..Actor::public_at("192.0.2.7")
        };
        app.audit(&actor, event).await.unwrap();
        clock.advance(Duration::days(days));
    }
}

pub async fn problem(app: &App, head: Option<&str>) -> (u64, Option<ChainProblem>) {
    let report = app.verify_audit_chain(head).await.unwrap();
    (report.checked, report.problem)
}

pub async fn row(db: &Db, id: i64) -> AuditRow {
    audit::get(db, id).await.unwrap().unwrap()
}

pub fn flip_last(text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let i = bytes.iter().rposition(u8::is_ascii_alphanumeric).unwrap();
    bytes[i] ^= 1;
    String::from_utf8(bytes).unwrap()
}

pub fn flip_first(bytes: &[u8]) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    bytes[0] ^= 0x80;
    bytes
}

pub const COLUMNS: [&str; 10] = [
    "detail",
    "actor_name",
    "action",
    "target_id",
    "source_addr",
    "outcome",
    "actor_id",
    "at",
    "prev_hash",
    "hash",
];

/// A column of `row` as stored, and the same with one byte (or one microsecond) changed.
pub fn column_of(row: &AuditRow, column: &str) -> (Value, Value) {
    let text = |s: &str| (Value::from(s), Value::from(flip_last(s)));
    match column {
        "detail" => text(&row.detail),
        "actor_name" => text(&row.actor_name),
        "action" => text(&row.action),
        "target_id" => text(&row.target_id),
        "source_addr" => text(&row.source_addr),
        // A refusal turned into a success (and back), as a culprit would want.
        "outcome" => {
            let other = if row.outcome == "ok" { "denied" } else { "ok" };
            (row.outcome.as_str().into(), other.into())
        }
        "actor_id" => (
            row.actor_id.into(),
            row.actor_id.map_or(Some(1), |_| None::<i64>).into(),
        ),
        "at" => (row.at.into(), (row.at + Duration::microseconds(1)).into()),
        "prev_hash" => (
            row.prev_hash.clone().into(),
            flip_first(&row.prev_hash).into(),
        ),
        "hash" => (row.hash.clone().into(), flip_first(&row.hash).into()),
        other => panic!("no column {other}"),
    }
}

/// Overwrites one column of entry `id`, as someone with access to the database could.
pub async fn set(db: &Db, id: i64, column: &str, value: Value) {
    let sql = match column {
        "detail" => "UPDATE audit_log SET detail = $2 WHERE id = $1",
        "actor_name" => "UPDATE audit_log SET actor_name = $2 WHERE id = $1",
        "action" => "UPDATE audit_log SET action = $2 WHERE id = $1",
        "target_id" => "UPDATE audit_log SET target_id = $2 WHERE id = $1",
        "outcome" => "UPDATE audit_log SET outcome = $2 WHERE id = $1",
        "source_addr" => "UPDATE audit_log SET source_addr = $2 WHERE id = $1",
        "actor_id" => "UPDATE audit_log SET actor_id = $2 WHERE id = $1",
        "at" => "UPDATE audit_log SET at = $2 WHERE id = $1",
        "prev_hash" => "UPDATE audit_log SET prev_hash = $2 WHERE id = $1",
        "hash" => "UPDATE audit_log SET hash = $2 WHERE id = $1",
        other => panic!("no column {other}"),
    };
    assert_eq!(db.execute(sql, &[id.into(), value]).await.unwrap(), 1);
}
