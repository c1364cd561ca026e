//! 扶贫项目 content and the rules it must meet before it is saved or submitted.
//!
//! [`ActivityContent`] is everything an organization reports about one activity (the four questions
//! of notice §三: where, whom, how much, effect). [`check`] runs the rules (modelled on IATI's
//! rulesets: dates in order, no future actuals, shares that add up, no negative money, expenditure
//! within commitment, funding details per source) and returns [`Finding`]s, each with a rule code
//! and a Chinese message that says what to fix. Errors refuse the save or the submission; warnings
//! are shown and let it through.
//!
//! ```
//! use fupin_domain::activity_rules::{parse_share_percent, format_share_percent};
//!
//! assert_eq!(parse_share_percent("60%")?, 6000);
//! assert_eq!(parse_share_percent("３３.３３")?, 3333);
//! assert_eq!(format_share_percent(3333), "33.33%");
//! # Ok::<(), String>(())
//! ```

mod catalogue;
mod rules;
#[cfg(test)]
mod tests;

pub use catalogue::{CUSTOM_INDICATOR, INDICATOR_CATALOGUE, IndicatorSpec, indicator_spec};
pub use rules::{
    Finding, Severity, Stage, amounts_not_negative, beneficiaries_consistent, check,
    dates_in_order, expenditure_within_commitment, funding_details, has_errors,
    indicators_complete, locations_present, no_future_actuals, shares_sum_to_whole, shares_valid,
};

use time::Date;

use crate::text::to_halfwidth;
use crate::{
    BeneficiaryCategory, Field, FundingSource, Method, Money, RegionCode, TransactionKind,
};

/// A whole share in basis points (100%).
pub const WHOLE_SHARE_BP: i32 = 10_000;

/// Everything an organization reports about one activity version.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityContent {
    /// Title.
    pub title: String,
    /// Description.
    pub description: String,
    /// Primary field (§二).
    pub field: Field,
    /// Further fields, without the primary one.
    pub more_fields: Vec<Field>,
    /// Method (§三).
    pub method: Method,
    /// Reporting year.
    pub year: i32,
    /// Planned start.
    pub planned_start: Option<Date>,
    /// Planned end.
    pub planned_end: Option<Date>,
    /// Actual start.
    pub actual_start: Option<Date>,
    /// Actual end.
    pub actual_end: Option<Date>,
    /// Goods given, valued in money.
    pub goods_value: Money,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Where, with shares.
    pub locations: Vec<Location>,
    /// How much: commitments, disbursements, expenditures.
    pub transactions: Vec<Transaction>,
    /// Whom: counts by category.
    pub beneficiaries: Vec<Beneficiaries>,
    /// Effect.
    pub indicators: Vec<Indicator>,
    /// Co-funders and implementers.
    pub partners: Vec<Partner>,
}

impl ActivityContent {
    /// A new activity with only its core fields.
    pub fn new(title: &str, field: Field, method: Method, year: i32) -> ActivityContent {
        ActivityContent {
            title: title.to_owned(),
            description: String::new(),
            field,
            more_fields: Vec::new(),
            method,
            year,
            planned_start: None,
            planned_end: None,
            actual_start: None,
            actual_end: None,
            goods_value: Money::ZERO,
            volunteer_hours: 0,
            locations: Vec::new(),
            transactions: Vec::new(),
            beneficiaries: Vec::new(),
            indicators: Vec::new(),
            partners: Vec::new(),
        }
    }

    /// The primary field followed by the further ones.
    pub fn fields(&self) -> Vec<Field> {
        let mut all = vec![self.field];
        all.extend(
            self.more_fields
                .iter()
                .copied()
                .filter(|f| *f != self.field),
        );
        all
    }
}

/// One place an activity took place, with its share of the activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// Region code, province down to village.
    pub region: RegionCode,
    /// Share in basis points (10000 = 100%).
    pub share_bp: i32,
}

/// One money movement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transaction {
    /// Pledge, commitment, disbursement or expenditure.
    pub kind: TransactionKind,
    /// Date.
    pub occurred_on: Date,
    /// Amount (negative amounts are refused by the rules, not by the type).
    pub amount: Money,
    /// Where the money comes from.
    pub funding_source: FundingSource,
    /// Online fundraising platform.
    pub platform: Option<String>,
    /// Filing number (online fundraising, charitable trust).
    pub filing_number: Option<String>,
    /// Contract number (government purchase of services).
    pub contract_number: Option<String>,
    /// Who provided the money.
    pub provider: Option<String>,
    /// Who received it.
    pub receiver: Option<String>,
    /// The registered organization that provided it, so it is counted once.
    pub provider_org_id: Option<i64>,
}

/// Persons helped in one category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Beneficiaries {
    /// Category.
    pub category: BeneficiaryCategory,
    /// Households.
    pub households: i64,
    /// Persons.
    pub persons: i64,
}

/// One effect indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Catalogue code ([`INDICATOR_CATALOGUE`]) or [`CUSTOM_INDICATOR`].
    pub code: String,
    /// Name.
    pub name: String,
    /// Unit of measure.
    pub unit: String,
    /// Baseline.
    pub baseline: Option<f64>,
    /// Target.
    pub target: Option<f64>,
    /// Actual.
    pub actual: Option<f64>,
}

/// What a partner does in an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartnerRole {
    /// 联合出资方: pays part of the activity.
    Cofunder,
    /// 执行方: carries it out.
    Implementer,
}

impl PartnerRole {
    /// Every role.
    pub const ALL: &[PartnerRole] = &[PartnerRole::Cofunder, PartnerRole::Implementer];

    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            PartnerRole::Cofunder => "cofunder",
            PartnerRole::Implementer => "implementer",
        }
    }

    /// Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            PartnerRole::Cofunder => "联合出资方",
            PartnerRole::Implementer => "执行方",
        }
    }

    /// The role with this code.
    pub fn from_code(code: &str) -> Option<PartnerRole> {
        Self::ALL.iter().copied().find(|r| r.code() == code)
    }
}

/// A co-funder or implementer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partner {
    /// Role.
    pub role: PartnerRole,
    /// Name as reported.
    pub name: String,
    /// The registered organization, when linked by credit code.
    pub organization_id: Option<i64>,
}

/// Parses a share typed as a percentage (`60`, `60%`, `33.33`, full-width digits) into basis
/// points; at most two decimals, between 0 and 100.
pub fn parse_share_percent(text: &str) -> Result<i32, String> {
    let normal: String = text.trim().chars().map(to_halfwidth).collect();
    let digits = normal.trim_end_matches('%').trim();
    let refuse = || {
        format!(
            "占比“{}”无效：请填写 0 到 100 之间的百分数，最多两位小数",
            text.trim()
        )
    };
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || whole.len() > 3
        || frac.len() > 2
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(refuse());
    }
    let whole: i32 = whole.parse().map_err(|_| refuse())?;
    let frac: i32 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| refuse())?
    };
    let bp = whole * 100 + frac;
    if bp > WHOLE_SHARE_BP {
        return Err(refuse());
    }
    Ok(bp)
}

/// Basis points as a percentage: `6000` → `60%`, `3333` → `33.33%`.
pub fn format_share_percent(bp: i32) -> String {
    let sign = if bp < 0 { "-" } else { "" };
    let abs = bp.unsigned_abs();
    match abs % 100 {
        0 => format!("{sign}{}%", abs / 100),
        rest if rest % 10 == 0 => format!("{sign}{}.{}%", abs / 100, rest / 10),
        rest => format!("{sign}{}.{rest:02}%", abs / 100),
    }
}
