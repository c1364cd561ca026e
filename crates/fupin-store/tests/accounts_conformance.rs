#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Store conformance of the accounts issue on SQLite and PostgreSQL: sessions (binary token hashes,
//! microsecond times, idle and absolute expiry at their exact bounds), users (migration 0002's
//! columns and defaults on a fresh database, failure state, password history in order and limit,
//! TOTP steps replay-safe per user and reset by a new secret), the audit log (every filter and its
//! bounds, order, paging, purges) and every `*_scoped` query under each `Scope` variant, against
//! sets worked out by hand from the rules.

mod support;

use fupin_domain::{
    CreditStatus, HouseholdAttribute, OrgLevel, PovertyCause, RegistryStatus, Role, UnitKind,
};
use fupin_store::activities::{LOCATIONS, NewLocation, scoped};
use fupin_store::audit::{self, AuditFilter, AuditRow};
use fupin_store::registry::{self, HOUSEHOLDS, NewHousehold, NewPerson, PERSONS};
use fupin_store::sessions::{self, NewSession, SessionRow};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::users::{self, NewUser};
use fupin_store::{Db, Scope, Tx, Value, organizations};
use support::{new_org, now};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

/// Awaits a store call that must succeed.
macro_rules! run {
    ($call:expr) => {
        $call.await.unwrap()
    };
}

fupin_store::conformance!(
    sessions_keep_binary_hashes_and_expire_at_their_bounds,
    users_keep_defaults_history_steps_and_roles,
    audit_filters_order_pages_and_purges,
    scoped_queries_admit_exactly_their_scope,
);

async fn user(db: &Db, username: &str) -> i64 {
    let new = NewUser {
        username: username.into(),
        display_name: format!("用户{username}"),
        password_hash: format!("$argon2id${username}"),
        organization_id: None,
        gov_unit_id: None,
        roles: vec![Role::Officer, Role::Officer],
    };
    let mut tx = run!(db.begin());
    let id = run!(users::insert(&mut tx, &new, now()));
    run!(tx.commit());
    id
}

async fn session(db: &Db, hash: &[u8]) -> Option<SessionRow> {
    run!(sessions::get(db, hash))
}

async fn expire(db: &Db, idle_before: OffsetDateTime, opened_before: OffsetDateTime) -> u64 {
    run!(sessions::delete_expired(db, idle_before, opened_before))
}

async fn sessions_keep_binary_hashes_and_expire_at_their_bounds(db: Db) {
    let (ann, ben) = (user(&db, "ann").await, user(&db, "ben").await);
    let t0 = datetime!(2026-11-28 08:00:00.000001 UTC);
    let every_byte: Vec<u8> = (0..=255).collect();
    let hashes = [every_byte.clone(), vec![0; 32], vec![0xff; 32], vec![7; 32]];
    let mut tx = run!(db.begin());
    for (n, token_hash) in hashes.into_iter().enumerate() {
        let new = NewSession {
            token_hash,
            user_id: if n < 3 { ann } else { ben },
            csrf_token: format!("csrf{n}"),
            stage: "enrol".into(),
            source_addr: "2001:db8::1".into(),
        };
        let at = t0 + Duration::minutes(n as i64);
        run!(sessions::insert(&mut tx, &new, at));
    }
    run!(tx.commit());
    let row = session(&db, &every_byte).await.unwrap();
    assert_eq!(
        (row.user_id, row.created_at, row.last_seen_at),
        (ann, t0, t0)
    );
    assert_eq!(session(&db, &every_byte[..255]).await, None, "exact only");

    let later = t0 + Duration::hours(2);
    run!(sessions::touch(&db, &[0; 32], later));
    let mut tx = run!(db.begin());
    run!(sessions::set_stage(&mut tx, &[0; 32], "full"));
    run!(sessions::delete(&mut tx, &[0xff; 32]));
    run!(tx.commit());
    let row = session(&db, &[0; 32]).await.unwrap();
    assert_eq!((row.stage.as_str(), row.last_seen_at), ("full", later));
    assert_eq!(row.created_at, t0 + Duration::minutes(1), "touched only");
    assert_eq!(session(&db, &[0xff; 32]).await, None);

    let long_ago = t0 - Duration::days(1);
    assert_eq!(expire(&db, t0, long_ago).await, 0, "strict bound");
    // Idle since before t0 + 3 min: only the every-byte session.
    assert_eq!(expire(&db, t0 + Duration::minutes(3), long_ago).await, 1);
    // Opened before t0 + 1 min + 1 µs: the busy one too (the absolute bound).
    let opened = t0 + Duration::minutes(1) + Duration::microseconds(1);
    assert_eq!(expire(&db, long_ago, opened).await, 1);
    assert_eq!(session(&db, &[0; 32]).await, None);

    let mut tx = run!(db.begin());
    assert_eq!(run!(sessions::delete_for_user(&mut tx, ann)), 0);
    assert_eq!(run!(sessions::delete_for_user(&mut tx, ben)), 1);
}

