//! Beneficiary rosters (受益人名单) with planted faults, for the verification engine to find.
//!
//! Each roster belongs to a published activity of 2017–2020 located in whole registry counties.
//! Every entry draws its kind independently at the rates of [`FAULT_RATES`]; the rest are clean. A
//! fault that cannot be planted where it was drawn (no other organization's claim in the county and
//! year yet, no exited person left) is owed and planted at the next clean draw where it can be, so
//! the realised rates follow the table. See [`crate::faults`] for the kinds and the manifest.
//! After the rosters, one person per hub is added to the rosters of the hub's organizations
//! ([`crate::anomalies`]), then the members of the 低保 list to a few rosters ([`crate::lists`]).

use std::collections::HashMap;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use fupin_app::{PiiKeys, ProtectedId};
use fupin_domain::{BeneficiaryCategory, IdNumber, ListStatus, Money};
use fupin_store::Db;
use fupin_store::rosters::{NewRosterEntry, ROSTER};
use rand::Rng;
use time::Date;

use crate::anomalies::{AnomalyKind, Hub};
use crate::claims::{Claim, State};
use crate::faults::{
    FAULT_RATES, FaultCounts, FaultKind, MANIFEST_COLUMNS, invalid_id, manifest_record,
};
use crate::loader::Loader;
use crate::progress::Progress;
use crate::registry::{RegistryPlan, Want};
use crate::rng::{date_between, pick, purpose, stream};
use crate::{DemoError, lists, names};

/// An activity that gets a roster.
#[derive(Debug, Clone)]
pub(crate) struct RosterPlan {
    pub activity_id: i64,
    pub organization_id: i64,
    /// Index into the generated organizations.
    pub org_index: usize,
    pub year: i32,
    /// Registry counties (indexes into the registry plan), all locations of the activity.
    pub counties: Vec<usize>,
    pub start: Date,
    pub end: Date,
    pub entries: u32,
}

/// A planted fault: kind, detail, and for a second claim the `(activity_id, row_no)` of the first.
type Planted = (FaultKind, String, Option<(i64, i32)>);

/// One entry as built, before protection.
struct Entry {
    name: String,
    id: Result<IdNumber, String>,
    village: u64,
    fault: Option<Planted>,
    claim: Option<(usize, u64, usize)>,
}

