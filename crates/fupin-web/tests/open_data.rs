//! Open data on both backends: the JSON API, CSV and Excel downloads, the OpenAPI snapshot and
//! IATI 2.03 files validated against the schema (Python `xmlschema`, from PyPI).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use fupin_store::Db;
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn get_bytes(site: &Router, uri: &str) -> (StatusCode, String, Vec<u8>) {
    let response = site
        .clone()
        .oneshot(Request::builder().uri(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let mime = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, mime, bytes.to_vec())
}

async fn json_csv_and_excel(db: Db) {
    support::seed(&db).await;
    // A title a spreadsheet would run as a formula, and a beneficiary count below five.
    db.execute(
        "UPDATE activities SET title = '=HYPERLINK(\"http://evil\")' WHERE id = 2",
        &[],
    )
    .await
    .unwrap();
    db.execute(
        "UPDATE activity_beneficiaries SET persons = 4 WHERE activity_id = 2",
        &[],
    )
    .await
    .unwrap();
    let site = support::site(db);
    let region = support::get(&site, "/api/v1/regions/13", &[]).await;
    assert_eq!(region.status, StatusCode::OK);
    let json: serde_json::Value = serde_json::from_str(&region.body).unwrap();
    assert_eq!(json["figures"]["committed"]["fen"], 10_000_000_000_i64);
    assert_eq!(json["figures"]["beneficiaries"]["persons"], 300);
    assert_eq!(json["poor_county"], false);
    let beijing = support::get(&site, "/api/v1/regions/11", &[]).await;
    let json: serde_json::Value = serde_json::from_str(&beijing.body).unwrap();
    assert_eq!(json["figures"]["beneficiaries"]["persons"], "<5", "{json}");
    let nation = support::get(&site, "/api/v1/statistics/region/cn", &[]).await;
    let system = support::get(&site, "/api/v1/statistics/system/cn", &[]).await;
    let (n, s): (serde_json::Value, serde_json::Value) = (
        serde_json::from_str(&nation.body).unwrap(),
        serde_json::from_str(&system.body).unwrap(),
    );
    assert_eq!(n["figures"], s["figures"], "the two axes reconcile");
    assert_eq!(n["figures"]["committed"]["fen"], 12_345_678_912_i64);
    let org = support::get(&site, "/api/v1/organizations/1", &[]).await;
    let json: serde_json::Value = serde_json::from_str(&org.body).unwrap();
    assert_eq!(
        json["iati_ref"].as_str().unwrap().get(..8),
        Some("CN-USCC-")
    );
    let act = support::get(&site, "/api/v1/published-activities/1", &[]).await;
    assert_eq!(act.status, StatusCode::OK);
    assert_eq!(
        support::get(&site, "/api/v1/published-activities/3", &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let list = support::get(&site, "/region/cn/activities?format=json", &[]).await;
    let json: serde_json::Value = serde_json::from_str(&list.body).unwrap();
    assert_eq!(json["total"], 2);

    let (status, mime, csv) = get_bytes(&site, "/region/cn/activities?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.starts_with("text/csv"));
    assert!(csv.starts_with(b"\xEF\xBB\xBF"), "UTF-8 with BOM");
    let text = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(
        text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""),
        "{text}"
    );
    assert!(
        text.contains("10000000000,100000000.00"),
        "fen and exact yuan"
    );
    let (status, _, orgs) = get_bytes(&site, "/region/13/organizations?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&orgs).contains("中国乡村发展测试基金会"));
    for uri in [
        "/region/cn/activities?format=xlsx",
        "/region/13/organizations?format=xlsx",
        "/organization/1/activities?format=xlsx",
    ] {
        let (status, mime, bytes) = get_bytes(&site, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(mime.contains("spreadsheetml"), "{uri}");
        assert!(bytes.starts_with(b"PK"), "{uri} is a zip (xlsx)");
    }
}

async fn openapi_matches_its_snapshot_and_the_routes(db: Db) {
    support::seed(&db).await;
    let site = support::site(db);
    let served = support::get(&site, "/api/openapi.json", &[]).await;
    assert_eq!(served.status, StatusCode::OK);
    let snapshot = include_str!("snapshots/openapi.json");
    assert_eq!(
        served.body, snapshot,
        "the OpenAPI document changed: review it, then copy src/open_data/openapi.json to tests/snapshots/"
    );
    let doc: serde_json::Value = serde_json::from_str(&served.body).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let samples = [
        ("{code}", "13"),
        ("{id}", "1"),
        ("{axis}", "region"),
        ("{node}", "cn"),
        ("{file}", "all.xml"),
    ];
    for path in doc["paths"].as_object().unwrap().keys() {
        let mut uri = path.clone();
        for (from, to) in samples {
            uri = uri.replace(from, to);
        }
        let (status, _, _) = get_bytes(&site, &uri).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "documented path {path} answers ({uri})"
        );
    }
}

/// Validates `xml` against the IATI 2.03 activity schema with Python's `xmlschema`; `false` when
/// the validator is not installed (outside CI).
fn validate_iati(xml: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("activities.xml");
    std::fs::write(&file, xml).unwrap();
    let schema = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/iati/iati-activities-schema.xsd"
    );
    let script = "import sys, xmlschema; xmlschema.XMLSchema(sys.argv[1]).validate(sys.argv[2]); print('valid')";
    let run = std::process::Command::new("python3")
        .args(["-c", script, schema])
        .arg(&file)
        .output();
    match run {
        Ok(out) if out.status.success() => {
            eprintln!(
                "IATI schema check: {}",
                String::from_utf8_lossy(&out.stdout).trim()
            );
            true
        }
        Ok(out) if String::from_utf8_lossy(&out.stderr).contains("No module named") => {
            assert!(
                std::env::var("CI").is_err(),
                "under CI the IATI schema check must run: pip install xmlschema"
            );
            eprintln!("skipping the IATI schema check: pip install xmlschema");
            false
        }
        Ok(out) => panic!(
            "IATI file is not valid: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(err) => {
            eprintln!("skipping the IATI schema check: python3 not found ({err})");
            false
        }
    }
}

async fn iati_files_are_valid(db: Db) {
    support::seed(&db).await;
    db.execute(
        "INSERT INTO activity_indicators (activity_id, code, name, unit, baseline, target, actual) \
         VALUES (1, 'students_supported', '资助学生', '人', 0, 100, 120.5)",
        &[],
    )
    .await
    .unwrap();
    let site = support::site(db);
    let (status, mime, bytes) = get_bytes(&site, "/iati/all.xml").await;
    assert_eq!(status, StatusCode::OK);
    assert!(mime.starts_with("application/xml"));
    let all = String::from_utf8(bytes).unwrap();
    assert_eq!(all.matches("<iati-activity ").count(), 2);
    assert!(all.contains(r#"<sector vocabulary="99" code="education""#));
    assert!(all.contains("CN-USCC-53"));
    assert!(all.contains("CN-GBT2260-130125"));
    assert!(all.contains(">100000000.00</value>"));
    assert!(!all.contains("999000000"), "a pledge is not a transaction");
    let (_, _, one) = get_bytes(&site, "/iati/1.xml").await;
    let one = String::from_utf8(one).unwrap();
    assert_eq!(one.matches("<iati-activity ").count(), 1);
    assert_eq!(
        get_bytes(&site, "/iati/999.xml").await.0,
        StatusCode::NOT_FOUND
    );
    if validate_iati(&all) {
        validate_iati(&one);
        // The check can fail: a document missing its required reporting-org is refused.
        let broken = all.replacen("<reporting-org ", "<reporting-organisation ", 1);
        let refused = std::panic::catch_unwind(|| validate_iati(&broken));
        assert!(refused.is_err(), "the schema check refuses an invalid file");
    }
}

fupin_store::conformance!(
    json_csv_and_excel,
    openapi_matches_its_snapshot_and_the_routes,
    iati_files_are_valid
);
