//! Roster import: files as offices make them (GBK, BOM, XLSX, title rows, full-width digits),
//! all or nothing with every problem named by row and column, and only by the activity's own
//! organization while it is a draft — on both backends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "roster_import/fixture.rs"]
mod fixture;

use std::io::Cursor;

use fupin_app::roster_import::{RosterImportError, RosterImported, roster_template_csv};
use fupin_app::tabular::Format;
use fupin_app::{Actor, AppError};
use fupin_domain::Role;
use fupin_store::Db;
use rust_xlsxwriter::{Format as XlsxFormat, Workbook};

use fixture::{DRAFT, NO_LOCATIONS, OTHER_ORG, PUBLISHED, app, count, entries, id, org_user};

fupin_store::conformance!(
    a_clean_csv_replaces_the_roster_in_one_audited_step,
    gbk_and_bom_files_read_like_utf8,
    an_xlsx_with_a_title_row_and_typed_cells_loads,
    full_width_digits_spaces_and_a_title_row_are_accepted,
    ids_excel_stored_as_numbers_are_refused_never_guessed,
    a_file_with_ten_kinds_of_fault_is_refused_whole_naming_each,
    villages_by_name_must_be_unique_within_the_locations,
    only_the_owning_organization_may_import_into_a_draft,
    the_template_imports_cleanly,
);

const HEADER: &str = "姓名,身份证号,村,受益类别,帮扶金额（元）,帮扶日期\n";

async fn import(
    db: &Db,
    actor: &Actor,
    activity: i64,
    bytes: Vec<u8>,
) -> Result<RosterImported, RosterImportError> {
    app(db.clone())
        .import_roster(actor, activity, "名单.csv", Cursor::new(bytes))
        .await
}

fn reporter() -> Actor {
    org_user(1, vec![Role::OrgReporter])
}

fn clean_csv() -> String {
    format!(
        "{HEADER}张三,{},130125100209,建档立卡贫困人口,1200,2019-03-05\n\
         李四,{},马凹村,农村低保对象,\"1,500.50\",2019/3/6\n\
         王五,{},龙州镇庄头村,特困,0,2019年3月7日\n",
        id(1),
        id(2),
        id(3)
    )
}

fn rejected(
    result: Result<RosterImported, RosterImportError>,
) -> fupin_app::import_report::ImportReport {
    match result {
        Err(RosterImportError::Rejected(report)) => report,
        other => panic!("the file must be refused with a report, got {other:?}"),
    }
}

fn cells(report: &fupin_app::import_report::ImportReport) -> Vec<(u64, Option<&str>)> {
    report
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_deref()))
        .collect()
}

async fn a_clean_csv_replaces_the_roster_in_one_audited_step(db: Db) {
    fixture::seed(&db).await;
    let done = import(&db, &reporter(), DRAFT, clean_csv().into_bytes())
        .await
        .unwrap();
    assert_eq!((done.rows, done.replaced, done.format), (3, 0, Format::Csv));
    assert_eq!(
        entries(&db).await,
        vec![
            (
                "张三".into(),
                Some("130125100209".into()),
                120_000,
                "2019-03-05".into()
            ),
            (
                "李四".into(),
                Some("130125100210".into()),
                150_050,
                "2019-03-06".into()
            ),
            (
                "王五".into(),
                Some("130125100209".into()),
                0,
                "2019-03-07".into()
            ),
        ]
    );
    // A second upload replaces the first.
    let again = format!("{HEADER}赵六,{},130125101201,其他,10,2020-01-01\n", id(4));
    let done = import(&db, &reporter(), DRAFT, again.into_bytes())
        .await
        .unwrap();
    assert_eq!((done.rows, done.replaced), (1, 3));
    assert_eq!(count(&db, DRAFT).await, 1);
    let audit = fixture::audit(&db).await;
    assert_eq!(audit.len(), 2, "{audit:?}");
    assert_eq!(audit[1].0, "ok");
    assert!(
        audit[1].1.contains("1 行") && audit[1].1.contains("替换原有 3 行"),
        "{audit:?}"
    );
    for (_, detail) in &audit {
        assert!(
            !detail.contains("赵六") && !detail.contains(&id(4)),
            "no personal data: {detail}"
        );
    }
}

