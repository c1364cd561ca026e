#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Store conformance of accounts and sessions (migration 0002) on SQLite and PostgreSQL: the
//! same calls give the same answers on both engines.

use fupin_domain::Role;
use fupin_store::sessions::{self, NewSession};
use fupin_store::users::{self, NewUser};
use fupin_store::{Db, migrate};
use time::Duration;
use time::macros::datetime;

fupin_store::conformance!(
    sessions_live_move_and_expire,
    users_keep_failures_password_history_and_totp_steps,
    migration_0002_is_applied,
);

async fn user(db: &Db, username: &str) -> i64 {
    let mut tx = db.begin().await.unwrap();
    let id = users::insert(
        &mut tx,
        &NewUser {
            username: username.into(),
            display_name: format!("显示{username}"),
            password_hash: "$argon2id$old".into(),
            organization_id: None,
            gov_unit_id: None,
            roles: vec![],
        },
        datetime!(2026-01-01 00:00 UTC),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn sessions_live_move_and_expire(db: Db) {
    let alice = user(&db, "alice").await;
    let bob = user(&db, "bob").await;
    let t0 = datetime!(2026-11-28 08:00:00.123456 UTC);
    let mut tx = db.begin().await.unwrap();
    for (hash, who) in [
        (vec![1; 32], alice),
        (vec![2; 32], alice),
        (vec![3; 32], bob),
    ] {
        let session = NewSession {
            token_hash: hash,
            user_id: who,
            csrf_token: "csrf".into(),
            stage: "totp".into(),
            source_addr: "10.0.0.1".into(),
        };
        sessions::insert(&mut tx, &session, t0).await.unwrap();
    }
    tx.commit().await.unwrap();
    let row = sessions::get(&db, &[1; 32]).await.unwrap().unwrap();
    assert_eq!((row.user_id, row.stage.as_str()), (alice, "totp"));
    assert_eq!(row.created_at, t0, "microseconds kept");
    assert!(sessions::get(&db, &[9; 32]).await.unwrap().is_none());

    let mut tx = db.begin().await.unwrap();
    sessions::set_stage(&mut tx, &[1; 32], "full")
        .await
        .unwrap();
    tx.commit().await.unwrap();
    sessions::touch(&db, &[1; 32], t0 + Duration::minutes(20))
        .await
        .unwrap();
    let row = sessions::get(&db, &[1; 32]).await.unwrap().unwrap();
    assert_eq!(row.stage, "full");
    assert_eq!(row.last_seen_at, t0 + Duration::minutes(20));

    let gone = sessions::delete_expired(&db, t0 + Duration::minutes(10), t0 - Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(gone, 2, "the two untouched sessions were idle");
    assert!(sessions::get(&db, &[1; 32]).await.unwrap().is_some());

    let mut tx = db.begin().await.unwrap();
    assert_eq!(sessions::delete_for_user(&mut tx, alice).await.unwrap(), 1);
    tx.commit().await.unwrap();
    assert!(sessions::get(&db, &[1; 32]).await.unwrap().is_none());
}

async fn users_keep_failures_password_history_and_totp_steps(db: Db) {
    let id = user(&db, "carol").await;
    let _ = user(&db, "carl").await;
    let t = datetime!(2026-11-28 09:00 UTC);
    let mut tx = db.begin().await.unwrap();
    users::set_failures(&mut tx, id, 3, Some(t), Some(t + Duration::minutes(15)))
        .await
        .unwrap();
    users::set_password(&mut tx, id, "$argon2id$new", true, t)
        .await
        .unwrap();
    assert!(users::grant_role(&mut tx, id, Role::Officer).await.unwrap());
    assert!(
        !users::grant_role(&mut tx, id, Role::Officer).await.unwrap(),
        "idempotent"
    );
    assert!(users::use_totp_step(&mut tx, id, 100).await.unwrap());
    assert!(
        !users::use_totp_step(&mut tx, id, 100).await.unwrap(),
        "a step is good once"
    );
    assert!(
        !users::use_totp_step(&mut tx, id, 99).await.unwrap(),
        "and never an older one"
    );
    assert!(users::use_totp_step(&mut tx, id, 101).await.unwrap());
    tx.commit().await.unwrap();

    let row = users::get(&db, id).await.unwrap().unwrap();
    assert_eq!(row.failed_attempts, 3);
    assert_eq!(row.locked_until, Some(t + Duration::minutes(15)));
    assert_eq!(row.password_hash, "$argon2id$new");
    assert!(row.must_change_password);
    assert_eq!(row.password_changed_at, t);
    assert_eq!(
        users::password_history(&db, id, 5).await.unwrap(),
        ["$argon2id$old"]
    );
    assert_eq!(users::roles(&db, id).await.unwrap(), ["officer"]);

    let mut tx = db.begin().await.unwrap();
    assert!(
        users::revoke_role(&mut tx, id, Role::Officer)
            .await
            .unwrap()
    );
    assert!(
        !users::revoke_role(&mut tx, id, Role::Officer)
            .await
            .unwrap()
    );
    users::set_active(&mut tx, id, false).await.unwrap();
    tx.commit().await.unwrap();
    assert!(users::roles(&db, id).await.unwrap().is_empty());
    assert!(!users::get(&db, id).await.unwrap().unwrap().active);

    assert_eq!(users::count_matching(&db, "car").await.unwrap(), 2);
    assert_eq!(users::count_matching(&db, "显示carol").await.unwrap(), 1);
    let page = users::list_page(&db, "car", 1, 1).await.unwrap();
    assert_eq!(page.len(), 1);
    assert_eq!(page[0].username, "carl");
}

async fn migration_0002_is_applied(db: Db) {
    let applied = migrate::applied_versions(&db).await.unwrap();
    assert!(applied.contains(&2), "{applied:?}");
    assert_eq!(applied, migrate::known_versions(db.backend()));
    migrate::run(&db).await.unwrap();
    assert_eq!(
        migrate::applied_versions(&db).await.unwrap(),
        applied,
        "re-running is a no-op"
    );
}
