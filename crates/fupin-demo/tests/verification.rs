//! Issue 5's "done when", first part: on the demo data, the verification engine finds every
//! planted roster fault with its reason, passes every clean entry, opens an adjudication item
//! for each doubtful one, and finds every planted anomaly (persons aided by many organizations,
//! evidence shared across organizations) and nothing else of those kinds; the 低保 list's members
//! are verified on the list, or found to have left it before the service year; each organization's
//! public quality score is the engine's — on SQLite and PostgreSQL.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::collections::{BTreeMap, BTreeSet, HashMap};

use fupin_app::verification::VerifyOptions;
use fupin_app::{Actor, App, PiiKeys};
use fupin_demo::{AnomalyKind, DemoOptions, Sizes, generate};
use fupin_domain::Taxonomy;
use fupin_store::Db;
use fupin_verify::Status;

fupin_store::conformance!(every_planted_fault_is_found_with_its_reason);

fn keys() -> PiiKeys {
    PiiKeys::from_hex(&"cd".repeat(64)).unwrap()
}

/// What the manifest's fault must look like in the stored verdict: (status, reason code).
fn expected(fault: &str) -> (&'static str, &'static str) {
    match fault {
        "invalid_id" => ("invalid_id", "invalid_id"),
        "not_in_registry" => ("not_in_registry", "not_in_registry"),
        // The demo's name faults are homophones (张伟 → 张玮): same person, name noted.
        "name_mismatch" => ("homophone", "name_homophone"),
        "exited_before_service" => ("exited_before_service", "exited_before_service"),
        "claimed_by_several" => ("verified", "claimed_by_others"),
        // A real, clean person, claimed by the other organizations of the hub too.
        "many_organizations" => ("verified", "claimed_by_others"),
        // A 低保 list member who left the list the year before the service year.
        "left_list_before_service" => ("exited_before_service", "left_list_before_service"),
        other => panic!("unknown fault {other}"),
    }
}

