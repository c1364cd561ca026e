#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! The page cache's single flight and generations, through a router with the site's two cache
//! middlewares (`page_cache::serve` on a page, `page_cache::forget_on_write` around everything)
//! over a page whose renders are counted and can be held mid-render: concurrent misses render
//! once, a render that started before a write is not kept after it, errors are shared with the
//! requests that waited but not kept, a render outlives its first client and a failed one hands
//! over, an expired answer is served while it is rendered again, a render is cut after its time,
//! sessions bypass the cache, and the cache stays within its bounds.

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::header::{CONTENT_TYPE, COOKIE, SET_COOKIE};
use axum::http::{Request, StatusCode};
use axum::middleware::from_fn_with_state;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use fupin_web::page_cache::{self, CAPACITY, PageCache};
use http_body_util::BodyExt;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;
use tower::ServiceExt;

/// A page that counts its renders, holds the ones numbered up to `hold` until let through, and
/// panics in the one numbered `panic`.
#[derive(Clone)]
struct Gate {
    renders: Arc<AtomicUsize>,
    hold: Arc<AtomicUsize>,
    panic: Arc<AtomicUsize>,
    open: Arc<Semaphore>,
    status: Arc<AtomicU16>,
}

impl Gate {
    fn new() -> Self {
        Gate {
            renders: Arc::default(),
            hold: Arc::default(),
            panic: Arc::default(),
            open: Arc::new(Semaphore::new(0)),
            status: Arc::new(AtomicU16::new(200)),
        }
    }

    fn renders(&self) -> usize {
        self.renders.load(Ordering::SeqCst)
    }

    fn let_through(&self) {
        self.open.add_permits(1_000);
    }
}

async fn page(State(gate): State<Gate>) -> impl IntoResponse {
    let n = gate.renders.fetch_add(1, Ordering::SeqCst) + 1;
    if n <= gate.hold.load(Ordering::SeqCst) {
        gate.open.acquire().await.unwrap().forget();
    }
    assert_ne!(n, gate.panic.load(Ordering::SeqCst), "the handler fails");
    let status = StatusCode::from_u16(gate.status.load(Ordering::SeqCst)).unwrap();
    (
        status,
        [(CONTENT_TYPE, "text/html; charset=utf-8")],
        format!("render {n}"),
    )
}

async fn with_cookie(State(gate): State<Gate>) -> impl IntoResponse {
    let n = gate.renders.fetch_add(1, Ordering::SeqCst) + 1;
    (
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (SET_COOKIE, "a=b"),
        ],
        format!("render {n}"),
    )
}

fn site(gate: &Gate, cache: &PageCache) -> Router {
    Router::new()
        .route("/page", get(page))
        .route("/cookie", get(with_cookie))
        .route_layer(from_fn_with_state(cache.clone(), page_cache::serve))
        .route("/write", post(|| async { StatusCode::SEE_OTHER }))
        .route("/refused", post(|| async { StatusCode::FORBIDDEN }))
        .layer(from_fn_with_state(
            cache.clone(),
            page_cache::forget_on_write,
        ))
        .with_state(gate.clone())
}

async fn send(site: Router, method: &str, uri: &str, cookie: Option<&str>) -> (u16, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if let Some(cookie) = cookie {
        request = request.header(COOKIE, cookie);
    }
    let response = site
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8(body.to_vec()).unwrap())
}

async fn get_page(site: &Router, uri: &str) -> (u16, String) {
    within(send(site.clone(), "GET", uri, None)).await
}

fn spawn_get(site: &Router, uri: &'static str) -> JoinHandle<(u16, String)> {
    tokio::spawn(send(site.clone(), "GET", uri, None))
}

/// Awaits `future`, failing instead of hanging if it never completes (a request stuck behind a
/// render it should not wait for); not a timing assertion.
async fn within<T>(future: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(30), future)
        .await
        .expect("the request never completed")
}

