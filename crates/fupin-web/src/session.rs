//! Who is asking: the session cookie resolved to the acting user, and CSRF protection of every
//! state-changing request.
//!
//! [`resolve`] runs on every request. It looks up the `fupin_session` cookie, and for every
//! POST/PUT/PATCH/DELETE it requires a token equal to the session's CSRF token (or, before sign-in,
//! to the `fupin_csrf` cookie): in the `csrf` form field, the `csrf` query parameter (multipart
//! uploads) or the `X-CSRF-Token` header (scripts). A cross-origin `Origin` header is refused too.
//! Handlers then take a [`Visitor`] (anyone) or a [`Staff`] (signed in, every sign-in step done).

use std::net::SocketAddr;

use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{CONTENT_TYPE, COOKIE, HOST, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use fupin_app::auth::session::Session;
use fupin_app::auth::{Stage, constant_time_eq, random_token};
use fupin_app::{Actor, AuditEvent, Outcome};

use crate::WebState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "fupin_session";
/// The CSRF cookie of visitors who are not signed in (the sign-in form).
pub const CSRF_COOKIE: &str = "fupin_csrf";
/// The form field, query parameter and (as `X-CSRF-Token`) header that carry the token.
pub const CSRF_FIELD: &str = "csrf";

/// The largest urlencoded form read to find its CSRF token.
const FORM_LIMIT: usize = 1 << 20;

/// The visitor of one request.
#[derive(Debug, Clone)]
pub struct Visitor {
    /// Client address.
    pub source: String,
    /// The session cookie's value, when the browser sent one that is still live.
    pub token: Option<String>,
    /// The live session, at whatever sign-in stage.
    pub session: Option<Session>,
    /// The token this visitor's forms must carry.
    pub csrf_token: String,
    /// Whether `csrf_token` was minted for this request: a page that shows a form to a visitor who
    /// is not signed in must then set it as the `fupin_csrf` cookie ([`Visitor::csrf_cookie`]).
    /// Other pages set no cookie, so public pages stay cacheable.
    pub fresh_csrf: bool,
    /// Whether cookies set for this visitor carry `Secure`.
    pub secure_cookies: bool,
}

impl Visitor {
    /// The acting user: the signed-in user once every sign-in step is done, else the public.
    pub fn actor(&self) -> Actor {
        match &self.session {
            Some(session) if session.stage == Stage::Full => session.actor.clone(),
            _ => Actor::public_at(&self.source),
        }
    }

    /// The `Set-Cookie` value a form page sends when the CSRF token is fresh.
    pub fn csrf_cookie(&self) -> Option<HeaderValue> {
        self.fresh_csrf
            .then(|| cookie(CSRF_COOKIE, &self.csrf_token, self.secure_cookies, None))
    }

    /// The sign-in name of a fully signed-in visitor.
    pub fn username(&self) -> Option<&str> {
        self.session
            .as_ref()
            .filter(|s| s.stage == Stage::Full)
            .map(|s| s.username.as_str())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Visitor>()
            .cloned()
            .unwrap_or_else(|| Visitor {
                source: String::new(),
                token: None,
                session: None,
                csrf_token: String::new(),
                fresh_csrf: false,
                secure_cookies: false,
            }))
    }
}

/// A visitor who is signed in with every step done. Pages that take it send anyone else to the
/// sign-in page (or the step they still owe); API routes answer 401.
#[derive(Debug, Clone)]
pub struct Staff {
    /// The acting user.
    pub actor: Actor,
    /// The visitor (CSRF token for forms, sign-in name).
    pub visitor: Visitor,
}

impl<S: Send + Sync> FromRequestParts<S> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Ok(visitor) = Visitor::from_request_parts(parts, state).await;
        let path = parts.uri.path();
        let stage = visitor.session.as_ref().map(|s| s.stage);
        match stage {
            Some(Stage::Full) => Ok(Staff {
                actor: visitor.actor(),
                visitor,
            }),
            _ if path.starts_with("/api/") => Err((
                StatusCode::UNAUTHORIZED,
                axum::Json(serde_json::json!({"error": "unauthenticated", "message": "请先登录"})),
            )
                .into_response()),
            Some(stage) => Err(Redirect::to(stage_path(stage)).into_response()),
            None => {
                Err(Redirect::to(&format!("/sign-in?next={}", encode_next(path))).into_response())
            }
        }
    }
}

