//! Fupin web: axum routes, askama pages, the JSON API and embedded assets.
//!
//! * [`router`] builds the whole site over a [`WebState`]; [`serve`] runs it with graceful shutdown.
//! * Pages are server-rendered HTML that needs no JavaScript, in Simplified Chinese by default and
//!   English as the second locale ([`i18n`], chosen per request by [`locale`]).
//! * Handlers are thin: they call `fupin_app::App` use cases with the acting user and format the
//!   result; they never query the database themselves.
//!
//! Routes:
//!
//! | route | what |
//! |---|---|
//! | `GET /` | home page: national headline figures, by field and by year |
//! | `GET /api/v1/figures` | the same figures as JSON (money as integer fen plus formatted text) |
//! | `GET /search`, `GET /api/v1/search` | search across organizations and activities (page and JSON) |
//! | `GET /api/v1/map`, `GET /api/v1/map/{code}` | the home map's figures by province, or by prefecture in one province |
//! | `GET /healthz` | `ok` (or `{"status":"ok"}` for `Accept: application/json`) |
//! | `GET /assets/{file}` | embedded CSS and favicon, content-hashed URLs, long-lived caching |
//! | anything else | 404 page (JSON under `/api/`) |

pub mod api;
pub mod api_activities;
pub mod api_staff;
pub mod api_verification;
pub mod assets;
pub mod format;
pub mod home_cache;
pub mod i18n;
pub mod layers;
pub mod locale;
pub mod open_data;
pub mod page_cache;
pub mod pages;
pub mod rate_limit;
pub mod session;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tower::ServiceBuilder;
use tower_http::timeout::TimeoutLayer;

/// How long one request may take before it is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What every handler shares.
#[derive(Clone, Debug)]
pub struct WebState {
    /// The use cases.
    pub app: fupin_app::App,
    /// Whether cookies carry `Secure` (the site is served over TLS, directly or by a proxy).
    pub secure_cookies: bool,
    /// Sign-in attempts per client address.
    pub sign_in_limit: Arc<rate_limit::RateLimiter>,
    /// The national headline figures, recomputed at most every few seconds.
    pub home: home_cache::HomeCache,
    /// Public pages and open-data JSON, rendered at most every few seconds.
    pub pages: page_cache::PageCache,
}

impl WebState {
    /// The state over `app` with the platform's sign-in limit; `secure_cookies` off (set it when
    /// the site is served over TLS).
    pub fn new(app: fupin_app::App) -> Self {
        let pages = page_cache::PageCache::default();
        WebState {
            app,
            secure_cookies: false,
            sign_in_limit: Arc::new(rate_limit::RateLimiter::sign_in()),
            home: home_cache::HomeCache::new(&pages),
            pages,
        }
    }
}

/// The whole site: pages, JSON API, health check and assets, with security headers, locale
/// negotiation, a request timeout and tracing on every response (the 404 fallback included).
pub fn router(state: WebState) -> Router {
    let [nosniff, referrer, frame, csp] = layers::security_headers();
    let middleware = ServiceBuilder::new()
        .layer(layers::trace())
        .layer(nosniff)
        .layer(referrer)
        .layer(frame)
        .layer(csp)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(axum::middleware::from_fn(locale::negotiate))
        .layer(axum::middleware::from_fn_with_state(
            state.pages.clone(),
            page_cache::forget_on_write,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::resolve,
        ));
    // The same answer for every anonymous visitor: kept briefly, rendered once under load.
    let public = Router::new()
        .route("/", get(pages::home::page))
        .route("/api/v1/figures", get(api::figures))
        .route("/api/v1/map", get(pages::home::map_national))
        .route("/api/v1/map/{code}", get(pages::home::map_province))
        .merge(open_data::routes())
        .route_layer(axum::middleware::from_fn_with_state(
            state.pages.clone(),
            page_cache::serve,
        ));
    Router::new()
        .route("/search", get(pages::search::page))
        .route("/api/v1/search", get(pages::search::api))
        .route("/api/v1/me", get(api_staff::me))
        .route(
            "/api/v1/workspace/organizations",
            get(api_staff::organizations),
        )
        .route(
            "/api/v1/workspace/organizations/{id}",
            get(api_staff::organization),
        )
        .route(
            "/api/v1/activities",
            get(api_activities::list).post(api_activities::create),
        )
        .route(
            "/api/v1/activities/{id}",
            get(api_activities::show).put(api_activities::replace),
        )
        .route(
            "/api/v1/activities/{id}/roster",
            get(pages::activity_roster::api_show)
                .post(pages::activity_roster::api_upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    pages::activity_roster::UPLOAD_BODY_LIMIT,
                )),
        )
        .route(
            "/api/v1/activities/{id}/verification",
            get(api_verification::activity),
        )
        .route("/api/v1/adjudication", get(api_verification::queue))
        .route(
            "/api/v1/activities/{id}/{action}",
            post(api_activities::act),
        )
        .route("/healthz", get(api::healthz))
        .merge(staff_routes())
        .merge(public)
        .route("/assets/{file}", get(assets::serve))
        .fallback(pages::fallback)
        .layer(middleware)
        .with_state(state)
}

