#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]
//! Jurisdiction, tried at random: many actors × many records, every read and write compared with
//! an oracle written from the rules (not from the code under test). At least 10,000 attempts per
//! backend; any record shown, counted or changed outside jurisdiction — or refused inside it —
//! fails the test with the seed, actor and record.

mod common;

use common::world::{Rng, World, seed};
use fupin_app::{Actor, Affiliation, AppError};
use fupin_domain::{CreditStatus, Role, UnitKind};
use fupin_store::Db;

fupin_store::conformance!(no_read_or_write_leaves_the_jurisdiction);

const SEED: u64 = 20_171_204;

/// The (unit kind, region) of government staff.
fn staff_unit(actor: &Actor) -> Option<(i64, UnitKind, Option<&str>)> {
    let staff = actor.roles.contains(&Role::Officer) || actor.roles.contains(&Role::Leader);
    match &actor.affiliation {
        Affiliation::Government {
            unit_id,
            kind,
            region_code,
        } if staff => Some((*unit_id, *kind, region_code.as_deref())),
        _ => None,
    }
}

fn own_org(actor: &Actor) -> Option<i64> {
    let staff = actor.roles.contains(&Role::OrgReporter) || actor.roles.contains(&Role::OrgAdmin);
    match actor.affiliation {
        Affiliation::Organization { organization_id } if staff => Some(organization_id),
        _ => None,
    }
}

fn within(region: Option<&str>, code: &str) -> bool {
    region.is_none_or(|r| code.starts_with(r))
}

fn area_office(kind: UnitKind) -> bool {
    matches!(
        kind,
        UnitKind::RegistrationAuthority | UnitKind::PovertyOffice
    )
}

fn sees_org(w: &World, actor: &Actor, org: i64) -> bool {
    let Some(county) = w.orgs.get(&org) else {
        return false;
    };
    if let Some(own) = own_org(actor) {
        return own == org;
    }
    match staff_unit(actor) {
        Some((_, kind, region)) if area_office(kind) => within(region, county),
        Some((unit, _, _)) => w.links.contains(&(org, unit)),
        None => false,
    }
}

fn sees_activity(w: &World, actor: &Actor, activity: i64) -> bool {
    let Some((org, places)) = w.activities.get(&activity) else {
        return false;
    };
    let located = match staff_unit(actor) {
        Some((_, kind, region)) if area_office(kind) => places.iter().any(|p| within(region, p)),
        _ => false,
    };
    sees_org(w, actor, *org) || located
}

fn sees_person(w: &World, actor: &Actor, person: i64) -> bool {
    let Some((village, _)) = w.persons.get(&person) else {
        return false;
    };
    matches!(staff_unit(actor), Some((_, kind, region)) if area_office(kind) && within(region, village))
}

fn refused(result: &Result<impl Sized, AppError>) -> bool {
    matches!(result, Err(AppError::NotFound | AppError::Forbidden))
}

