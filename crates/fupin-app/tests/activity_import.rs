//! Bulk activity import by a county office: many organizations' activities from one workbook,
//! all or nothing with every problem named by row and column, only for organizations in the
//! office's jurisdiction — on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[allow(dead_code)]
#[path = "activity_workflow/fixture.rs"]
mod fixture;

use std::io::Cursor;

use fixture::{World, reporter, seed};
use fupin_app::activity_import::{ActivitiesImported, activity_template_csv};
use fupin_app::import_report::{ImportError, ImportReport};
use fupin_app::tabular::Format;
use fupin_app::{Actor, AppError};
use fupin_domain::{
    ActivityStatus, CreditCode, ManagementMode, OrgLevel, OrgType, TransactionKind,
};
use fupin_store::Db;
use fupin_store::organizations::{self, NewOrganization};
use rust_xlsxwriter::Workbook;
use time::OffsetDateTime;
use time::macros::date;

fupin_store::conformance!(
    a_county_officer_imports_fifty_activities_of_three_organizations,
    a_workbook_with_faults_is_refused_whole_naming_each_row_and_column,
    an_organization_user_may_not_import,
    a_gbk_csv_imports_too,
    the_template_reads_and_only_its_made_up_organization_is_refused,
);

const HEADER: [&str; 16] = [
    "统一社会信用代码",
    "项目名称",
    "领域",
    "方式",
    "年度",
    "计划开始日期",
    "实际开始日期",
    "实际结束日期",
    "实施地点",
    "承诺金额（元）",
    "拨付金额（元）",
    "支出金额（元）",
    "资金来源",
    "受益户数",
    "受益人数",
    "项目简介",
];

fn code(region: &str, n: i64) -> String {
    CreditCode::from_parts('5', '3', region, &format!("{n:08}"))
        .unwrap()
        .as_str()
        .to_owned()
}

/// One clean row for organization `org`, number `i`.
fn row(org: i64, i: usize) -> Vec<String> {
    let places = if i.is_multiple_of(2) {
        "130125:60%；130126:40%".to_owned()
    } else {
        "130125".to_owned()
    };
    vec![
        code("130125", org),
        format!("测试项目{i}"),
        "教育扶贫".into(),
        "扶贫项目".into(),
        "2020".into(),
        "2020-03-01".into(),
        "2020/3/1".into(),
        "2020年12月31日".into(),
        places,
        "10000".into(),
        "9000".into(),
        "8,000.50".into(),
        "社会捐赠".into(),
        "4".into(),
        "12".into(),
        "资助学生".into(),
    ]
}

