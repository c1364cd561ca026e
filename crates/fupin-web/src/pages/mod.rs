//! Server-rendered pages: the shared layout, error pages and the page handlers.

pub mod activity;
pub mod activity_editor;
pub mod activity_forms;
pub mod activity_import;
pub mod activity_review;
pub mod activity_roster;
pub mod activity_view;
pub mod adjudication;
pub mod admin_accounts;
pub mod admin_units;
pub mod assistance_lists;
pub mod audit_log;
pub mod home;
pub mod organization;
pub mod pub_list;
pub mod pub_text;
pub mod region;
pub mod registry;
pub mod roster_verdicts;
pub mod search;
pub mod sign_in;
pub mod spot_checks;
pub mod staff;
pub mod workspace;
pub mod workspace_export;

use std::convert::Infallible;

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use fupin_app::AppError;

use crate::assets;
use crate::i18n::{Locale, Messages};

/// Which navigation entry a page belongs to (marked `aria-current`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The home page.
    Home,
    /// Public search.
    Search,
    /// A page outside the navigation (errors).
    None,
}

/// What every page's frame (`base.html`) needs.
#[derive(Debug)]
pub struct Layout {
    /// `<html lang>`.
    pub html_lang: &'static str,
    /// Strings of the page's locale.
    pub m: &'static Messages,
    /// `<title>`.
    pub title: String,
    /// Stylesheet URL (content-hashed).
    pub css: String,
    /// Favicon URL (content-hashed).
    pub favicon: String,
    /// The same page in the other language.
    pub switch_href: String,
    /// `lang` of the other language, for the switch link.
    pub switch_lang: &'static str,
    /// Whether the home entry is the current page.
    pub home_current: bool,
    /// Whether the search entry is the current page.
    pub search_current: bool,
}

/// The request facts a page needs: its locale and its own path (for the language switch).
#[derive(Debug, Clone)]
pub struct PageCtx {
    /// Chosen locale.
    pub locale: Locale,
    /// The request path, safe to use as a relative link.
    pub path: String,
    /// The query string without its `lang` parameter (kept by the language switch, so a search
    /// or a filtered list stays as it was in the other language).
    pub query_without_lang: String,
}

impl PageCtx {
    /// The layout of a page titled `title` (the site name is appended).
    pub fn layout(&self, title: Option<&str>, section: Section) -> Layout {
        let m = self.locale.messages();
        let other = self.locale.other();
        Layout {
            html_lang: self.locale.html_lang(),
            m,
            title: match title {
                Some(t) => format!("{t} - {}", m.site_name),
                None => m.site_name.to_owned(),
            },
            css: assets::STYLE.url(),
            favicon: assets::FAVICON.url(),
            switch_href: if self.query_without_lang.is_empty() {
                format!("{}?lang={}", self.path, other.code())
            } else {
                format!(
                    "{}?{}&lang={}",
                    self.path,
                    self.query_without_lang,
                    other.code()
                )
            },
            switch_lang: other.html_lang(),
            home_current: section == Section::Home,
            search_current: section == Section::Search,
        }
    }

