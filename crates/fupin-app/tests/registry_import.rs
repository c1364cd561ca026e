//! Registry import (CSV and Excel): all or nothing, every problem reported by row and column, on
//! both backends.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

use fupin_app::registry_import::RegistryImportError;
use fupin_app::{Actor, Affiliation, App, PiiKeys};
use fupin_domain::{IdNumber, UnitKind};
use fupin_store::{Db, registry};
use time::macros::date;

fupin_store::conformance!(
    a_clean_file_loads_households_and_persons,
    a_faulty_file_is_refused_whole_with_every_problem_named,
    only_the_poverty_office_of_the_region_may_import,
    an_update_applies_the_difference_and_keeps_the_history,
    a_faulty_update_changes_nothing,
    an_office_update_touches_only_its_own_region,
    effective_dates_follow_each_other,
    an_excel_registry_loads_then_updates,
    an_id_number_stored_as_a_number_is_refused_by_worksheet_row,
    a_gbk_csv_loads,
);

#[path = "registry_import/excel.rs"]
mod excel;
use excel::{
    a_gbk_csv_loads, an_excel_registry_loads_then_updates,
    an_id_number_stored_as_a_number_is_refused_by_worksheet_row,
};

#[path = "registry_import/update.rs"]
mod update;
use update::{
    a_faulty_update_changes_nothing, an_office_update_touches_only_its_own_region,
    an_update_applies_the_difference_and_keeps_the_history, effective_dates_follow_each_other,
};

pub(crate) const HEADER: &str =
    "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n";

pub(crate) fn app(db: Db) -> App {
    App::new(db, PiiKeys::from_hex(&"ab".repeat(64)).unwrap())
}

pub(crate) fn id(seq: u16) -> String {
    IdNumber::from_parts("130125", date!(1970 - 01 - 01), seq)
        .unwrap()
        .as_str()
        .to_owned()
}

pub(crate) fn clean_file() -> String {
    let mut text = HEADER.to_owned();
    text += &format!(
        "H1,张三,{},130125100201,户主,一般贫困户,因病,已脱贫享受政策,2018\n",
        id(1)
    );
    text += &format!(
        "H1,李四,{},130125100201,配偶,一般贫困户,因病,已脱贫享受政策,2018\n",
        id(2)
    );
    text += &format!(
        "H2,王五,{},130125100202,户主,低保贫困户,缺劳力,未脱贫,\n",
        id(3)
    );
    text
}

async fn import(
    app: &App,
    actor: &Actor,
    text: String,
) -> Result<fupin_app::registry_import::RegistryImported, RegistryImportError> {
    app.import_registry(
        actor,
        "registry.csv",
        std::io::Cursor::new(text.into_bytes()),
    )
    .await
}

async fn a_clean_file_loads_households_and_persons(db: Db) {
    let app = app(db.clone());
    let done = import(&app, &Actor::system(), clean_file()).await.unwrap();
    assert_eq!((done.households, done.persons), (2, 3));
    assert_eq!(registry::count_persons(&db).await.unwrap(), 3);
    let hash = app.pii().id_hash(&IdNumber::parse(&id(2)).unwrap());
    let person = registry::person_by_hash(&db, &hash).await.unwrap().unwrap();
    assert_eq!(
        (person.name.as_str(), person.status.as_str()),
        ("李四", "lifted_with_policy")
    );
    assert!(
        !person.id_masked.contains(&id(2)[4..14]),
        "only the masked form is stored in clear"
    );
    // Importing the same persons again is refused as a whole.
    assert!(import(&app, &Actor::system(), clean_file()).await.is_err());
    assert_eq!(registry::count_persons(&db).await.unwrap(), 3);
}

async fn a_faulty_file_is_refused_whole_with_every_problem_named(db: Db) {
    let app = app(db.clone());
    let mut text = clean_file();
    let mut bad_check = id(4);
    bad_check.replace_range(17..18, if bad_check.ends_with('0') { "1" } else { "0" });
    text += &format!("H3,赵六,{bad_check},130125100203,户主,一般贫困户,因学,未脱贫,\n"); // line 5
    text += &format!(
        "H3,钱7,{},130125100203,子女,一般贫困户,因学,未脱贫,\n",
        id(5)
    ); // line 6
    text += &format!(
        "H4,孙八,{},999999100203,户主,一般贫困户,因学,未脱贫,\n",
        id(6)
    ); // line 7
    text += &format!(
        "H5,周九,{},130125100204,户主,富裕户,因学,已脱贫,2031\n",
        id(7)
    ); // line 8
    text += &format!(
        "H6,吴十,{},130125100205,户主,一般贫困户,因学,未脱贫,\n",
        id(1)
    ); // line 9
    text += "H7,郑一,4.10522E+17,130125100206,户主,一般贫困户,因学,未脱贫,\n"; // line 10
    let Err(RegistryImportError::Rejected(report)) = import(&app, &Actor::system(), text).await
    else {
        panic!("the file must be refused");
    };
    let found: Vec<(u64, Option<&str>)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_deref()))
        .collect();
    for expected in [
        (5, Some("身份证号")),
        (6, Some("姓名")),
        (7, Some("村代码")),
        (8, Some("户属性")),
        (8, Some("脱贫状态")),
        (8, Some("脱贫年度")),
        (9, Some("身份证号")),
        (10, Some("身份证号")),
    ] {
        assert!(
            found.contains(&expected),
            "missing {expected:?} in {found:?}"
        );
    }
    let printed = report.to_string();
    assert!(printed.contains("第 5 行，“身份证号”列"), "{printed}");
    assert!(
        printed.contains("重复"),
        "the duplicate ID is called a duplicate: {printed}"
    );
    assert_eq!(
        registry::count_persons(&db).await.unwrap(),
        0,
        "nothing of a refused file is written"
    );
}

async fn only_the_poverty_office_of_the_region_may_import(db: Db) {
    let app = app(db.clone());
    let office = |kind, region: &str| Actor {
        user_id: Some(1),
        name: "officer".into(),
        roles: vec![],
        affiliation: Affiliation::Government {
            unit_id: 1,
            kind,
            region_code: Some(region.into()),
        },
        source: "127.0.0.1".into(),
    };
    let org = Actor {
        affiliation: Affiliation::Organization { organization_id: 1 },
        ..office(UnitKind::PovertyOffice, "13")
    };
    assert!(matches!(
        import(&app, &org, clean_file()).await,
        Err(RegistryImportError::App(_))
    ));
    assert!(matches!(
        import(
            &app,
            &office(UnitKind::RegistrationAuthority, "13"),
            clean_file()
        )
        .await,
        Err(RegistryImportError::App(_))
    ));
    let Err(RegistryImportError::Rejected(report)) =
        import(&app, &office(UnitKind::PovertyOffice, "14"), clean_file()).await
    else {
        panic!("villages outside the office's region must be refused");
    };
    assert!(report.to_string().contains("不在本单位辖区"));
    let done = import(
        &app,
        &office(UnitKind::PovertyOffice, "130125"),
        clean_file(),
    )
    .await
    .unwrap();
    assert_eq!(done.persons, 3);
}