async fn no_read_or_write_leaves_the_jurisdiction(db: Db) {
    let mut rng = Rng::new(SEED);
    let world = seed(&db, &mut rng).await;
    let app = &world.app;
    let actors = world.actors();
    let mut attempts = 0_u64;
    // (allowed, refused) per kind of attempt, so the test shows it exercised both sides.
    let mut tally = [(0_u32, 0_u32); 4];
    let mut count = |kind: usize, allowed: bool| {
        if allowed {
            tally[kind].0 += 1;
        } else {
            tally[kind].1 += 1;
        }
    };
    let mut credit: std::collections::BTreeMap<i64, &str> =
        world.orgs.keys().map(|&id| (id, "normal")).collect();

    // Lists and counts, for every actor.
    for actor in &actors {
        let orgs = app.organizations(actor, "", 1).await.unwrap();
        let expected: Vec<i64> = world
            .orgs
            .keys()
            .copied()
            .filter(|&o| sees_org(&world, actor, o))
            .collect();
        let mut shown: Vec<i64> = orgs.items.iter().map(|o| o.id).collect();
        shown.sort_unstable();
        assert_eq!(shown, expected, "organizations of {actor:?}");
        assert_eq!(
            orgs.total,
            expected.len() as i64,
            "organization count of {actor:?}"
        );
        let acts = app.activities(actor, 1).await.unwrap();
        let expected: Vec<i64> = world
            .activities
            .keys()
            .copied()
            .filter(|&a| sees_activity(&world, actor, a))
            .collect();
        let mut shown: Vec<i64> = acts.items.iter().map(|a| a.id).collect();
        shown.sort_unstable();
        assert_eq!(shown, expected, "activities of {actor:?}");
        assert_eq!(
            acts.total,
            expected.len() as i64,
            "activity count of {actor:?}"
        );
        attempts += 4;
    }

    let registrars: Vec<Actor> = actors
        .iter()
        .filter(|a| matches!(staff_unit(a), Some((_, UnitKind::RegistrationAuthority, _))))
        .cloned()
        .collect();

    // Details, at random, including ids that do not exist.
    let max_person = world.persons.keys().max().copied().unwrap_or(0) + 2;
    while attempts < 10_500 {
        let actor = rng.pick(&actors);
        match rng.below(8) {
            0..=2 => {
                let id = 1 + rng.below(world.orgs.len() + 2) as i64;
                let got = app.organization(actor, id).await;
                let allowed = sees_org(&world, actor, id);
                count(0, allowed);
                assert_eq!(got.is_ok(), allowed, "organization {id} for {actor:?}");
                if !allowed {
                    assert!(refused(&got), "refusal must be 403/404: {got:?}");
                }
            }
            3..=5 => {
                let id = 1 + rng.below(world.activities.len() + 2) as i64;
                let got = app.activity(actor, id).await;
                count(1, sees_activity(&world, actor, id));
                assert_eq!(
                    got.is_ok(),
                    sees_activity(&world, actor, id),
                    "activity {id} for {actor:?}"
                );
                if let Ok(row) = got {
                    assert_eq!(row.organization_id, world.activities[&id].0);
                }
            }
            6 => {
                let id = 1 + rng.below(max_person as usize) as i64;
                let got = app.registry_person(actor, id).await;
                count(2, sees_person(&world, actor, id));
                assert_eq!(
                    got.is_ok(),
                    sees_person(&world, actor, id),
                    "person {id} for {actor:?}"
                );
                if rng.below(8) == 0 {
                    let full = app.reveal_registry_id(actor, id).await;
                    let office = matches!(staff_unit(actor), Some((_, UnitKind::PovertyOffice, _)));
                    let allowed = office && sees_person(&world, actor, id);
                    assert_eq!(full.is_ok(), allowed, "reveal {id} for {actor:?}");
                    if let Ok(full) = full {
                        assert_eq!(full, world.persons[&id].1);
                    }
                    attempts += 1;
                }
            }
            _ => {
                if rng.below(3) != 0 {
                    continue;
                }
                // Half the writers are 民政 staff, so that allowed writes are tried often too.
                let actor = if rng.below(2) == 0 {
                    rng.pick(&registrars)
                } else {
                    actor
                };
                let id = 1 + rng.below(world.orgs.len() + 1) as i64;
                let status = *rng.pick(CreditStatus::ALL);
                let result = app
                    .set_credit_status(actor, id, status, "抽查发现问题")
                    .await;
                let may = matches!(
                    staff_unit(actor),
                    Some((_, UnitKind::RegistrationAuthority, _))
                ) && sees_org(&world, actor, id);
                count(3, may);
                assert_eq!(result.is_ok(), may, "credit status of {id} by {actor:?}");
                if may {
                    credit.insert(id, status.code());
                }
                let national = Actor {
                    roles: vec![Role::Officer],
                    affiliation: Affiliation::Government {
                        unit_id: world.units[0].id,
                        kind: UnitKind::RegistrationAuthority,
                        region_code: None,
                    },
                    ..Actor::public()
                };
                if let Ok(row) = app.organization(&national, id).await {
                    assert_eq!(
                        row.credit_status, credit[&id],
                        "a refused write changed nothing"
                    );
                }
            }
        }
        attempts += 1;
    }
    assert!(attempts >= 10_000);
    for (kind, (allowed, refused)) in tally.iter().enumerate() {
        assert!(
            *allowed >= 10 && *refused >= 10,
            "attempt kind {kind} tried too little of one side: {allowed} allowed, {refused} refused"
        );
    }
    eprintln!("{attempts} attempts; (allowed, refused) per kind: {tally:?}");
}
