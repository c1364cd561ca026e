//! The open JSON API (`/api/v1/…`) and the health check.
//!
//! Money is given as integer fen plus the exact formatted amount, never as a float. Labels come
//! in both languages so that the JSON does not depend on the request's locale.

use axum::Json;
use axum::extract::State;
use axum::http::header::{ACCEPT, CACHE_CONTROL};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use fupin_app::AppError;
use fupin_app::public::HomeFigures;
use fupin_domain::Money;
use serde::Serialize;

use crate::WebState;
use crate::format::money_exact;
use crate::pages::home::POOR_COUNTIES_TOTAL;

/// An amount of money in the API.
#[derive(Debug, Serialize)]
pub struct MoneyJson {
    /// Integer fen.
    pub fen: i64,
    /// Exact formatted amount, e.g. `¥1,234.56`.
    pub formatted: String,
}

impl From<Money> for MoneyJson {
    fn from(money: Money) -> Self {
        MoneyJson {
            fen: money.fen(),
            formatted: money_exact(money),
        }
    }
}

/// `GET /api/v1/figures`: the national headline figures.
#[derive(Debug, Serialize)]
pub struct FiguresJson {
    /// Organizations with published activities.
    pub organizations: i64,
    /// Published activities.
    pub activities: i64,
    /// Money committed.
    pub committed: MoneyJson,
    /// Money spent.
    pub spent: MoneyJson,
    /// Goods donated, valued.
    pub goods: MoneyJson,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Beneficiaries summed over activities (person-times).
    pub beneficiary_persons: i64,
    /// Counties reached.
    pub counties: i64,
    /// National poor counties reached.
    pub poor_counties_reached: i64,
    /// National poor counties in all (832).
    pub poor_counties_total: i64,
    /// By field, largest commitment first.
    pub by_field: Vec<FieldJson>,
    /// By year.
    pub by_year: Vec<YearJson>,
}

/// One field's figures.
#[derive(Debug, Serialize)]
pub struct FieldJson {
    /// Stable field code.
    pub code: &'static str,
    /// Chinese label.
    pub label_zh: &'static str,
    /// English label.
    pub label_en: &'static str,
    /// Published activities.
    pub activities: i64,
    /// Money committed.
    pub committed: MoneyJson,
}

/// One year's figures.
#[derive(Debug, Serialize)]
pub struct YearJson {
    /// Year.
    pub year: i32,
    /// Published activities.
    pub activities: i64,
    /// Money committed.
    pub committed: MoneyJson,
}

impl From<HomeFigures> for FiguresJson {
    fn from(f: HomeFigures) -> Self {
        FiguresJson {
            organizations: f.organizations,
            activities: f.activities,
            committed: f.committed.into(),
            spent: f.spent.into(),
            goods: f.goods.into(),
            volunteer_hours: f.volunteer_hours,
            beneficiary_persons: f.beneficiary_persons,
            counties: f.counties,
            poor_counties_reached: f.poor_counties_reached,
            poor_counties_total: POOR_COUNTIES_TOTAL,
            by_field: f
                .by_field
                .into_iter()
                .map(|r| FieldJson {
                    code: r.field.code(),
                    label_zh: r.field.label_zh(),
                    label_en: r.field.label_en(),
                    activities: r.activities,
                    committed: r.committed.into(),
                })
                .collect(),
            by_year: f
                .by_year
                .into_iter()
                .map(|r| YearJson {
                    year: r.year,
                    activities: r.activities,
                    committed: r.committed.into(),
                })
                .collect(),
        }
    }
}

/// `GET /api/v1/figures`.
pub async fn figures(State(state): State<WebState>) -> Result<Response, ApiError> {
    let figures = state.home.figures(&state.app).await?;
    let mut response = Json(FiguresJson::from(figures)).into_response();
    response.headers_mut().insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=60"),
    );
    Ok(response)
}

/// `GET /healthz`: `ok`, or `{"status":"ok"}` when the client accepts JSON.
pub async fn healthz(headers: HeaderMap) -> Response {
    let wants_json = headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains("application/json"));
    let mut response = if wants_json {
        Json(serde_json::json!({ "status": "ok" })).into_response()
    } else {
        "ok".into_response()
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A use-case failure in the API: `{"error": code, "message": text}` with the matching status.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(err: AppError) -> Self {
        ApiError(err)
    }
}

#[derive(Serialize)]
struct ErrorBody {
    error: &'static str,
    message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error, message) = match self.0 {
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "无权访问".to_owned()),
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found", "记录不存在".to_owned()),
            AppError::Invalid(message) => (StatusCode::BAD_REQUEST, "invalid", message),
            AppError::Unauthenticated(message) => {
                (StatusCode::UNAUTHORIZED, "unauthenticated", message)
            }
            AppError::Store(err) => {
                tracing::error!(error = %err, "storage failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "服务暂时不可用，请稍后再试".to_owned(),
                )
            }
        };
        let mut response = (status, Json(ErrorBody { error, message })).into_response();
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}
