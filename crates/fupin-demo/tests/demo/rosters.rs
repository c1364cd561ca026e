//! A small verification engine written from the documented fault rules, compared with the manifest.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use fupin_app::PiiKeys;
use fupin_demo::anomalies::ORGANIZATIONS_PER_PERSON;
use fupin_demo::faults::FAULT_RATES;
use fupin_demo::{AnomalyKind, DemoSummary, FaultKind};
use fupin_domain::IdNumber;
use fupin_store::Db;
use fupin_verify::DEFAULT_MAX_ORGANIZATIONS;

use crate::records::Person;

/// Classifies every roster entry by the documented rules and compares with the manifest.
pub(crate) async fn check_rosters(
    db: &Db,
    keys: &PiiKeys,
    registry: &HashMap<Vec<u8>, Person>,
    manifest: &Path,
    s: &DemoSummary,
) {
    type Row = (
        i64,
        i32,
        i64,
        String,
        Option<Vec<u8>>,
        Vec<u8>,
        Option<String>,
        String,
        String,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            "SELECT e.activity_id, e.row_no, a.organization_id, e.name, e.id_hash, e.id_cipher, e.village_code, \
             e.service_date, e.category FROM roster_entries e JOIN activities a ON a.id = e.activity_id \
             ORDER BY e.id",
            &[],
        )
        .await
        .unwrap();
    let locations: Vec<(i64, String)> = db
        .fetch_all(
            "SELECT activity_id, county_code FROM activity_locations",
            &[],
        )
        .await
        .unwrap();
    let counties: HashSet<(i64, String)> = locations.into_iter().collect();
    // The demo's 低保 list: hash → (status, exit year, village).
    let members: Vec<(Vec<u8>, String, Option<i32>, String)> = db
        .fetch_all(
            "SELECT id_hash, status, exit_year, village_code FROM list_members \
             WHERE list_kind = 'rural_dibao'",
            &[],
        )
        .await
        .unwrap();
    let listed: HashMap<Vec<u8>, (String, Option<i32>, String)> = members
        .into_iter()
        .map(|(h, s, y, v)| (h, (s, y, v)))
        .collect();

    let mut expected: HashMap<(i64, i32), String> = HashMap::new();
    let mut firsts: HashSet<(i64, i32)> = HashSet::new();
    let mut reader = csv::Reader::from_path(manifest).unwrap();
    for record in reader.records() {
        let r = record.unwrap();
        if &r[3] == AnomalyKind::SharedEvidence.code() {
            continue; // an activity's evidence, not a roster row: see `anomalies`
        }
        let key = (r[0].parse().unwrap(), r[1].parse().unwrap());
        if &r[3] == "claimed_by_several" {
            firsts.insert((r[5].parse().unwrap(), r[6].parse().unwrap()));
        }
        assert!(
            !r.iter()
                .any(|field| field.len() == 18 && IdNumber::parse(field).is_ok()),
            "no clear IDs"
        );
        expected.insert(key, r[3].to_owned());
    }

    let mut claims: HashMap<&[u8], HashSet<i64>> = HashMap::new();
    for (_, _, org, _, hash, _, _, _, _) in &rows {
        if let Some(hash) = hash {
            claims.entry(hash.as_slice()).or_default().insert(*org);
        }
    }
    let mut found: HashMap<&str, u64> = HashMap::new();
    for (activity, row_no, _, name, hash, cipher, village, service_date, category) in &rows {
        let key = (*activity, *row_no);
        let year: i32 = service_date[..4].parse().unwrap();
        let village = village.as_deref().unwrap();
        assert!(
            counties.contains(&(*activity, village[..6].to_owned())),
            "entry village inside the activity's area"
        );
        let kind = match hash {
            None => {
                let text = keys.reveal(cipher).unwrap();
                assert!(
                    IdNumber::parse(&text).is_err(),
                    "an entry without hash has an invalid ID"
                );
                "invalid_id"
            }
            Some(hash) if listed.contains_key(hash) => {
                let (status, exit_year, listed_village) = &listed[hash];
                assert_eq!(category, "rural_dibao", "list members are reported as 低保");
                assert!(
                    registry.get(hash).is_none(),
                    "list members are not registered poor"
                );
                assert_eq!(listed_village, village);
                if status == "exited" {
                    assert!(exit_year.is_some_and(|y| y < year));
                    "left_list_before_service"
                } else {
                    assert_eq!(status, "active");
                    "on_list"
                }
            }
            Some(hash) => match registry.get(hash) {
                None => {
                    let id = IdNumber::parse(&keys.reveal(cipher).unwrap()).unwrap();
                    assert!(id.sequence() >= fupin_demo::FIRST_UNREGISTERED_SEQUENCE);
                    assert_eq!(id.region_prefix(), &village[..6]);
                    "not_in_registry"
                }
                Some(person) => {
                    assert_eq!(person.village, village);
                    assert_ne!(person.status, "deceased");
                    let exited = person.exit_year.is_some_and(|y| y < year);
                    let several = claims[hash.as_slice()].len() > 1;
                    if person.name != *name {
                        assert_eq!(person.name.chars().count(), name.chars().count());
                        assert!(!exited && !several, "one fault per entry");
                        "name_mismatch"
                    } else if exited {
                        assert_eq!(person.status, "lifted_no_policy");
                        assert!(!several);
                        "exited_before_service"
                    } else if claims[hash.as_slice()].len() > DEFAULT_MAX_ORGANIZATIONS {
                        assert_eq!(
                            claims[hash.as_slice()].len(),
                            ORGANIZATIONS_PER_PERSON,
                            "a planted person is on the rosters of one more organization than plausible"
                        );
                        "many_organizations"
                    } else if several {
                        assert_eq!(
                            claims[hash.as_slice()].len(),
                            2,
                            "claimed by exactly two organizations"
                        );
                        if firsts.contains(&key) {
                            "first_claim"
                        } else {
                            "claimed_by_several"
                        }
                    } else {
                        "clean"
                    }
                }
            },
        };
        match kind {
            "clean" | "first_claim" | "on_list" => assert!(
                !expected.contains_key(&key),
                "{key:?} is not in the manifest"
            ),
            _ => assert_eq!(
                expected.get(&key).map(String::as_str),
                Some(kind),
                "{key:?}"
            ),
        }
        *found.entry(kind).or_default() += 1;
    }
    let total = rows.len() as f64;
    for (kind, rate) in FAULT_RATES {
        let n = found.get(kind.code()).copied().unwrap_or(0);
        assert_eq!(n, s.faults.get(kind), "{}", kind.code());
        let realised = n as f64 / total;
        assert!(
            (realised - rate).abs() < 0.015,
            "{}: {realised:.4} vs {rate}",
            kind.code()
        );
    }
    assert_eq!(found.get("on_list").copied().unwrap_or(0), s.faults.on_list);
    assert_eq!(
        found.get("left_list_before_service").copied().unwrap_or(0),
        s.faults.left_list
    );
    assert!(s.faults.on_list > 0 && s.faults.left_list > 0);
    assert_eq!(
        found.get("first_claim").copied().unwrap_or(0),
        s.faults.get(FaultKind::ClaimedBySeveral)
    );
    let many = found.get("many_organizations").copied().unwrap_or(0);
    assert_eq!(many, s.faults.many_organizations);
    assert_eq!(
        many,
        s.anomalies.many_organizations_persons * ORGANIZATIONS_PER_PERSON as u64
    );
    assert_eq!(
        s.anomalies.many_organizations_persons, 3,
        "one person in each hub year, 2018–2020"
    );
    assert_eq!(expected.len() as u64, s.faults.entries - s.faults.clean);
}