/// An XLSX workbook whose “项目” sheet (after a notes sheet) has a merged title row above the
/// header.
fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let notes = book.add_worksheet().set_name("说明").unwrap();
    notes.write_string(0, 0, "本表由县扶贫办汇总").unwrap();
    let sheet = book.add_worksheet().set_name("项目").unwrap();
    sheet
        .merge_range(
            0,
            0,
            0,
            15,
            "2020年度社会组织扶贫项目汇总表",
            &Default::default(),
        )
        .unwrap();
    for (col, label) in (0_u16..).zip(HEADER) {
        sheet.write_string(1, col, label).unwrap();
    }
    for (r, cells) in (2_u32..).zip(rows) {
        for (col, value) in (0_u16..).zip(cells) {
            // Amounts and counts as Excel number cells where they are plain numbers.
            match value.parse::<f64>() {
                Ok(number) if (9..=14).contains(&col) => {
                    sheet.write_number(r, col, number).unwrap();
                }
                _ => {
                    sheet.write_string(r, col, value).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

async fn import(
    w: &World,
    actor: &Actor,
    name: &str,
    bytes: Vec<u8>,
) -> Result<ActivitiesImported, ImportError> {
    w.app
        .import_activities(actor, name, Cursor::new(bytes))
        .await
}

fn rejected(result: Result<ActivitiesImported, ImportError>) -> ImportReport {
    match result {
        Err(ImportError::Rejected(report)) => report,
        other => panic!("the file must be refused with a report, got {other:?}"),
    }
}

async fn activities(w: &World) -> i64 {
    w.count("SELECT COUNT(*) FROM activities").await
}

/// A fourth organization, in the neighbouring county 130126 (outside the county office's scope).
async fn outside_org(db: &Db, w: &World) {
    let mut tx = db.begin().await.unwrap();
    let row = NewOrganization {
        id: 4,
        credit_code: CreditCode::parse(&code("130126", 4)).unwrap(),
        name: "新乐市测试社会组织".to_owned(),
        org_type: OrgType::SocialGroup,
        level: OrgLevel::County,
        region_code: "130126".to_owned(),
        registration_authority_id: w.county_authority,
        management_mode: ManagementMode::DualManagement,
        legal_representative: "李四".to_owned(),
        registered_on: date!(2012 - 03 - 01),
        charity_recognized: false,
        public_fundraising: false,
        evaluation_grade: "unrated".to_owned(),
        credit_status: "normal".to_owned(),
    }
    .values(OffsetDateTime::now_utc());
    tx.bulk_insert(organizations::TABLE, vec![row])
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn a_county_officer_imports_fifty_activities_of_three_organizations(db: Db) {
    let w = seed(&db).await;
    let rows: Vec<Vec<String>> = (0..50).map(|i| row(1 + (i as i64 % 3), i)).collect();
    let done = import(&w, &w.authority_officer(), "汇总表.xlsx", xlsx(&rows))
        .await
        .unwrap();
    assert_eq!(done.ids.len(), 50);
    assert_eq!(done.organizations, 3);
    assert_eq!(done.format, Format::Xlsx);
    assert_eq!(activities(&w).await, 50);
    assert_eq!(
        w.count("SELECT COUNT(*) FROM activity_locations").await,
        25 * 2 + 25
    );
    // Each activity: 10,000 + 9,000 + 8,000.50 yuan, 12 persons in 4 households.
    assert_eq!(
        w.count("SELECT CAST(SUM(amount_fen) AS BIGINT) FROM activity_transactions")
            .await,
        50 * 2_700_050
    );
    assert_eq!(
        w.count("SELECT CAST(SUM(persons) AS BIGINT) FROM activity_beneficiaries")
            .await,
        600
    );
    // The drafts belong to their organizations, which see them as they were in the workbook.
    let view = w
        .app
        .activity_view(&reporter(1), done.ids[0])
        .await
        .unwrap();
    assert_eq!(view.status, ActivityStatus::Draft);
    assert_eq!(view.row.organization_id, 1);
    assert_eq!(view.content.title, "测试项目0");
    assert_eq!(view.content.locations[0].share_bp, 6000);
    assert_eq!(view.content.actual_end, Some(date!(2020 - 12 - 31)));
    assert_eq!(
        view.content.transactions[0].kind,
        TransactionKind::Commitment
    );
    assert!(
        view.findings.is_empty()
            || view
                .findings
                .iter()
                .all(|f| f.rule != "locations.share_sum"),
        "{:?}",
        view.findings
    );
    assert!(matches!(
        w.app.activity_view(&reporter(2), done.ids[0]).await,
        Err(AppError::NotFound)
    ));
    let audit = w.audit().await;
    let imports: Vec<_> = audit
        .iter()
        .filter(|(action, _)| action == "activity.bulk_import")
        .collect();
    assert_eq!(imports.len(), 1, "one audit entry for the whole file");
    assert_eq!(imports[0].1, "ok");
}

async fn a_workbook_with_faults_is_refused_whole_naming_each_row_and_column(db: Db) {
    let w = seed(&db).await;
    outside_org(&db, &w).await;
    let mut rows: Vec<Vec<String>> = (0..8).map(|i| row(1, i)).collect();
    rows[0][0] = code("130125", 77); // line 3: no such organization
    rows[1][0] = code("130126", 4); // line 4: an organization outside the county
    rows[2][2] = "教育帮扶X".into(); // line 5: unknown field
    rows[3][8] = "130125:50%；130126:40%".into(); // line 6: shares sum to 90%
    rows[4][9] = "-100".into(); // line 7: negative amount
    rows[5][12] = "网络募捐".into(); // line 8: online fundraising without platform
    rows[6][6] = "2020-12-31".into(); // line 9: ends before it starts
    rows[6][7] = "2020-03-01".into();
    // line 10 is clean, and not written either.
    let before = activities(&w).await;
    let report = rejected(import(&w, &w.authority_officer(), "有误.xlsx", xlsx(&rows)).await);
    let cells: Vec<(u64, Option<&str>)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_deref()))
        .collect();
    for expected in [
        (3, Some("统一社会信用代码")),
        (4, Some("统一社会信用代码")),
        (5, Some("领域")),
        (6, Some("实施地点")),
        (7, Some("承诺金额（元）")),
        (8, Some("资金来源")),
        (9, Some("实际结束日期")),
    ] {
        assert!(
            cells.contains(&expected),
            "{expected:?} missing in {report}"
        );
    }
    assert!(
        !cells.iter().any(|(row, _)| *row == 10),
        "the clean row has no problem: {report}"
    );
    // Unknown and outside the county read alike: nothing tells whether it exists elsewhere.
    let message = |line| {
        report
            .problems
            .iter()
            .find(|p| p.row == line)
            .unwrap()
            .message
            .replace(&code("130125", 77), "X")
            .replace(&code("130126", 4), "X")
    };
    assert_eq!(message(3), message(4));
    assert!(message(3).contains("不在本单位管辖范围内"));
    assert!(report.to_string().contains("第 6 行，“实施地点”列"));
    assert_eq!(
        cells
            .iter()
            .filter(|c| **c == (8, Some("资金来源")))
            .count(),
        2,
        "platform and filing number, each said once: {report}"
    );
    assert!(report.problems.is_sorted_by_key(|p| p.row), "{report}");
    assert_eq!(activities(&w).await, before, "nothing was written");
}

async fn an_organization_user_may_not_import(db: Db) {
    let w = seed(&db).await;
    let rows = vec![row(1, 0)];
    let result = import(&w, &reporter(1), "a.xlsx", xlsx(&rows)).await;
    assert!(
        matches!(result, Err(ImportError::App(AppError::Forbidden))),
        "{result:?}"
    );
    assert_eq!(activities(&w).await, 0);
    assert!(
        w.audit()
            .await
            .contains(&("activity.bulk_import".to_owned(), "denied".to_owned()))
    );
}

async fn a_gbk_csv_imports_too(db: Db) {
    let w = seed(&db).await;
    let mut text = HEADER.join(",") + "\r\n";
    for i in 0..3 {
        let cells: Vec<String> = row(i as i64 + 1, i)
            .into_iter()
            .map(|c| {
                if c.contains(',') {
                    format!("\"{c}\"")
                } else {
                    c
                }
            })
            .collect();
        text.push_str(&cells.join(","));
        text.push_str("\r\n");
    }
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let done = import(&w, &w.authority_officer(), "汇总.csv", bytes.into_owned())
        .await
        .unwrap();
    assert_eq!(done.format, Format::Csv);
    assert_eq!(done.ids.len(), 3);
    assert_eq!(done.organizations, 3);
    let view = w
        .app
        .activity_view(&reporter(3), done.ids[2])
        .await
        .unwrap();
    assert_eq!(
        fupin_domain::Taxonomy::label_zh(&view.content.field),
        "教育扶贫"
    );
}

async fn the_template_reads_and_only_its_made_up_organization_is_refused(db: Db) {
    let w = seed(&db).await;
    let report = rejected(
        import(
            &w,
            &w.authority_officer(),
            "模板.csv",
            activity_template_csv(),
        )
        .await,
    );
    assert_eq!(report.total, 1, "{report}");
    assert_eq!(
        report.problems[0].column.as_deref(),
        Some("统一社会信用代码")
    );
}
