#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! Verification on submission and the adjudication queue through the router, on SQLite and
//! PostgreSQL: an organization uploads a roster and submits; the roster is verified against the
//! registry at once; the organization sees statuses and reasons but no registry data; the county
//! poverty office sees the doubtful entries masked, opens the audited full view and decides; an
//! office of another county and the organization cannot reach the queue's items.

// The roster tests' world; this test uses only part of it.
#[allow(dead_code)]
#[path = "activity_roster/fixture.rs"]
mod fixture;
mod support;

use fupin_app::PiiKeys;
use fupin_domain::{IdNumber, Role, UnitKind};
use fupin_store::{Db, Value};
use support::browser::{account, county_unit, site_with_clock};

use fixture::{DRAFT, PASSWORD, id, name, roster_csv, signed_in, world};

fupin_store::conformance!(a_submitted_roster_is_verified_and_adjudicated);

/// Persons 0..8 are registered in 灵寿县; person 5 under another name (a mismatch).
const REGISTERED: u32 = 8;
const RENAMED: u32 = 5;
const REGISTRY_NAME_OF_RENAMED: &str = "欧阳修远";

async fn register_persons(db: &Db) {
    let keys = PiiKeys::from_hex(&"ab".repeat(64)).unwrap();
    let mut tx = db.begin().await.unwrap();
    tx.execute(
        "INSERT INTO registry_households (id, household_no, village_code, county_code, attribute, \
         poverty_cause, status) VALUES (1, 'H1', '130126100201', '130126', 'general', 'illness', 'not_lifted')",
        &[],
    )
    .await
    .unwrap();
    for n in 0..REGISTERED {
        let number = IdNumber::parse(&id(n)).unwrap();
        let protected = keys.protect(&number);
        let registered_name = if n == RENAMED {
            REGISTRY_NAME_OF_RENAMED.to_owned()
        } else {
            name(n)
        };
        tx.execute(
            "INSERT INTO registry_persons (household_id, name, id_hash, id_cipher, id_masked, relation, \
             status, village_code) VALUES (1, $1, $2, $3, $4, '户主', 'not_lifted', '130126100201')",
            &[
                Value::from(registered_name),
                Value::from(protected.hash),
                Value::from(protected.cipher),
                Value::from(protected.masked),
            ],
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn a_submitted_roster_is_verified_and_adjudicated(db: Db) {
    let site = world(&db).await;
    register_persons(&db).await;
    let (_, app, _) = site_with_clock(db.clone());
    let county = county_unit(
        &app,
        UnitKind::PovertyOffice,
        "130126",
        "灵寿县扶贫开发办公室",
    )
    .await;
    account(
        &app,
        "fp.officer",
        PASSWORD,
        None,
        Some(county),
        &[Role::Officer],
    )
    .await;
    let elsewhere = county_unit(
        &app,
        UnitKind::PovertyOffice,
        "130127",
        "高邑县扶贫开发办公室",
    )
    .await;
    account(
        &app,
        "other.officer",
        PASSWORD,
        None,
        Some(elsewhere),
        &[Role::Officer],
    )
    .await;

    // The organization uploads ten rows (8 registered, 2 not) and submits.
    let mut org = signed_in(&site, "org.reporter").await;
    let detail = format!("/workspace/activities/{DRAFT}");
    let page = org.get(&detail).await;
    let token = support::browser::csrf_in(&page.body).unwrap();
    let uploaded = org
        .upload(
            &format!("{detail}/roster?csrf={token}"),
            "名单.csv",
            roster_csv(0, 10).as_bytes(),
        )
        .await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    let submitted = org.submit(&detail, &format!("{detail}/submit"), &[]).await;
    assert_eq!(submitted.status, 303, "{}", submitted.body);

    // Verified at once: 7 verified, 1 name mismatch, 2 not in the registry.
    let verdicts = org.get(&format!("{detail}/verification")).await;
    assert_eq!(verdicts.status, 200, "{}", verdicts.body);
    for shown in [
        "共核对 10 条",
        "核对通过 7 条",
        "姓名不符",
        "不在建档立卡登记中",
        "待扶贫部门核定",
    ] {
        assert!(verdicts.body.contains(shown), "{shown}: {}", verdicts.body);
    }
    assert!(
        !verdicts.body.contains(REGISTRY_NAME_OF_RENAMED),
        "the organization never sees registry data"
    );
    assert_eq!(org.get("/workspace/adjudication").await.status, 403);
    let api = org
        .get(&format!("/api/v1/activities/{DRAFT}/verification"))
        .await;
    assert_eq!(api.status, 200, "{}", api.body);
    let json: serde_json::Value = serde_json::from_str(&api.body).unwrap();
    assert_eq!(json["entries"], 10);
    assert_eq!(json["verified_share_bp"], 7000);
    assert_eq!(json["statuses"]["not_in_registry"], 2);
    assert_eq!(json["verdicts"].as_array().unwrap().len(), 3);
    assert!(!api.body.contains(REGISTRY_NAME_OF_RENAMED));
    assert_eq!(org.get("/api/v1/adjudication").await.status, 403);

    // The county poverty office: three open items, masked.
    let mut officer = signed_in(&site, "fp.officer").await;
    let queue = officer.get("/workspace/adjudication").await;
    assert_eq!(queue.status, 200, "{}", queue.body);
    assert!(queue.body.contains("待核定（3）"), "{}", queue.body);
    let listed = officer.get("/api/v1/adjudication?state=open").await;
    let listed: serde_json::Value = serde_json::from_str(&listed.body).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 3);
    let item_id: i64 = db
        .fetch_i64(
            "SELECT j.id FROM adjudications j JOIN roster_entries e ON e.id = j.entry_id \
             WHERE e.row_no = $1",
            &[Value::from(i32::try_from(RENAMED).unwrap() + 2)],
        )
        .await
        .unwrap();
    let item_uri = format!("/workspace/adjudication/{item_id}");
    let item = officer.get(&item_uri).await;
    assert_eq!(item.status, 200, "{}", item.body);
    assert!(item.body.contains("姓名不符"), "{}", item.body);
    assert!(
        !item.body.contains(REGISTRY_NAME_OF_RENAMED),
        "masked by default"
    );
    assert!(!item.body.contains(&id(RENAMED)), "masked by default");

    // The full view shows both names and the claimed ID number, and is audited.
    let full = officer
        .submit(&item_uri, &format!("{item_uri}/reveal"), &[])
        .await;
    assert_eq!(full.status, 200, "{}", full.body);
    assert!(full.body.contains(REGISTRY_NAME_OF_RENAMED));
    assert!(full.body.contains(&name(RENAMED)));
    assert!(full.body.contains(&id(RENAMED)));
    let audited = db
        .fetch_i64(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'adjudication.reveal' AND outcome = 'ok'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // Overturning needs a reason; upholding with a comment closes the item as decided.
    let refused = officer
        .submit(
            &item_uri,
            &format!("{item_uri}/decide"),
            &[("decision", "overturned")],
        )
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("必须填写核定意见"));
    let decided = officer
        .submit(
            &item_uri,
            &format!("{item_uri}/decide"),
            &[
                ("decision", "upheld"),
                ("comment", "入户核实，姓名与登记不是同一人"),
            ],
        )
        .await;
    assert_eq!(decided.status, 303, "{}", decided.body);
    let after = officer.get(&item_uri).await;
    assert!(after.body.contains("维持存疑"), "{}", after.body);
    assert!(after.body.contains("入户核实"));
    let again = officer.get("/workspace/adjudication").await;
    assert!(again.body.contains("待核定（2）"), "{}", again.body);

    // The organization sees the decision and its comment beside its row.
    let seen = org.get(&format!("{detail}/verification")).await;
    assert!(
        seen.body.contains("核定：维持存疑（入户核实"),
        "{}",
        seen.body
    );

    // Another county's office sees none of it.
    let mut other = signed_in(&site, "other.officer").await;
    let empty = other.get("/workspace/adjudication").await;
    assert!(empty.body.contains("待核定（0）"), "{}", empty.body);
    assert_eq!(other.get(&item_uri).await.status, 404);
}
