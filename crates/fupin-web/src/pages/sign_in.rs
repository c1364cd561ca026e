//! Signing in, step by step: password, then the second factor (or enrolling one), then a password
//! change when the password is temporary or too old; and signing out.
//!
//! Each step is a plain form (no JavaScript). A wrong answer re-renders the step with the reason;
//! a visitor who asks for a step they are not at is sent to the one they are at.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use fupin_app::auth::{Stage, totp};
use fupin_app::{Actor, AppError, AuditEvent, Outcome};
use qrcode::QrCode;
use qrcode::render::svg;
use serde::Deserialize;

use super::staff::{StaffLayout, local_target, see_other, staff_page};
use super::{PageCtx, PageError};
use crate::WebState;
use crate::session::{CSRF_COOKIE, SESSION_COOKIE, Visitor, cookie, stage_path};

/// The step a sign-in page shows.
#[derive(Debug)]
enum Step {
    Password {
        username: String,
        next: String,
    },
    Code,
    Enrol {
        secret: String,
        grouped: String,
        uri: String,
        qr_svg: String,
    },
    ChangePassword {
        policy: String,
    },
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: StaffLayout,
    heading: &'static str,
    problem: Option<String>,
    step: Step,
}

fn show(visitor: &Visitor, status: StatusCode, step: Step, problem: Option<String>) -> Response {
    let heading = match step {
        Step::Password { .. } => "工作人员登录",
        Step::Code => "动态验证码",
        Step::Enrol { .. } => "绑定身份验证器",
        Step::ChangePassword { .. } => "修改密码",
    };
    let page = SignInPage {
        layout: StaffLayout::for_visitor(visitor, heading),
        heading,
        problem,
        step,
    };
    let mut response = staff_page(status, &page);
    // Only a visitor without a session gets a CSRF cookie, and only from a page with a form.
    if let Some(value) = visitor.csrf_cookie() {
        response
            .headers_mut()
            .append(axum::http::header::SET_COOKIE, value);
    }
    response
}

/// Where a visitor at another step than `expected` belongs, if they do not belong here.
fn elsewhere(visitor: &Visitor, expected: &[Stage]) -> Option<Response> {
    match visitor.session.as_ref().map(|s| s.stage) {
        Some(stage) if expected.contains(&stage) => None,
        Some(stage) => Some(see_other(stage_path(stage), &[])),
        None => Some(see_other("/sign-in", &[])),
    }
}

/// After a step: the next step's page, or the target once fully signed in.
fn continue_to(stage: Stage, next: Option<&str>) -> Response {
    match stage {
        Stage::Full => see_other(&local_target(next), &[]),
        other => see_other(stage_path(other), &[]),
    }
}

/// `?next=` of the sign-in page.
#[derive(Debug, Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

/// `GET /sign-in`.
pub async fn form(visitor: Visitor, Query(query): Query<NextQuery>) -> Response {
    if let Some(session) = &visitor.session {
        return continue_to(session.stage, query.next.as_deref());
    }
    let step = Step::Password {
        username: String::new(),
        next: local_target(query.next.as_deref()),
    };
    show(&visitor, StatusCode::OK, step, None)
}

/// The sign-in form.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    username: String,
    password: String,
    next: Option<String>,
}

