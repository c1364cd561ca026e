//! Choosing the locale of a request: `?lang=en|zh` (which also sets the `lang` cookie), then the
//! `lang` cookie, then `Accept-Language`, then Chinese.

use std::convert::Infallible;

use axum::extract::{FromRequestParts, Request};
use axum::http::header::{ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE, VARY};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

use crate::i18n::Locale;

/// Name of the cookie that remembers the chosen language.
pub const COOKIE_NAME: &str = "lang";
/// How long the cookie lasts: one year.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

/// Middleware: stores the request's [`Locale`] in its extensions and, when `?lang=` chose it,
/// sets the cookie on the response. HTML responses vary by cookie and `Accept-Language`.
pub async fn negotiate(mut request: Request, next: Next) -> Response {
    let from_query = request.uri().query().and_then(query_lang);
    let locale = from_query
        .or_else(|| cookie_lang(request.headers()))
        .or_else(|| accept_language(request.headers()))
        .unwrap_or_default();
    request.extensions_mut().insert(locale);
    let mut response = next.run(request).await;
    let is_html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let headers = response.headers_mut();
    if is_html {
        headers.append(VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    }
    if let Some(chosen) = from_query {
        let cookie = format!(
            "{COOKIE_NAME}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly",
            chosen.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(SET_COOKIE, value);
            // A response that sets a cookie must not be stored by shared caches.
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
        }
    }
    response
}

impl<S: Send + Sync> FromRequestParts<S> for Locale {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<Locale>()
            .copied()
            .unwrap_or_default())
    }
}

/// The locale named by a `lang` parameter of a raw query string.
pub fn query_lang(query: &str) -> Option<Locale> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == COOKIE_NAME)
        .and_then(|(_, value)| Locale::from_tag(value))
}

/// The locale remembered in the `lang` cookie.
pub fn cookie_lang(headers: &HeaderMap) -> Option<Locale> {
    crate::session::cookie_value(headers, COOKIE_NAME).and_then(|value| Locale::from_tag(&value))
}

/// The supported locale the browser prefers most (highest `q`, earliest on ties), if any.
pub fn accept_language(headers: &HeaderMap) -> Option<Locale> {
    let mut best: Option<(u16, Locale)> = None;
    for value in headers
        .get_all(ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|v| v.to_str().ok())
    {
        for entry in value.split(',') {
            let mut parts = entry.split(';');
            let tag = parts.next().unwrap_or_default();
            let quality = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(1000, parse_quality);
            if quality == 0 {
                continue;
            }
            if let Some(locale) = Locale::from_tag(tag)
                && best.is_none_or(|(q, _)| quality > q)
            {
                best = Some((quality, locale));
            }
        }
    }
    best.map(|(_, locale)| locale)
}

/// A `q` value in thousandths (`0.8` → 800); malformed values count as 0.
fn parse_quality(text: &str) -> u16 {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let whole: u16 = match whole {
        "0" => 0,
        "1" => 1,
        _ => return 0,
    };
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return 0;
    }
    let padded = format!("{fraction:0<3}");
    let thousandths: u16 = padded.parse().unwrap_or(0);
    (whole * 1000 + thousandths).min(1000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header::COOKIE;

    fn headers(name: axum::http::HeaderName, value: &'static str) -> HeaderMap {
        let mut map = HeaderMap::new();
        map.insert(name, HeaderValue::from_static(value));
        map
    }

    #[test]
    fn query_parameter_is_found_among_others() {
        assert_eq!(query_lang("a=1&lang=en&b=2"), Some(Locale::En));
        assert_eq!(query_lang("lang=zh"), Some(Locale::Zh));
        assert_eq!(query_lang("lang=fr"), None);
        assert_eq!(query_lang("language=en"), None);
    }

    #[test]
    fn cookie_is_read_among_others() {
        assert_eq!(
            cookie_lang(&headers(COOKIE, "a=b; lang=en; c=d")),
            Some(Locale::En)
        );
        assert_eq!(cookie_lang(&headers(COOKIE, "xlang=en")), None);
    }

    #[test]
    fn accept_language_honours_quality() {
        let pick = |v: &'static str| accept_language(&headers(ACCEPT_LANGUAGE, v));
        assert_eq!(pick("en-US,en;q=0.9,zh-CN;q=0.8"), Some(Locale::En));
        assert_eq!(pick("fr-FR, en;q=0.5, zh;q=0.7"), Some(Locale::Zh));
        assert_eq!(pick("zh-CN,zh;q=0.9"), Some(Locale::Zh));
        assert_eq!(pick("en;q=0, zh;q=0.1"), Some(Locale::Zh));
        assert_eq!(pick("fr, de"), None);
        assert_eq!(pick("en;q=bogus"), None);
    }

    #[test]
    fn quality_parses_in_thousandths() {
        assert_eq!(parse_quality("1"), 1000);
        assert_eq!(parse_quality("0.8"), 800);
        assert_eq!(parse_quality("0.125"), 125);
        assert_eq!(parse_quality("1.0"), 1000);
        assert_eq!(parse_quality("0.1234"), 0);
        assert_eq!(parse_quality("2"), 0);
    }
}
