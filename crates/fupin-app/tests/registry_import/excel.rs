//! Registry files as offices make them: an Excel workbook with a title row and typed cells, loaded
//! then updated; a GBK CSV; an ID number Excel stored as a number, refused by worksheet row.

use fupin_app::registry_import::RegistryImportError;
use fupin_app::{Actor, App};
use fupin_domain::IdNumber;
use fupin_store::registry::imports::ImportCounts;
use fupin_store::{Db, registry};
use rust_xlsxwriter::{Format, Workbook};
use time::macros::date;

use super::{HEADER, app, clean_file, id};

/// One registry person of a workbook: household, name, ID sequence, village, relation, status
/// and how the exit year is typed.
struct Person {
    household: &'static str,
    name: &'static str,
    seq: u16,
    village: &'static str,
    relation: &'static str,
    status: &'static str,
    exit: Exit,
}

#[derive(Clone, Copy)]
enum Exit {
    None,
    /// A number cell.
    Year(u16),
    /// A date-formatted cell (an office typing the exit date).
    Date(f64),
}

/// A workbook as an office exports it: a merged title row, the header on worksheet row 2, villages
/// and years as number cells; with `id_as_number`, the ID of the second person is a number cell.
fn workbook(persons: &[Person], id_as_number: bool) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet
        .merge_range(0, 0, 0, 8, "行唐县建档立卡贫困人口名单", &Format::new())
        .unwrap();
    for (col, name) in (0_u16..).zip(HEADER.trim_end().split(',')) {
        sheet.write_string(1, col, name).unwrap();
    }
    for (row, p) in (2_u32..).zip(persons) {
        sheet.write_string(row, 0, p.household).unwrap();
        sheet.write_string(row, 1, p.name).unwrap();
        if id_as_number && row == 3 {
            let digits: f64 = id(p.seq)[..17].parse().unwrap();
            sheet.write_number(row, 2, digits * 10.0).unwrap();
        } else {
            sheet.write_string(row, 2, id(p.seq)).unwrap();
        }
        sheet
            .write_number(row, 3, p.village.parse::<f64>().unwrap())
            .unwrap();
        sheet.write_string(row, 4, p.relation).unwrap();
        sheet.write_string(row, 5, "一般贫困户").unwrap();
        sheet.write_string(row, 6, "因病").unwrap();
        sheet.write_string(row, 7, p.status).unwrap();
        match p.exit {
            Exit::None => {}
            Exit::Year(year) => {
                sheet.write_number(row, 8, f64::from(year)).unwrap();
            }
            Exit::Date(serial) => {
                sheet
                    .write_number_with_format(row, 8, serial, &date)
                    .unwrap();
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn first_persons() -> Vec<Person> {
    let person = |household, name, seq, relation, status, exit| Person {
        household,
        name,
        seq,
        village: "130125100201",
        relation,
        status,
        exit,
    };
    vec![
        person("H1", "张三", 1, "户主", "未脱贫", Exit::None),
        person("H1", "李四", 2, "配偶", "已脱贫享受政策", Exit::Year(2018)),
        // 2019-12-31, typed as a date.
        person(
            "H2",
            "王五",
            3,
            "户主",
            "已脱贫享受政策",
            Exit::Date(43830.0),
        ),
    ]
}

async fn update(
    app: &App,
    name: &str,
    bytes: Vec<u8>,
    effective: time::Date,
) -> Result<fupin_app::registry_import::RegistryImported, RegistryImportError> {
    app.update_registry(
        &Actor::system(),
        name,
        Some(effective),
        std::io::Cursor::new(bytes),
    )
    .await
}

async fn person(app: &App, db: &Db, seq: u16) -> registry::PersonRow {
    let hash = app.pii().id_hash(&IdNumber::parse(&id(seq)).unwrap());
    registry::person_by_hash(db, &hash).await.unwrap().unwrap()
}

pub(crate) async fn an_excel_registry_loads_then_updates(db: Db) {
    let app = app(db.clone());
    let loaded = update(
        &app,
        "registry.xlsx",
        workbook(&first_persons(), false),
        date!(2023 - 01 - 01),
    )
    .await
    .unwrap();
    assert!(!loaded.update);
    assert_eq!((loaded.households, loaded.persons), (2, 3));
    let li = person(&app, &db, 2).await;
    assert_eq!(
        (li.name.as_str(), li.village_code.as_str(), li.exit_year),
        ("李四", "130125100201", Some(2018)),
        "a village code and a year typed as numbers are read as their digits"
    );
    assert_eq!(person(&app, &db, 3).await.exit_year, Some(2019));

    // 张三 exits, 李四 is unchanged, 王五 is gone, 赵六 joins H1.
    let mut second = first_persons();
    second[0].status = "已脱贫享受政策";
    second[0].exit = Exit::Year(2024);
    second[2] = Person {
        household: "H1",
        name: "赵六",
        seq: 4,
        village: "130125100201",
        relation: "子女",
        status: "未脱贫",
        exit: Exit::None,
    };
    let done = update(
        &app,
        "update.xlsx",
        workbook(&second, false),
        date!(2024 - 06 - 30),
    )
    .await
    .unwrap();
    assert!(done.update);
    assert_eq!(
        done.counts,
        ImportCounts {
            added: 1,
            changed: 0,
            exited: 1,
            deceased: 0,
            removed: 1,
            unchanged: 1,
        }
    );
    let zhang = person(&app, &db, 1).await;
    assert_eq!(
        (zhang.status.as_str(), zhang.exit_year),
        ("lifted_with_policy", Some(2024))
    );
    assert_eq!(person(&app, &db, 3).await.status, "deceased");
    assert_eq!(registry::count_persons(&db).await.unwrap(), 4);
}

pub(crate) async fn an_id_number_stored_as_a_number_is_refused_by_worksheet_row(db: Db) {
    let app = app(db.clone());
    let refused = update(
        &app,
        "numbers.xlsx",
        workbook(&first_persons(), true),
        date!(2023 - 01 - 01),
    )
    .await;
    let Err(RegistryImportError::Rejected(report)) = refused else {
        panic!("the file must be refused: {refused:?}");
    };
    assert_eq!(report.total, 1, "{report}");
    let problem = &report.problems[0];
    assert_eq!(
        (problem.row, problem.column.as_deref()),
        (4, Some("身份证号")),
        "the worksheet row the officer sees: {report}"
    );
    assert!(problem.message.contains("“文本”格式"), "{report}");
    assert!(
        report
            .to_string()
            .contains("第 4 行，“身份证号”列：身份证号在 Excel 中被存成了数字"),
        "{report}"
    );
    assert_eq!(registry::count_persons(&db).await.unwrap(), 0);
    assert!(
        app.registry_imports(&Actor::system())
            .await
            .unwrap()
            .is_empty(),
        "a refused file is not an import"
    );
}

pub(crate) async fn a_gbk_csv_loads(db: Db) {
    let app = app(db.clone());
    let text = clean_file();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&gbk).is_err(), "really GBK");
    let done = app
        .import_registry(
            &Actor::system(),
            "gbk.csv",
            std::io::Cursor::new(gbk.into_owned()),
        )
        .await
        .unwrap();
    assert_eq!((done.households, done.persons), (2, 3));
    assert_eq!(person(&app, &db, 2).await.name, "李四");
}
