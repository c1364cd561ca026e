//! Downloads through the router and their rows: CSV (BOM, headers) and Excel (parsed with
//! calamine, no formula anywhere), and the totals of the list pages to compare them with.

use std::io::Cursor;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use calamine::{Data, Reader, Xlsx};
use fupin_app::open_data::neutralize;
use http_body_util::BodyExt;
use tower::ServiceExt;

use crate::support::browser::Browser;

/// A download: status, headers and the body's bytes.
pub struct File {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl File {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", |v| v.to_str().unwrap())
    }
}

pub async fn download(site: &Router, browser: &Browser, uri: &str) -> File {
    let cookies = browser
        .cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ");
    let mut request = Request::builder()
        .uri(uri)
        .header("cookie", cookies)
        .body(Body::empty())
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(browser.address));
    let response = site.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    File {
        status,
        headers,
        bytes: bytes.to_vec(),
    }
}

/// A CSV export's rows, header first (checks the BOM and the headers of a download).
pub fn csv_rows(file: &File) -> Vec<Vec<String>> {
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(file.header("cache-control"), "no-store");
    assert!(file.bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&file.bytes[3..])
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// An Excel export's rows as text, header first; asserts that no cell holds a formula.
pub fn xlsx_rows(file: &File) -> Vec<Vec<String>> {
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(
        file.header("content-type"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(&file.bytes)).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    let range = book.worksheet_range(&sheet).unwrap();
    range
        .rows()
        .map(|row| {
            row.iter()
                .map(|cell| match cell {
                    Data::String(s) => s.clone(),
                    Data::Float(f) => format!("{f}"),
                    Data::Int(n) => n.to_string(),
                    Data::Empty => String::new(),
                    other => panic!("unexpected cell {other:?}"),
                })
                .collect()
        })
        .collect()
}

/// CSV and Excel of `uri` (without `format`), checked to hold the same rows (the CSV's cells
/// neutralized); returns the CSV's rows.
pub async fn both(site: &Router, browser: &Browser, uri: &str) -> Vec<Vec<String>> {
    let sep = if uri.contains('?') { '&' } else { '?' };
    let csv = csv_rows(&download(site, browser, &format!("{uri}{sep}format=csv")).await);
    let xlsx = xlsx_rows(&download(site, browser, &format!("{uri}{sep}format=xlsx")).await);
    let neutralized: Vec<Vec<String>> = xlsx
        .iter()
        .map(|row| row.iter().map(|c| neutralize(c)).collect())
        .collect();
    assert_eq!(csv, neutralized, "{uri}: Excel holds the CSV's rows");
    csv
}

/// The `共 N 条` of a list page.
pub async fn list_total(browser: &mut Browser, uri: &str) -> usize {
    let page = browser.get(uri).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let start = page.body.find("共 ").unwrap() + "共 ".len();
    let end = page.body[start..].find(' ').unwrap() + start;
    page.body[start..end].parse().unwrap()
}

/// Column `header` of an export.
pub fn column(rows: &[Vec<String>], header: &str) -> Vec<String> {
    let i = rows[0].iter().position(|h| h == header).unwrap();
    rows[1..].iter().map(|r| r[i].clone()).collect()
}
