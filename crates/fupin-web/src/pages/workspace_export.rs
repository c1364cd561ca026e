//! Staff downloads of the workspace lists (see [`fupin_app::staff_export`]).
//!
//! | route | what |
//! |---|---|
//! | `GET /workspace/organizations/export?format=csv\|xlsx&q=` | the organizations list, all pages |
//! | `GET /workspace/activities/export?format=csv\|xlsx` | the activities list, all pages |
//!
//! The jurisdiction and the audit entry are the use case's; an unknown format is a 400 page.

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fupin_app::open_data::FileFormat;
use fupin_app::staff_export::Export;
use serde::Deserialize;

use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

/// The query of an export: the list's filters and the format.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    /// Search text, as on the list page.
    #[serde(default)]
    pub q: String,
    /// `csv` or `xlsx`.
    #[serde(default)]
    pub format: String,
}

/// `GET /workspace/organizations/export?format=&q=`.
pub async fn organizations(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let format = FileFormat::parse(&query.format).map_err(|e| ctx.error(e))?;
    let export = state
        .app
        .export_organizations(&staff.actor, &query.q, format)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(attachment(export))
}

/// `GET /workspace/activities/export?format=`.
pub async fn activities(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ExportQuery>,
) -> Result<Response, PageError> {
    let format = FileFormat::parse(&query.format).map_err(|e| ctx.error(e))?;
    let export = state
        .app
        .export_activities(&staff.actor, format)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(attachment(export))
}

/// The file as a download that no cache keeps.
fn attachment(export: Export) -> Response {
    let mut response = (StatusCode::OK, export.bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static(export.format.content_type()),
    );
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&export.file_name)) {
        headers.insert(CONTENT_DISPOSITION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `attachment` with an ASCII fallback name (`export-20261129.csv`) and the UTF-8 name of
/// RFC 5987 / RFC 6266.
fn content_disposition(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    format!(
        "attachment; filename=\"export-{}\"; filename*=UTF-8''{}",
        ascii.trim_start_matches(['-', '_', '.']),
        rfc5987(file_name)
    )
}

/// Percent-encodes everything outside RFC 5987's `attr-char`.
fn rfc5987(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'!' | b'#' | b'$' | b'&' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
            )
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_name_is_sent_in_utf8_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition("社会组织名单-20261129.csv"),
            "attachment; filename=\"export-20261129.csv\"; \
             filename*=UTF-8''%E7%A4%BE%E4%BC%9A%E7%BB%84%E7%BB%87%E5%90%8D%E5%8D%95-20261129.csv"
        );
        assert_eq!(rfc5987("a b\"c;"), "a%20b%22c%3B");
    }
}