async fn gbk_and_bom_files_read_like_utf8(db: Db) {
    fixture::seed(&db).await;
    let text = clean_csv();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let done = import(&db, &reporter(), DRAFT, gbk.into_owned())
        .await
        .unwrap();
    assert_eq!(done.rows, 3);
    let utf8 = entries(&db).await;
    assert_eq!(utf8[1].0, "李四");

    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(clean_csv().replace('\n', "\r\n").as_bytes());
    let done = import(&db, &reporter(), DRAFT, bom).await.unwrap();
    assert_eq!((done.rows, done.replaced), (3, 3));
    assert_eq!(entries(&db).await, utf8);
}

fn xlsx(id_as_number: bool) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = XlsxFormat::new().set_num_format("yyyy-mm-dd");
    sheet
        .merge_range(0, 0, 0, 6, "行唐县助学项目受益人名单", &XlsxFormat::new())
        .unwrap();
    let header = [
        "序号",
        "姓名",
        "身份证号码",
        "村",
        "受益类别",
        "帮扶金额\n（元）",
        "帮扶日期",
    ];
    for (col, text) in (0_u16..).zip(header) {
        sheet.write_string(1, col, text).unwrap();
    }
    for (n, (name, seq)) in [("张三", 1_u16), ("李四", 2)].into_iter().enumerate() {
        let row = 2 + n as u32;
        sheet.write_number(row, 0, (n + 1) as f64).unwrap();
        sheet.write_string(row, 1, name).unwrap();
        if id_as_number {
            sheet
                .write_number(row, 2, id(seq)[..17].parse::<f64>().unwrap() * 10.0)
                .unwrap();
        } else {
            sheet.write_string(row, 2, id(seq)).unwrap();
        }
        sheet.write_number(row, 3, 130_125_100_209.0).unwrap();
        sheet.write_string(row, 4, "贫困残疾人").unwrap();
        sheet.write_number(row, 5, 800.5).unwrap();
        if n == 0 {
            sheet
                .write_number_with_format(row, 6, 43529.0, &date)
                .unwrap();
        } else {
            sheet.write_number(row, 6, 43530.0).unwrap(); // a serial without date format
        }
    }
    book.save_to_buffer().unwrap()
}

async fn an_xlsx_with_a_title_row_and_typed_cells_loads(db: Db) {
    fixture::seed(&db).await;
    let done = import(&db, &reporter(), DRAFT, xlsx(false)).await.unwrap();
    assert_eq!((done.rows, done.format), (2, Format::Xlsx));
    let rows = entries(&db).await;
    assert_eq!(
        rows[0],
        (
            "张三".into(),
            Some("130125100209".into()),
            80_050,
            "2019-03-05".into()
        )
    );
    assert_eq!(rows[1].3, "2019-03-06");
}

async fn full_width_digits_spaces_and_a_title_row_are_accepted(db: Db) {
    fixture::seed(&db).await;
    let wide = |s: &str| -> String {
        s.chars()
            .map(|c| {
                if c.is_ascii_graphic() {
                    char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap()
                } else {
                    c
                }
            })
            .collect()
    };
    let text = format!(
        "XX项目受益人名单,,,,,\n\
         ,,,,,\n\
         序号, 姓 名 ,*身份证号,村（代码或名称）,受益类别,帮扶金额(元),帮扶日期\n\
         1,\u{3000}张 三\u{a0},{}\u{3000},{} ,建档立卡贫困人口 ,{}元,{}\n",
        wide(&id(1)),
        wide("130125100209"),
        wide("1,200.5"),
        wide("2019-03-05")
    );
    let done = import(&db, &reporter(), DRAFT, text.into_bytes())
        .await
        .unwrap();
    assert_eq!(done.rows, 1);
    assert_eq!(
        entries(&db).await,
        vec![(
            "张三".into(),
            Some("130125100209".into()),
            120_050,
            "2019-03-05".into()
        )]
    );
}

