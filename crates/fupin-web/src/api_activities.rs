//! The activity JSON API of signed-in staff. Writes need the session's `X-CSRF-Token` header
//! (checked by the session middleware); every call goes through the same use cases as the pages,
//! so role, ownership, jurisdiction and the rules are checked alike.
//!
//! | route | what |
//! |---|---|
//! | `GET /api/v1/activities?page=` | current versions in the actor's jurisdiction |
//! | `POST /api/v1/activities` | create a draft from an [`ActivityJson`] → `{id, warnings}` |
//! | `GET /api/v1/activities/{id}` | one version: content, status, reviews, history, findings |
//! | `PUT /api/v1/activities/{id}` | replace a draft's content → `{id, warnings}` |
//! | `POST /api/v1/activities/{id}/submit\|accept\|return\|publish\|correct` | workflow; body `{comment, publish, note}` |
//!
//! Money is integer fen, shares basis points (10000 = 100%), dates `YYYY-MM-DD`, vocabularies their
//! stable codes.

use fupin_app::AppError;
use fupin_domain::activity_rules::{
    self as rules, ActivityContent, Beneficiaries, Finding, Indicator, Location, Partner,
    PartnerRole, Transaction,
};
use fupin_domain::{
    BeneficiaryCategory, Field, FundingSource, Method, Money, RegionCode, TransactionKind,
};
use serde::{Deserialize, Serialize};

use crate::format::parse_date;

/// An activity's content in the API.
#[derive(Debug, Serialize, Deserialize)]
pub struct ActivityJson {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// Primary field code.
    pub field: Field,
    /// Further field codes.
    #[serde(default)]
    pub more_fields: Vec<Field>,
    /// Method code.
    pub method: Method,
    /// Reporting year.
    pub year: i32,
    /// `YYYY-MM-DD` or null.
    #[serde(default)]
    pub planned_start: Option<String>,
    /// `YYYY-MM-DD` or null.
    #[serde(default)]
    pub planned_end: Option<String>,
    /// `YYYY-MM-DD` or null.
    #[serde(default)]
    pub actual_start: Option<String>,
    /// `YYYY-MM-DD` or null.
    #[serde(default)]
    pub actual_end: Option<String>,
    /// Goods valued, in fen.
    #[serde(default)]
    pub goods_value_fen: i64,
    /// Volunteer hours.
    #[serde(default)]
    pub volunteer_hours: i64,
    /// Locations.
    #[serde(default)]
    pub locations: Vec<LocationJson>,
    /// Transactions.
    #[serde(default)]
    pub transactions: Vec<TransactionJson>,
    /// Beneficiary counts.
    #[serde(default)]
    pub beneficiaries: Vec<BeneficiariesJson>,
    /// Indicators.
    #[serde(default)]
    pub indicators: Vec<IndicatorJson>,
    /// Partners.
    #[serde(default)]
    pub partners: Vec<PartnerJson>,
}

/// A location.
#[derive(Debug, Serialize, Deserialize)]
pub struct LocationJson {
    /// Region code.
    pub region_code: String,
    /// Share in basis points.
    pub share_bp: i32,
}

/// A transaction.
#[derive(Debug, Serialize, Deserialize)]
pub struct TransactionJson {
    /// Kind code.
    pub kind: TransactionKind,
    /// `YYYY-MM-DD`.
    pub occurred_on: String,
    /// Amount in fen.
    pub amount_fen: i64,
    /// Funding source code.
    pub funding_source: FundingSource,
    /// Online fundraising platform.
    #[serde(default)]
    pub platform: Option<String>,
    /// Filing number.
    #[serde(default)]
    pub filing_number: Option<String>,
    /// Contract number.
    #[serde(default)]
    pub contract_number: Option<String>,
    /// Provider.
    #[serde(default)]
    pub provider: Option<String>,
    /// Receiver.
    #[serde(default)]
    pub receiver: Option<String>,
    /// Registered organization that provided it.
    #[serde(default)]
    pub provider_org_id: Option<i64>,
}

/// Beneficiaries of a category.
#[derive(Debug, Serialize, Deserialize)]
pub struct BeneficiariesJson {
    /// Category code.
    pub category: BeneficiaryCategory,
    /// Households.
    pub households: i64,
    /// Persons.
    pub persons: i64,
}

/// An indicator.
#[derive(Debug, Serialize, Deserialize)]
pub struct IndicatorJson {
    /// Catalogue code or `custom`.
    pub code: String,
    /// Name (taken from the catalogue when empty).
    #[serde(default)]
    pub name: String,
    /// Unit (taken from the catalogue when empty).
    #[serde(default)]
    pub unit: String,
    /// Baseline.
    #[serde(default)]
    pub baseline: Option<f64>,
    /// Target.
    #[serde(default)]
    pub target: Option<f64>,
    /// Actual.
    #[serde(default)]
    pub actual: Option<f64>,
}

/// A partner.
#[derive(Debug, Serialize, Deserialize)]
pub struct PartnerJson {
    /// `cofunder` or `implementer`.
    pub role: String,
    /// Name.
    pub name: String,
    /// Linked organization id.
    #[serde(default)]
    pub organization_id: Option<i64>,
}

fn date(text: Option<&str>, what: &str) -> Result<Option<time::Date>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => parse_date(t)
            .map(Some)
            .ok_or_else(|| AppError::Invalid(format!("{what}“{t}”无效：请按 YYYY-MM-DD 填写"))),
    }
}