/// Generates and writes every roster, then the entries of the persons planted on the rosters of
/// each hub's organizations; writes the manifest when a path is given. Returns the counts and the
/// persons planted in hubs.
#[allow(clippy::too_many_arguments)] // the generator's phases share this shape
pub(crate) async fn generate(
    db: &Db,
    keys: &PiiKeys,
    plan: &RegistryPlan,
    rosters: &[RosterPlan],
    hubs: &[Hub],
    seed: u64,
    manifest: Option<&Path>,
    progress: &Progress,
) -> Result<(FaultCounts, u64), DemoError> {
    let total: u64 = rosters.iter().map(|r| u64::from(r.entries)).sum();
    let bar = progress.bar(total, "受益人名单");
    let mut writer = match manifest {
        Some(path) => {
            let mut w = csv::Writer::from_writer(BufWriter::new(File::create(path)?));
            w.write_record(MANIFEST_COLUMNS)?;
            Some(w)
        }
        None => None,
    };
    let mut state = State::new(plan);
    let mut counts = FaultCounts::default();
    let mut loader = Loader::new(db, &[ROSTER]);
    // Each hub's person, set aside before the rosters use up the county, and the last row of
    // each hub roster, for the planted entries that follow.
    let mut hub_persons = Vec::with_capacity(hubs.len());
    let mut hub_rows: HashMap<i64, (usize, i32)> = HashMap::new();
    for (k, hub) in hubs.iter().enumerate() {
        let mut rng = stream(seed, purpose::ANOMALIES, k as u64);
        let found = state.find(&mut rng, &[hub.county], Want::Clean(hub.year))?;
        hub_persons.push((found, rng));
        hub_rows.extend(hub.activities.iter().map(|&a| (a, (usize::MAX, 0))));
    }
    let mut last_rows: Vec<i32> = Vec::with_capacity(rosters.len());
    for (index, roster) in rosters.iter().enumerate() {
        let mut rng = stream(seed, purpose::ROSTERS, roster.activity_id as u64);
        let year_index = (roster.year - 2016).clamp(0, 4) as usize;
        let mut row_no = 0_i32;
        let mut attempts = 0;
        while (row_no as u32) < roster.entries && attempts < roster.entries * 3 {
            attempts += 1;
            let Some(entry) = next_entry(&mut rng, &mut state, roster, year_index)? else {
                continue;
            };
            row_no += 1;
            let at = (row_no, BeneficiaryCategory::RegisteredPoor);
            push_entry(&mut loader, keys, roster, at, &entry, &mut rng).await?;
            counts.add(entry.fault.as_ref().map(|f| f.0));
            if let (Some((kind, detail, first)), Some(w)) = (&entry.fault, writer.as_mut()) {
                w.write_record(manifest_record(
                    roster.activity_id,
                    Some(row_no),
                    roster.organization_id,
                    kind.code(),
                    detail,
                    first.map(|(a, r)| (a, Some(r))),
                ))?;
            }
            if let Some((c, household, member)) = entry.claim {
                let (organization_id, activity_id) = (roster.organization_id, roster.activity_id);
                let claim = Claim {
                    household,
                    member,
                    organization_id,
                    activity_id,
                    row_no,
                };
                state.remember(c, year_index, claim, &mut rng);
            }
            bar.inc(1);
        }
        if let Some(last) = hub_rows.get_mut(&roster.activity_id) {
            *last = (index, row_no);
        }
        last_rows.push(row_no);
    }
    let mut persons = 0;
    for (hub, (found, mut rng)) in hubs.iter().zip(hub_persons) {
        let Some(found) = found else {
            continue;
        };
        let entry = Entry {
            name: found.person.name,
            id: Ok(found.person.id),
            village: found.village,
            fault: None,
            claim: None,
        };
        let organizations = hub.activities.len().to_string();
        let mut first = None;
        for activity_id in &hub.activities {
            let Some((index, last)) = hub_rows.get_mut(activity_id) else {
                continue;
            };
            let Some(roster) = rosters.get(*index) else {
                continue;
            };
            *last += 1;
            let at = (*last, BeneficiaryCategory::RegisteredPoor);
            push_entry(&mut loader, keys, roster, at, &entry, &mut rng).await?;
            counts.add_many_organizations();
            if let Some(w) = writer.as_mut() {
                w.write_record(manifest_record(
                    roster.activity_id,
                    Some(*last),
                    roster.organization_id,
                    AnomalyKind::ManyOrganizations.code(),
                    &organizations,
                    first,
                ))?;
            }
            first = first.or(Some((roster.activity_id, Some(*last))));
        }
        persons += 1;
    }
    let listed = lists::draw(plan, rosters, &mut state.serials, seed, |a| {
        hub_rows.contains_key(&a)
    })?;
    for person in &listed {
        let (Some(roster), Some(last)) =
            (rosters.get(person.roster), last_rows.get_mut(person.roster))
        else {
            continue;
        };
        *last += 1;
        let entry = Entry {
            name: person.name.clone(),
            id: Ok(person.id.clone()),
            village: person.village,
            fault: None,
            claim: None,
        };
        let mut rng = stream(
            seed,
            purpose::LISTS,
            (roster.activity_id as u64) << 8 | (*last as u64 & 0xFF),
        );
        let at = (*last, BeneficiaryCategory::RuralDibao);
        push_entry(&mut loader, keys, roster, at, &entry, &mut rng).await?;
        if person.status == ListStatus::Active {
            counts.add_on_list();
            continue;
        }
        counts.add_left_list();
        if let Some(w) = writer.as_mut() {
            let detail = person.exit_year.map(|y| y.to_string()).unwrap_or_default();
            w.write_record(manifest_record(
                roster.activity_id,
                Some(*last),
                roster.organization_id,
                lists::LEFT_LIST_FAULT,
                &detail,
                None,
            ))?;
        }
    }
    loader.finish().await?;
    lists::write(db, keys, &listed).await?;
    if let Some(mut w) = writer {
        w.flush()?;
    }
    bar.finish_and_clear();
    Ok((counts, persons))
}

/// Writes `entry` as row `row_no` of `roster`, with its aid and service date drawn from `rng`.
async fn push_entry(
    loader: &mut Loader<'_>,
    keys: &PiiKeys,
    roster: &RosterPlan,
    (row_no, category): (i32, BeneficiaryCategory),
    entry: &Entry,
    rng: &mut impl Rng,
) -> Result<(), DemoError> {
    let protected: ProtectedId = match &entry.id {
        Ok(id) => keys.protect(id),
        Err(text) => keys.protect_invalid(text),
    };
    let row = NewRosterEntry {
        activity_id: roster.activity_id,
        row_no,
        name: entry.name.clone(),
        id_hash: protected.hash,
        id_cipher: protected.cipher,
        id_masked: protected.masked,
        village_code: Some(format!("{:012}", entry.village)),
        category,
        aid: Money::from_fen(rng.random_range(200..=5_000) * 100),
        service_date: date_between(rng, roster.start, roster.end),
    };
    loader.push(0, row.values()).await?;
    Ok(())
}

