//! A short-lived cache of public responses (the home page, region, organization and activity
//! pages, their lists and the open-data JSON): the same answer for everyone, so under load each is
//! rendered at most once per [`FRESH_FOR`] per process and language, like the home figures
//! ([`crate::home_cache`]). A publication or correction therefore shows on these pages within
//! seconds ([`FRESH_FOR`] after the answer was rendered, plus the time of the render that replaces
//! it), and at once in this process when it was made through the site.
//!
//! * **Single flight.** Requests for a key that is being rendered wait for that one render and get
//!   its answer (errors included: they asked at the same moment); only `200` answers are kept.
//!   An expired answer (for at most [`STALE_WHILE_RENDERING`] more) is still served, to everyone,
//!   while one request's render replaces it in the background, so a heavy page never makes anyone
//!   wait once it has been rendered. Renders run in a task of their own: one is not lost when its
//!   first client leaves, and is cut after [`STALE_WHILE_RENDERING`].
//! * **Writes.** [`forget_on_write`] empties the cache after any write that succeeded and moves its
//!   generation on; a render that started before the write is never kept after it.
//! * **What is kept.** `200` answers of HTML or JSON of known length (downloads such as CSV, Excel
//!   and IATI XML are streamed as before), without cookies or `private`/`no-store`; the key is the
//!   request URI and the negotiated [`Locale`]. Requests of a signed-in visitor bypass the cache:
//!   nothing rendered for a session is stored or shared, and they see no one else's render.
//! * **Bounded**: [`CAPACITY`] entries and [`BUDGET`] bytes, the oldest dropped first (crawlers
//!   can vary query strings without end).

mod flight;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE, SET_COOKIE};
use axum::http::{Method, StatusCode, response::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tokio::task::JoinHandle;
use tracing::Instrument;

use self::flight::{Cached, Entries, Lead, Outcome, Step};
use crate::i18n::Locale;
use crate::session::{SESSION_COOKIE, Visitor, cookie_value};

/// How long a rendered public response is served from memory.
pub const FRESH_FOR: Duration = Duration::from_secs(10);
/// How long past [`FRESH_FOR`] an answer may still be served while its next render runs: the
/// site's request timeout, which no render outlives, so nobody waits for a page already known.
pub const STALE_WHILE_RENDERING: Duration = Duration::from_secs(30);
/// Responses kept at most.
pub const CAPACITY: usize = 4_096;
/// Bytes kept at most (bodies and keys).
pub const BUDGET: usize = 64 * 1024 * 1024;
/// Larger bodies, and bodies of unknown length, are not kept (they are rendered each time).
const MAX_BODY: usize = 2 * 1024 * 1024;
/// Failed renders (a handler that panicked) a request waits out before rendering alone.
const MAX_WAITS: usize = 3;

struct Inner {
    /// [`FRESH_FOR`] unless chosen otherwise.
    fresh: Duration,
    /// [`STALE_WHILE_RENDERING`] unless chosen otherwise.
    stale: Duration,
    entries: Mutex<Entries>,
    /// Moved on by every [`PageCache::clear`], under the `entries` lock.
    generation: AtomicU64,
    hits: AtomicU64,
    stale_hits: AtomicU64,
    joined: AtomicU64,
    renders: AtomicU64,
}

/// The cache, shared by every worker of the process.
#[derive(Clone)]
pub struct PageCache(Arc<Inner>);

impl Default for PageCache {
    fn default() -> Self {
        PageCache::with_lifetimes(FRESH_FOR, STALE_WHILE_RENDERING)
    }
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageCache")
    }
}

/// Counters of a [`PageCache`] since the process started, for monitoring and tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheStats {
    /// Answers served from memory while fresh.
    pub hits: u64,
    /// Expired answers served while their next render ran.
    pub stale_hits: u64,
    /// Requests that waited for another request's render of the same key.
    pub joined: u64,
    /// Requests that went to the handler (cached routes, anonymous visitors only).
    pub renders: u64,
    /// Answers kept now.
    pub entries: usize,
    /// Bytes kept now.
    pub bytes: usize,
    /// How many times the cache was emptied by a write.
    pub generation: u64,
}

impl PageCache {
    /// A cache that serves an answer for `fresh`, and for `stale` more while its next render runs
    /// (the site uses [`FRESH_FOR`] and [`STALE_WHILE_RENDERING`]).
    pub fn with_lifetimes(fresh: Duration, stale: Duration) -> Self {
        PageCache(Arc::new(Inner {
            fresh,
            stale,
            entries: Mutex::default(),
            generation: AtomicU64::default(),
            hits: AtomicU64::default(),
            stale_hits: AtomicU64::default(),
            joined: AtomicU64::default(),
            renders: AtomicU64::default(),
        }))
    }

