//! `fupin spot-check draw | show | frame`: a county office draws the same selection twice from the
//! same seed phrase, prints it as text and JSON, writes the frame file, and cannot draw over
//! another county.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::{Command, Output};

use fupin_domain::{
    ActivityStatus, CreditCode, Field, ManagementMode, Method, Money, OrgLevel, OrgType, UnitKind,
};
use fupin_store::activities::{ACTIVITIES, LOCATIONS, NewActivity, NewLocation};
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::{ConnectOptions, Db};
use time::OffsetDateTime;
use time::macros::date;

fn fupin(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(args)
        .current_dir(dir)
        .env_remove("FUPIN_DATABASE_URL")
        .env_remove("FUPIN_CONFIG")
        .env("FUPIN_PII_KEY", "ab".repeat(64))
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The county 扶贫办 of 行唐县; organization 1; activities 1–8 published in 行唐县 (130125),
/// 9–11 published in 灵寿县 (130126), 12 a draft in 行唐县. Returns the unit's id.
async fn seed(dir: &Path) -> i64 {
    let url = format!("sqlite://{}", dir.join("fupin.db").display());
    let db = Db::connect(&url, &ConnectOptions::default()).await.unwrap();
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let unit = NewGovUnit {
        kind: UnitKind::PovertyOffice,
        level: OrgLevel::County,
        region_code: Some("130125".into()),
        name: "行唐县扶贫办".into(),
    };
    let unit = units::insert(&mut tx, &unit).await.unwrap();
    let org = NewOrganization {
        id: 1,
        credit_code: CreditCode::from_parts('5', '3', "130125", "00000001").unwrap(),
        name: "测试社会组织".into(),
        org_type: OrgType::SocialGroup,
        level: OrgLevel::County,
        region_code: "130125".into(),
        registration_authority_id: unit,
        management_mode: ManagementMode::DualManagement,
        legal_representative: "张三".into(),
        registered_on: date!(2012 - 03 - 01),
        charity_recognized: false,
        public_fundraising: false,
        evaluation_grade: "unrated".into(),
        credit_status: "normal".into(),
    };
    tx.bulk_insert(organizations::TABLE, vec![org.values(now)])
        .await
        .unwrap();
    let (mut activities, mut locations) = (Vec::new(), Vec::new());
    for id in 1..=12_i64 {
        let status = if id == 12 {
            ActivityStatus::Draft
        } else {
            ActivityStatus::Published
        };
        let activity = NewActivity {
            id,
            organization_id: 1,
            title: format!("助学项目{id}"),
            description: String::new(),
            field: Field::Education,
            method: Method::Project,
            status,
            year: 2020,
            planned_start: None,
            planned_end: None,
            actual_start: None,
            actual_end: None,
            goods_value: Money::from_fen(0),
            volunteer_hours: 0,
            published_at: (status == ActivityStatus::Published).then_some(now),
        };
        activities.push(activity.values(now));
        let place = if (9..=11).contains(&id) {
            "130126"
        } else {
            "130125"
        };
        let location = NewLocation {
            activity_id: id,
            region_code: place.into(),
            share_bp: 10_000,
        };
        locations.push(location.values());
    }
    tx.bulk_insert(ACTIVITIES, activities).await.unwrap();
    tx.bulk_insert(LOCATIONS, locations).await.unwrap();
    tx.commit().await.unwrap();
    db.close().await;
    unit
}

/// The selection lines of the text output (after the header line of the list).
fn selection(stdout: &str) -> Vec<String> {
    stdout
        .lines()
        .skip_while(|l| !l.starts_with("抽中名单"))
        .skip(1)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_same_seed_phrase_draws_the_same_selection_twice() {
    let dir = tempfile::tempdir().unwrap();
    let migrated = fupin(dir.path(), &["migrate"]);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let unit = runtime.block_on(seed(dir.path())).to_string();
    let draw = |name: &str, phrase: &str| {
        let args = [
            "spot-check",
            "draw",
            "--as-unit",
            &unit,
            "--name",
            name,
            "--size",
            "3",
            "--year",
            "2020",
            "--seed-phrase",
            phrase,
        ];
        let out = fupin(dir.path(), &args);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let first = draw("2026年第1轮", "2026年第1轮");
    let second = draw("2026年第1轮（复核）", "2026年第1轮");
    assert!(first.contains("抽查轮次 1："), "{first}");
    assert!(second.contains("抽查轮次 2："), "{second}");
    assert!(
        first
            .contains("随机种子：0e84a2cf330b8e1c34f88f4ae95d8eacd2fb43b86ec6acd29622e654816e72b6"),
        "the seed is the phrase's SHA-256 (docs/SPOT-CHECKS.md): {first}"
    );
    assert!(first.contains("名单 8 项，抽取 3 项"), "{first}");
    assert!(
        first.contains("130125 行唐县\t名单 8 项\t抽取 3 项"),
        "{first}"
    );
    let picked = selection(&first);
    assert_eq!(picked.len(), 3, "{first}");
    assert_eq!(picked, selection(&second), "same seed, same selection");
    for line in &picked {
        let cells: Vec<&str> = line.split('\t').collect();
        let id: i64 = cells[2].parse().unwrap();
        assert!(
            (1..=8).contains(&id),
            "only published activities of the county: {line}"
        );
        assert_eq!(cells[3], format!("助学项目{id}"));
        assert_eq!(cells[4], "测试社会组织");
    }
    let other = draw("第2轮", "2026年第2轮");
    assert_ne!(selection(&other), picked, "another seed, another selection");

    let shown = fupin(dir.path(), &["spot-check", "show", "--as-unit", &unit, "1"]);
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    assert_eq!(selection(&text(&shown.stdout)), picked);
    let json = fupin(
        dir.path(),
        &["spot-check", "show", "--as-unit", &unit, "--json", "2"],
    );
    assert!(json.status.success(), "{}", text(&json.stderr));
    let json = text(&json.stdout);
    assert!(json.contains("\"frame_items\": 8"), "{json}");
    for line in &picked {
        let id = line.split('\t').nth(2).unwrap();
        assert!(json.contains(&format!("\"activity_id\": {id}")), "{json}");
    }

    let frame = fupin(
        dir.path(),
        &["spot-check", "frame", "--as-unit", &unit, "1"],
    );
    assert!(frame.status.success(), "{}", text(&frame.stderr));
    let expected: String = (1..=8).map(|id| format!("{id},130125,2000\n")).collect();
    assert_eq!(
        text(&frame.stdout),
        expected,
        "never verified: weight 1.000 + 1.000"
    );

    let refused = fupin(
        dir.path(),
        &[
            "spot-check",
            "draw",
            "--as-unit",
            &unit,
            "--name",
            "越权",
            "--size",
            "1",
            "--region",
            "130126",
            "--seed-phrase",
            "x",
        ],
    );
    assert!(!refused.status.success());
    assert!(
        text(&refused.stderr).contains("无权访问"),
        "{}",
        text(&refused.stderr)
    );
    let hidden = fupin(
        dir.path(),
        &["spot-check", "show", "--as-unit", &unit, "99"],
    );
    assert!(!hidden.status.success());
}