/// Draws the kind of the next entry and builds it. A fault that cannot be planted here is owed;
/// a clean draw first tries to pay the largest debt; failing all, the entry is clean (or `None`
/// when no clean person is left in the activity's counties).
fn next_entry(
    rng: &mut impl Rng,
    state: &mut State<'_>,
    roster: &RosterPlan,
    year_index: usize,
) -> Result<Option<Entry>, DemoError> {
    let mut ticket = rng.random::<f64>();
    let mut drawn = None;
    for (position, (kind, rate)) in FAULT_RATES.into_iter().enumerate() {
        if ticket < rate {
            drawn = Some((position, kind));
            break;
        }
        ticket -= rate;
    }
    match drawn {
        Some((position, kind)) => {
            if let Some(entry) = build(rng, state, roster, year_index, Some(kind))? {
                return Ok(Some(entry));
            }
            state.owed[position] += 1;
        }
        None => {
            let largest = (0..5)
                .filter(|&p| state.owed[p] > 0)
                .max_by_key(|&p| (state.owed[p], 5 - p));
            if let Some(position) = largest {
                let kind = FaultKind::ALL[position];
                if let Some(entry) = build(rng, state, roster, year_index, Some(kind))? {
                    state.owed[position] -= 1;
                    return Ok(Some(entry));
                }
            }
        }
    }
    build(rng, state, roster, year_index, None)
}

/// Builds an entry of `kind` (`None`: clean) for `roster`; `None` when it cannot be planted here.
fn build(
    rng: &mut impl Rng,
    state: &mut State<'_>,
    roster: &RosterPlan,
    year_index: usize,
    kind: Option<FaultKind>,
) -> Result<Option<Entry>, DemoError> {
    let year = roster.year;
    let plan = state.plan;
    let Some(&county) = pick(rng, &roster.counties) else {
        return Ok(None);
    };
    let villages = &plan.counties[county].villages;
    let any_village = |rng: &mut dyn rand::RngCore| {
        villages
            .get(rng.random_range(0..villages.len().max(1)))
            .copied()
            .unwrap_or(0)
    };
    let clean = Want::Clean(year);
    let fault = |kind, detail: String| Some((kind, detail, None));
    Ok(match kind {
        None => state.find(rng, &roster.counties, clean)?.map(|f| Entry {
            name: f.person.name,
            id: Ok(f.person.id),
            village: f.village,
            fault: None,
            claim: Some((f.county, f.household, f.member)),
        }),
        Some(FaultKind::NameMismatch) => match state.find(rng, &roster.counties, clean)? {
            Some(f) => names::misspell(rng, &f.person.name).map(|name| Entry {
                name,
                id: Ok(f.person.id),
                village: f.village,
                fault: fault(FaultKind::NameMismatch, "homophone".to_owned()),
                claim: None,
            }),
            None => None,
        },
        Some(FaultKind::ExitedBeforeService) => state
            .find(rng, &roster.counties, Want::Exited(year))?
            .map(|f| Entry {
                fault: fault(
                    FaultKind::ExitedBeforeService,
                    f.person
                        .exit_year
                        .map(|y| y.to_string())
                        .unwrap_or_default(),
                ),
                id: Ok(f.person.id),
                name: f.person.name,
                village: f.village,
                claim: None,
            }),
        Some(FaultKind::ClaimedBySeveral) => {
            let mut candidates: Vec<(usize, usize)> = Vec::new();
            for &c in &roster.counties {
                for (i, claim) in state.pools[c][year_index].iter().enumerate() {
                    if claim.organization_id != roster.organization_id {
                        candidates.push((c, i));
                    }
                }
            }
            let Some((c, i)) = pick(rng, &candidates).copied() else {
                return Ok(None);
            };
            let claim = state.pools[c][year_index].swap_remove(i);
            let household = plan.household(c, claim.household)?;
            household
                .members
                .get(claim.member)
                .cloned()
                .map(|person| Entry {
                    name: person.name,
                    id: Ok(person.id),
                    village: household.village,
                    fault: Some((
                        FaultKind::ClaimedBySeveral,
                        String::new(),
                        Some((claim.activity_id, claim.row_no)),
                    )),
                    claim: None,
                })
        }
        Some(FaultKind::NotInRegistry) => {
            let serial = state.serials[county];
            state.serials[county] += 1;
            let male = rng.random_bool(0.5);
            let id = plan.unregistered_id(county, serial, male, rng)?;
            let surname = names::surname(rng);
            Some(Entry {
                name: names::full_name(rng, surname, male),
                id: Ok(id),
                village: any_village(rng),
                fault: fault(FaultKind::NotInRegistry, String::new()),
                claim: None,
            })
        }
        Some(FaultKind::InvalidId) => {
            let (text, detail) = invalid_id(rng, &plan.counties[county].code);
            Some(Entry {
                name: names::random_name(rng),
                id: Err(text),
                village: any_village(rng),
                fault: fault(FaultKind::InvalidId, detail.to_owned()),
                claim: None,
            })
        }
    })
}
