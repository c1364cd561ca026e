//! A short-lived cache of public responses (region, organization and activity pages, their lists
//! and the open-data JSON): the same answer for everyone, so under load each is rendered at most
//! once per [`FRESH_FOR`] per process and language, like the home figures ([`crate::home_cache`]).
//! A publication or correction therefore shows on these pages within seconds, never later.
//!
//! Only `200` answers of HTML or JSON are kept (downloads such as CSV, Excel and IATI XML are
//! streamed as before). The key is the request URI and the negotiated [`Locale`]; public pages set
//! no cookie and do not depend on who is signed in, which the privacy tests check.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{Method, StatusCode, response::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::i18n::Locale;

/// How long a rendered public response is served from memory.
pub const FRESH_FOR: Duration = Duration::from_secs(10);
/// Responses kept at most; beyond it the stale ones go, then (rarely) everything.
const CAPACITY: usize = 4_096;
/// Larger bodies, and bodies of unknown length, are not kept (they are rendered each time).
const MAX_BODY: usize = 2 * 1024 * 1024;

#[derive(Clone)]
struct Cached {
    at: Instant,
    parts: Parts,
    body: Bytes,
}

/// The cache, shared by every worker of the process.
#[derive(Clone, Default)]
pub struct PageCache(Arc<Mutex<HashMap<String, Cached>>>);

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageCache")
    }
}

impl PageCache {
    fn get(&self, key: &str) -> Option<Response> {
        let entries = self.0.lock().ok()?;
        let hit = entries.get(key).filter(|c| c.at.elapsed() < FRESH_FOR)?;
        Some(Response::from_parts(
            hit.parts.clone(),
            Body::from(hit.body.clone()),
        ))
    }

    fn put(&self, key: String, parts: &Parts, body: &Bytes) {
        let Ok(mut entries) = self.0.lock() else {
            return;
        };
        if entries.len() >= CAPACITY {
            entries.retain(|_, c| c.at.elapsed() < FRESH_FOR);
            if entries.len() >= CAPACITY {
                entries.clear();
            }
        }
        entries.insert(
            key,
            Cached {
                at: Instant::now(),
                parts: parts.clone(),
                body: body.clone(),
            },
        );
    }
}

fn cacheable(parts: &Parts, body: &Body) -> bool {
    let kind = parts
        .headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    // A rendered page knows its length; a streamed download does not.
    let small = axum::body::HttpBody::size_hint(body)
        .exact()
        .is_some_and(|n| n <= MAX_BODY as u64);
    parts.status == StatusCode::OK
        && small
        && (kind.starts_with("text/html") || kind.starts_with("application/json"))
        && !parts.headers.contains_key(CONTENT_DISPOSITION)
}

/// Middleware for the public routes: answers from the cache when fresh, else renders and keeps
/// the answer.
pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let locale = request
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or_default();
    let key = format!("{}|{}", locale.code(), request.uri());
    if let Some(hit) = cache.get(&key) {
        return hit;
    }
    let response = next.run(request).await;
    let (parts, body) = response.into_parts();
    if !cacheable(&parts, &body) {
        return Response::from_parts(parts, body);
    }
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(bytes) => {
            cache.put(key, &parts, &bytes);
            Response::from_parts(parts, Body::from(bytes))
        }
        // The body failed midway: an error rather than a cut page.
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Middleware for the whole site: a write that succeeded (any method but GET and HEAD answered
/// below 400: a publication, a correction, a roster, a credit status) empties the cache, so this
/// process never serves a public page older than the last change made through it; other
/// processes catch up within [`FRESH_FOR`].
pub async fn forget_on_write(
    State(cache): State<PageCache>,
    request: Request,
    next: Next,
) -> Response {
    let writes = !matches!(*request.method(), Method::GET | Method::HEAD);
    let response = next.run(request).await;
    if writes && response.status().as_u16() < 400 {
        cache.clear();
    }
    response
}

impl PageCache {
    /// Forgets every kept response.
    pub fn clear(&self) {
        if let Ok(mut entries) = self.0.lock() {
            entries.clear();
        }
    }
}
