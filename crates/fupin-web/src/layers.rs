//! Cross-cutting layers: security headers on every response, request tracing without personal data.

use std::time::Duration;

use axum::body::Body;
use axum::extract::MatchedPath;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue, Request, Response};
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnBodyChunk, DefaultOnEos, DefaultOnFailure, TraceLayer};
use tracing::{Level, Span};

/// The Content-Security-Policy of every response: only this origin, no plugins, no framing.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'self'; object-src 'none'; base-uri 'self'; \
     form-action 'self'; frame-ancestors 'none'";

/// The security headers set on every response (overriding whatever a handler set).
pub fn security_headers() -> [SetResponseHeaderLayer<HeaderValue>; 4] {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    [
        header(X_CONTENT_TYPE_OPTIONS, "nosniff"),
        header(REFERRER_POLICY, "same-origin"),
        header(X_FRAME_OPTIONS, "DENY"),
        header(CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_VALUE),
    ]
}

/// The span of one request: method and matched route only. The URI is never recorded: query
/// strings and path parameters can carry personal data.
fn make_span(request: &Request<Body>) -> Span {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("<unmatched>", MatchedPath::as_str);
    tracing::info_span!("request", method = %request.method(), route = %route)
}

fn on_request(_request: &Request<Body>, _span: &Span) {}

fn on_response(response: &Response<Body>, latency: Duration, _span: &Span) {
    let latency_ms = latency.as_secs_f64() * 1000.0;
    tracing::info!(status = response.status().as_u16(), latency_ms, "response");
}

/// Concrete type of [`trace`].
pub type Trace = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    fn(&Request<Body>) -> Span,
    fn(&Request<Body>, &Span),
    fn(&Response<Body>, Duration, &Span),
    DefaultOnBodyChunk,
    DefaultOnEos,
    DefaultOnFailure,
>;

/// Request tracing: one span per request (method, route), one event per response (status, latency).
pub fn trace() -> Trace {
    TraceLayer::new_for_http()
        .make_span_with(make_span as fn(&Request<Body>) -> Span)
        .on_request(on_request as fn(&Request<Body>, &Span))
        .on_response(on_response as fn(&Response<Body>, Duration, &Span))
        .on_failure(DefaultOnFailure::new().level(Level::WARN))
}
