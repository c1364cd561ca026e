#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Signing in through the use cases, on both backends, with a hand-moved clock: the right password
//! opens a session with a new token each time (a previous one passed in is ended); five failures
//! within 15 minutes lock the account — even against the right password — and the lock is audited
//! and lifts after 15 minutes; sessions end after 30 minutes idle (15 for platform administrators)
//! and 12 hours after sign-in however busy; a platform administrator without an authenticator must
//! enrol one, reaches full use with a correct code, and no code is accepted twice; a password
//! change follows the 等保 policy and refuses the last five passwords.

mod common;

use common::accounts::{FROM, PASSWORD, account, app, audited, live, not_a_code, refused};
use fupin_app::auth::Stage;
use fupin_app::auth::accounts::{NewAccount, Post};
use fupin_app::auth::totp;
use fupin_app::{Actor, Affiliation, App, AppError};
use fupin_domain::{Role, UnitKind};
use fupin_store::Db;
use fupin_store::users;
use time::Duration;

fupin_store::conformance!(
    the_right_password_opens_a_new_session_each_time,
    five_failures_in_15_minutes_lock_the_account_for_15_minutes,
    sessions_end_when_idle_and_after_12_hours,
    platform_admins_enrol_a_second_factor_and_codes_are_single_use,
    password_changes_follow_the_policy_and_the_history,
);

async fn the_right_password_opens_a_new_session_each_time(db: Db) {
    let (app, _clock) = app(&db);
    let id = account(&app, &db, "zhang.wei", &[Role::Officer]).await;
    let first = app
        .sign_in("zhang.wei", PASSWORD, FROM, None)
        .await
        .unwrap();
    assert_eq!(first.stage, Stage::Full);
    let session = app.session(&first.token, FROM).await.unwrap().unwrap();
    assert_eq!(session.username, "zhang.wei");
    assert_eq!(session.actor.user_id, Some(id));
    assert_eq!(session.actor.roles, [Role::Officer]);
    assert!(matches!(
        session.actor.affiliation,
        Affiliation::Government {
            kind: UnitKind::RegistrationAuthority,
            ..
        }
    ));
    assert!(first.token.len() >= 43, "256 random bits");

    let second = app
        .sign_in("zhang.wei", PASSWORD, FROM, None)
        .await
        .unwrap();
    assert_ne!(second.token, first.token);
    assert!(live(&app, &first.token).await && live(&app, &second.token).await);
    let third = app
        .sign_in("zhang.wei", PASSWORD, FROM, Some(&second.token))
        .await
        .unwrap();
    assert!(
        !live(&app, &second.token).await,
        "the previous session was ended"
    );
    assert!(live(&app, &third.token).await);
    assert!(!live(&app, "not-a-token").await);

    app.sign_out(&third.token, &session.actor).await.unwrap();
    assert!(!live(&app, &third.token).await);

    let wrong = refused(app.sign_in("zhang.wei", "Fupin#2017tesT", FROM, None).await);
    let unknown = refused(app.sign_in("nobody.here", PASSWORD, FROM, None).await);
    assert!(wrong.starts_with("用户名或密码错误") && unknown.starts_with("用户名或密码错误"));
    let ok = ("ok".to_owned(), "zhang.wei".to_owned());
    let denied = ("denied".to_owned(), "zhang.wei".to_owned());
    let unknown_entry = ("denied".to_owned(), "nobody.here".to_owned());
    assert_eq!(
        audited(&db, "auth.sign_in").await,
        [ok.clone(), ok.clone(), ok, denied, unknown_entry]
    );

    let mut tx = db.begin().await.unwrap();
    users::set_active(&mut tx, id, false).await.unwrap();
    tx.commit().await.unwrap();
    assert!(
        !live(&app, &first.token).await,
        "a disabled account's sessions end"
    );
    let message = refused(app.sign_in("zhang.wei", PASSWORD, FROM, None).await);
    assert!(message.contains("停用"), "{message}");
}

