#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Jurisdiction, tried at random on both backends: every kind of actor (each unit kind at every
//! level, organization staff, platform administrators, the public, with sensible and senseless
//! role sets) against organizations, activities and registry persons (and ids that do not exist),
//! ≥ 10,000 attempts per backend from a seeded generator (`FUPIN_JURISDICTION_SEED` replays one).
//!
//! Every outcome is compared with an oracle written here from the rules of the brief — region
//! ancestry from the regions table's parent links, supervision links, own organization — not from
//! the code under test. Any record shown, counted or changed outside jurisdiction, any refusal
//! inside it, a refusal of the wrong kind, or a sensitive call left out of the audit log fails.

mod common;

use common::world::World;
use fupin_app::records::PER_PAGE;
use fupin_app::{Actor, Affiliation, AppError};
use fupin_domain::{CreditStatus, Role, UnitKind};
use fupin_store::Db;
use fupin_store::audit::{self, AuditFilter};
use fupin_store::organizations;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};

fupin_store::conformance!(no_read_or_write_leaves_the_jurisdiction);

/// What the rules give an actor, in the oracle's own terms.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Reach {
    /// A 民政 or 扶贫 unit: a region, or the whole country (`None`).
    Area(UnitKind, Option<String>),
    /// A 业务主管单位 or 行业管理部门: the organizations linked to it.
    Supervisor(i64),
    /// Organization staff: their own organization.
    Own(i64),
    Nothing,
}

fn reach(actor: &Actor) -> Reach {
    let has = |roles: &[Role]| roles.iter().any(|r| actor.roles.contains(r));
    match &actor.affiliation {
        Affiliation::Organization { organization_id }
            if has(&[Role::OrgReporter, Role::OrgAdmin]) =>
        {
            Reach::Own(*organization_id)
        }
        Affiliation::Government {
            unit_id,
            kind,
            region_code,
        } if has(&[Role::Officer, Role::Leader]) => match kind {
            UnitKind::RegistrationAuthority | UnitKind::PovertyOffice => {
                Reach::Area(*kind, region_code.clone())
            }
            UnitKind::SupervisoryUnit | UnitKind::IndustryDepartment => Reach::Supervisor(*unit_id),
        },
        _ => Reach::Nothing,
    }
}

fn sees_org(w: &World, actor: &Actor, id: i64) -> bool {
    let Some(org) = w.orgs.get(&id) else {
        return false;
    };
    match reach(actor) {
        Reach::Area(_, region) => w.covers(region.as_deref(), &org.region),
        Reach::Supervisor(unit) => w.links.contains(&(id, unit)),
        Reach::Own(own) => own == id,
        Reach::Nothing => false,
    }
}

fn sees_activity(w: &World, actor: &Actor, id: i64) -> bool {
    let Some(activity) = w.activities.get(&id) else {
        return false;
    };
    let located = match reach(actor) {
        Reach::Area(_, region) => activity
            .places
            .iter()
            .any(|p| w.covers(region.as_deref(), p)),
        _ => false,
    };
    located || sees_org(w, actor, activity.org)
}

fn sees_person(w: &World, actor: &Actor, id: i64) -> bool {
    match (w.persons.get(&id), reach(actor)) {
        (Some(person), Reach::Area(_, region)) => w.covers(region.as_deref(), &person.village),
        _ => false,
    }
}

fn is_staff_of(actor: &Actor, kind: UnitKind) -> bool {
    matches!(reach(actor), Reach::Area(k, _) if k == kind)
}

/// Expected organizations of a list, by id, for a search.
fn expected_orgs(w: &World, actor: &Actor, search: &str) -> Vec<i64> {
    w.orgs
        .iter()
        .filter(|(_, o)| search.is_empty() || o.name.contains(search) || o.credit_code == search)
        .map(|(&id, _)| id)
        .filter(|&id| sees_org(w, actor, id))
        .collect()
}

/// Expected current activities of a list, newest first.
fn expected_activities(w: &World, actor: &Actor) -> Vec<i64> {
    w.activities
        .iter()
        .rev()
        .filter(|(_, a)| a.current)
        .map(|(&id, _)| id)
        .filter(|&id| sees_activity(w, actor, id))
        .collect()
}

fn page_of(all: &[i64], page: i64) -> &[i64] {
    let start = (((page - 1) * PER_PAGE) as usize).min(all.len());
    &all[start..(start + PER_PAGE as usize).min(all.len())]
}

async fn check_org_page(w: &World, actor: &Actor, search: &str, page: i64) {
    let got = w.app.organizations(actor, search, page).await.unwrap();
    let expected = expected_orgs(w, actor, search);
    let shown: Vec<i64> = got.items.iter().map(|o| o.id).collect();
    let context = format!("organizations of {actor:?}, search {search:?}, page {page}");
    assert_eq!(shown, page_of(&expected, page), "{context}");
    assert_eq!(got.total, expected.len() as i64, "count: {context}");
}

