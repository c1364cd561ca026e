//! `GET /api/openapi.json`: the hand-written OpenAPI 3.1 description of the open API, embedded in
//! the binary (a test keeps it equal to the committed snapshot and checks every path is routed).

use axum::http::HeaderValue;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};

use super::cacheable;

/// The document.
pub const OPENAPI_JSON: &str = include_str!("openapi.json");

/// `GET /api/openapi.json`.
pub async fn serve() -> Response {
    let mut response = OPENAPI_JSON.into_response();
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    cacheable(response)
}
