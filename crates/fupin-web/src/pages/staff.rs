//! The frame of the staff pages (workspace, administration, audit log, sign-in steps): a
//! navigation built from the user's roles, the sign-out form, and responses that no cache keeps.
//!
//! Staff pages are in Chinese only: their users are officials and organization staff in China.

use askama::Template;
use axum::http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fupin_app::{Actor, Page};
use fupin_domain::{Role, Taxonomy};
use serde::Deserialize;

use crate::assets;
use crate::session::{Staff, Visitor};

/// One entry of the staff navigation.
#[derive(Debug, Clone)]
pub struct NavLink {
    /// Target.
    pub href: &'static str,
    /// Label.
    pub label: &'static str,
    /// Whether it is the current section.
    pub current: bool,
}

/// What every staff page's frame (`staff_base.html`) needs.
#[derive(Debug, Clone)]
pub struct StaffLayout {
    /// `<title>`.
    pub title: String,
    /// Stylesheet URL.
    pub css: String,
    /// Favicon URL.
    pub favicon: String,
    /// Navigation for the user's roles.
    pub nav: Vec<NavLink>,
    /// Signed-in user's name, when fully signed in.
    pub user: Option<String>,
    /// The CSRF token every form carries.
    pub csrf: String,
    /// A confirmation to show at the top (after a redirect).
    pub notice: Option<String>,
}

impl StaffLayout {
    /// The frame of a page for a signed-in user; `section` is the `href` of the current nav entry.
    pub fn for_staff(staff: &Staff, title: &str, section: &str) -> StaffLayout {
        let nav = nav_for(&staff.actor)
            .into_iter()
            .map(|(href, label)| NavLink {
                href,
                label,
                current: href == section,
            })
            .collect();
        StaffLayout {
            nav,
            user: Some(staff.actor.name.clone()),
            ..StaffLayout::for_visitor(&staff.visitor, title)
        }
    }

    /// The frame of a sign-in step, for a visitor who is not (yet) fully signed in.
    pub fn for_visitor(visitor: &Visitor, title: &str) -> StaffLayout {
        StaffLayout {
            title: format!("{title} - 社会组织参与脱贫攻坚信息服务平台"),
            css: assets::STYLE.url(),
            favicon: assets::FAVICON.url(),
            nav: vec![NavLink {
                href: "/",
                label: "公开首页",
                current: false,
            }],
            user: None,
            csrf: visitor.csrf_token.clone(),
            notice: None,
        }
    }

    /// Shows `notice` at the top of the page.
    pub fn with_notice(mut self, notice: Option<String>) -> StaffLayout {
        self.notice = notice;
        self
    }
}

/// The sections a user's roles open, in navigation order.
pub fn nav_for(actor: &Actor) -> Vec<(&'static str, &'static str)> {
    let mut nav = vec![("/workspace", "工作台")];
    if actor.scope() != fupin_store::Scope::Nothing {
        nav.push(("/workspace/organizations", "社会组织"));
        nav.push(("/workspace/activities", "扶贫项目"));
    }
    if fupin_app::activity_editor::reviewing_unit(actor).is_some() {
        nav.push(("/workspace/reviews", "审核队列"));
    }
    if actor.registry_scope() != fupin_store::Scope::Nothing {
        nav.push(("/workspace/registry", "建档立卡查询"));
        nav.push(("/workspace/adjudication", "名单核定"));
    }
    if fupin_app::list_import::list_import_region(actor).is_some() {
        nav.push(("/workspace/lists", "救助名单"));
    }
    if fupin_app::spot_checks::may_spot_check(actor) {
        nav.push(("/workspace/spot-checks", "抽查"));
    }
    if actor.has_role(Role::SystemAdmin) || actor.has_role(Role::SecurityAdmin) {
        nav.push(("/admin/accounts", "账户管理"));
        nav.push(("/admin/units", "政府部门"));
    }
    if actor.has_role(Role::Auditor) {
        nav.push(("/audit", "审计日志"));
    }
    nav.push(("/account/password", "修改密码"));
    nav
}

/// A staff page: rendered with `status`, never cached.
pub fn staff_page(status: StatusCode, template: &impl Template) -> Response {
    let mut response = super::render(status, template);
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `303 See Other` to `location` (after a form), with extra `Set-Cookie` headers.
pub fn see_other(location: &str, cookies: &[HeaderValue]) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(location) {
        headers.insert(LOCATION, value);
    }
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    for cookie in cookies {
        headers.append(SET_COOKIE, cookie.clone());
    }
    response
}

/// The confirmation shown for a `?done=` code after a redirect.
pub fn notice_for(done: Option<&str>) -> Option<String> {
    let text = match done? {
        "signed-in" => "已登录。",
        "password" => "密码已修改。",
        "created" => "已创建。",
        "unlocked" => "账户已解锁。",
        "enabled" => "账户已启用。",
        "disabled" => "账户已停用，其所有会话已结束。",
        "role" => "角色已更新，该用户的会话已结束，重新登录后生效。",
        "credit" => "信用状态已更新。",
        _ => return None,
    };
    Some(text.to_owned())
}

/// `next` if it is a path on this site, else the workspace.
pub fn local_target(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.contains(['\r', '\n']) =>
        {
            path.to_owned()
        }
        _ => "/workspace".to_owned(),
    }
}

/// `?q=&page=&done=` of list pages.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// Search text.
    #[serde(default)]
    pub q: String,
    /// Page number (1-based).
    pub page: Option<i64>,
    /// What was just done (see [`notice_for`]).
    pub done: Option<String>,
}

/// Previous/next links of a list.
#[derive(Debug)]
pub struct Pager {
    /// Current page (1-based).
    pub page: i64,
    /// Pages in all.
    pub pages: i64,
    /// Items in all.
    pub total: i64,
    /// Link to the previous page.
    pub prev: Option<String>,
    /// Link to the next page.
    pub next: Option<String>,
}

impl Pager {
    /// Links for `page` of `base` (a path with its query so far, ending in `?` or `&`).
    pub fn new<T>(page: &Page<T>, base: &str) -> Pager {
        let pages = page.pages();
        Pager {
            page: page.page,
            pages,
            total: page.total,
            prev: (page.page > 1).then(|| format!("{base}page={}", page.page - 1)),
            next: (page.page < pages).then(|| format!("{base}page={}", page.page + 1)),
        }
    }
}

/// A vocabulary code's Chinese label (the code itself when unknown).
pub fn label<T: Taxonomy>(code: &str) -> String {
    T::from_code(code).map_or_else(|| code.to_owned(), |v| v.label_zh().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(local_target(Some("/admin/accounts")), "/admin/accounts");
        assert_eq!(local_target(Some("//evil.example")), "/workspace");
        assert_eq!(local_target(Some("/\\evil.example")), "/workspace");
        assert_eq!(local_target(Some("https://evil.example")), "/workspace");
        assert_eq!(local_target(None), "/workspace");
    }
}
