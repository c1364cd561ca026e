//! Helpers of the sign-in tests: an app on a hand-moved clock, accounts with a known password,
//! and short ways to read refusals, audit entries, sessions and TOTP codes.

use fupin_app::auth::totp;
use fupin_app::passwords::hash_password;
use fupin_app::{App, AppError, Clock, ManualClock, PiiKeys};
use fupin_domain::{OrgLevel, Role, UnitKind};
use fupin_store::Db;
use fupin_store::audit::{self, AuditFilter};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::users::{self, NewUser};
use time::macros::datetime;

pub const PASSWORD: &str = "Fupin#2017test";
pub const FROM: &str = "10.0.0.7";

pub fn app(db: &Db) -> (App, ManualClock) {
    let (clock, hand) = Clock::manual(datetime!(2026-03-02 09:00:10 UTC));
    let app = App::new(db.clone(), PiiKeys::from_hex(&"77".repeat(64)).unwrap());
    (app.with_clock(clock), hand)
}

/// An account with `PASSWORD`: a county 民政 officer, or with `roles` on the platform.
pub async fn account(app: &App, db: &Db, username: &str, roles: &[Role]) -> i64 {
    let mut tx = db.begin().await.unwrap();
    let platform = roles
        .iter()
        .any(|r| fupin_app::auth::PLATFORM_ROLES.contains(r));
    let unit = if platform {
        None
    } else {
        let unit = NewGovUnit {
            kind: UnitKind::RegistrationAuthority,
            level: OrgLevel::County,
            region_code: Some("130125".into()),
            name: format!("行唐县民政局 {username}"),
        };
        Some(units::insert(&mut tx, &unit).await.unwrap())
    };
    let user = NewUser {
        username: username.into(),
        display_name: "张伟".into(),
        password_hash: hash_password(PASSWORD).unwrap(),
        organization_id: None,
        gov_unit_id: unit,
        roles: roles.to_vec(),
    };
    let id = users::insert(&mut tx, &user, app.now()).await.unwrap();
    tx.commit().await.unwrap();
    id
}

pub fn refused(result: Result<impl std::fmt::Debug, AppError>) -> String {
    match result {
        Err(AppError::Unauthenticated(message)) => message,
        other => panic!("expected a refused sign-in, got {other:?}"),
    }
}

/// (outcome, target) of the audit entries of an action, oldest first.
pub async fn audited(db: &Db, action: &str) -> Vec<(String, String)> {
    let filter = AuditFilter {
        action: action.into(),
        ..AuditFilter::default()
    };
    let rows = audit::search(db, &filter, 100, 0).await.unwrap();
    rows.into_iter()
        .rev()
        .map(|r| (r.outcome, r.target_id))
        .collect()
}

/// A six-digit code that is not the code of the current step nor of either neighbour.
pub fn not_a_code(secret: &[u8], app: &App) -> String {
    let step = totp::step_at(app.now().unix_timestamp());
    let codes: Vec<String> = (step - 1..=step + 1)
        .map(|s| totp::code(secret, s))
        .collect();
    (0..4)
        .map(|n| format!("{n:06}"))
        .find(|c| !codes.contains(c))
        .unwrap()
}

pub async fn live(app: &App, token: &str) -> bool {
    app.session(token, FROM).await.unwrap().is_some()
}