impl ActivityJson {
    /// The domain content; refuses malformed dates, codes and roles.
    pub fn into_content(self) -> Result<ActivityContent, AppError> {
        let mut c = ActivityContent::new(&self.title, self.field, self.method, self.year);
        c.description = self.description;
        c.more_fields = self.more_fields;
        c.planned_start = date(self.planned_start.as_deref(), "planned_start")?;
        c.planned_end = date(self.planned_end.as_deref(), "planned_end")?;
        c.actual_start = date(self.actual_start.as_deref(), "actual_start")?;
        c.actual_end = date(self.actual_end.as_deref(), "actual_end")?;
        c.goods_value = Money::from_fen(self.goods_value_fen);
        c.volunteer_hours = self.volunteer_hours;
        for l in self.locations {
            c.locations.push(Location {
                region: RegionCode::parse(&l.region_code)
                    .map_err(|err| AppError::Invalid(format!("地点代码无效：{err}")))?,
                share_bp: l.share_bp,
            });
        }
        for t in self.transactions {
            c.transactions.push(Transaction {
                kind: t.kind,
                occurred_on: date(Some(&t.occurred_on), "occurred_on")?
                    .ok_or_else(|| AppError::Invalid("请填写资金日期 occurred_on".to_owned()))?,
                amount: Money::from_fen(t.amount_fen),
                funding_source: t.funding_source,
                platform: t.platform,
                filing_number: t.filing_number,
                contract_number: t.contract_number,
                provider: t.provider,
                receiver: t.receiver,
                provider_org_id: t.provider_org_id,
            });
        }
        c.beneficiaries = self
            .beneficiaries
            .into_iter()
            .map(|b| Beneficiaries {
                category: b.category,
                households: b.households,
                persons: b.persons,
            })
            .collect();
        c.indicators = self
            .indicators
            .into_iter()
            .map(|i| {
                let spec = rules::indicator_spec(&i.code);
                Indicator {
                    name: spec
                        .filter(|_| i.name.is_empty())
                        .map_or(i.name, |s| s.name.to_owned()),
                    unit: spec
                        .filter(|_| i.unit.is_empty())
                        .map_or(i.unit, |s| s.unit.to_owned()),
                    code: i.code,
                    baseline: i.baseline,
                    target: i.target,
                    actual: i.actual,
                }
            })
            .collect();
        for p in self.partners {
            c.partners.push(Partner {
                role: PartnerRole::from_code(&p.role).ok_or_else(|| {
                    AppError::Invalid(format!(
                        "合作方角色“{}”无效：cofunder 或 implementer",
                        p.role
                    ))
                })?,
                name: p.name,
                organization_id: p.organization_id,
            });
        }
        Ok(c)
    }

    /// The API form of stored content.
    pub fn from_content(c: &ActivityContent) -> ActivityJson {
        let day = |d: Option<time::Date>| d.map(|d| d.to_string());
        ActivityJson {
            title: c.title.clone(),
            description: c.description.clone(),
            field: c.field,
            more_fields: c.more_fields.clone(),
            method: c.method,
            year: c.year,
            planned_start: day(c.planned_start),
            planned_end: day(c.planned_end),
            actual_start: day(c.actual_start),
            actual_end: day(c.actual_end),
            goods_value_fen: c.goods_value.fen(),
            volunteer_hours: c.volunteer_hours,
            locations: c
                .locations
                .iter()
                .map(|l| LocationJson {
                    region_code: l.region.as_str().to_owned(),
                    share_bp: l.share_bp,
                })
                .collect(),
            transactions: c
                .transactions
                .iter()
                .map(|t| TransactionJson {
                    kind: t.kind,
                    occurred_on: t.occurred_on.to_string(),
                    amount_fen: t.amount.fen(),
                    funding_source: t.funding_source,
                    platform: t.platform.clone(),
                    filing_number: t.filing_number.clone(),
                    contract_number: t.contract_number.clone(),
                    provider: t.provider.clone(),
                    receiver: t.receiver.clone(),
                    provider_org_id: t.provider_org_id,
                })
                .collect(),
            beneficiaries: c
                .beneficiaries
                .iter()
                .map(|b| BeneficiariesJson {
                    category: b.category,
                    households: b.households,
                    persons: b.persons,
                })
                .collect(),
            indicators: c
                .indicators
                .iter()
                .map(|i| IndicatorJson {
                    code: i.code.clone(),
                    name: i.name.clone(),
                    unit: i.unit.clone(),
                    baseline: i.baseline,
                    target: i.target,
                    actual: i.actual,
                })
                .collect(),
            partners: c
                .partners
                .iter()
                .map(|p| PartnerJson {
                    role: p.role.code().to_owned(),
                    name: p.name.clone(),
                    organization_id: p.organization_id,
                })
                .collect(),
        }
    }
}

/// A rule finding.
#[derive(Debug, Serialize)]
pub struct FindingJson {
    /// Rule code.
    pub rule: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What to fix.
    pub message: String,
}

fn findings(list: &[Finding]) -> Vec<FindingJson> {
    list.iter()
        .map(|f| FindingJson {
            rule: f.rule,
            severity: match f.severity {
                rules::Severity::Error => "error",
                rules::Severity::Warning => "warning",
            },
            message: f.message.clone(),
        })
        .collect()
}

/// The answer to a write: the version's id and the warnings.
#[derive(Debug, Serialize)]
pub struct SavedJson {
    /// Version id.
    pub id: i64,
    /// Status after the call.
    pub status: String,
    /// Warnings (errors refuse the call with 400).
    pub warnings: Vec<FindingJson>,
}

mod view;
pub use view::{ActivityDetailJson, act, create, list, replace, show};
