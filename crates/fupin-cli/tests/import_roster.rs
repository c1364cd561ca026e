//! `fupin import roster` as officials and scripts use it.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::{Command, Output};

use fupin_domain::{
    ActivityStatus, CreditCode, Field, IdNumber, ManagementMode, Method, Money, OrgLevel, OrgType,
    UnitKind,
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

fn credit_code(id: i64) -> CreditCode {
    CreditCode::from_parts('5', '3', "130125", &format!("{id:08}")).unwrap()
}

/// Organization 1 with draft activity 7 in 行唐县, in the migrated `fupin.db` of `dir`.
async fn seed(dir: &Path) {
    let url = format!("sqlite://{}", dir.join("fupin.db").display());
    let db = Db::connect(&url, &ConnectOptions::default()).await.unwrap();
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let unit = NewGovUnit {
        kind: UnitKind::RegistrationAuthority,
        level: OrgLevel::County,
        region_code: Some("130125".into()),
        name: "行唐县民政局".into(),
    };
    let unit = units::insert(&mut tx, &unit).await.unwrap();
    let org = NewOrganization {
        id: 1,
        credit_code: credit_code(1),
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
    let activity = NewActivity {
        id: 7,
        organization_id: 1,
        title: "助学项目".into(),
        description: String::new(),
        field: Field::Education,
        method: Method::Project,
        status: ActivityStatus::Draft,
        year: 2019,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        goods_value: Money::from_fen(0),
        volunteer_hours: 0,
        published_at: None,
    };
    tx.bulk_insert(ACTIVITIES, vec![activity.values(now)])
        .await
        .unwrap();
    let location = NewLocation {
        activity_id: 7,
        region_code: "130125".into(),
        share_bp: 10_000,
    };
    tx.bulk_insert(LOCATIONS, vec![location.values()])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.close().await;
}

fn id(seq: u16) -> String {
    IdNumber::from_parts("130125", date!(1980 - 05 - 01), seq)
        .unwrap()
        .as_str()
        .to_owned()
}

#[test]
fn a_rejected_roster_exits_1_with_the_report_and_a_clean_one_loads() {
    let dir = tempfile::tempdir().unwrap();
    let migrated = fupin(dir.path(), &["migrate"]);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(seed(dir.path()));
    let header = "姓名,身份证号,村,受益类别,帮扶金额（元）,帮扶日期\n";
    let file = dir.path().join("名单.csv");
    std::fs::write(
        &file,
        format!(
            "{header}张三,{},130125100209,建档立卡贫困人口,1200,2019-03-05\n\
             李四,1.30125E+17,130125100209,其他,1,2019-03-05\n\
             王五,{},130125100209,富裕户,1,2019-03-05\n",
            id(1),
            id(2)
        ),
    )
    .unwrap();
    let out = fupin(
        dir.path(),
        &["import", "roster", "--activity", "7", "名单.csv"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("未导入"), "{stderr}");
    assert!(
        stderr.contains("第 3 行，“身份证号”列") && stderr.contains("科学计数法"),
        "{stderr}"
    );
    assert!(stderr.contains("第 4 行，“受益类别”列"), "{stderr}");
    assert!(
        !stderr.contains(&id(2)),
        "the report never echoes an ID number"
    );

    std::fs::write(
        &file,
        format!(
            "{header}张三,{},130125100209,建档立卡贫困人口,1200,2019-03-05\n",
            id(1)
        ),
    )
    .unwrap();
    let wrong_org = credit_code(2).as_str().to_owned();
    let out = fupin(
        dir.path(),
        &[
            "import",
            "roster",
            "--activity",
            "7",
            "--as-org",
            &wrong_org,
            "名单.csv",
        ],
    );
    assert!(
        !out.status.success(),
        "--as-org guards against another organization"
    );
    let out = fupin(
        dir.path(),
        &[
            "import",
            "roster",
            "--activity",
            "7",
            "--as-org",
            credit_code(1).as_str(),
            "名单.csv",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("1 行"), "{}", text(&out.stdout));
}
