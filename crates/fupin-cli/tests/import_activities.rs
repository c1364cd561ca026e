//! `fupin import activities --as-unit ID FILE`: a county unit's workbook, refused whole with the
//! report (exit 1) or loaded as drafts (exit 0).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::path::Path;
use std::process::{Command, Output};

use fupin_domain::{CreditCode, ManagementMode, OrgLevel, OrgType, UnitKind};
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

/// The county 民政 of 行唐县 and organization 1 registered there; returns the unit's id.
async fn seed(dir: &Path) -> (i64, Db) {
    let url = format!("sqlite://{}", dir.join("fupin.db").display());
    let db = Db::connect(&url, &ConnectOptions::default()).await.unwrap();
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
    tx.bulk_insert(
        organizations::TABLE,
        vec![org.values(OffsetDateTime::now_utc())],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (unit, db)
}

#[test]
fn a_refused_workbook_exits_1_with_the_report_and_a_clean_one_loads_as_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let migrated = fupin(dir.path(), &["migrate"]);
    assert!(migrated.status.success(), "{}", text(&migrated.stderr));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (unit, db) = runtime.block_on(seed(dir.path()));
    let unit = unit.to_string();
    let header = "统一社会信用代码,项目名称,领域,方式,年度,计划开始日期,实际开始日期,实际结束日期,实施地点,承诺金额（元）,拨付金额（元）,支出金额（元）,资金来源,受益户数,受益人数,项目简介\n";
    let code = credit_code(1);
    let file = dir.path().join("汇总.csv");
    std::fs::write(
        &file,
        format!(
            "{header}{code},助学,教育扶贫,扶贫项目,2020,,2020-03-01,,130125,1000,,,社会捐赠,1,3,\n\
             {code},助农,不是领域,扶贫项目,2020,,2020-03-01,,130125,1000,,,社会捐赠,1,3,\n",
            code = code.as_str()
        ),
    )
    .unwrap();
    let args = ["import", "activities", "--as-unit", &unit, "汇总.csv"];
    let out = fupin(dir.path(), &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("第 3 行，“领域”列"), "{stderr}");

    std::fs::write(
        &file,
        format!(
            "{header}{code},助学,教育扶贫,扶贫项目,2020,,2020-03-01,,130125,1000,,,社会捐赠,1,3,\n",
            code = code.as_str()
        ),
    )
    .unwrap();
    let out = fupin(dir.path(), &args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("导入 1 个项目草稿"));
    let drafts = runtime.block_on(async {
        db.fetch_i64(
            "SELECT COUNT(*) FROM activities WHERE status = 'draft' AND organization_id = 1",
            &[],
        )
        .await
        .unwrap()
    });
    assert_eq!(drafts, 1);
}
