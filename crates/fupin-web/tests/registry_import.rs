#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The registry import page through the router, on SQLite and PostgreSQL: a county 扶贫 officer
//! loads the registry, re-imports an updated file and sees the counts and the past imports; a
//! faulty file gives the report and writes nothing; an Excel file loads the same way; a 民政 officer
//! gets no form.

mod support;

use axum::Router;
use fupin_app::open_data::{Cell, Table};
use fupin_domain::{IdNumber, Role, UnitKind};
use fupin_store::{Db, registry};
use support::browser::{Browser, account, county_unit, csrf_in, site_with_clock};
use time::macros::date;

const PASSWORD: &str = "Fupin#2017test";
const HEADER: &str =
    "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n";

fupin_store::conformance!(a_county_officer_reimports_the_registry_and_sees_the_difference);

/// A workbook with 张三 as in the second file, the ID cell as given and the village a number cell.
fn workbook(id_cell: Cell) -> Vec<u8> {
    Table {
        name: "建档立卡".into(),
        headers: HEADER.trim_end().split(',').map(str::to_owned).collect(),
        rows: vec![vec![
            "H1".into(),
            "张三".into(),
            id_cell,
            Cell::Int(130_125_100_201),
            "户主".into(),
            "一般贫困户".into(),
            "因病".into(),
            "已脱贫享受政策".into(),
            Cell::Int(2024),
        ]],
    }
    .to_xlsx()
    .unwrap()
}

fn id(seq: u16) -> String {
    IdNumber::from_parts("130125", date!(1970 - 01 - 01), seq)
        .unwrap()
        .as_str()
        .to_owned()
}

async fn signed_in(site: &Router, username: &str) -> Browser {
    let mut browser = Browser::new(site);
    let reply = browser.sign_in(username, PASSWORD).await;
    assert_eq!(reply.status, 303, "{username}: {}", reply.body);
    browser
}

async fn a_county_officer_reimports_the_registry_and_sees_the_difference(db: Db) {
    let (site, app, _) = site_with_clock(db.clone());
    let office = county_unit(&app, UnitKind::PovertyOffice, "130125", "行唐县扶贫办").await;
    let civil = county_unit(
        &app,
        UnitKind::RegistrationAuthority,
        "130125",
        "行唐县民政局",
    )
    .await;
    account(
        &app,
        "officer",
        PASSWORD,
        None,
        Some(office),
        &[Role::Officer],
    )
    .await;
    account(&app, "civil", PASSWORD, None, Some(civil), &[Role::Officer]).await;
    let mut officer = signed_in(&site, "officer").await;

    let lookup = officer.get("/workspace/registry").await;
    assert!(
        lookup.body.contains("/workspace/registry/import"),
        "{}",
        lookup.body
    );
    let form = officer.get("/workspace/registry/import").await;
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("还没有导入记录"), "{}", form.body);
    let token = csrf_in(&form.body).unwrap();
    let action = format!("/workspace/registry/import?csrf={token}");

    let first = format!(
        "{HEADER}H1,张三,{},130125100201,户主,一般贫困户,因病,未脱贫,\n\
         H2,李四,{},130125100202,户主,一般贫困户,因病,未脱贫,\n",
        id(1),
        id(2)
    );
    let loaded = officer.upload(&action, "first.csv", first.as_bytes()).await;
    assert_eq!(loaded.status, 303, "{}", loaded.body);
    assert_eq!(registry::count_persons(&db).await.unwrap(), 2);

    let faulty = format!(
        "{HEADER}H1,张三,{},130125100201,户主,一般贫困户,因病,富裕,\n",
        id(1)
    );
    let refused = officer
        .upload(&action, "faulty.csv", faulty.as_bytes())
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("脱贫状态"), "{}", refused.body);

    let second = format!(
        "{HEADER}H1,张三,{},130125100201,户主,一般贫困户,因病,已脱贫享受政策,2024\n",
        id(1)
    );
    let updated = officer
        .upload(&action, "second.csv", second.as_bytes())
        .await;
    assert_eq!(updated.status, 303, "{}", updated.body);
    let location = updated.header("location").to_owned();
    assert!(
        location.starts_with("/workspace/registry/import?import="),
        "{location}"
    );
    let page = officer.get(&location).await;
    assert_eq!(page.status, 200, "{}", page.body);
    for expected in [
        "second.csv 已导入",
        "<dt>脱贫</dt><dd>1 人</dd>",
        "<dt>注销（名单中已无）</dt><dd>1 人</dd>",
        "first.csv",
    ] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }
    assert!(
        !page.body.contains("faulty.csv"),
        "a refused file is not an import"
    );
    assert!(!page.body.contains(&id(1)) && !page.body.contains("张三"));

    // An Excel file is read the same way; an ID number in a number cell is refused.
    let numeric = officer
        .upload(
            &action,
            "third.xlsx",
            &workbook(Cell::Int(110_105_491_231_003)),
        )
        .await;
    assert_eq!(numeric.status, 422, "{}", numeric.body);
    assert!(
        numeric.body.contains("身份证号在 Excel 中被存成了数字"),
        "{}",
        numeric.body
    );
    let excel = officer
        .upload(&action, "third.xlsx", &workbook(Cell::from(id(1))))
        .await;
    assert_eq!(excel.status, 303, "{}", excel.body);
    let page = officer.get(excel.header("location")).await;
    for expected in ["third.xlsx 已导入", "<dt>未变化</dt><dd>1 人</dd>"] {
        assert!(page.body.contains(expected), "{expected}: {}", page.body);
    }

    let mut civil = signed_in(&site, "civil").await;
    assert_ne!(civil.get("/workspace/registry/import").await.status, 200);
}