/// The page where a session in `stage` continues.
pub fn stage_path(stage: Stage) -> &'static str {
    match stage {
        Stage::SecondFactor => "/sign-in/code",
        Stage::Enrol => "/sign-in/enrol",
        Stage::ChangePassword => "/account/password",
        Stage::Full => "/workspace",
    }
}

fn encode_next(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A cookie attribute string: HttpOnly, SameSite=Lax, whole site, `Secure` behind TLS.
pub fn cookie(name: &str, value: &str, secure: bool, max_age: Option<i64>) -> HeaderValue {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if secure {
        text.push_str("; Secure");
    }
    if let Some(age) = max_age {
        text.push_str(&format!("; Max-Age={age}"));
    }
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

/// A cookie's value from the request headers.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
        .filter(|v| !v.is_empty() && v.len() <= 128)
}

/// The middleware: resolves the session, enforces CSRF on state-changing requests, and keeps the
/// cookies right on the way out.
pub async fn resolve(State(state): State<WebState>, request: Request, next: Next) -> Response {
    let source = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".to_owned());
    let cookie_token = cookie_value(request.headers(), SESSION_COOKIE);
    let session = match &cookie_token {
        Some(token) => match state.app.session(token, &source).await {
            Ok(session) => session,
            Err(err) => return crate::api::ApiError(err).into_response(),
        },
        None => None,
    };
    let csrf_cookie = cookie_value(request.headers(), CSRF_COOKIE);
    let known_token = session
        .as_ref()
        .map(|s| s.csrf_token.clone())
        .or_else(|| csrf_cookie.clone());
    let fresh_csrf = known_token.is_none();
    let visitor = Visitor {
        source,
        token: cookie_token.clone().filter(|_| session.is_some()),
        session,
        csrf_token: known_token.unwrap_or_else(random_token),
        fresh_csrf,
        secure_cookies: state.secure_cookies,
    };
    let mut request = request;
    if !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        let (checked, ok) = check_csrf(request, &visitor.csrf_token).await;
        if !ok {
            let event = AuditEvent::new("csrf.refused", "request", checked.uri().path())
                .outcome(Outcome::Denied);
            let _ = state.app.audit(&visitor.actor(), event).await;
            return (
                StatusCode::FORBIDDEN,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                "表单已过期或来源不明（CSRF 校验失败）：请刷新页面后重新提交。",
            )
                .into_response();
        }
        request = checked;
    }
    let expired = cookie_token.is_some() && visitor.session.is_none();
    request.extensions_mut().insert(visitor);
    let mut response = next.run(request).await;
    let secure = state.secure_cookies;
    if expired && !response.headers().contains_key(SET_COOKIE) {
        response
            .headers_mut()
            .append(SET_COOKIE, cookie(SESSION_COOKIE, "", secure, Some(0)));
    }
    response
}

/// Whether a state-changing request carries the expected token (and no foreign `Origin`); gives the
/// request back with its body intact.
async fn check_csrf(request: Request, expected: &str) -> (Request, bool) {
    let headers = request.headers();
    if let (Some(origin), Some(host)) = (headers.get(ORIGIN), headers.get(HOST)) {
        let origin = origin.to_str().unwrap_or_default();
        let host = host.to_str().unwrap_or_default();
        let same = origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host);
        if !same {
            return (request, false);
        }
    }
    let matches = |given: &str| constant_time_eq(given.as_bytes(), expected.as_bytes());
    if let Some(given) = headers.get("x-csrf-token").and_then(|v| v.to_str().ok()) {
        let ok = matches(given);
        return (request, ok);
    }
    if let Some(query) = request.uri().query()
        && let Some((_, given)) =
            form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == CSRF_FIELD)
    {
        let ok = matches(&given);
        return (request, ok);
    }
    let is_form = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return (request, false);
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return (Request::from_parts(parts, Body::empty()), false);
    };
    let ok = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == CSRF_FIELD)
        .is_some_and(|(_, given)| matches(&given));
    (Request::from_parts(parts, Body::from(bytes)), ok)
}