    /// Wraps a use-case failure for rendering as an error page.
    pub fn error(&self, error: AppError) -> PageError {
        PageError {
            ctx: self.clone(),
            error,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageCtx {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let locale = Locale::from_request_parts(parts, state).await?;
        Ok(PageCtx {
            locale,
            path: safe_path(parts.uri.path()),
            query_without_lang: query_without_lang(parts.uri.query().unwrap_or("")),
        })
    }
}

/// `path` if it is a plain absolute path; `/` for anything a browser could read as another host
/// (`//host`, `/\host`).
fn safe_path(path: &str) -> String {
    let mut chars = path.chars();
    match (chars.next(), chars.next()) {
        (Some('/'), Some('/' | '\\')) => "/".to_owned(),
        (Some('/'), _) => path.to_owned(),
        _ => "/".to_owned(),
    }
}

/// `query` minus its `lang=` pairs, otherwise as the client sent it (still percent-encoded).
fn query_without_lang(query: &str) -> String {
    query
        .split('&')
        .filter(|pair| !pair.is_empty() && *pair != "lang" && !pair.starts_with("lang="))
        .collect::<Vec<_>>()
        .join("&")
}

/// A use-case failure on a page, shown as a localized error page.
#[derive(Debug)]
pub struct PageError {
    ctx: PageCtx,
    error: AppError,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let m = self.ctx.locale.messages();
        let (status, heading, message) = match &self.error {
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                m.forbidden_title,
                m.forbidden_text.to_owned(),
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                m.not_found_title,
                m.not_found_text.to_owned(),
            ),
            AppError::Invalid(message) => {
                (StatusCode::BAD_REQUEST, m.invalid_title, message.clone())
            }
            AppError::Unauthenticated(message) => {
                (StatusCode::UNAUTHORIZED, m.forbidden_title, message.clone())
            }
            AppError::Store(err) => {
                tracing::error!(error = %err, "storage failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    m.server_error_title,
                    m.server_error_text.to_owned(),
                )
            }
        };
        error_page(&self.ctx, status, heading, message)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    message: String,
}

fn error_page(
    ctx: &PageCtx,
    status: StatusCode,
    heading: &'static str,
    message: String,
) -> Response {
    let page = ErrorPage {
        layout: ctx.layout(Some(heading), Section::None),
        heading,
        message,
    };
    let mut response = render(status, &page);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The 404 page for `path` in `locale`.
pub fn not_found_response(locale: Locale, path: &str) -> Response {
    let ctx = PageCtx {
        locale,
        path: safe_path(path),
        query_without_lang: String::new(),
    };
    let m = locale.messages();
    error_page(
        &ctx,
        StatusCode::NOT_FOUND,
        m.not_found_title,
        m.not_found_text.to_owned(),
    )
}

/// Fallback for every unknown path: the 404 page (JSON under `/api/`).
pub async fn fallback(ctx: PageCtx) -> Response {
    if ctx.path.starts_with("/api/") {
        return crate::api::ApiError(AppError::NotFound).into_response();
    }
    not_found_response(ctx.locale, &ctx.path)
}

/// Renders a template with `status`; a rendering failure is logged and becomes a bare 500.
pub fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template rendering failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(CONTENT_TYPE, "text/plain; charset=utf-8")],
                "服务暂时不可用，请稍后再试。",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use http_body_util::BodyExt;

    use super::*;

    async fn shown(error: AppError) -> (StatusCode, String) {
        let ctx = PageCtx {
            locale: Locale::Zh,
            path: "/".to_owned(),
            query_without_lang: String::new(),
        };
        let response = ctx.error(error).into_response();
        let status = response.status();
        let bytes = response
            .into_body()
            .collect()
            .await
            .map(|b| b.to_bytes())
            .unwrap_or_default();
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    #[tokio::test]
    async fn app_errors_become_localized_pages_with_their_status() {
        let (status, body) = shown(AppError::Forbidden).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("无权访问"));
        let (status, body) = shown(AppError::NotFound).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(body.contains("页面不存在"));
        let (status, body) = shown(AppError::Invalid("年度应为 2016–2020 <b>".to_owned())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(
            body.contains("年度应为 2016–2020 &#60;b&#62;"),
            "the message is shown, escaped"
        );
        let internal = fupin_store::StoreError::Corrupt("secret internal detail".to_owned());
        let (status, body) = shown(AppError::Store(internal)).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("服务暂时不可用"));
        assert!(!body.contains("secret"), "internals must not be shown");
    }

    #[test]
    fn paths_that_leave_the_site_are_replaced() {
        assert_eq!(safe_path("/a/b"), "/a/b");
        assert_eq!(safe_path("//evil.example"), "/");
        assert_eq!(safe_path("/\\evil.example"), "/");
        assert_eq!(safe_path(""), "/");
    }

    #[test]
    fn the_switch_points_to_the_other_language() {
        let ctx = PageCtx {
            locale: Locale::Zh,
            path: "/".to_owned(),
            query_without_lang: String::new(),
        };
        let layout = ctx.layout(None, Section::Home);
        assert_eq!(layout.switch_href, "/?lang=en");
        assert_eq!(layout.switch_lang, "en");
        assert_eq!(layout.html_lang, "zh-CN");
        assert!(layout.css.starts_with("/assets/style."));
    }

    #[test]
    fn the_switch_keeps_a_search_but_not_the_old_language() {
        let query = query_without_lang("q=%E6%95%99%E8%82%B2&lang=zh&page=2&lang");
        assert_eq!(query, "q=%E6%95%99%E8%82%B2&page=2");
        let ctx = PageCtx {
            locale: Locale::Zh,
            path: "/search".to_owned(),
            query_without_lang: query,
        };
        let layout = ctx.layout(None, Section::Search);
        assert_eq!(
            layout.switch_href,
            "/search?q=%E6%95%99%E8%82%B2&page=2&lang=en"
        );
        assert!(layout.search_current && !layout.home_current);
        assert_eq!(query_without_lang("language=x&lang=en"), "language=x");
    }
}