async fn five_failures_in_15_minutes_lock_the_account_for_15_minutes(db: Db) {
    let (app, clock) = app(&db);
    let id = account(&app, &db, "li.na", &[Role::Officer]).await;
    let wrong =
        |app: App| async move { refused(app.sign_in("li.na", "wrong#Pass1", FROM, None).await) };

    // Failures more than 15 minutes apart, or broken by a success, do not add up.
    for _ in 0..4 {
        wrong(app.clone()).await;
        clock.advance(Duration::minutes(1));
    }
    clock.advance(Duration::minutes(12));
    wrong(app.clone()).await;
    app.sign_in("li.na", PASSWORD, FROM, None).await.unwrap();
    for _ in 0..4 {
        wrong(app.clone()).await;
    }
    app.sign_in("li.na", PASSWORD, FROM, None).await.unwrap();
    assert!(audited(&db, "auth.lock").await.is_empty());

    // Five within 15 minutes lock it.
    let unknown = refused(app.sign_in("no.such.user", "wrong#Pass1", FROM, None).await);
    for _ in 0..4 {
        let message = wrong(app.clone()).await;
        assert_eq!(
            message, unknown,
            "a wrong password reads exactly like an unknown name"
        );
        clock.advance(Duration::minutes(3));
    }
    let message = wrong(app.clone()).await;
    assert!(message.contains("锁定"), "{message}");
    assert_eq!(
        audited(&db, "auth.lock").await,
        [("denied".into(), id.to_string())]
    );
    let locked = users::get(&db, id).await.unwrap().unwrap().locked_until;
    assert_eq!(locked, Some(app.now() + Duration::minutes(15)));

    for wait in [Duration::ZERO, Duration::minutes(14)] {
        clock.advance(wait);
        let message = refused(app.sign_in("li.na", PASSWORD, FROM, None).await);
        assert!(
            message.contains("锁定"),
            "the right password is refused too: {message}"
        );
    }
    assert_eq!(
        audited(&db, "auth.lock").await.len(),
        1,
        "attempts while locked extend nothing"
    );
    clock.advance(Duration::minutes(1));
    let signed = app.sign_in("li.na", PASSWORD, FROM, None).await.unwrap();
    assert_eq!(
        signed.stage,
        Stage::Full,
        "the lock lifted after 15 minutes"
    );
    let user = users::get(&db, id).await.unwrap().unwrap();
    assert_eq!((user.failed_attempts, user.locked_until), (0, None));
}

async fn sessions_end_when_idle_and_after_12_hours(db: Db) {
    let (app, clock) = app(&db);
    account(&app, &db, "wang.fang", &[Role::Officer]).await;
    account(&app, &db, "sec.admin", &[Role::SecurityAdmin]).await;

    let token = app
        .sign_in("wang.fang", PASSWORD, FROM, None)
        .await
        .unwrap()
        .token;
    for _ in 0..3 {
        clock.advance(Duration::minutes(30) - Duration::seconds(1));
        assert!(
            live(&app, &token).await,
            "each request restarts the idle time"
        );
    }
    clock.advance(Duration::minutes(30));
    assert!(!live(&app, &token).await, "30 minutes idle");
    clock.advance(Duration::minutes(1));
    assert!(!live(&app, &token).await, "and it stays ended");
    assert_eq!(audited(&db, "auth.session_end").await.len(), 1);

    let token = app
        .sign_in("wang.fang", PASSWORD, FROM, None)
        .await
        .unwrap()
        .token;
    for _ in 0..28 {
        clock.advance(Duration::minutes(25));
        assert!(live(&app, &token).await);
    }
    clock.advance(Duration::minutes(19));
    assert!(live(&app, &token).await, "11 h 59 min");
    clock.advance(Duration::minutes(1));
    assert!(
        !live(&app, &token).await,
        "12 hours after sign-in, however busy"
    );

    // A platform administrator idles out after 15 minutes (here still enrolling).
    let signed = app
        .sign_in("sec.admin", PASSWORD, FROM, None)
        .await
        .unwrap();
    clock.advance(Duration::minutes(15) - Duration::seconds(1));
    assert!(live(&app, &signed.token).await);
    clock.advance(Duration::minutes(15));
    assert!(
        !live(&app, &signed.token).await,
        "15 minutes idle for an administrator"
    );
}

