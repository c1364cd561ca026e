#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The roster (受益人名单) of an activity through the router, on SQLite and PostgreSQL: an
//! organization reporter downloads both templates, uploads a clean 1,000-row CSV, a CSV with
//! faults (refused whole, every problem named by row and column), and an XLSX; another
//! organization sees nothing, a forged upload is refused, and no page shows an ID number or a
//! name. The JSON API answers with the count or the report.

#[path = "activity_roster/fixture.rs"]
mod fixture;
mod support;

use std::io::Cursor;
use std::ops::ControlFlow;

use fupin_app::open_data::{Cell, Table};
use fupin_app::tabular::{self, Format};
use fupin_store::Db;
use support::browser::csrf_in;

use fixture::{
    DRAFT, HEADER, PUBLISHED, assert_no_personal_data, count, download, id, multipart, name,
    roster_csv, signed_in, world,
};

fupin_store::conformance!(
    an_organization_replaces_its_roster_from_the_detail_page,
    other_organizations_and_forged_uploads_change_nothing,
    the_json_api_imports_or_reports,
);

async fn an_organization_replaces_its_roster_from_the_detail_page(db: Db) {
    let site = world(&db).await;
    let mut org = signed_in(&site, "org.reporter").await;
    let detail = format!("/workspace/activities/{DRAFT}");

    let page = org.get(&detail).await;
    assert_eq!(page.status, 200);
    for shown in [
        "受益人名单",
        "名单共 0 条受益人记录",
        "roster/template.csv",
        "roster/template.xlsx",
    ] {
        assert!(page.body.contains(shown), "{shown}: {}", page.body);
    }
    let token = csrf_in(&page.body).unwrap();
    let action = format!("/workspace/activities/{DRAFT}/roster?csrf={token}");
    assert!(page.body.contains(&action), "the upload form is offered");

    // The templates: CSV with a BOM and the header, XLSX readable with its header; Chinese names.
    let csv = download(&site, &org, &format!("{detail}/roster/template.csv")).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert!(
        csv.body.starts_with(
            "\u{feff}姓名,身份证号,村,受益类别,帮扶金额（元）,帮扶日期\r\n".as_bytes()
        )
    );
    let disposition = csv.header("content-disposition");
    assert!(
        disposition.starts_with("attachment; filename=\"roster-template.csv\""),
        "{disposition}"
    );
    assert!(
        disposition.contains(
            "filename*=UTF-8''%E5%8F%97%E7%9B%8A%E4%BA%BA%E5%90%8D%E5%8D%95%E6%A8%A1%E6%9D%BF.csv"
        ),
        "{disposition}"
    );
    let xlsx = download(&site, &org, &format!("{detail}/roster/template.xlsx")).await;
    assert_eq!(xlsx.status, 200);
    assert_eq!(
        xlsx.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        xlsx.header("content-disposition")
            .ends_with("%E6%A8%A1%E6%9D%BF.xlsx")
    );
    assert!(xlsx.body.starts_with(b"PK\x03\x04"));
    let mut first = Vec::new();
    tabular::read_rows(Cursor::new(&xlsx.body), Format::Xlsx, &mut |row| {
        first = row.cells.iter().map(|c| c.text().to_owned()).collect();
        ControlFlow::Break(())
    })
    .unwrap();
    assert_eq!(first, HEADER.trim_end().split(',').collect::<Vec<_>>());

    // A clean 1,000-row CSV.
    let uploaded = org
        .upload(&action, "名单.csv", roster_csv(0, 1000).as_bytes())
        .await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    let location = uploaded.header("location").to_owned();
    assert_eq!(location, format!("{detail}?done=roster-1000"));
    assert_eq!(count(&db).await, 1000);
    let shown = org.get(&location).await;
    assert!(
        shown.body.contains("已导入 1000 条受益人记录"),
        "{}",
        shown.body
    );
    assert!(shown.body.contains("名单共 1000 条受益人记录"));
    assert_no_personal_data(&shown.body, 0..1000);

    // A file with faults: refused whole, every problem by row and column, nothing written.
    let mut bad_check = id(2001);
    let last = if bad_check.ends_with('1') { "2" } else { "1" };
    bad_check.replace_range(17.., last);
    let faulty = format!(
        "{HEADER}{},{},130126100201,建档立卡贫困人口,100,2019-03-05\n\
         {},{bad_check},130126100201,建档立卡贫困人口,100,2019-03-05\n\
         {},{},130125100209,建档立卡贫困人口,100,2019-03-05\n\
         {},{},130126100202,富裕人口,100,2019-03-05\n\
         {},{},130126100202,农村低保对象,一百块,2019-03-05\n\
         {},{},130126100203,特困人员,100,2099-01-01\n\
         {},{},130126100203,特困人员,100,2019-03-05\n",
        name(2000),
        id(2000),
        name(2001),
        name(2002),
        id(2002),
        name(2003),
        id(2003),
        name(2004),
        id(2004),
        name(2005),
        id(2005),
        name(2006),
        id(2000),
    );
    let refused = org
        .upload(&action, "有错误的名单.csv", faulty.as_bytes())
        .await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.body.contains("有错误的名单.csv"));
    assert!(refused.body.contains("<th scope=\"col\" class=\"num\">行</th><th scope=\"col\">列</th><th scope=\"col\">问题</th>"));
    for (row, column) in [
        (3, "身份证号"),
        (4, "村"),
        (5, "受益类别"),
        (6, "帮扶金额（元）"),
        (7, "帮扶日期"),
        (8, "身份证号"),
    ] {
        let cell = format!("<td class=\"num\">{row}</td><td>{column}</td>");
        assert!(refused.body.contains(&cell), "{cell}: {}", refused.body);
    }
    assert!(refused.body.contains("校验位"), "the check digit is named");
    assert!(
        refused.body.contains("与第 2 行重复"),
        "the duplicate is named"
    );
    assert!(!refused.body.contains("另有"), "nothing is left out");
    assert!(!refused.body.contains(&bad_check));
    assert_no_personal_data(&refused.body, 2000..2007);
    assert_eq!(count(&db).await, 1000, "nothing was written");

    // More problems than a report lists: the rest are counted.
    let mut many = HEADER.to_owned();
    for n in 0..1010 {
        many.push_str(&format!(
            "{},{},130126100201,不知道,1,2019-03-05\n",
            name(n),
            id(n)
        ));
    }
    let truncated = org.upload(&action, "很多错误.csv", many.as_bytes()).await;
    assert_eq!(truncated.status, 422);
    assert!(
        truncated.body.contains("另有 10 处问题未列出"),
        "{}",
        &truncated.body[..2000]
    );
    assert_eq!(count(&db).await, 1000);

    // An XLSX file replaces the roster.
    let table = Table {
        name: "受益人名单".to_owned(),
        headers: HEADER.trim_end().split(',').map(str::to_owned).collect(),
        rows: (3000..3003)
            .map(|n| {
                vec![
                    Cell::from(name(n)),
                    Cell::from(id(n)),
                    Cell::from("130126100202"),
                    Cell::from("农村低保对象"),
                    Cell::from("800"),
                    Cell::from("2020-06-01"),
                ]
            })
            .collect(),
    };
    let book = table.to_xlsx().unwrap();
    let uploaded = org.upload(&action, "名单.xlsx", &book).await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    assert_eq!(
        uploaded.header("location"),
        format!("{detail}?done=roster-3")
    );
    assert_eq!(count(&db).await, 3);
    let shown = org.get(&format!("{detail}?done=roster-3")).await;
    assert!(shown.body.contains("名单共 3 条受益人记录"));
    assert_no_personal_data(&shown.body, 3000..3003);

    // A published activity shows its roster, but no upload form; an upload is refused.
    let published = org.get(&format!("/workspace/activities/{PUBLISHED}")).await;
    assert!(published.body.contains("受益人名单"));
    assert!(
        !published
            .body
            .contains(&format!("{PUBLISHED}/roster?csrf="))
    );
    let refused = org
        .upload(
            &format!("/workspace/activities/{PUBLISHED}/roster?csrf={token}"),
            "名单.csv",
            roster_csv(0, 2).as_bytes(),
        )
        .await;
    assert_eq!(refused.status, 400, "{}", refused.body);
    assert!(refused.body.contains("只有草稿或已退回的项目可以上传名单"));
}

