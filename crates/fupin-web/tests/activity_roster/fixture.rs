//! The world of the roster tests: the web fixtures, villages of the draft's county, two
//! organizations' reporters; valid persons by number; requests whose bodies stay bytes.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use fupin_domain::{IdNumber, Role};
use fupin_store::{Db, Value};
use http_body_util::BodyExt;
use time::macros::date;
use tower::ServiceExt;

use crate::support::browser::{Browser, account, site_with_clock};
use crate::support::seed;

pub(crate) const PASSWORD: &str = "Fupin#2017test";
/// The seeded draft of organization 1, located in 灵寿县 (130126).
pub(crate) const DRAFT: i64 = 3;
/// The seeded published activity of organization 1.
pub(crate) const PUBLISHED: i64 = 1;
pub(crate) const HEADER: &str = "姓名,身份证号,村,受益类别,帮扶金额（元）,帮扶日期\n";
/// Real villages of 灵寿镇, 灵寿县 (as in `data/regions/villages.csv.gz`).
pub(crate) const VILLAGES: [(&str, &str); 3] = [
    ("130126100201", "大东关村村民委员会"),
    ("130126100202", "小东关村村民委员会"),
    ("130126100203", "岗头村村民委员会"),
];

/// The web fixtures, the villages of the draft's county, org 1's reporter and org 2's.
pub(crate) async fn world(db: &Db) -> Router {
    let (site, app, _) = site_with_clock(db.clone());
    seed(db).await;
    let mut tx = db.begin().await.unwrap();
    for (code, name) in VILLAGES {
        tx.execute(
            "INSERT INTO regions (code, name, level, parent_code, province_code, prefecture_code, \
             county_code, township_code) VALUES ($1, $2, 5, $3, '13', '1301', '130126', $3)",
            &[
                Value::from(code),
                Value::from(name),
                Value::from(&code[..9]),
            ],
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    for (user, org) in [("org.reporter", 1), ("other.reporter", 2)] {
        account(&app, user, PASSWORD, Some(org), None, &[Role::OrgReporter]).await;
    }
    site
}

pub(crate) async fn signed_in(site: &Router, username: &str) -> Browser {
    let mut browser = Browser::new(site);
    let reply = browser.sign_in(username, PASSWORD).await;
    assert_eq!(reply.status, 303, "{}", reply.body);
    browser
}

/// A valid ID number (GB 11643 check digit) of a person born in 灵寿县, distinct for each `n`.
pub(crate) fn id(n: u32) -> String {
    let birth = date!(1960 - 01 - 01) + time::Duration::days(i64::from(n / 900));
    IdNumber::from_parts("130126", birth, u16::try_from(n % 900 + 1).unwrap())
        .unwrap()
        .as_str()
        .to_owned()
}

/// A three-character name, varied by `n`.
pub(crate) fn name(n: u32) -> String {
    let family: Vec<char> = "王李张刘陈杨赵黄周吴".chars().collect();
    let given: Vec<char> = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平".chars().collect();
    let n = n as usize;
    [family[n % 10], given[n / 10 % 20], given[n / 200 % 20]]
        .iter()
        .collect()
}

/// A clean roster of `rows` persons, numbered from `first`.
pub(crate) fn roster_csv(first: u32, rows: u32) -> String {
    let mut csv = HEADER.to_owned();
    for n in first..first + rows {
        let (village, _) = VILLAGES[n as usize % VILLAGES.len()];
        csv.push_str(&format!(
            "{},{},{village},建档立卡贫困人口,{}.50,2019-03-05\n",
            name(n),
            id(n),
            100 + n
        ));
    }
    csv
}

pub(crate) async fn count(db: &Db) -> i64 {
    fupin_store::rosters::count_for_activity(db, DRAFT)
        .await
        .unwrap()
}

/// A raw response: status, headers and the body's bytes.
pub(crate) struct Raw {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl Raw {
    pub(crate) fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    pub(crate) fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// Sends `request` as `browser` (its cookies and address), keeping the body as bytes.
pub(crate) async fn raw(
    site: &Router,
    browser: &Browser,
    request: axum::http::request::Builder,
    body: Body,
) -> Raw {
    let cookies = browser
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut request = request.header("cookie", cookies).body(body).unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(browser.address));
    let response = site.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Raw {
        status,
        headers,
        body,
    }
}

pub(crate) async fn download(site: &Router, browser: &Browser, uri: &str) -> Raw {
    raw(site, browser, Request::builder().uri(uri), Body::empty()).await
}

/// A multipart upload of `content` in field `file`, with extra headers.
pub(crate) async fn multipart(
    site: &Router,
    browser: &Browser,
    uri: &str,
    file_name: &str,
    content: &[u8],
    headers: &[(&str, &str)],
) -> Raw {
    let boundary = "roster-test-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut request = Request::builder().method("POST").uri(uri).header(
        "content-type",
        format!("multipart/form-data; boundary={boundary}"),
    );
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    raw(site, browser, request, Body::from(body)).await
}

pub(crate) fn assert_no_personal_data(page: &str, persons: std::ops::Range<u32>) {
    for n in persons {
        assert!(!page.contains(&id(n)), "ID number {n} is shown");
        assert!(!page.contains(&name(n)), "name {n} is shown");
    }
}