/// The pages of signed-in staff and the sign-in steps.
fn staff_routes() -> Router<WebState> {
    use pages::{activity_editor, activity_review};
    use pages::{
        adjudication, admin_accounts, admin_units, audit_log, registry, roster_verdicts, sign_in,
        workspace,
    };
    Router::new()
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route(
            "/sign-in/code",
            get(sign_in::code_form).post(sign_in::code_submit),
        )
        .route(
            "/sign-in/enrol",
            get(sign_in::enrol_form).post(sign_in::enrol_submit),
        )
        .route(
            "/account/password",
            get(sign_in::password_form).post(sign_in::password_submit),
        )
        .route("/sign-out", post(sign_in::sign_out))
        .route("/workspace", get(workspace::home))
        .route("/workspace/organizations", get(workspace::organizations))
        .route(
            "/workspace/organizations/export",
            get(pages::workspace_export::organizations),
        )
        .route(
            "/workspace/organizations/{id}",
            get(workspace::organization),
        )
        .route(
            "/workspace/organizations/{id}/credit-status",
            post(workspace::set_credit_status),
        )
        .route("/workspace/activities", get(workspace::activities))
        .route(
            "/workspace/activities/export",
            get(pages::workspace_export::activities),
        )
        .route("/workspace/activities/{id}", get(workspace::activity))
        .route(
            "/workspace/activities/new",
            get(activity_editor::new_form).post(activity_editor::create),
        )
        .route(
            "/workspace/activities/{id}/edit",
            get(activity_editor::edit),
        )
        .route(
            "/workspace/activities/{id}/edit/{section}",
            post(activity_editor::save_section),
        )
        .route(
            "/workspace/activities/{id}/evidence",
            post(activity_editor::upload_evidence).layer(axum::extract::DefaultBodyLimit::max(
                fupin_app::activity_editor::MAX_EVIDENCE_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/workspace/activities/{id}/evidence/{file}",
            get(activity_editor::download_evidence),
        )
        .route(
            "/workspace/activities/{id}/roster",
            post(pages::activity_roster::upload).layer(axum::extract::DefaultBodyLimit::max(
                pages::activity_roster::UPLOAD_BODY_LIMIT,
            )),
        )
        .route(
            "/workspace/activities/import",
            get(pages::activity_import::form)
                .post(pages::activity_import::upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    pages::activity_import::UPLOAD_BODY_LIMIT,
                )),
        )
        .route(
            "/workspace/activities/import/{file}",
            get(pages::activity_import::template),
        )
        .route(
            "/workspace/activities/{id}/roster/{file}",
            get(pages::activity_roster::template),
        )
        .route(
            "/workspace/activities/{id}/evidence/{file}/remove",
            post(activity_editor::remove_evidence),
        )
        .route(
            "/workspace/activities/{id}/{action}",
            post(activity_review::act),
        )
        .route("/workspace/reviews", get(activity_review::queue))
        .route(
            "/workspace/registry",
            get(registry::registry).post(registry::lookup),
        )
        .route(
            "/workspace/registry/import",
            get(registry::import_form)
                .post(registry::import_upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    registry::IMPORT_UPLOAD_BODY_LIMIT,
                )),
        )
        .route("/workspace/registry/{id}", get(registry::person))
        .route("/workspace/lists", get(pages::assistance_lists::lists))
        .route(
            "/workspace/lists/{list}",
            post(pages::assistance_lists::upload).layer(axum::extract::DefaultBodyLimit::max(
                registry::IMPORT_UPLOAD_BODY_LIMIT,
            )),
        )
        .route("/workspace/registry/{id}/reveal", post(registry::reveal))
        .route("/workspace/adjudication", get(adjudication::queue))
        .route("/workspace/adjudication/{id}", get(adjudication::item))
        .route(
            "/workspace/adjudication/{id}/reveal",
            post(adjudication::reveal),
        )
        .route(
            "/workspace/adjudication/{id}/decide",
            post(adjudication::decide),
        )
        .route(
            "/workspace/activities/{id}/verification",
            get(roster_verdicts::page),
        )
        .route(
            "/admin/accounts",
            get(admin_accounts::list).post(admin_accounts::create),
        )
        .route("/admin/accounts/import", post(admin_accounts::import))
        .route(
            "/admin/accounts/{id}",
            get(admin_accounts::show).post(admin_accounts::act),
        )
        .route(
            "/admin/units",
            get(admin_units::list).post(admin_units::create),
        )
        .route("/audit", get(audit_log::search))
        .route(
            "/workspace/spot-checks",
            get(pages::spot_checks::list).post(pages::spot_checks::draw),
        )
        .route("/workspace/spot-checks/{id}", get(pages::spot_checks::show))
        .route(
            "/workspace/spot-checks/{id}/frame.csv",
            get(pages::spot_checks::frame),
        )
        .route(
            "/workspace/spot-checks/{id}/findings",
            post(pages::spot_checks::record_finding).layer(axum::extract::DefaultBodyLimit::max(
                pages::spot_checks::FINDING_BODY_LIMIT,
            )),
        )
        .route(
            "/workspace/spot-checks/{id}/findings/{finding}/evidence",
            get(pages::spot_checks::evidence),
        )
}

/// Serves [`router`] on `listener` until `shutdown` completes, then lets open requests finish.
pub async fn serve(
    state: WebState,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    if let Ok(address) = listener.local_addr() {
        tracing::info!(%address, "listening");
    }
    let service = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await
}
