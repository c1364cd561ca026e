//! The demo data set at a tiny size: valid, deterministic, and faulty exactly as its manifest says.
//!
//! The fault check is a small verification engine written from the documented rules, so it also
//! proves that every planted fault is findable and that clean entries carry no fault.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use std::path::Path;

use fupin_app::PiiKeys;
use fupin_demo::{DemoError, DemoOptions, Sizes, generate, write_registry_csv_with};
use fupin_domain::IdNumber;
use fupin_store::Db;

mod anomalies;
mod backends;
mod records;
mod rosters;

use anomalies::check_evidence;
use records::{
    check_accounts, check_activities, check_organizations, check_registry, check_summary,
};
use rosters::check_rosters;

fn keys() -> PiiKeys {
    PiiKeys::from_hex(&"ab".repeat(64)).unwrap()
}

fn options(manifest: &Path) -> DemoOptions {
    let mut options = DemoOptions::new(1, 42);
    options.sizes = Some(Sizes {
        organizations: 160,
        activities: 900,
        registry_persons: 9_000,
        roster_entries: 4_000,
        registry_counties: 6,
    });
    options.manifest_path = Some(manifest.to_path_buf());
    options
}

async fn lines(db: &Db, sql: &'static str) -> Vec<String> {
    let rows: Vec<(String,)> = db.fetch_all(sql, &[]).await.unwrap();
    rows.into_iter().map(|(s,)| s).collect()
}

pub(crate) async fn count(db: &Db, sql: &'static str) -> i64 {
    db.fetch_i64(sql, &[]).await.unwrap()
}

/// Everything but ciphertexts and password hashes, in a stable order.
async fn fingerprint(db: &Db) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for sql in [
        "SELECT kind || '|' || level || '|' || COALESCE(region_code, '') || '|' || name FROM gov_units ORDER BY id",
        "SELECT id || '|' || credit_code || '|' || name || '|' || org_type || '|' || level || '|' || region_code || '|' \
         || registration_authority_id || '|' || management_mode || '|' || legal_representative || '|' || registered_on \
         || '|' || charity_recognized || public_fundraising || '|' || evaluation_grade || '|' || credit_status \
         FROM organizations ORDER BY id",
        "SELECT organization_id || '|' || unit_id || '|' || relation FROM supervision_links ORDER BY 1",
        "SELECT id || '|' || organization_id || '|' || title || '|' || field || '|' || method || '|' || status || '|' \
         || year || '|' || planned_start || '|' || COALESCE(actual_end, '') || '|' || goods_value_fen || '|' \
         || volunteer_hours || '|' || COALESCE(published_at, '') FROM activities ORDER BY id",
        "SELECT activity_id || '|' || region_code || '|' || share_bp FROM activity_locations ORDER BY 1",
        "SELECT activity_id || '|' || kind || '|' || occurred_on || '|' || amount_fen || '|' || funding_source || '|' \
         || COALESCE(platform, '') || COALESCE(filing_number, '') || COALESCE(contract_number, '') \
         FROM activity_transactions ORDER BY id",
        "SELECT activity_id || '|' || category || '|' || households || '|' || persons FROM activity_beneficiaries ORDER BY 1",
        "SELECT activity_id || '|' || code || '|' || target || '|' || COALESCE(actual, '') FROM activity_indicators ORDER BY id",
        "SELECT id || '|' || household_no || '|' || village_code || '|' || attribute || '|' || poverty_cause || '|' \
         || status || '|' || COALESCE(exit_year, '') FROM registry_households ORDER BY id",
        "SELECT household_id || '|' || name || '|' || hex(id_hash) || '|' || id_masked || '|' || relation || '|' \
         || status FROM registry_persons ORDER BY id",
        "SELECT activity_id || '|' || row_no || '|' || name || '|' || COALESCE(hex(id_hash), '-') || '|' || id_masked \
         || '|' || COALESCE(village_code, '') || '|' || aid_fen || '|' || service_date FROM roster_entries ORDER BY id",
        "SELECT activity_id || '|' || file_name || '|' || size_bytes || '|' || sha256 || '|' || uploaded_at \
         FROM evidence_files ORDER BY id",
        "SELECT username || '|' || display_name || '|' || COALESCE(organization_id, gov_unit_id, 0) FROM users ORDER BY id",
    ] {
        out.push(lines(db, sql).await);
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_data_set_is_valid_deterministic_and_faulty_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest_a, manifest_b) = (dir.path().join("a.csv"), dir.path().join("b.csv"));
    let (a, b) = (
        fupin_store::testing::sqlite().await,
        fupin_store::testing::sqlite().await,
    );
    let keys = keys();
    let summary = generate(&a.db, &keys, &options(&manifest_a)).await.unwrap();
    let again = generate(&b.db, &keys, &options(&manifest_b)).await.unwrap();

    // Determinism: the same seed and sizes give the same rows (ciphertexts aside) and manifest.
    let (fa, fb) = (fingerprint(&a.db).await, fingerprint(&b.db).await);
    for (x, y) in fa.iter().zip(&fb) {
        assert!(!x.is_empty());
        assert_eq!(x, y);
    }
    assert_eq!(
        std::fs::read(&manifest_a).unwrap(),
        std::fs::read(&manifest_b).unwrap()
    );
    assert_eq!(summary.faults, again.faults);
    assert_eq!(summary.anomalies, again.anomalies);
    assert_eq!(summary.accounts, again.accounts);

    check_summary(&a.db, &summary).await;
    check_organizations(&a.db).await;
    check_activities(&a.db, &summary).await;
    let registry = check_registry(&a.db, &keys).await;
    check_rosters(&a.db, &keys, &registry, &manifest_a, &summary).await;
    check_evidence(&a.db, &manifest_a, &summary).await;
    check_accounts(&a.db, &summary).await;

    // The CSV writer streams the same registry.
    let csv = dir.path().join("registry.csv");
    let persons = write_registry_csv_with(&a.db, &csv, &options(&manifest_a))
        .await
        .unwrap();
    assert_eq!(persons, summary.persons);
    let mut reader = csv::Reader::from_path(&csv).unwrap();
    assert_eq!(
        reader.headers().unwrap(),
        &fupin_demo::REGISTRY_CSV_COLUMNS[..]
    );
    for record in reader.records() {
        let record = record.unwrap();
        let id = IdNumber::parse(&record[2]).unwrap();
        let person = registry
            .get(&keys.id_hash(&id))
            .expect("CSV person in the registry");
        assert_eq!(person.name, &record[1]);
        assert_eq!(person.village, &record[3]);
    }

    // A populated database is refused.
    let refused = generate(&a.db, &keys, &options(&dir.path().join("c.csv"))).await;
    assert!(matches!(refused, Err(DemoError::NotEmpty(n)) if n == summary.organizations as i64));
}