async fn ids_excel_stored_as_numbers_are_refused_never_guessed(db: Db) {
    fixture::seed(&db).await;
    let truncated = format!("{}000", &id(5)[..15]);
    let text = format!(
        "{HEADER}张三,1.30125E+17,130125100209,其他,1,2019-03-05\n\
         李四,{truncated},130125100209,其他,1,2019-03-05\n"
    );
    let report = rejected(import(&db, &reporter(), DRAFT, text.into_bytes()).await);
    let printed = report.to_string();
    assert_eq!(
        cells(&report)[..2],
        [(2, Some("身份证号")), (3, Some("身份证号"))]
    );
    assert!(
        printed.contains("科学计数法") && printed.contains("文本"),
        "{printed}"
    );
    assert!(
        printed.contains("000") && printed.contains("不做猜测"),
        "{printed}"
    );
    assert!(
        !printed.contains(&truncated),
        "the report never echoes an ID: {printed}"
    );

    let report = rejected(import(&db, &reporter(), DRAFT, xlsx(true)).await);
    assert_eq!(
        cells(&report),
        [(3, Some("身份证号")), (4, Some("身份证号"))]
    );
    assert!(
        report.problems[0].message.contains("“文本”格式"),
        "{report}"
    );
    assert_eq!(count(&db, DRAFT).await, 0);
}

async fn a_file_with_ten_kinds_of_fault_is_refused_whole_naming_each(db: Db) {
    fixture::seed(&db).await;
    import(&db, &reporter(), DRAFT, clean_csv().into_bytes())
        .await
        .unwrap();
    let mut bad_check = id(6);
    bad_check.replace_range(17..18, if bad_check.ends_with('0') { "1" } else { "0" });
    let lines = [
        format!("赵一,{bad_check},130125100209,其他,1,2019-03-05"), // 2 ID check digit
        "赵二,4.10522E+17,130125100209,其他,1,2019-03-05".to_owned(), // 3 scientific notation
        format!("赵三,{},130125100209,其他,1,2019-03-05", id(1)),   // 4 fine
        format!("赵四,{},130125100209,其他,1,2019-03-05", id(1)),   // 5 duplicate ID
        format!("赵5,{},130125100209,其他,1,2019-03-05", id(7)),    // 6 name with a digit
        format!(",{},130125100209,其他,1,2019-03-05", id(8)),       // 7 empty name
        format!("赵七,{},北京村,其他,1,2019-03-05", id(9)),         // 8 unknown village
        format!("赵八,{},110101001001,其他,1,2019-03-05", id(10)),  // 9 outside the locations
        format!("赵九,{},1301251002,其他,1,2019-03-05", id(11)),    // 10 code too short
        format!("钱一,{},130125100209,富裕户,1,2019-03-05", id(12)), // 11 unknown category
        format!("钱二,{},130125100209,其他,-5,2019-03-05", id(13)), // 12 negative amount
        format!("钱三,{},130125100209,其他,1,2019-02-30", id(14)),  // 13 no such date
        format!("钱四,{},130125100209,其他,1,2999-01-01", id(15)),  // 14 future date
    ];
    let text = format!("{HEADER}{}\n", lines.join("\n"));
    let report = rejected(import(&db, &reporter(), DRAFT, text.into_bytes()).await);
    let found = cells(&report);
    for expected in [
        (2, Some("身份证号")),
        (3, Some("身份证号")),
        (5, Some("身份证号")),
        (6, Some("姓名")),
        (7, Some("姓名")),
        (8, Some("村")),
        (9, Some("村")),
        (10, Some("村")),
        (11, Some("受益类别")),
        (12, Some("帮扶金额（元）")),
        (13, Some("帮扶日期")),
        (14, Some("帮扶日期")),
    ] {
        assert!(
            found.contains(&expected),
            "missing {expected:?} in {found:?}"
        );
    }
    assert_eq!(found.len(), 12, "one problem per fault: {report}");
    let printed = report.to_string();
    assert!(printed.contains("与第 4 行重复"), "{printed}");
    assert!(
        printed.contains("第 9 行，“村”列") && printed.contains("不在本项目的实施地点"),
        "{printed}"
    );
    assert!(printed.contains("晚于今天"), "{printed}");
    assert_eq!(
        count(&db, DRAFT).await,
        3,
        "the previous roster is untouched"
    );
    assert_eq!(
        fixture::audit(&db).await.len(),
        1,
        "a refused file is not recorded as imported"
    );
}