/// Yields until `condition` holds (within the same generous limit).
async fn until(condition: impl Fn() -> bool) {
    within(async {
        while !condition() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_misses_wait_for_one_render() {
    let (gate, cache) = (Gate::new(), PageCache::default());
    let site = site(&gate, &cache);
    gate.hold.store(1, Ordering::SeqCst);
    let requests: Vec<_> = (0..32).map(|_| spawn_get(&site, "/page")).collect();
    until(|| gate.renders() == 1 && cache.stats().joined == 31).await;
    gate.let_through();
    for request in requests {
        assert_eq!(within(request).await.unwrap(), (200, "render 1".to_owned()));
    }
    assert_eq!(gate.renders(), 1, "one render for 32 concurrent misses");
    assert_eq!(get_page(&site, "/page").await.1, "render 1", "then kept");
    let stats = cache.stats();
    assert_eq!((stats.renders, stats.hits, stats.entries), (1, 1, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_render_started_before_a_write_is_not_kept() {
    let (gate, cache) = (Gate::new(), PageCache::default());
    let site = site(&gate, &cache);
    gate.hold.store(1, Ordering::SeqCst);
    let before = spawn_get(&site, "/page");
    until(|| gate.renders() == 1).await;

    // A write succeeds while render 1 is under way: requests after it do not wait for render 1.
    assert_eq!(
        within(send(site.clone(), "POST", "/write", None)).await.0,
        303
    );
    assert_eq!(cache.stats().generation, 1);
    assert_eq!(get_page(&site, "/page").await.1, "render 2");
    assert_eq!(cache.stats().joined, 0);

    // Render 1 ends after the write: its own request gets it, nobody else ever does.
    gate.let_through();
    assert_eq!(within(before).await.unwrap().1, "render 1");
    assert_eq!(get_page(&site, "/page").await.1, "render 2");
    assert_eq!(gate.renders(), 2);

    // A write also forgets what was kept; a refused one does not.
    assert_eq!(
        within(send(site.clone(), "POST", "/refused", None)).await.0,
        403
    );
    assert_eq!(get_page(&site, "/page").await.1, "render 2");
    within(send(site.clone(), "POST", "/write", None)).await;
    assert_eq!(get_page(&site, "/page").await.1, "render 3");
    assert_eq!(cache.stats().generation, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_render_held_across_a_write_with_nobody_else_is_not_kept() {
    let (gate, cache) = (Gate::new(), PageCache::default());
    let site = site(&gate, &cache);
    gate.hold.store(1, Ordering::SeqCst);
    let before = spawn_get(&site, "/page");
    until(|| gate.renders() == 1).await;
    within(send(site.clone(), "POST", "/write", None)).await;
    gate.let_through();
    assert_eq!(within(before).await.unwrap().1, "render 1");
    assert_eq!(cache.stats().entries, 0, "not stored after the write");
    assert_eq!(get_page(&site, "/page").await.1, "render 2");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_shared_with_those_waiting_but_not_kept() {
    let (gate, cache) = (Gate::new(), PageCache::default());
    let site = site(&gate, &cache);
    gate.hold.store(1, Ordering::SeqCst);
    gate.status.store(500, Ordering::SeqCst);
    let requests: Vec<_> = (0..4).map(|_| spawn_get(&site, "/page")).collect();
    until(|| gate.renders() == 1 && cache.stats().joined == 3).await;
    gate.let_through();
    for request in requests {
        assert_eq!(within(request).await.unwrap(), (500, "render 1".to_owned()));
    }
    assert_eq!(cache.stats().entries, 0);
    gate.status.store(200, Ordering::SeqCst);
    assert_eq!(get_page(&site, "/page").await, (200, "render 2".to_owned()));
    assert_eq!(get_page(&site, "/page").await, (200, "render 2".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_render_outlives_its_first_client() {
    let (gate, cache) = (Gate::new(), PageCache::default());
    let site = site(&gate, &cache);
    gate.hold.store(1, Ordering::SeqCst);
    let first = spawn_get(&site, "/page");
    until(|| gate.renders() == 1).await;
    let waiter = spawn_get(&site, "/page");
    until(|| cache.stats().joined == 1).await;
    // The first client goes away mid-render: the render goes on for the one still waiting.
    first.abort();
    gate.let_through();
    assert_eq!(within(waiter).await.unwrap(), (200, "render 1".to_owned()));
    assert_eq!(get_page(&site, "/page").await.1, "render 1");
    assert_eq!(gate.renders(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_render_hands_over_to_a_waiting_request() {
    let (gate, cache) = (Gate::new(), PageCache::default());
    let site = site(&gate, &cache);
    gate.hold.store(1, Ordering::SeqCst);
    gate.panic.store(1, Ordering::SeqCst);
    let first = spawn_get(&site, "/page");
    until(|| gate.renders() == 1).await;
    let waiter = spawn_get(&site, "/page");
    until(|| cache.stats().joined == 1).await;
    gate.let_through();
    assert_eq!(within(first).await.unwrap().0, 500);
    assert_eq!(within(waiter).await.unwrap(), (200, "render 2".to_owned()));
    assert_eq!(get_page(&site, "/page").await.1, "render 2");
    assert_eq!(gate.renders(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signed_in_requests_and_cookies_bypass_the_cache() {
    let (gate, cache) = (Gate::new(), PageCache::default());
    let site = site(&gate, &cache);
    let session = Some("fupin_session=some-session");
    let signed_in = within(send(site.clone(), "GET", "/page", session)).await;
    assert_eq!(signed_in.1, "render 1");
    assert_eq!(get_page(&site, "/page").await.1, "render 2", "not kept");
    let again = within(send(site.clone(), "GET", "/page", session)).await;
    assert_eq!(again.1, "render 3", "never served someone else's render");
    assert_eq!(get_page(&site, "/page").await.1, "render 2");

    assert_eq!(get_page(&site, "/cookie").await.1, "render 4");
    assert_eq!(
        get_page(&site, "/cookie").await.1,
        "render 5",
        "sets a cookie"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_answer_is_served_while_its_next_render_runs() {
    let gate = Gate::new();
    let cache = PageCache::with_lifetimes(Duration::from_millis(50), Duration::from_secs(3600));
    let site = site(&gate, &cache);
    assert_eq!(get_page(&site, "/page").await.1, "render 1");
    tokio::time::sleep(Duration::from_millis(100)).await;
    gate.hold.store(2, Ordering::SeqCst);
    // Expired: the request that starts the next render is not kept waiting for it, nor is anyone.
    assert_eq!(get_page(&site, "/page").await.1, "render 1");
    until(|| gate.renders() == 2).await;
    assert_eq!(get_page(&site, "/page").await.1, "render 1");
    assert_eq!(cache.stats().stale_hits, 2);
    assert_eq!(cache.stats().joined, 0);
    gate.let_through();
    within(async {
        while get_page(&site, "/page").await.1 != "render 2" {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
    .await;
    assert_eq!(gate.renders(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_render_that_outlives_its_time_is_cut_and_forgotten() {
    let gate = Gate::new();
    let cache = PageCache::with_lifetimes(Duration::from_secs(3600), Duration::from_millis(50));
    let site = site(&gate, &cache);
    gate.hold.store(1, Ordering::SeqCst);
    // Render 1 never ends by itself: it is cut, and the next request renders again.
    assert_eq!(get_page(&site, "/page").await.0, 408);
    assert_eq!(cache.stats().entries, 0);
    assert_eq!(get_page(&site, "/page").await, (200, "render 2".to_owned()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_strings_do_not_grow_the_cache_without_bound() {
    let (gate, cache) = (Gate::new(), PageCache::default());
    let site = site(&gate, &cache);
    for n in 0..CAPACITY + 500 {
        let (status, _) = get_page(&site, &format!("/page?crawler={n}")).await;
        assert_eq!(status, 200);
        assert!(cache.stats().entries <= CAPACITY);
    }
    assert!(cache.stats().entries > CAPACITY / 2, "{:?}", cache.stats());
}