async fn history(db: &Db, id: i64, limit: i64) -> Vec<String> {
    run!(users::password_history(db, id, limit))
}

async fn users_keep_defaults_history_steps_and_roles(db: Db) {
    let carol = user(&db, "carol").await;
    let dave = user(&db, "dave").await;
    let row = run!(users::get(&db, carol)).unwrap();
    assert!(row.active && !row.must_change_password, "0002 defaults");
    let failures = (row.failed_attempts, row.first_failed_at, row.locked_until);
    assert_eq!(failures, (0, None, None));
    assert_eq!((row.totp_secret, row.totp_last_step), (None, None));
    assert_eq!(run!(users::roles(&db, carol)), ["officer"], "granted once");

    let t = datetime!(2026-11-28 09:00:00.5 UTC);
    let mut tx = run!(db.begin());
    run!(users::set_failures(&mut tx, carol, 4, Some(t), None));
    for (n, hash) in ["$h1", "$h2", "$h3"].iter().enumerate() {
        let at = t + Duration::days(n as i64 + 1);
        run!(users::set_password(&mut tx, carol, hash, n == 2, at));
    }
    run!(tx.commit());
    let row = run!(users::get(&db, carol)).unwrap();
    let failures = (row.failed_attempts, row.first_failed_at, row.locked_until);
    assert_eq!(failures, (4, Some(t), None));
    assert_eq!(row.password_hash, "$h3");
    assert!(row.must_change_password);
    assert_eq!(row.password_changed_at, t + Duration::days(3));
    let newest_first = ["$h2", "$h1", "$argon2id$carol"];
    assert_eq!(history(&db, carol, 5).await, newest_first);
    assert_eq!(history(&db, carol, 1).await, ["$h2"]);

    // (user, step, accepted): per user, never twice, never an older one; a new secret resets.
    let mut tx = run!(db.begin());
    let steps = [
        (carol, 1_000, true),
        (dave, 1_000, true),
        (carol, 1_000, false),
        (carol, 999, false),
        (carol, 1_001, true),
    ];
    for (who, step, accepted) in steps {
        let used = run!(users::use_totp_step(&mut tx, who, step));
        assert_eq!(used, accepted, "step {step} of user {who}");
    }
    run!(users::set_totp_secret(&mut tx, carol, Some(vec![1, 2, 3])));
    assert!(run!(users::use_totp_step(&mut tx, carol, 5)));
    run!(tx.commit());
    let row = run!(users::get(&db, carol)).unwrap();
    assert_eq!(row.totp_last_step, Some(5));

    // Searches: `_` and `%` match themselves, case is ignored on both engines alike; sign-in
    // names match exactly.
    for name in ["bob_x", "boba", "Dora%1"] {
        user(&db, name).await;
    }
    assert_eq!(run!(users::count_matching(&db, "bob_")), 1);
    assert_eq!(run!(users::count_matching(&db, "BOB_")), 1);
    assert_eq!(run!(users::count_matching(&db, "%")), 1);
    assert_eq!(run!(users::count_matching(&db, "dora%")), 1);
    let found = run!(users::list_page(&db, "BoB", 10, 0));
    let names: Vec<&str> = found.iter().map(|u| u.username.as_str()).collect();
    assert_eq!(names, ["bob_x", "boba"]);
    assert!(run!(users::by_username(&db, "Carol")).is_none());
}

