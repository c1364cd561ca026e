#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! The audit log's hash chain against tampering, on both backends: one byte flipped, one entry
//! deleted, one forged entry inserted, the newest entries cut off — each found and named — and
//! the retention rule of purges.

use fupin_app::audit_chain::ChainProblem;
use fupin_app::{Actor, App, AppError, AuditEvent, Clock, ManualClock, Outcome, PiiKeys};
use fupin_store::Db;
use fupin_store::audit::{self, AuditFilter, AuditRow};
use time::{Duration, OffsetDateTime};

fupin_store::conformance!(
    each_kind_of_tampering_is_found_and_named,
    only_the_auditor_searches_and_purges_and_never_the_last_180_days,
);

fn app(db: Db) -> (App, ManualClock) {
    let (clock, hand) = Clock::manual(OffsetDateTime::now_utc() - Duration::days(400));
    let app = App::new(db, PiiKeys::from_hex(&"ef".repeat(64)).unwrap()).with_clock(clock);
    (app, hand)
}

async fn write_entries(app: &App, clock: &ManualClock, n: usize) {
    for k in 0..n {
        let event = AuditEvent::new("test.step", "test", k).detail(format!("step {k}"));
        let event = if k % 5 == 4 {
            event.outcome(Outcome::Denied)
        } else {
            event
        };
        let actor = Actor {
            name: format!("user{}", k % 3),
            ..Actor::public_at("10.0.0.1")
        };
        app.audit(&actor, event).await.unwrap();
        clock.advance(Duration::days(10));
    }
}

async fn problem(app: &App, head: Option<&str>) -> Option<ChainProblem> {
    app.verify_audit_chain(head).await.unwrap().problem
}

async fn replace(db: &Db, row: &AuditRow) {
    let mut tx = db.begin().await.unwrap();
    tx.execute("DELETE FROM audit_log WHERE id = $1", &[row.id.into()])
        .await
        .unwrap();
    audit::insert(&mut tx, row).await.unwrap();
    tx.commit().await.unwrap();
}

async fn each_kind_of_tampering_is_found_and_named(db: Db) {
    let (app, clock) = app(db.clone());
    write_entries(&app, &clock, 20).await;
    let clean = app.verify_audit_chain(None).await.unwrap();
    assert_eq!((clean.checked, clean.problem.clone()), (20, None));
    let head = clean.head.clone().unwrap();
    assert!(head.starts_with("20:"));

    // One byte flipped in an entry's content, then in its stored hash.
    let original = audit::get(&db, 7).await.unwrap().unwrap();
    let mut flipped = original.clone();
    flipped.actor_name = flipped.actor_name.replace('u', "v");
    replace(&db, &flipped).await;
    assert_eq!(
        problem(&app, None).await,
        Some(ChainProblem::Changed { id: 7 })
    );
    let mut flipped = original.clone();
    flipped.hash[0] ^= 1;
    replace(&db, &flipped).await;
    let found = problem(&app, None).await;
    assert!(
        matches!(found, Some(ChainProblem::Changed { id: 7 })),
        "{found:?}"
    );
    replace(&db, &original).await;
    assert_eq!(problem(&app, Some(&head)).await, None, "restored");

    // One entry deleted in the middle.
    let eleventh = audit::get(&db, 11).await.unwrap().unwrap();
    db.execute("DELETE FROM audit_log WHERE id = $1", &[11_i64.into()])
        .await
        .unwrap();
    assert_eq!(
        problem(&app, None).await,
        Some(ChainProblem::Removed {
            after: 10,
            before: 12
        })
    );
    replace(&db, &eleventh).await;
    assert_eq!(problem(&app, Some(&head)).await, None, "restored");

    // One forged entry slipped in after entry 10: the later entries are renumbered to make room
    // and the forgery links to entry 10.
    let tenth = audit::get(&db, 10).await.unwrap().unwrap();
    db.execute(
        "UPDATE audit_log SET id = id + 1000 WHERE id > $1",
        &[10_i64.into()],
    )
    .await
    .unwrap();
    db.execute(
        "UPDATE audit_log SET id = id - 999 WHERE id > $1",
        &[1000_i64.into()],
    )
    .await
    .unwrap();
    let forged = AuditRow {
        id: 11,
        action: "user.grant_role".into(),
        prev_hash: tenth.hash.clone(),
        hash: vec![7; 32],
        ..tenth.clone()
    };
    let mut tx = db.begin().await.unwrap();
    audit::insert(&mut tx, &forged).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        problem(&app, None).await,
        Some(ChainProblem::Inserted { id: 11 })
    );
    db.execute("DELETE FROM audit_log WHERE id = $1", &[11_i64.into()])
        .await
        .unwrap();
    db.execute(
        "UPDATE audit_log SET id = id + 1000 WHERE id > $1",
        &[11_i64.into()],
    )
    .await
    .unwrap();
    db.execute(
        "UPDATE audit_log SET id = id - 1001 WHERE id > $1",
        &[1000_i64.into()],
    )
    .await
    .unwrap();
    assert_eq!(problem(&app, Some(&head)).await, None, "restored");

    // The newest entry cut off: a valid shorter chain, caught by the recorded head.
    db.execute("DELETE FROM audit_log WHERE id >= $1", &[19_i64.into()])
        .await
        .unwrap();
    assert_eq!(
        problem(&app, None).await,
        None,
        "a tail cut alone is invisible"
    );
    assert!(matches!(
        problem(&app, Some(&head)).await,
        Some(ChainProblem::Head { .. })
    ));
}

