#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! The audit log's hash chain, through `App::audit` and `App::verify_audit_chain`, on both
//! backends. Twenty entries are written; then, each kind of tampering on a fresh database — any
//! field of the first, a middle or the last entry changed by one byte (and changed back), one or
//! two entries deleted at the start, in the middle or near the end, a forged entry slipped in at the
//! start, in the middle or after the end — must be reported as the right `ChainProblem` naming the
//! first entry affected, with the count of entries checked before it. A cut-off newest entry is
//! caught by a recorded head. Purges keep 180 days, keep the newest entry, leave a chain that still
//! verifies from its anchor (twice in a row), and only the auditor may purge or search; searches
//! filter by actor, action (or its prefix), target, outcome and time.

mod common;

use common::audit_log::{
    COLUMNS, ENTRIES, app, auditor, column_of, fresh, problem, row, set, write,
};
use fupin_app::audit::RETENTION;
use fupin_app::audit_chain::ChainProblem;
use fupin_app::{Actor, AppError};
use fupin_domain::Role;
use fupin_store::Db;
use fupin_store::audit::{self, AuditFilter, AuditRow};
use time::Duration;

fupin_store::conformance!(
    a_changed_byte_is_named_in_any_field_and_any_position,
    a_deleted_entry_is_named_by_its_neighbours,
    a_forged_entry_is_named,
    a_cut_off_tail_is_caught_by_the_recorded_head,
    purges_keep_180_days_and_a_verifiable_chain,
    a_purge_of_everything_keeps_the_newest,
    only_the_auditor_searches_and_filters_work,
);

async fn a_changed_byte_is_named_in_any_field_and_any_position(like: Db) {
    let test_db = fresh(&like).await;
    let db = &test_db.db;
    let (app, clock) = app(db);
    write(&app, &clock, 1, ENTRIES, 1).await;
    assert_eq!(problem(&app, None).await, (ENTRIES as u64, None));
    for k in [1, 10, ENTRIES] {
        let original = row(db, k).await;
        for column in COLUMNS {
            let (stored, tampered) = column_of(&original, column);
            set(db, k, column, tampered).await;
            // The newest entry with a broken link cannot be told from a forgery appended to the
            // log (nothing follows it): it is named all the same.
            let expected = if (k, column) == (ENTRIES, "prev_hash") {
                ChainProblem::Inserted { id: k }
            } else {
                ChainProblem::Changed { id: k }
            };
            let context = format!("{column} of entry {k} changed");
            assert_eq!(
                problem(&app, None).await,
                ((k - 1) as u64, Some(expected)),
                "{context}"
            );
            set(db, k, column, stored).await;
            assert_eq!(
                problem(&app, None).await,
                (ENTRIES as u64, None),
                "{column} restored"
            );
        }
    }
}

async fn a_deleted_entry_is_named_by_its_neighbours(like: Db) {
    for gone in [vec![1], vec![10], vec![10, 11], vec![ENTRIES - 1]] {
        let test_db = fresh(&like).await;
        let db = &test_db.db;
        let (app, clock) = app(db);
        write(&app, &clock, 1, ENTRIES, 1).await;
        for id in &gone {
            db.execute("DELETE FROM audit_log WHERE id = $1", &[(*id).into()])
                .await
                .unwrap();
        }
        let (first, last) = (gone[0], gone[gone.len() - 1]);
        let expected = ChainProblem::Removed {
            after: first - 1,
            before: last + 1,
        };
        assert_eq!(
            problem(&app, None).await,
            ((first - 1) as u64, Some(expected)),
            "{gone:?} deleted"
        );
    }
}