    fn lock(&self) -> MutexGuard<'_, Entries> {
        // Nothing under this lock can panic midway through a change; a poisoned lock is still
        // consistent, and refusing it would stop writes from emptying the cache.
        self.0
            .entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn count(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The current generation: it moves on whenever the cache is emptied by a write, so anything
    /// computed under an older generation may predate that write.
    pub fn generation(&self) -> u64 {
        self.0.generation.load(Ordering::Acquire)
    }

    /// Forgets every kept response, and every render in progress, which will not be kept.
    pub fn clear(&self) {
        let mut entries = self.lock();
        self.0.generation.fetch_add(1, Ordering::AcqRel);
        entries.slots.clear();
        entries.bytes = 0;
    }

    /// The counters and the current size.
    pub fn stats(&self) -> CacheStats {
        let (entries, bytes) = {
            let e = self.lock();
            let ready = e.slots.values().filter(|s| s.ready.is_some()).count();
            (ready, e.bytes)
        };
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        CacheStats {
            hits: load(&self.0.hits),
            stale_hits: load(&self.0.stale_hits),
            joined: load(&self.0.joined),
            renders: load(&self.0.renders),
            entries,
            bytes,
            generation: self.generation(),
        }
    }
}

/// Whether an answer can be given to other requests: complete, small, HTML or JSON, not a
/// download, and nothing that belongs to one visitor (a cookie, `private`, `no-store`).
fn shareable(parts: &Parts, body: &Body) -> bool {
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    };
    let kind = header(CONTENT_TYPE);
    let control = header(CACHE_CONTROL);
    // A rendered page knows its length; a streamed download does not.
    let small = axum::body::HttpBody::size_hint(body)
        .exact()
        .is_some_and(|n| n <= MAX_BODY as u64);
    small
        && (kind.starts_with("text/html") || kind.starts_with("application/json"))
        && !parts.headers.contains_key(CONTENT_DISPOSITION)
        && !parts.headers.contains_key(SET_COOKIE)
        && !control.contains("private")
        && !control.contains("no-store")
}

/// Whether the request comes with a live session (or, where no session middleware ran, with a
/// session cookie at all).
fn signed_in(request: &Request) -> bool {
    match request.extensions().get::<Visitor>() {
        Some(visitor) => visitor.session.is_some(),
        None => cookie_value(request.headers(), SESSION_COOKIE).is_some(),
    }
}

/// Middleware for the public routes: answers from the cache when fresh, else renders once for
/// every concurrent request of the same key and keeps the answer.
pub async fn serve(State(cache): State<PageCache>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || signed_in(&request) {
        return next.run(request).await;
    }
    let locale = request
        .extensions()
        .get::<Locale>()
        .copied()
        .unwrap_or_default();
    let key = format!("{}|{}", locale.code(), request.uri());
    for _ in 0..MAX_WAITS {
        match cache.step(&key) {
            Step::Hit(cached) => return cached.response(),
            Step::Lead(lead) => {
                return spawn_render(lead, request, next)
                    .await
                    .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response());
            }
            Step::Refresh(stale, lead) => {
                // Nobody waits for a page already known: its replacement renders meanwhile.
                drop(spawn_render(lead, request, next));
                return stale.response();
            }
            Step::Wait(mut outcome) => {
                let settled = outcome
                    .wait_for(|o| !matches!(o, Outcome::Pending))
                    .await
                    .map(|o| (*o).clone());
                match settled {
                    Ok(Outcome::Shared(cached)) => return cached.response(),
                    Ok(_) => break,
                    // The render failed: look again (one of the waiters now leads).
                    Err(_) => continue,
                }
            }
        }
    }
    PageCache::count(&cache.0.renders);
    next.run(request).await
}

/// Renders for everyone in a task of its own, so that the render and the waiters' answer do not
/// depend on the first client staying; a render is cut after [`STALE_WHILE_RENDERING`] (the site's
/// request timeout) and a panic in the handler ends it too: the [`Lead`] is then dropped, and a
/// waiting request renders again.
fn spawn_render(lead: Lead, request: Request, next: Next) -> JoinHandle<Response> {
    PageCache::count(&lead.cache.0.renders);
    let limit = lead.cache.0.stale;
    let task = async move {
        match tokio::time::timeout(limit, next.run(request)).await {
            Ok(response) => settle(lead, response).await,
            Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
        }
    };
    tokio::spawn(task.in_current_span())
}

/// Hands a rendered answer to the waiters (and keeps it when it can be kept).
async fn settle(lead: Lead, response: Response) -> Response {
    let (parts, body) = response.into_parts();
    if !shareable(&parts, &body) {
        lead.finish(Outcome::RenderYourself, false);
        return Response::from_parts(parts, body);
    }
    match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(body) => {
            let keep = parts.status == StatusCode::OK;
            let cached = Arc::new(Cached {
                at: Instant::now(),
                parts,
                body,
            });
            lead.finish(Outcome::Shared(cached.clone()), keep);
            cached.response()
        }
        // The body failed midway: an error rather than a cut page.
        Err(_) => {
            lead.finish(Outcome::RenderYourself, false);
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
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