async fn only_the_auditor_searches_and_purges_and_never_the_last_180_days(db: Db) {
    let (app, clock) = app(db.clone());
    write_entries(&app, &clock, 20).await;
    let auditor = Actor {
        roles: vec![fupin_domain::Role::Auditor],
        affiliation: fupin_app::Affiliation::Platform,
        name: "auditor".into(),
        ..Actor::public()
    };
    let sysadmin = Actor {
        roles: vec![fupin_domain::Role::SystemAdmin],
        ..auditor.clone()
    };
    let filter = AuditFilter {
        actor: "user1".into(),
        outcome: "ok".into(),
        ..AuditFilter::default()
    };
    let (rows, total) = app.search_audit(&auditor, &filter, 50, 0).await.unwrap();
    assert!(
        rows.iter()
            .all(|r| r.actor_name == "user1" && r.outcome == "ok")
    );
    assert_eq!(total, rows.len() as i64);
    assert!(total >= 4);
    assert!(matches!(
        app.search_audit(&sysadmin, &filter, 50, 0).await,
        Err(AppError::Forbidden)
    ));

    // Entries span 200 days back from "now"; only those older than 180 days may go.
    let now = app.now();
    let young = (now - Duration::days(100)).date();
    assert!(matches!(
        app.purge_audit(&auditor, young).await,
        Err(AppError::Invalid(_))
    ));
    let old = (now - Duration::days(185)).date();
    assert!(matches!(
        app.purge_audit(&sysadmin, old).await,
        Err(AppError::Forbidden)
    ));
    let removed = app.purge_audit(&auditor, old).await.unwrap();
    assert!(removed >= 1, "entries older than 185 days were removed");
    let report = app.verify_audit_chain(None).await.unwrap();
    assert_eq!(
        report.problem, None,
        "the chain still verifies from its anchor"
    );
    let left = audit::page(&db, 0, 1000).await.unwrap();
    let cutoff = old.midnight().assume_utc();
    assert!(
        left.iter()
            .all(|r| r.at >= cutoff || r.action == "audit.purge")
    );
    assert!(
        left.iter().any(|r| r.action == "audit.purge"),
        "the purge itself is recorded"
    );

    // Tampering with the anchor is caught.
    db.execute(
        "UPDATE platform_settings SET value = $1 WHERE name = $2",
        &["1:00:00".into(), "audit_anchor".into()],
    )
    .await
    .unwrap();
    assert_eq!(problem(&app, None).await, Some(ChainProblem::Anchor));
}