/// `POST /sign-in`: checks the password and opens a session with a new id.
pub async fn submit(
    State(state): State<WebState>,
    ctx: PageCtx,
    visitor: Visitor,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageError> {
    let retry = |problem: String, status| {
        let step = Step::Password {
            username: form.username.clone(),
            next: local_target(form.next.as_deref()),
        };
        show(&visitor, status, step, Some(problem))
    };
    if !state.sign_in_limit.allow(&visitor.source) {
        let name: String = form.username.trim().chars().take(64).collect();
        let event = AuditEvent::new("auth.sign_in", "user", name)
            .outcome(Outcome::Denied)
            .detail("rate limited");
        let _ = state
            .app
            .audit(&Actor::public_at(&visitor.source), event)
            .await;
        let problem = "登录尝试过于频繁，请稍后再试。".to_owned();
        return Ok(retry(problem, StatusCode::TOO_MANY_REQUESTS));
    }
    let username = form.username.trim();
    let signed_in = state
        .app
        .sign_in(
            username,
            &form.password,
            &visitor.source,
            visitor.token.as_deref(),
        )
        .await;
    match signed_in {
        Ok(signed_in) => {
            let secure = state.secure_cookies;
            let cookies = [
                cookie(SESSION_COOKIE, &signed_in.token, secure, None),
                cookie(CSRF_COOKIE, "", secure, Some(0)),
            ];
            let target = match signed_in.stage {
                Stage::Full => local_target(form.next.as_deref()),
                other => stage_path(other).to_owned(),
            };
            Ok(see_other(&target, &cookies))
        }
        Err(AppError::Unauthenticated(problem)) => Ok(retry(problem, StatusCode::UNAUTHORIZED)),
        Err(err) => Err(ctx.error(err)),
    }
}

/// `GET /sign-in/code`.
pub async fn code_form(visitor: Visitor) -> Response {
    if let Some(away) = elsewhere(&visitor, &[Stage::SecondFactor]) {
        return away;
    }
    show(&visitor, StatusCode::OK, Step::Code, None)
}

/// The second-factor form.
#[derive(Debug, Deserialize)]
pub struct CodeForm {
    code: String,
}

/// `POST /sign-in/code`.
pub async fn code_submit(
    State(state): State<WebState>,
    ctx: PageCtx,
    visitor: Visitor,
    Form(form): Form<CodeForm>,
) -> Result<Response, PageError> {
    if let Some(away) = elsewhere(&visitor, &[Stage::SecondFactor]) {
        return Ok(away);
    }
    let token = visitor.token.clone().unwrap_or_default();
    let code: String = form.code.chars().filter(|c| !c.is_whitespace()).collect();
    match state
        .app
        .second_factor(&token, &visitor.source, &code)
        .await
    {
        Ok(stage) => Ok(continue_to(stage, None)),
        Err(AppError::Unauthenticated(problem) | AppError::Invalid(problem)) => Ok(show(
            &visitor,
            StatusCode::UNAUTHORIZED,
            Step::Code,
            Some(problem),
        )),
        Err(err) => Err(ctx.error(err)),
    }
}

fn enrol_step(visitor: &Visitor, secret: String) -> Step {
    let bytes = totp::from_base32(&secret).unwrap_or_default();
    let username = visitor
        .session
        .as_ref()
        .map(|s| s.username.clone())
        .unwrap_or_default();
    let uri = totp::provisioning_uri(&bytes, &username);
    let qr_svg = QrCode::new(uri.as_bytes())
        .map(|qr| qr.render::<svg::Color>().min_dimensions(192, 192).build())
        .unwrap_or_default();
    let grouped = secret
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Step::Enrol {
        secret,
        grouped,
        uri,
        qr_svg,
    }
}

/// `GET /sign-in/enrol`: a fresh secret to scan.
pub async fn enrol_form(visitor: Visitor) -> Response {
    if let Some(away) = elsewhere(&visitor, &[Stage::Enrol]) {
        return away;
    }
    let secret = totp::base32(&totp::generate_secret());
    let step = enrol_step(&visitor, secret);
    show(&visitor, StatusCode::OK, step, None)
}

/// The enrolment form: the secret shown and the first code.
#[derive(Debug, Deserialize)]
pub struct EnrolForm {
    secret: String,
    code: String,
}

/// `POST /sign-in/enrol`.
pub async fn enrol_submit(
    State(state): State<WebState>,
    ctx: PageCtx,
    visitor: Visitor,
    Form(form): Form<EnrolForm>,
) -> Result<Response, PageError> {
    if let Some(away) = elsewhere(&visitor, &[Stage::Enrol]) {
        return Ok(away);
    }
    let token = visitor.token.clone().unwrap_or_default();
    let code: String = form.code.chars().filter(|c| !c.is_whitespace()).collect();
    let enrolled = state
        .app
        .enrol_second_factor(&token, &visitor.source, &form.secret, &code)
        .await;
    match enrolled {
        Ok(stage) => Ok(continue_to(stage, None)),
        Err(AppError::Invalid(problem) | AppError::Unauthenticated(problem)) => {
            let step = enrol_step(&visitor, form.secret.clone());
            Ok(show(&visitor, StatusCode::BAD_REQUEST, step, Some(problem)))
        }
        Err(err) => Err(ctx.error(err)),
    }
}

fn password_step(state: &WebState) -> Step {
    let rules = &state.app.policy().passwords;
    let mut policy = format!(
        "至少 {} 个字符，包含大写字母、小写字母、数字、符号中的至少 {} 类",
        rules.min_length, rules.min_classes
    );
    if rules.history > 0 {
        policy.push_str(&format!("；不能与最近 {} 次用过的密码相同", rules.history));
    }
    Step::ChangePassword { policy }
}

/// `GET /account/password`: while a password change is due, or any time once signed in.
pub async fn password_form(State(state): State<WebState>, visitor: Visitor) -> Response {
    if let Some(away) = elsewhere(&visitor, &[Stage::ChangePassword, Stage::Full]) {
        return away;
    }
    show(&visitor, StatusCode::OK, password_step(&state), None)
}

/// The password change form.
#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current: String,
    new: String,
    confirm: String,
}

/// `POST /account/password`.
pub async fn password_submit(
    State(state): State<WebState>,
    ctx: PageCtx,
    visitor: Visitor,
    Form(form): Form<PasswordForm>,
) -> Result<Response, PageError> {
    if let Some(away) = elsewhere(&visitor, &[Stage::ChangePassword, Stage::Full]) {
        return Ok(away);
    }
    let retry = |problem: String| {
        show(
            &visitor,
            StatusCode::BAD_REQUEST,
            password_step(&state),
            Some(problem),
        )
    };
    if form.new != form.confirm {
        return Ok(retry("两次输入的新密码不一致".to_owned()));
    }
    let token = visitor.token.clone().unwrap_or_default();
    let changed = state
        .app
        .change_password(&token, &visitor.source, &form.current, &form.new)
        .await;
    match changed {
        Ok(Stage::Full) => Ok(see_other("/workspace?done=password", &[])),
        Ok(other) => Ok(continue_to(other, None)),
        Err(AppError::Invalid(problem) | AppError::Unauthenticated(problem)) => Ok(retry(problem)),
        Err(err) => Err(ctx.error(err)),
    }
}

/// `POST /sign-out`: ends the session and clears its cookie.
pub async fn sign_out(
    State(state): State<WebState>,
    ctx: PageCtx,
    visitor: Visitor,
) -> Result<Response, PageError> {
    if let (Some(token), Some(session)) = (&visitor.token, &visitor.session) {
        state
            .app
            .sign_out(token, &session.actor)
            .await
            .map_err(|err| ctx.error(err))?;
    }
    let cleared = cookie(SESSION_COOKIE, "", state.secure_cookies, Some(0));
    Ok(see_other("/", &[cleared]))
}