async fn a_forged_entry_is_named(like: Db) {
    // Slipped in before entry `at`: the later entries are renumbered to make room, and the forgery
    // links to the entry before it, with a hash of the right length that is not its MAC.
    for at in [1, 11] {
        let test_db = fresh(&like).await;
        let db = &test_db.db;
        let (app, clock) = app(db);
        write(&app, &clock, 1, ENTRIES, 1).await;
        let model = row(db, at).await;
        let shift = "UPDATE audit_log SET id = id + 1000 WHERE id >= $1";
        db.execute(shift, &[at.into()]).await.unwrap();
        let back = "UPDATE audit_log SET id = id - 999 WHERE id > $1";
        db.execute(back, &[1000_i64.into()]).await.unwrap();
        let forged = AuditRow {
            action: "user.grant_role".into(),
            detail: "security_admin".into(),
            hash: model.hash.iter().map(|b| b.wrapping_add(1)).collect(),
            ..model
        };
        let mut tx = db.begin().await.unwrap();
        audit::insert(&mut tx, &forged).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            problem(&app, None).await,
            ((at - 1) as u64, Some(ChainProblem::Inserted { id: at })),
            "forged entry at {at}"
        );
    }

    // Appended after the newest entry, with a plausible link: an appended forgery and an altered
    // newest entry look alike, so either name is right, as long as entry 21 is named.
    let test_db = fresh(&like).await;
    let db = &test_db.db;
    let (app, clock) = app(db);
    write(&app, &clock, 1, ENTRIES, 1).await;
    let newest = row(db, ENTRIES).await;
    let forged = AuditRow {
        id: ENTRIES + 1,
        prev_hash: newest.hash.clone(),
        hash: vec![0x42; 32],
        ..newest
    };
    let mut tx = db.begin().await.unwrap();
    audit::insert(&mut tx, &forged).await.unwrap();
    tx.commit().await.unwrap();
    let (checked, found) = problem(&app, None).await;
    assert_eq!(checked, ENTRIES as u64);
    assert!(
        matches!(
            found,
            Some(ChainProblem::Inserted { id: 21 } | ChainProblem::Changed { id: 21 })
        ),
        "{found:?}"
    );
}

async fn a_cut_off_tail_is_caught_by_the_recorded_head(like: Db) {
    let test_db = fresh(&like).await;
    let db = &test_db.db;
    let (app, clock) = app(db);
    write(&app, &clock, 1, 10, 1).await;
    let old_head = app.verify_audit_chain(None).await.unwrap().head.unwrap();
    write(&app, &clock, 11, ENTRIES, 1).await;
    let report = app.verify_audit_chain(Some(&old_head)).await.unwrap();
    assert_eq!(report.problem, None, "an older head is still in the chain");
    let head = report.head.unwrap();
    assert!(head.starts_with("20:"), "{head}");

    db.execute("DELETE FROM audit_log WHERE id = $1", &[ENTRIES.into()])
        .await
        .unwrap();
    assert_eq!(
        problem(&app, None).await,
        (19, None),
        "a cut alone is invisible"
    );
    let nineteen = row(db, 19).await;
    let found = format!("19:{}", hex::encode(&nineteen.hash));
    assert_eq!(
        problem(&app, Some(&head)).await,
        (19, Some(ChainProblem::Head { found }))
    );
    let (_, made_up) = problem(&app, Some("7:00ff")).await;
    assert!(matches!(made_up, Some(ChainProblem::Head { .. })));
}

async fn count_all(db: &Db) -> i64 {
    audit::count(db, &AuditFilter::default()).await.unwrap()
}

async fn purges_keep_180_days_and_a_verifiable_chain(db: Db) {
    // Entries 10 days apart, from 390 days old (entry 1) to 100 days old (entry 30).
    let (app, clock) = app(&db);
    write(&app, &clock, 1, 30, 10).await;
    clock.advance(Duration::days(90));
    let now = app.now();
    let sysadmin = Actor {
        name: "sysadmin".into(),
        roles: vec![Role::SystemAdmin],
        ..auditor()
    };

    let young = (now - RETENTION + Duration::days(1)).date();
    let result = app.purge_audit(&auditor(), young).await;
    assert!(matches!(result, Err(AppError::Invalid(_))), "{result:?}");
    let before = count_all(&db).await;
    let old = (now - Duration::days(200)).date();
    assert!(matches!(
        app.purge_audit(&sysadmin, old).await,
        Err(AppError::Forbidden)
    ));
    assert_eq!(
        count_all(&db).await,
        before + 1,
        "only the refusal was added"
    );

    let removed = app.purge_audit(&auditor(), old).await.unwrap();
    let cutoff = old.midnight().assume_utc();
    assert_eq!(
        removed, 19,
        "entries 390 … 210 days old went, 200 days old stays"
    );
    let left = audit::page(&db, 0, 1_000).await.unwrap();
    assert!(left.iter().all(|r| r.at >= cutoff));
    assert_eq!(left[0].id, 20, "the survivors keep their ids");
    let last = left.last().unwrap();
    assert_eq!(
        (last.action.as_str(), last.outcome.as_str()),
        ("audit.purge", "ok")
    );
    let (checked, found) = problem(&app, None).await;
    assert_eq!((checked, found), (left.len() as u64, None));

    // Exactly 180 days is allowed; a second purge builds on the first anchor.
    clock.advance(Duration::days(100));
    write(&app, &clock, 31, 35, 1).await;
    let edge = (app.now() - RETENTION).date();
    assert!(app.purge_audit(&auditor(), edge).await.unwrap() >= 1);
    assert_eq!(
        problem(&app, None).await.1,
        None,
        "verifies after two purges"
    );

    // Tampering after a purge is still found: the first survivor deleted, the anchor altered.
    let first = audit::page(&db, 0, 2).await.unwrap();
    db.execute("DELETE FROM audit_log WHERE id = $1", &[first[0].id.into()])
        .await
        .unwrap();
    let (_, found) = problem(&app, None).await;
    let expected = ChainProblem::Removed {
        after: first[0].id - 1,
        before: first[1].id,
    };
    assert_eq!(found, Some(expected));
    let anchor = format!("{}:{}:00", first[0].id, hex::encode([0_u8; 32]));
    fupin_store::settings::set(&db, "audit_anchor", &anchor)
        .await
        .unwrap();
    assert_eq!(problem(&app, None).await, (0, Some(ChainProblem::Anchor)));
}