async fn other_organizations_and_forged_uploads_change_nothing(db: Db) {
    let site = world(&db).await;
    let mut org = signed_in(&site, "org.reporter").await;
    let token = csrf_in(
        &org.get(&format!("/workspace/activities/{DRAFT}"))
            .await
            .body,
    )
    .unwrap();
    let uploaded = org
        .upload(
            &format!("/workspace/activities/{DRAFT}/roster?csrf={token}"),
            "名单.csv",
            roster_csv(0, 5).as_bytes(),
        )
        .await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);

    // Without the token, or with another, the upload is refused before it is read.
    for uri in [
        format!("/workspace/activities/{DRAFT}/roster"),
        format!("/workspace/activities/{DRAFT}/roster?csrf=forged"),
    ] {
        let forged = org
            .upload(&uri, "名单.csv", roster_csv(10, 2).as_bytes())
            .await;
        assert_eq!(forged.status, 403, "{uri}");
    }
    assert_eq!(count(&db).await, 5);

    let unknown = download(
        &site,
        &org,
        &format!("/workspace/activities/{DRAFT}/roster/x.txt"),
    )
    .await;
    assert_eq!(unknown.status, 404);

    // The route admits files far above axum's default 2 MB body limit, up to 64 MiB.
    let big = roster_csv(0, 40_000);
    assert!(big.len() > 3_000_000);
    let uploaded = org
        .upload(
            &format!("/workspace/activities/{DRAFT}/roster?csrf={token}"),
            "大名单.csv",
            big.as_bytes(),
        )
        .await;
    assert_eq!(uploaded.status, 303, "{}", uploaded.body);
    assert_eq!(count(&db).await, 40_000);
    // One byte over the limit, and far over (the body limit cuts the upload short).
    for size in [64 * 1024 * 1024 + 1, 65 * 1024 * 1024] {
        let mut huge = roster_csv(0, 1).into_bytes();
        huge.resize(size, b'\n');
        let refused = org
            .upload(
                &format!("/workspace/activities/{DRAFT}/roster?csrf={token}"),
                "过大.csv",
                &huge,
            )
            .await;
        assert_eq!(refused.status, 400, "{size}");
        assert!(
            refused.body.contains("超过 64 MiB 的上限"),
            "{}",
            refused.body
        );
    }
    assert_eq!(count(&db).await, 40_000);

    // Another organization's reporter: nothing of the activity exists for them.
    let mut other = signed_in(&site, "other.reporter").await;
    let base = format!("/workspace/activities/{DRAFT}");
    assert_eq!(other.get(&base).await.status, 404);
    for template in ["template.csv", "template.xlsx"] {
        let got = download(&site, &other, &format!("{base}/roster/{template}")).await;
        assert_eq!(got.status, 404, "{template}");
    }
    let token = csrf_in(&other.get("/workspace/activities").await.body).unwrap();
    let intruded = other
        .upload(
            &format!("{base}/roster?csrf={token}"),
            "名单.csv",
            roster_csv(20, 2).as_bytes(),
        )
        .await;
    assert_eq!(intruded.status, 404);
    assert!(!intruded.body.contains("测试项目3"));
    let api = download(&site, &other, &format!("/api/v1/activities/{DRAFT}/roster")).await;
    assert_eq!(api.status, 404);
    assert_eq!(count(&db).await, 40_000);
}