async fn every_planted_fault_is_found_with_its_reason(db: Db) {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("faults.csv");
    let mut options = DemoOptions::new(1, 7);
    options.sizes = Some(Sizes {
        organizations: 120,
        activities: 600,
        registry_persons: 6_000,
        roster_entries: 3_000,
        registry_counties: 4,
    });
    options.manifest_path = Some(manifest.clone());
    let summary = generate(&db, &keys(), &options).await.unwrap();
    let app = App::new(db.clone(), keys());
    fupin_store::stats::rebuild(&db).await.unwrap();

    let outcome = app
        .verify_bulk(&Actor::system(), &VerifyOptions::default(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(outcome.entries, summary.faults.entries);
    assert_eq!(
        outcome.statuses.iter().map(|(_, n)| n).sum::<u64>(),
        summary.faults.entries
    );

    let rows: Vec<(i64, i32, String, String)> = db
        .fetch_all(
            "SELECT e.activity_id, e.row_no, v.status, v.reason_codes \
             FROM roster_entries e JOIN roster_verdicts v ON v.entry_id = e.id",
            &[],
        )
        .await
        .unwrap();
    let verdicts: HashMap<(i64, i32), (String, String)> = rows
        .into_iter()
        .map(|(a, r, s, c)| ((a, r), (s, c)))
        .collect();
    assert_eq!(verdicts.len() as u64, summary.faults.entries);

    let mut planted: HashMap<(i64, i32), String> = HashMap::new();
    // Planted anomalies: kind → activities concerned.
    let mut anomalous: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    let mut reader = csv::Reader::from_path(&manifest).unwrap();
    for record in reader.records() {
        let r = record.unwrap();
        if AnomalyKind::ALL.iter().any(|k| k.code() == &r[3]) {
            anomalous
                .entry(r[3].to_owned())
                .or_default()
                .insert(r[0].parse().unwrap());
        }
        if r[1].is_empty() {
            continue; // an activity's evidence file, not a roster entry
        }
        let key = (r[0].parse().unwrap(), r[1].parse().unwrap());
        if &r[3] == "claimed_by_several" {
            // The first claim of the pair is flagged too.
            let first = (r[5].parse().unwrap(), r[6].parse().unwrap());
            planted
                .entry(first)
                .or_insert_with(|| "claimed_by_several".into());
        }
        planted.insert(key, r[3].to_owned());
    }
    let mut found: HashMap<&str, u64> = HashMap::new();
    let mut on_list = 0_u64;
    for (key, (status, codes)) in &verdicts {
        let codes: Vec<&str> = codes.split(',').filter(|c| !c.is_empty()).collect();
        match planted.get(key) {
            Some(fault) => {
                let (want_status, want_reason) = expected(fault);
                assert_eq!(status, want_status, "{key:?} planted {fault}");
                assert!(
                    codes.contains(&want_reason),
                    "{key:?} planted {fault}: {codes:?}"
                );
                *found.entry(fault.as_str()).or_default() += 1;
            }
            None => {
                assert_eq!(status, "verified", "clean entry {key:?}: {codes:?}");
                on_list += u64::from(codes.contains(&"on_list"));
                assert!(!codes.contains(&"claimed_by_others"), "clean entry {key:?}");
            }
        }
    }
    let f = &summary.faults;
    assert_eq!(found.get("invalid_id").copied().unwrap_or(0), f.invalid_id);
    assert_eq!(
        found.get("not_in_registry").copied().unwrap_or(0),
        f.not_in_registry
    );
    assert_eq!(
        found.get("name_mismatch").copied().unwrap_or(0),
        f.name_mismatch
    );
    assert_eq!(
        found.get("exited_before_service").copied().unwrap_or(0),
        f.exited_before_service
    );
    assert!(found.get("claimed_by_several").copied().unwrap_or(0) >= 2 * f.claimed_by_several);
    assert_eq!(
        found.get("many_organizations").copied().unwrap_or(0),
        f.many_organizations
    );
    assert!(f.invalid_id > 0 && f.not_in_registry > 0 && f.exited_before_service > 0);
    // The 低保 list's members: verified on the list, or found to have left it.
    assert_eq!(on_list, f.on_list);
    assert_eq!(
        found.get("left_list_before_service").copied().unwrap_or(0),
        f.left_list
    );
    assert!(f.on_list > 0 && f.left_list > 0);
    assert!(f.many_organizations > 0 && summary.anomalies.shared_evidence_files > 0);

    // Every planted anomaly is found, on every activity concerned, and nothing else of its kind.
    let rows: Vec<(String, i64, String)> = db
        .fetch_all(
            "SELECT kind, activity_id, detail_zh FROM anomalies WHERE activity_id IS NOT NULL",
            &[],
        )
        .await
        .unwrap();
    let mut stored: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    for (kind, activity, detail) in &rows {
        stored.entry(kind.clone()).or_default().insert(*activity);
        assert!(
            !detail.is_empty(),
            "{kind} on {activity} says what was found"
        );
    }
    for kind in AnomalyKind::ALL {
        let want = anomalous.get(kind.code()).cloned().unwrap_or_default();
        assert!(!want.is_empty(), "{} planted", kind.code());
        assert_eq!(
            stored.get(kind.code()).cloned().unwrap_or_default(),
            want,
            "{} found on exactly the planted activities",
            kind.code()
        );
    }
    let per_kind = |code: &str| rows.iter().filter(|(k, _, _)| k == code).count() as u64;
    assert_eq!(
        per_kind("shared_evidence"),
        summary.anomalies.shared_evidence_activities,
        "one row per activity using a shared file"
    );
    assert_eq!(
        per_kind("many_organizations"),
        f.many_organizations,
        "one row per activity claiming a planted person"
    );
    assert_eq!(outcome.anomalies, rows.len() as u64);

    // Each organization's public quality score is the engine's over its published rosters.
    let statuses: Vec<(i64, String)> = db
        .fetch_all(
            "SELECT a.organization_id, v.status FROM roster_verdicts v \
             JOIN activities a ON a.id = v.activity_id \
             WHERE a.status = 'published' AND a.is_current",
            &[],
        )
        .await
        .unwrap();
    let mut by_org: BTreeMap<i64, (i64, i64, i64)> = BTreeMap::new();
    for (org, code) in &statuses {
        let status = Status::from_code(code).unwrap();
        let e = by_org.entry(*org).or_default();
        e.0 += 1;
        e.1 += i64::from(status.is_verified());
        e.2 += i64::from(status.quality_points());
    }
    assert!(by_org.len() > 1, "{}", by_org.len());
    for (org, (entries, verified, points)) in &by_org {
        let q = app.organization_quality(*org).await.unwrap();
        assert_eq!((q.entries, q.verified), (*entries, *verified), "org {org}");
        assert_eq!(q.quality_bp(), points / entries, "org {org}");
    }
    let unverified = (1..=120).find(|id| !by_org.contains_key(id)).unwrap();
    let q = app.organization_quality(unverified).await.unwrap();
    assert_eq!((q.entries, q.quality_bp()), (0, 0));

    // Every doubtful entry (not verified) is in the adjudication queue, and nothing else.
    let doubtful = verdicts
        .values()
        .filter(|(s, _)| !matches!(s.as_str(), "verified" | "homophone" | "typo"))
        .count() as i64;
    let open = db
        .fetch_i64(
            "SELECT COUNT(*) FROM adjudications WHERE state = 'open'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(open, doubtful);

    // The rollups' verified entries follow the verdicts exactly, as a rebuild would count them.
    let national = || async {
        fupin_store::stats::read::totals(&db, "region", "", &Default::default())
            .await
            .unwrap()
    };
    let maintained = national().await;
    let verified_published = db
        .fetch_i64(
            "SELECT COUNT(*) FROM roster_verdicts v JOIN activities a ON a.id = v.activity_id \
             WHERE a.status = 'published' AND a.is_current \
               AND v.status IN ('verified', 'homophone', 'typo')",
            &[],
        )
        .await
        .unwrap();
    assert!(verified_published > 0);
    assert_eq!(maintained.verified_entries, verified_published);
    fupin_store::stats::rebuild(&db).await.unwrap();
    assert_eq!(
        national().await.verified_entries,
        maintained.verified_entries
    );

    // A second run changes nothing: same verdicts, the queue keeps its items.
    let again = app
        .verify_bulk(&Actor::system(), &VerifyOptions::default(), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(again.statuses, outcome.statuses);
    let open_again = db
        .fetch_i64(
            "SELECT COUNT(*) FROM adjudications WHERE state = 'open'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(open_again, doubtful);
}