async fn platform_admins_enrol_a_second_factor_and_codes_are_single_use(db: Db) {
    let (app, clock) = app(&db);
    let id = account(&app, &db, "audit.zhou", &[Role::Auditor]).await;
    let signed = app
        .sign_in("audit.zhou", PASSWORD, FROM, None)
        .await
        .unwrap();
    assert_eq!(signed.stage, Stage::Enrol);
    let session = app.session(&signed.token, FROM).await.unwrap().unwrap();
    assert!(
        session.actor.roles.is_empty(),
        "no role before the second factor"
    );
    let forbidden = app.second_factor(&signed.token, FROM, "123456").await;
    assert!(
        matches!(forbidden, Err(AppError::Forbidden)),
        "not in the code stage"
    );

    let secret = totp::generate_secret();
    let base32 = totp::base32(&secret);
    let code_now = |app: &App| totp::code(&secret, totp::step_at(app.now().unix_timestamp()));
    let wrong = not_a_code(&secret, &app);
    let result = app
        .enrol_second_factor(&signed.token, FROM, &base32, &wrong)
        .await;
    assert!(matches!(result, Err(AppError::Invalid(_))));
    let code = code_now(&app);
    let stage = app
        .enrol_second_factor(&signed.token, FROM, &base32, &code)
        .await;
    assert_eq!(stage.unwrap(), Stage::Full);
    let session = app.session(&signed.token, FROM).await.unwrap().unwrap();
    assert_eq!(session.actor.roles, [Role::Auditor]);
    let stored = users::get(&db, id)
        .await
        .unwrap()
        .unwrap()
        .totp_secret
        .unwrap();
    assert!(
        !stored.windows(secret.len()).any(|w| w == secret),
        "kept encrypted"
    );

    // The next sign-in asks for a code; the enrolment code (same 30 s) is spent.
    let signed = app
        .sign_in("audit.zhou", PASSWORD, FROM, None)
        .await
        .unwrap();
    assert_eq!(signed.stage, Stage::SecondFactor);
    let replay = app.second_factor(&signed.token, FROM, &code).await;
    assert!(
        matches!(replay, Err(AppError::Unauthenticated(_))),
        "{replay:?}"
    );
    clock.advance(Duration::seconds(30));
    let fresh = code_now(&app);
    assert_eq!(
        app.second_factor(&signed.token, FROM, &fresh)
            .await
            .unwrap(),
        Stage::Full
    );

    // Neither that code again nor the one before it (still within the drift window) is taken.
    let signed = app
        .sign_in("audit.zhou", PASSWORD, FROM, None)
        .await
        .unwrap();
    for old in [&fresh, &code] {
        let replay = app.second_factor(&signed.token, FROM, old).await;
        assert!(
            matches!(replay, Err(AppError::Unauthenticated(_))),
            "{replay:?}"
        );
    }
    // Wrong codes count towards the lock like wrong passwords: these make five.
    for _ in 0..3 {
        let wrong = not_a_code(&secret, &app);
        let result = app.second_factor(&signed.token, FROM, &wrong).await;
        assert!(matches!(result, Err(AppError::Unauthenticated(_))));
    }
    assert_eq!(audited(&db, "auth.lock").await.len(), 1);
    clock.advance(Duration::seconds(30));
    let message = refused(app.sign_in("audit.zhou", PASSWORD, FROM, None).await);
    assert!(message.contains("锁定"), "{message}");
}

async fn password_changes_follow_the_policy_and_the_history(db: Db) {
    let (app, clock) = app(&db);
    let account = NewAccount {
        username: "chen.jing".into(),
        display_name: "陈静".into(),
        post: Post::Platform,
    };
    let issued = app
        .create_account(&Actor::system(), &account)
        .await
        .unwrap();
    let signed = app
        .sign_in("chen.jing", &issued.password, FROM, None)
        .await
        .unwrap();
    assert_eq!(
        signed.stage,
        Stage::ChangePassword,
        "a temporary password must be changed"
    );
    let token = signed.token;
    let change = |current: &str, new: &str| {
        let (app, token, current, new) = (
            app.clone(),
            token.clone(),
            current.to_owned(),
            new.to_owned(),
        );
        async move { app.change_password(&token, FROM, &current, &new).await }
    };

    let wrong_current = change("Wrong#2017pass", "Fupin#2018new").await;
    assert!(matches!(wrong_current, Err(AppError::Unauthenticated(_))));
    for (bad, why) in [
        ("Ab1#x", "至少需要 8 个字符"),
        ("abcdefgh12", "至少 3 类"),
        ("Chen.Jing#2018", "用户名"),
        (issued.password.as_str(), "最近 5 次"),
    ] {
        match change(&issued.password, bad).await {
            Err(AppError::Invalid(message)) => assert!(message.contains(why), "{bad}: {message}"),
            other => panic!("{bad} accepted: {other:?}"),
        }
    }
    let mut passwords = vec![issued.password.clone()];
    for n in 1..=5 {
        clock.advance(Duration::minutes(1));
        let new = format!("Fupin#201{n}pass");
        let stage = change(passwords.last().unwrap(), &new).await.unwrap();
        assert_eq!(stage, Stage::Full);
        passwords.push(new);
    }
    let current = passwords.last().unwrap().clone();
    // The last five (the current one and four before it) are refused; the sixth back is allowed.
    for old in &passwords[1..] {
        let result = change(&current, old).await;
        assert!(
            matches!(result, Err(AppError::Invalid(_))),
            "{old} reused: {result:?}"
        );
    }
    change(&current, &passwords[0]).await.unwrap();

    refused(app.sign_in("chen.jing", &current, FROM, None).await);
    let signed = app
        .sign_in("chen.jing", &passwords[0], FROM, None)
        .await
        .unwrap();
    assert_eq!(signed.stage, Stage::Full);
    clock.advance(Duration::days(91));
    let signed = app
        .sign_in("chen.jing", &passwords[0], FROM, None)
        .await
        .unwrap();
    assert_eq!(signed.stage, Stage::ChangePassword, "older than 90 days");
}