async fn check_activity_page(w: &World, actor: &Actor, page: i64) {
    let got = w.app.activities(actor, page).await.unwrap();
    let expected = expected_activities(w, actor);
    let shown: Vec<i64> = got.items.iter().map(|a| a.id).collect();
    let context = format!("activities of {actor:?}, page {page}");
    assert_eq!(shown, page_of(&expected, page), "{context}");
    assert_eq!(got.total, expected.len() as i64, "count: {context}");
    for item in &got.items {
        assert_eq!(item.organization_id, w.activities[&item.id].org);
    }
}

/// The newest audit entry of an action: (target id, outcome).
async fn last_audit(db: &Db, action: &str) -> (String, String) {
    let filter = AuditFilter {
        action: action.to_owned(),
        ..AuditFilter::default()
    };
    let row = audit::search(db, &filter, 1, 0).await.unwrap().remove(0);
    (row.target_id, row.outcome)
}

fn outcome(allowed: bool) -> String {
    if allowed { "ok" } else { "denied" }.to_owned()
}

/// Attempts per kind that were allowed and refused, to show both sides were exercised.
#[derive(Debug, Default)]
struct Tally(std::collections::BTreeMap<&'static str, (u32, u32)>);

impl Tally {
    fn add(&mut self, kind: &'static str, allowed: bool) {
        let entry = self.0.entry(kind).or_default();
        if allowed {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
}

async fn no_read_or_write_leaves_the_jurisdiction(db: Db) {
    let seed: u64 = std::env::var("FUPIN_JURISDICTION_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_171_204);
    eprintln!("jurisdiction seed {seed}");
    let mut rng = StdRng::seed_from_u64(seed);
    let w = World::seed(&db, &mut rng).await;
    let app = &w.app;
    let actors = w.actors();
    let staff: Vec<Actor> = actors
        .iter()
        .filter(|a| reach(a) != Reach::Nothing)
        .cloned()
        .collect();
    let registrars: Vec<Actor> = actors
        .iter()
        .filter(|a| is_staff_of(a, UnitKind::RegistrationAuthority))
        .cloned()
        .collect();
    let offices: Vec<Actor> = actors
        .iter()
        .filter(|a| is_staff_of(a, UnitKind::PovertyOffice))
        .cloned()
        .collect();
    let mut credit: std::collections::BTreeMap<i64, &str> =
        w.orgs.keys().map(|&id| (id, "normal")).collect();
    let mut tally = Tally::default();
    let mut attempts = 0_u64;

    // Every actor: every page of both lists (and the page after the last).
    for actor in &actors {
        let pages = expected_activities(&w, actor).len() as i64 / PER_PAGE + 2;
        for page in 1..=pages {
            check_activity_page(&w, actor, page).await;
        }
        check_org_page(&w, actor, "", 1).await;
        check_org_page(&w, actor, "", 2).await;
        attempts += pages as u64 + 2;
    }

    let searches: Vec<String> = ["社会组织1", "社会组织2", "组织", "不存在的组织", "5"]
        .iter()
        .map(|s| s.to_string())
        .chain(w.orgs.values().map(|o| o.credit_code.clone()))
        .collect();
    while attempts < 10_000 {
        attempts += 1;
        // Most actors reach nothing; pick one that reaches something more than half the time.
        let actor = if rng.random_bool(0.6) {
            staff.choose(&mut rng).unwrap()
        } else {
            actors.choose(&mut rng).unwrap()
        };
        match rng.random_range(0..100) {
            0..=24 => {
                let id = rng.random_range(-1..=w.orgs.len() as i64 + 3);
                let allowed = sees_org(&w, actor, id);
                tally.add("organization", allowed);
                match app.organization(actor, id).await {
                    Ok(row) => {
                        assert!(allowed, "organization {id} shown to {actor:?}");
                        assert_eq!(row.region_code, w.orgs[&id].region);
                    }
                    Err(AppError::NotFound) => {
                        assert!(!allowed, "organization {id} refused to {actor:?}")
                    }
                    Err(other) => panic!("organization {id} for {actor:?}: {other:?}"),
                }
            }
            25..=49 => {
                let id = rng.random_range(0..=w.activities.len() as i64 + 3);
                let allowed = sees_activity(&w, actor, id);
                tally.add("activity", allowed);
                match app.activity(actor, id).await {
                    Ok(row) => {
                        assert!(allowed, "activity {id} shown to {actor:?}");
                        assert_eq!(row.organization_id, w.activities[&id].org);
                    }
                    Err(AppError::NotFound) => {
                        assert!(!allowed, "activity {id} refused to {actor:?}")
                    }
                    Err(other) => panic!("activity {id} for {actor:?}: {other:?}"),
                }
            }
            50..=64 => {
                let id = rng.random_range(0..=w.persons.len() as i64 + 3);
                let allowed = sees_person(&w, actor, id);
                tally.add("registry person", allowed);
                match app.registry_person(actor, id).await {
                    Ok(row) => {
                        assert!(allowed, "person {id} shown to {actor:?}");
                        assert_eq!(row.village_code, w.persons[&id].village);
                        assert!(!row.id_masked.contains(&w.persons[&id].id_number[6..14]));
                    }
                    Err(AppError::NotFound) => {
                        assert!(!allowed, "person {id} refused to {actor:?}")
                    }
                    Err(other) => panic!("person {id} for {actor:?}: {other:?}"),
                }
            }
            65..=71 => {
                // Half the attempts by 扶贫 staff, so that allowed reveals are frequent too.
                let actor = if rng.random_bool(0.5) {
                    offices.choose(&mut rng).unwrap()
                } else {
                    actor
                };
                let id = rng.random_range(0..=w.persons.len() as i64 + 2);
                let office = is_staff_of(actor, UnitKind::PovertyOffice);
                let allowed = office && sees_person(&w, actor, id);
                tally.add("reveal", allowed);
                match app.reveal_registry_id(actor, id).await {
                    Ok(full) => {
                        assert!(allowed, "ID of {id} revealed to {actor:?}");
                        assert_eq!(full, w.persons[&id].id_number);
                    }
                    Err(AppError::Forbidden) => assert!(!office, "reveal {id} by {actor:?}"),
                    Err(AppError::NotFound) => {
                        assert!(office && !allowed, "reveal {id} by {actor:?}")
                    }
                    Err(other) => panic!("reveal {id} by {actor:?}: {other:?}"),
                }
                let entry = last_audit(&db, "registry.reveal_id").await;
                assert_eq!(entry, (id.to_string(), outcome(allowed)), "audited");
            }
            72..=79 => {
                let actor = if rng.random_bool(0.5) {
                    registrars.choose(&mut rng).unwrap()
                } else {
                    actor
                };
                let id = rng.random_range(0..=w.orgs.len() as i64 + 2);
                let status = *CreditStatus::ALL.choose(&mut rng).unwrap();
                let registrar = is_staff_of(actor, UnitKind::RegistrationAuthority);
                let allowed = registrar && sees_org(&w, actor, id);
                tally.add("credit status", allowed);
                let result = app.set_credit_status(actor, id, status, "抽查").await;
                match result {
                    Ok(()) => {
                        assert!(allowed, "credit status of {id} set by {actor:?}");
                        credit.insert(id, status.code());
                    }
                    Err(AppError::Forbidden) => assert!(!registrar, "{id} by {actor:?}"),
                    Err(AppError::NotFound) => assert!(registrar && !allowed, "{id} by {actor:?}"),
                    Err(other) => panic!("credit status of {id} by {actor:?}: {other:?}"),
                }
                if let Some(row) = organizations::get(&db, id).await.unwrap() {
                    assert_eq!(
                        row.credit_status, credit[&id],
                        "a refused write changed nothing"
                    );
                }
                let entry = last_audit(&db, "organization.credit_status").await;
                assert_eq!(entry, (id.to_string(), outcome(allowed)), "audited");
            }
            80..=89 => {
                let search = if rng.random_bool(0.3) {
                    ""
                } else {
                    searches.choose(&mut rng).unwrap().as_str()
                };
                let page = rng.random_range(1..=2);
                tally.add(
                    "organization list",
                    !expected_orgs(&w, actor, search).is_empty(),
                );
                check_org_page(&w, actor, search, page).await;
            }
            _ => {
                let page = rng.random_range(1..=4);
                tally.add("activity list", !expected_activities(&w, actor).is_empty());
                check_activity_page(&w, actor, page).await;
            }
        }
    }

    for (id, status) in &credit {
        let row = organizations::get(&db, *id).await.unwrap().unwrap();
        assert_eq!(row.credit_status, *status, "organization {id} at the end");
    }
    let chain = app.verify_audit_chain(None).await.unwrap();
    assert_eq!(chain.problem, None);
    for (kind, (allowed, refused)) in &tally.0 {
        assert!(
            *allowed >= 20 && *refused >= 20,
            "{kind} tried too little of one side: {allowed} allowed, {refused} refused"
        );
    }
    eprintln!("{attempts} attempts; (allowed, refused) per kind: {tally:?}");
}