async fn villages_by_name_must_be_unique_within_the_locations(db: Db) {
    fixture::seed(&db).await;
    let text = format!(
        "{HEADER}张三,{},东庄村,其他,1,2019-03-05\n\
         李四,{},南桥镇东庄村,其他,1,2019-03-05\n",
        id(1),
        id(2)
    );
    let report = rejected(import(&db, &reporter(), DRAFT, text.into_bytes()).await);
    assert_eq!(cells(&report), [(2, Some("村"))]);
    assert!(report.problems[0].message.contains("2 个"), "{report}");
    assert!(
        report.problems[0].message.contains("130125101299"),
        "{report}"
    );

    // Without locations, only codes can be matched.
    let text = format!("{HEADER}张三,{},东庄村,其他,1,2019-03-05\n", id(1));
    let report = rejected(import(&db, &reporter(), NO_LOCATIONS, text.into_bytes()).await);
    assert!(report.problems[0].message.contains("实施地点"), "{report}");
    let text = format!("{HEADER}张三,{},130125100229,其他,1,2019-03-05\n", id(1));
    import(&db, &reporter(), NO_LOCATIONS, text.into_bytes())
        .await
        .unwrap();
}

async fn only_the_owning_organization_may_import_into_a_draft(db: Db) {
    fixture::seed(&db).await;
    let forbidden = |r: Result<RosterImported, RosterImportError>| {
        matches!(
            r,
            Err(RosterImportError::App(
                AppError::NotFound | AppError::Forbidden
            ))
        )
    };
    let file = || clean_csv().into_bytes();
    assert!(forbidden(
        import(&db, &org_user(2, vec![Role::OrgAdmin]), DRAFT, file()).await
    ));
    assert!(
        forbidden(import(&db, &org_user(1, vec![]), DRAFT, file()).await),
        "no role"
    );
    let officer = Actor {
        affiliation: fupin_app::Affiliation::Government {
            unit_id: 1,
            kind: fupin_domain::UnitKind::RegistrationAuthority,
            region_code: Some("130125".into()),
        },
        ..org_user(1, vec![Role::Officer])
    };
    assert!(
        forbidden(import(&db, &officer, DRAFT, file()).await),
        "officials review, not upload"
    );
    assert!(forbidden(import(&db, &reporter(), OTHER_ORG, file()).await));
    let Err(RosterImportError::App(AppError::Invalid(message))) =
        import(&db, &reporter(), PUBLISHED, file()).await
    else {
        panic!("a published activity's roster is not replaced");
    };
    assert!(message.contains("已公开"), "{message}");
    assert_eq!(
        count(&db, DRAFT).await + count(&db, PUBLISHED).await + count(&db, OTHER_ORG).await,
        0
    );
    let denied = fixture::audit(&db).await;
    assert_eq!(denied.len(), 5, "{denied:?}");
    assert!(denied.iter().all(|(outcome, _)| outcome == "denied"));
    // The platform (command line) may import for any organization's draft.
    let done = import(&db, &Actor::system(), OTHER_ORG, file())
        .await
        .unwrap();
    assert_eq!(done.rows, 3);
}

async fn the_template_imports_cleanly(db: Db) {
    fixture::seed(&db).await;
    let done = import(&db, &reporter(), DRAFT, roster_template_csv())
        .await
        .unwrap();
    assert_eq!((done.rows, done.format), (1, Format::Csv));
    let xlsx = fupin_app::roster_import::roster_template_xlsx().unwrap();
    let done = import(&db, &reporter(), DRAFT, xlsx).await.unwrap();
    assert_eq!(
        (done.rows, done.replaced, done.format),
        (1, 1, Format::Xlsx)
    );
}