async fn the_json_api_imports_or_reports(db: Db) {
    let site = world(&db).await;
    let mut org = signed_in(&site, "org.reporter").await;
    let token = csrf_in(&org.get("/workspace/activities").await.body).unwrap();
    let uri = format!("/api/v1/activities/{DRAFT}/roster");

    let empty = download(&site, &org, &uri).await;
    assert_eq!(empty.status, 200);
    let json: serde_json::Value = serde_json::from_slice(&empty.body).unwrap();
    assert_eq!(json, serde_json::json!({"entries": 0, "may_upload": true}));

    let csrf = [("x-csrf-token", token.as_str())];
    let done = multipart(
        &site,
        &org,
        &uri,
        "名单.csv",
        roster_csv(0, 4).as_bytes(),
        &csrf,
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.text());
    let json: serde_json::Value = serde_json::from_slice(&done.body).unwrap();
    assert_eq!(json["imported"], 4);
    assert_eq!(json["format"], "CSV");

    let faulty = format!(
        "{HEADER}{},{},130126100201,不知道,100,2019-03-05\n",
        name(50),
        id(50)
    );
    let refused = multipart(&site, &org, &uri, "坏.csv", faulty.as_bytes(), &csrf).await;
    assert_eq!(refused.status, 422, "{}", refused.text());
    let json: serde_json::Value = serde_json::from_slice(&refused.body).unwrap();
    assert_eq!(json["file"], "坏.csv");
    assert_eq!(json["total"], 1);
    assert_eq!(json["problems"][0]["row"], 2);
    assert_eq!(json["problems"][0]["column"], "受益类别");
    assert!(
        json["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("不是受益类别")
    );
    assert!(!refused.text().contains(&id(50)));

    let forged = multipart(
        &site,
        &org,
        &uri,
        "名单.csv",
        roster_csv(0, 1).as_bytes(),
        &[],
    )
    .await;
    assert_eq!(forged.status, 403);
    let shown = download(&site, &org, &uri).await;
    let json: serde_json::Value = serde_json::from_slice(&shown.body).unwrap();
    assert_eq!(json["entries"], 4, "the refused files wrote nothing");
}