async fn a_purge_of_everything_keeps_the_newest(db: Db) {
    let (app, clock) = app(&db);
    write(&app, &clock, 1, 5, 1).await;
    clock.advance(Duration::days(1_000));
    let all_old = (app.now() - RETENTION).date();
    assert_eq!(app.purge_audit(&auditor(), all_old).await.unwrap(), 4);
    let left = audit::page(&db, 0, 10).await.unwrap();
    let ids: Vec<i64> = left.iter().map(|r| r.id).collect();
    assert_eq!(ids, [5, 6], "the newest entry stays, then the purge's own");
    assert_eq!(problem(&app, None).await, (2, None));
}

async fn only_the_auditor_searches_and_filters_work(db: Db) {
    let (app, clock) = app(&db);
    write(&app, &clock, 1, ENTRIES, 1).await;
    let written = audit::page(&db, 0, 100).await.unwrap();
    let search = |filter: AuditFilter, limit: i64, offset: i64| {
        let app = app.clone();
        async move {
            app.search_audit(&auditor(), &filter, limit, offset)
                .await
                .unwrap()
        }
    };
    let cases = [
        AuditFilter {
            actor: "user1".into(),
            ..AuditFilter::default()
        },
        AuditFilter {
            action: "test.step".into(),
            ..AuditFilter::default()
        },
        AuditFilter {
            action: "test.".into(),
            outcome: "denied".into(),
            ..AuditFilter::default()
        },
        AuditFilter {
            target_id: "7".into(),
            ..AuditFilter::default()
        },
        AuditFilter {
            actor: "user".into(),
            outcome: "ok".into(),
            from: Some(written[4].at),
            until: Some(written[14].at),
            ..AuditFilter::default()
        },
    ];
    for filter in cases {
        let expected: Vec<i64> = written
            .iter()
            .rev()
            .filter(|r| r.actor_name.contains(&filter.actor))
            .filter(|r| filter.action.is_empty() || r.action.starts_with(&filter.action))
            .filter(|r| filter.target_id.is_empty() || r.target_id == filter.target_id)
            .filter(|r| filter.outcome.is_empty() || r.outcome == filter.outcome)
            .filter(|r| {
                filter.from.is_none_or(|t| r.at >= t) && filter.until.is_none_or(|t| r.at < t)
            })
            .map(|r| r.id)
            .collect();
        assert!(!expected.is_empty(), "{filter:?} finds something");
        let (rows, total) = search(filter.clone(), 100, 0).await;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        assert_eq!(
            (ids, total),
            (expected.clone(), expected.len() as i64),
            "{filter:?}"
        );
        let (page, _) = search(filter.clone(), 2, 1).await;
        let ids: Vec<i64> = page.iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            expected.iter().skip(1).take(2).copied().collect::<Vec<_>>()
        );
    }
    // Each search is itself recorded; the auditor's reading does not hide the log's own reads.
    let searches = AuditFilter {
        action: "audit.search".into(),
        ..AuditFilter::default()
    };
    let (_, recorded) = search(searches.clone(), 1, 0).await;
    assert_eq!(recorded, 10, "ten searches before this one");

    for intruder in [
        Actor {
            name: "sysadmin".into(),
            roles: vec![Role::SystemAdmin],
            ..auditor()
        },
        Actor {
            name: "secadmin".into(),
            roles: vec![Role::SecurityAdmin],
            ..auditor()
        },
        Actor::public(),
    ] {
        let result = app
            .search_audit(&intruder, &AuditFilter::default(), 10, 0)
            .await;
        assert!(matches!(result, Err(AppError::Forbidden)), "{intruder:?}");
        let newest = audit::search(&db, &searches, 1, 0).await.unwrap().remove(0);
        assert_eq!(
            (newest.actor_name, newest.outcome.as_str()),
            (intruder.name, "denied")
        );
    }
    assert_eq!(problem(&app, None).await.1, None);
}
