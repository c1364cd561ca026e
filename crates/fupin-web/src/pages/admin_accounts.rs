//! Account administration (三权分立): the system administrator creates accounts (one by one or
//! from a CSV file), resets passwords, unlocks, enables and disables; the security administrator
//! grants and revokes roles. The use cases enforce who may do what; these pages only show the
//! forms a role can use.

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::auth::accounts::{AccountView, IssuedPassword, NewAccount, Post};
use fupin_app::import_report::{ImportError, ImportReport};
use fupin_app::{AppError, Page};
use fupin_domain::Role;
use serde::Deserialize;

use super::staff::{ListQuery, Pager, StaffLayout, notice_for, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::Staff;

/// The largest accounts CSV accepted.
const CSV_LIMIT: usize = 2 << 20;

#[derive(Template)]
#[template(path = "admin_accounts.html")]
struct AccountsPage {
    layout: StaffLayout,
    q: String,
    items: Vec<AccountView>,
    pager: Pager,
    may_create: bool,
    problem: Option<String>,
    report: Option<ImportReport>,
}

fn roles_text(roles: &[Role]) -> String {
    let labels: Vec<_> = roles.iter().map(|r| r.label_zh()).collect();
    if labels.is_empty() {
        "无".to_owned()
    } else {
        labels.join("、")
    }
}

fn post_text(post: &Post) -> String {
    match post {
        Post::Organization(id) => format!("社会组织 #{id}"),
        Post::Unit(id) => format!("政府部门 #{id}"),
        Post::Platform => "平台".to_owned(),
    }
}

async fn accounts_page(
    state: &WebState,
    staff: &Staff,
    query: &ListQuery,
) -> Result<AccountsPage, AppError> {
    let page: Page<AccountView> = state
        .app
        .accounts(&staff.actor, &query.q, query.page.unwrap_or(1))
        .await?;
    let base = format!(
        "/admin/accounts?{}&",
        form_urlencoded::Serializer::new(String::new())
            .append_pair("q", &query.q)
            .finish()
    );
    Ok(AccountsPage {
        layout: StaffLayout::for_staff(staff, "账户管理", "/admin/accounts")
            .with_notice(notice_for(query.done.as_deref())),
        q: query.q.clone(),
        pager: Pager::new(&page, &base),
        items: page.items,
        may_create: staff.actor.has_role(Role::SystemAdmin),
        problem: None,
        report: None,
    })
}

/// `GET /admin/accounts?q=&page=`.
pub async fn list(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let page = accounts_page(&state, &staff, &query)
        .await
        .map_err(|e| ctx.error(e))?;
    Ok(staff_page(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "admin_issued.html")]
struct IssuedPage {
    layout: StaffLayout,
    heading: &'static str,
    issued: Vec<IssuedPassword>,
}

fn issued(staff: &Staff, heading: &'static str, issued: Vec<IssuedPassword>) -> Response {
    let page = IssuedPage {
        layout: StaffLayout::for_staff(staff, heading, "/admin/accounts"),
        heading,
        issued,
    };
    staff_page(StatusCode::OK, &page)
}

/// The new-account form.
#[derive(Debug, Deserialize)]
pub struct NewAccountForm {
    username: String,
    display_name: String,
    unit: String,
}

/// `POST /admin/accounts`: creates one account; its temporary password is shown once.
pub async fn create(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Form(form): Form<NewAccountForm>,
) -> Result<Response, PageError> {
    let refuse = |problem: String| async {
        let mut page = accounts_page(&state, &staff, &ListQuery::default())
            .await
            .map_err(|e| ctx.error(e))?;
        page.problem = Some(problem);
        Ok(staff_page(StatusCode::BAD_REQUEST, &page))
    };
    let unit = form.unit.trim();
    let post = match state.app.post_named(unit).await {
        Ok(Some(post)) => post,
        Ok(None) => {
            return refuse(format!(
                "找不到单位“{unit}”：请填写社会组织的统一社会信用代码、政府部门的全称或“平台”"
            ))
            .await;
        }
        Err(err) => return Err(ctx.error(err)),
    };
    let account = NewAccount {
        username: form.username.trim().to_owned(),
        display_name: form.display_name.trim().to_owned(),
        post,
    };
    match state.app.create_account(&staff.actor, &account).await {
        Ok(password) => Ok(issued(&staff, "账户已创建", vec![password])),
        Err(AppError::Invalid(problem)) => refuse(problem).await,
        Err(err) => Err(ctx.error(err)),
    }
}

/// `POST /admin/accounts/import?csrf=…` (multipart, field `file`): creates every account of a
/// CSV file, or none.
pub async fn import(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let mut upload = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("accounts.csv").to_owned();
            let bytes = field.bytes().await.map_err(|_| {
                ctx.error(AppError::Invalid(
                    "文件上传未完成，请重新选择文件".to_owned(),
                ))
            })?;
            upload = Some((name, bytes));
        }
    }
    let Some((name, bytes)) = upload else {
        return Err(ctx.error(AppError::Invalid("请选择要导入的 CSV 文件".to_owned())));
    };
    if bytes.len() > CSV_LIMIT {
        return Err(ctx.error(AppError::Invalid("文件过大：每次最多导入 2 MB".to_owned())));
    }
    let imported = state
        .app
        .import_accounts_csv(&staff.actor, &name, std::io::Cursor::new(bytes))
        .await;
    match imported {
        Ok(passwords) => Ok(issued(&staff, "批量创建的账户", passwords)),
        Err(ImportError::Rejected(report)) => {
            let mut page = accounts_page(&state, &staff, &ListQuery::default())
                .await
                .map_err(|e| ctx.error(e))?;
            page.problem = Some(format!(
                "文件 {} 未导入：发现 {} 处问题，没有创建任何账户。",
                report.file, report.total
            ));
            page.report = Some(report);
            Ok(staff_page(StatusCode::BAD_REQUEST, &page))
        }
        Err(ImportError::App(err)) => Err(ctx.error(err)),
    }
}

