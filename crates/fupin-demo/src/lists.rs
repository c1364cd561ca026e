//! The demo's 农村低保对象名单 (rural minimum-living-allowance list), beside the 建档立卡
//! registry: persons who are not registered poor but receive 低保, helped by activities and
//! reported with the category 农村低保对象, so the verification finds them on the list.
//!
//! Every [`EVERY`]th roster (not a hub's, with a service year from 2017; more often in a demo
//! with fewer than `4 × EVERY` such rosters) gets, after its own
//! rows, one 在册 member of the list (a clean entry: verified on the list), and every second such
//! roster also one member who left the list the year before the service year (the planted fault
//! `left_list_before_service`). Their ID numbers are the county's unregistered ones (sequence
//! 900–999, from the same counters as the `not_in_registry` faults), so none is in the registry.
//! The list is written as one import of the whole country, effective 2016-01-01.

use fupin_app::PiiKeys;
use fupin_domain::{AssistanceList, IdNumber, ListStatus};
use fupin_store::Db;
use fupin_store::lists::{self, ListCounts, MEMBERS, NewListImport, NewMember};
use rand::Rng;
use time::macros::{date, datetime};

use crate::DemoError;
use crate::registry::RegistryPlan;
use crate::rosters::RosterPlan;
use crate::{names, rng};

/// One roster in this many gets list members.
pub(crate) const EVERY: usize = 25;

/// Code of the planted fault in the manifest (the engine's reason).
pub const LEFT_LIST_FAULT: &str = "left_list_before_service";

/// A person on the demo's 低保 list, planted on a roster.
pub(crate) struct ListedPerson {
    /// The roster (index into the roster plans).
    pub roster: usize,
    /// Name.
    pub name: String,
    /// ID number (not in the registry).
    pub id: IdNumber,
    /// Village (12-digit code as an integer).
    pub village: u64,
    /// 在册 or 已退出.
    pub status: ListStatus,
    /// The year left, for 已退出.
    pub exit_year: Option<i32>,
}

/// Draws the listed persons of the chosen rosters; `serials` are the per-county counters of
/// unregistered IDs (shared with the `not_in_registry` faults); `skip` says which rosters not
/// to use (the hubs').
pub(crate) fn draw(
    plan: &RegistryPlan,
    rosters: &[RosterPlan],
    serials: &mut [u64],
    seed: u64,
    skip: impl Fn(i64) -> bool,
) -> Result<Vec<ListedPerson>, DemoError> {
    let mut persons = Vec::new();
    let eligible = |r: &&RosterPlan| r.year >= 2017 && !skip(r.activity_id);
    // Small demos (tests) still get at least four such rosters when they have them.
    let step = (rosters.iter().filter(eligible).count() / 4).clamp(1, EVERY);
    let chosen = rosters
        .iter()
        .enumerate()
        .filter(|(_, r)| eligible(r))
        .step_by(step);
    for (n, (index, roster)) in chosen.enumerate() {
        let Some(&county) = roster.counties.first() else {
            continue;
        };
        let mut rng = rng::stream(seed, rng::purpose::LISTS, roster.activity_id as u64);
        let villages = &plan.counties[county].villages;
        let standings = if n % 2 == 0 {
            vec![(ListStatus::Active, None)]
        } else {
            vec![
                (ListStatus::Active, None),
                (ListStatus::Exited, Some(roster.year - 1)),
            ]
        };
        for (status, exit_year) in standings {
            let Some(serial) = serials.get_mut(county) else {
                continue;
            };
            let male = rng.random_bool(0.5);
            let id = plan.unregistered_id(county, *serial, male, &mut rng)?;
            *serial += 1;
            let surname = names::surname(&mut rng);
            persons.push(ListedPerson {
                roster: index,
                name: names::full_name(&mut rng, surname, male),
                id,
                village: villages
                    .get(rng.random_range(0..villages.len().max(1)))
                    .copied()
                    .unwrap_or(0),
                status,
                exit_year,
            });
        }
    }
    Ok(persons)
}

/// Writes the list: one import of the whole country and its members.
pub(crate) async fn write(
    db: &Db,
    keys: &PiiKeys,
    persons: &[ListedPerson],
) -> Result<(), DemoError> {
    if persons.is_empty() {
        return Ok(());
    }
    let list = AssistanceList::RuralDibao;
    let mut tx = db.begin().await?;
    let import_id = lists::begin_import(
        &mut tx,
        &NewListImport {
            list,
            imported_at: datetime!(2016-01-01 0:00 UTC),
            effective: date!(2016 - 01 - 01),
            file_name: "演示农村低保对象名单.csv",
            actor_name: "演示数据",
            region_code: "",
        },
    )
    .await?;
    let rows = persons
        .iter()
        .map(|p| {
            let protected = keys.protect(&p.id);
            NewMember {
                list,
                name: p.name.clone(),
                id_hash: protected.hash.unwrap_or_default(),
                id_cipher: protected.cipher,
                id_masked: protected.masked,
                village_code: format!("{:012}", p.village),
                status: p.status,
                exit_year: p.exit_year,
                import_id,
            }
            .values()
        })
        .collect();
    tx.bulk_insert(MEMBERS, rows).await?;
    let counts = ListCounts {
        added: i64::try_from(persons.len()).unwrap_or(i64::MAX),
        ..ListCounts::default()
    };
    lists::finish_import(&mut tx, import_id, &counts).await?;
    tx.commit().await?;
    Ok(())
}