fn entry(id: i64, minutes: i64, who: &str, action: &str, target: &str, outcome: &str) -> AuditRow {
    AuditRow {
        id,
        at: datetime!(2026-11-28 00:00 UTC) + Duration::minutes(minutes),
        actor_id: (id % 2 == 0).then_some(id),
        actor_name: who.into(),
        action: action.into(),
        target_kind: "user".into(),
        target_id: target.into(),
        outcome: outcome.into(),
        source_addr: "10.0.0.1".into(),
        detail: format!("第{id}条"),
        prev_hash: vec![id as u8; 32],
        hash: vec![id as u8 + 1; 32],
    }
}

async fn audit_ids(db: &Db, filter: &AuditFilter, limit: i64, offset: i64) -> Vec<i64> {
    let rows = run!(audit::search(db, filter, limit, offset));
    rows.iter().map(|r| r.id).collect()
}

/// A search: actor, action, target, outcome, from and until (minutes), the ids found newest first.
type Search = ([&'static str; 4], [Option<i64>; 2], &'static [i64]);

async fn audit_filters_order_pages_and_purges(db: Db) {
    let rows = [
        entry(1, 0, "zhang.wei", "auth.sign_in", "zhang.wei", "ok"),
        entry(2, 10, "zhang.wei", "auth.sign_in", "zhang.wei", "denied"),
        entry(3, 20, "li.na", "user.create", "12", "ok"),
        entry(4, 30, "li.na", "user.grant_role", "12", "failed"),
        entry(5, 40, "system", "users", "120", "ok"),
        entry(6, 50, "anonymous", "auth.sign_in", "nobody", "denied"),
    ];
    let mut tx = run!(db.begin());
    for row in &rows {
        run!(audit::insert(&mut tx, row));
    }
    run!(tx.commit());
    assert_eq!(run!(audit::get(&db, 4)).unwrap(), rows[3], "round trip");

    let cases: [Search; 11] = [
        (["", "", "", ""], [None, None], &[6, 5, 4, 3, 2, 1]),
        (["zhang", "", "", ""], [None, None], &[2, 1]),
        (["ZHANG", "", "", ""], [None, None], &[2, 1]),
        (["_", "", "", ""], [None, None], &[]),
        (["", "user_", "", ""], [None, None], &[]),
        (["", "user.", "", ""], [None, None], &[4, 3]),
        (["", "user", "", ""], [None, None], &[5, 4, 3]),
        (["", "", "12", ""], [None, None], &[4, 3]),
        (["", "auth.sign_in", "", "denied"], [None, None], &[6, 2]),
        (["", "", "", ""], [Some(10), Some(40)], &[4, 3, 2]),
        (["n", "", "", ""], [Some(20), None], &[6, 4, 3]),
    ];
    let at = |m: Option<i64>| m.map(|m| datetime!(2026-11-28 00:00 UTC) + Duration::minutes(m));
    for ([actor, action, target, outcome], [from, until], expected) in cases {
        let filter = &AuditFilter {
            actor: actor.into(),
            action: action.into(),
            target_id: target.into(),
            outcome: outcome.into(),
            from: at(from),
            until: at(until),
        };
        let found = audit_ids(&db, filter, 100, 0).await;
        assert_eq!(found, expected, "{filter:?}");
        assert_eq!(run!(audit::count(&db, filter)), expected.len() as i64);
        let page: Vec<i64> = expected.iter().skip(1).take(2).copied().collect();
        assert_eq!(audit_ids(&db, filter, 2, 1).await, page, "{filter:?}");
    }
    let mut tx = run!(db.begin());
    assert_eq!(run!(audit::purge_through(&mut tx, 3)), 3);
    assert_eq!(run!(audit::purge_through(&mut tx, 3)), 0);
    run!(tx.commit());
    let left = audit_ids(&db, &AuditFilter::default(), 10, 0).await;
    assert_eq!(left, [6, 5, 4]);
}

/// Activities (id, organization, places): 2 is a 贵州 organization's work in 行唐县; 5 is
/// superseded.
const PLAN: [(i64, i64, &[&str]); 5] = [
    (1, 1, &["130125"]),
    (2, 4, &["130125", "520102"]),
    (3, 2, &["520103"]),
    (4, 3, &["13"]),
    (5, 1, &["130125"]),
];

/// Organizations 1 行唐县, 2 长安区, 3 河北省, 4 贵阳南明区, 5 石家庄市, linked to units `a` and
/// `b`; the activities of [`PLAN`]; registry persons 1 in 行唐县, 2 in 长安区, 3 in 南明区.
async fn seed(tx: &mut Tx, authority: i64, a: i64, b: i64) {
    let homes = ["130125", "130102", "13", "520102", "1301"];
    let orgs = (1..=5).map(|id| {
        let mut org = new_org(id, authority);
        org.region_code = homes[id as usize - 1].into();
        org.values(now())
    });
    run!(tx.bulk_insert(organizations::TABLE, orgs.collect()));
    let (s, i) = ("supervisory", "industry");
    for (org, unit, relation) in [(1, a, s), (1, a, i), (4, a, i), (2, b, i)] {
        run!(units::link(tx, org, unit, relation));
    }
    for (id, organization_id, places) in PLAN {
        let sql = "INSERT INTO activities (id, organization_id, title, field, method, status, \
                   year, created_at) VALUES ($1, $2, '项目', 'education', 'project', 'published', \
                   2019, $3)";
        run!(tx.execute(sql, &[id.into(), organization_id.into(), now().into()]));
        let share_bp = 10_000 / places.len() as i32;
        let located = places.iter().map(|p| {
            let (activity_id, region_code) = (id, (*p).to_owned());
            NewLocation {
                activity_id,
                region_code,
                share_bp,
            }
            .values()
        });
        run!(tx.bulk_insert(LOCATIONS, located.collect()));
    }
    let superseded = "UPDATE activities SET is_current = FALSE WHERE id = $1";
    run!(tx.execute(superseded, &[Value::from(5_i64)]));
    let villages = ["130125100201", "130102001001", "520102001001"];
    for (id, village) in (1..).zip(villages) {
        let household = NewHousehold {
            id,
            household_no: format!("H{id}"),
            village_code: village.into(),
            attribute: HouseholdAttribute::General,
            poverty_cause: PovertyCause::Illness,
            status: RegistryStatus::NotLifted,
            exit_year: None,
        };
        run!(tx.bulk_insert(HOUSEHOLDS, vec![household.values()]));
        let person = NewPerson {
            id_hash: vec![id as u8; 16],
            id_cipher: vec![id as u8 + 100; 40],
            village_code: village.into(),
            ..support::person_row(id, Vec::new())
        };
        run!(tx.bulk_insert(PERSONS, vec![person.values()]));
    }
}

async fn unit(tx: &mut Tx, kind: UnitKind) -> i64 {
    let unit = NewGovUnit {
        kind,
        level: OrgLevel::National,
        region_code: None,
        name: format!("单位{}", kind.code()),
    };
    run!(units::insert(tx, &unit))
}

async fn org_ids(db: &Db, scope: &Scope, limit: i64, offset: i64) -> Vec<i64> {
    let rows = run!(organizations::list_scoped(db, scope, "", limit, offset));
    rows.iter().map(|o| o.id).collect()
}

async fn org_count(db: &Db, scope: &Scope, search: &str) -> i64 {
    run!(organizations::count_scoped(db, scope, search))
}

/// A scope and what it admits, by hand: organizations, activities (the superseded one included)
/// and registry persons.
type Visible = (Scope, &'static [i64], &'static [i64], &'static [i64]);

async fn scoped_queries_admit_exactly_their_scope(db: Db) {
    let mut tx = run!(db.begin());
    let authority = unit(&mut tx, UnitKind::RegistrationAuthority).await;
    let a = unit(&mut tx, UnitKind::SupervisoryUnit).await;
    let b = unit(&mut tx, UnitKind::IndustryDepartment).await;
    seed(&mut tx, authority, a, b).await;
    run!(tx.commit());

    let region = |r: &str| Scope::Region(r.into());
    let cases: Vec<Visible> = vec![
        (Scope::All, &[1, 2, 3, 4, 5], &[1, 2, 3, 4, 5], &[1, 2, 3]),
        (region("13"), &[1, 2, 3, 5], &[1, 2, 3, 4, 5], &[1, 2]),
        (region("1301"), &[1, 2, 5], &[1, 2, 3, 5], &[1, 2]),
        (region("130125"), &[1], &[1, 2, 5], &[1]),
        (region("52"), &[4], &[2, 3], &[3]),
        (region("11"), &[], &[], &[]),
        (Scope::Supervised(a), &[1, 4], &[1, 2, 5], &[]),
        (Scope::Supervised(b), &[2], &[3], &[]),
        (Scope::Supervised(authority), &[], &[], &[]),
        (Scope::Organization(4), &[4], &[2], &[]),
        (Scope::Organization(99), &[], &[], &[]),
        (Scope::Nothing, &[], &[], &[]),
    ];
    for (scope, orgs, acts, persons) in cases {
        let mut seen = Vec::new();
        for id in 0..=6 {
            seen.extend(run!(organizations::get_scoped(&db, &scope, id)).map(|o| o.id));
        }
        assert_eq!(seen, orgs, "organizations of {scope:?}");
        assert_eq!(org_ids(&db, &scope, 10, 0).await, orgs, "{scope:?}");
        let second: Vec<i64> = orgs.iter().skip(1).take(1).copied().collect();
        assert_eq!(org_ids(&db, &scope, 1, 1).await, second, "{scope:?}");
        assert_eq!(org_count(&db, &scope, "").await, orgs.len() as i64);
        let code = support::credit_code(1);
        let by_code = org_count(&db, &scope, code.as_str()).await;
        assert_eq!(by_code, i64::from(orgs.contains(&1)), "{scope:?}");
        let by_name = org_count(&db, &scope, "中心4").await;
        assert_eq!(by_name, i64::from(orgs.contains(&4)), "{scope:?}");

        let mut seen = Vec::new();
        for id in 0..=6 {
            let row = run!(scoped::get_scoped(&db, &scope, id));
            seen.extend(row.map(|a| (a.id, a.organization_id)));
        }
        let expected: Vec<(i64, i64)> = acts.iter().map(|&a| (a, PLAN[a as usize - 1].1)).collect();
        assert_eq!(seen, expected, "activities of {scope:?}");
        // Listed and counted: current versions only, newest first, once each.
        let current: Vec<i64> = acts.iter().rev().copied().filter(|&a| a != 5).collect();
        let listed = run!(scoped::list_scoped(&db, &scope, 10, 0));
        let listed: Vec<i64> = listed.iter().map(|a| a.id).collect();
        assert_eq!(listed, current, "activity list of {scope:?}");
        let counted = run!(scoped::count_scoped(&db, &scope));
        assert_eq!(counted, current.len() as i64);

        let mut seen = Vec::new();
        for id in 0..=4 {
            let person = run!(registry::person_scoped(&db, &scope, id)).map(|p| p.id);
            let cipher = run!(registry::person_id_cipher_scoped(&db, &scope, id));
            assert_eq!(cipher, person.map(|p| vec![p as u8 + 100; 40]));
            seen.extend(person);
        }
        assert_eq!(seen, persons, "persons of {scope:?}");

        // A write outside the scope changes nothing; each is undone before the next scope.
        let flagged = CreditStatus::AbnormalActivities;
        for id in 1..=5 {
            let mut tx = run!(db.begin());
            let set = organizations::set_credit_status(&mut tx, &scope, id, flagged);
            assert_eq!(run!(set), orgs.contains(&id), "{id} in {scope:?}");
            run!(tx.commit());
            let stored = run!(organizations::get(&db, id)).unwrap().credit_status;
            assert_eq!(stored == flagged.code(), orgs.contains(&id));
            let reset = "UPDATE organizations SET credit_status = 'normal' WHERE id = $1";
            run!(db.execute(reset, &[Value::from(id)]));
        }
    }
}