#[derive(Template)]
#[template(path = "admin_account.html")]
struct AccountPage {
    layout: StaffLayout,
    account: AccountView,
    post: String,
    roles: String,
    locked_until: Option<String>,
    may_manage: bool,
    may_grant: bool,
    all_roles: Vec<(&'static str, &'static str, bool)>,
}

/// `GET /admin/accounts/{id}`.
pub async fn show(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let account = state
        .app
        .account(&staff.actor, id)
        .await
        .map_err(|e| ctx.error(e))?;
    let now = state.app.now();
    let page = AccountPage {
        layout: StaffLayout::for_staff(&staff, &account.username, "/admin/accounts")
            .with_notice(notice_for(query.done.as_deref())),
        post: post_text(&account.post),
        roles: roles_text(&account.roles),
        locked_until: account
            .locked_until
            .filter(|until| *until > now)
            .map(crate::format::beijing_time),
        may_manage: staff.actor.has_role(Role::SystemAdmin),
        may_grant: staff.actor.has_role(Role::SecurityAdmin),
        all_roles: Role::ALL
            .iter()
            .map(|r| (r.code(), r.label_zh(), account.roles.contains(r)))
            .collect(),
        account,
    };
    Ok(staff_page(StatusCode::OK, &page))
}

/// What the account page's action buttons send.
#[derive(Debug, Deserialize)]
pub struct ActionForm {
    action: String,
    role: Option<String>,
}

/// `POST /admin/accounts/{id}`: reset, unlock, enable, disable, grant or revoke a role.
pub async fn act(
    State(state): State<WebState>,
    ctx: PageCtx,
    staff: Staff,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Result<Response, PageError> {
    let app = &state.app;
    let actor = &staff.actor;
    let role = || {
        form.role
            .as_deref()
            .and_then(Role::from_code)
            .ok_or_else(|| AppError::Invalid("请选择角色".to_owned()))
    };
    let done = match form.action.as_str() {
        "reset" => {
            let password = app
                .reset_password(actor, id)
                .await
                .map_err(|e| ctx.error(e))?;
            return Ok(issued(&staff, "密码已重置", vec![password]));
        }
        "unlock" => app.unlock(actor, id).await.map(|()| "unlocked"),
        "enable" => app
            .set_account_active(actor, id, true)
            .await
            .map(|()| "enabled"),
        "disable" => app
            .set_account_active(actor, id, false)
            .await
            .map(|()| "disabled"),
        "grant" => match role() {
            Ok(role) => app.set_role(actor, id, role, true).await.map(|()| "role"),
            Err(err) => Err(err),
        },
        "revoke" => match role() {
            Ok(role) => app.set_role(actor, id, role, false).await.map(|()| "role"),
            Err(err) => Err(err),
        },
        _ => Err(AppError::Invalid("未知操作".to_owned())),
    }
    .map_err(|e| ctx.error(e))?;
    Ok(see_other(&format!("/admin/accounts/{id}?done={done}"), &[]))
}
