//! The rules themselves. Each is a pure function returning findings with a stable rule code (for
//! tests and the API) and a Chinese message that says what to fix.

use std::collections::BTreeSet;

use time::Date;

use super::{
    ActivityContent, Beneficiaries, CUSTOM_INDICATOR, Indicator, Location, Transaction,
    WHOLE_SHARE_BP, format_share_percent, indicator_spec,
};
use crate::{FundingSource, Money, TransactionKind};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Refuses the save or the submission.
    Error,
    /// Shown, but lets it through (e.g. expenditure above commitment).
    Warning,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable rule code, e.g. `locations.share_sum`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What to fix, in Chinese.
    pub message: String,
}

impl Finding {
    fn error(rule: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: Severity::Error,
            message: message.into(),
        }
    }

    fn warning(rule: &'static str, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: Severity::Warning,
            message: message.into(),
        }
    }
}

/// When the rules run: every save of a draft, or the submission for review (which adds the rules
/// of a complete report: at least one location and one field, shares summing to 100%).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Saving a draft.
    Save,
    /// Submitting for review.
    Submit,
}

/// Whether any finding is an error.
pub fn has_errors(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Error)
}

/// Every rule for `stage`; `today` is the date actual dates may not pass.
pub fn check(content: &ActivityContent, today: Date, stage: Stage) -> Vec<Finding> {
    let mut out = Vec::new();
    let title = content.title.trim();
    if title.is_empty() {
        out.push(Finding::error("title.required", "请填写项目名称"));
    } else if title.chars().count() > 200 {
        out.push(Finding::error("title.length", "项目名称不能超过 200 个字"));
    }
    if !(2000..=2100).contains(&content.year) {
        out.push(Finding::error(
            "year.range",
            format!("年度“{}”无效：请填写 2000 到 2100 之间的年份", content.year),
        ));
    }
    if content.goods_value.is_negative() {
        out.push(Finding::error("goods.negative", "物资折价不能为负数"));
    }
    if content.volunteer_hours < 0 {
        out.push(Finding::error(
            "volunteer.negative",
            "志愿服务时长不能为负数",
        ));
    }
    out.extend(dates_in_order(content));
    out.extend(no_future_actuals(content, today));
    out.extend(shares_valid(&content.locations));
    out.extend(amounts_not_negative(&content.transactions));
    out.extend(transaction_dates(&content.transactions, today));
    out.extend(funding_details(&content.transactions));
    out.extend(expenditure_within_commitment(&content.transactions));
    out.extend(beneficiaries_consistent(&content.beneficiaries));
    out.extend(indicators_complete(&content.indicators));
    out.extend(partners_named(content));
    if stage == Stage::Submit {
        out.extend(locations_present(content));
        if !content.locations.is_empty() {
            out.extend(shares_sum_to_whole(&content.locations));
        }
    }
    out
}

/// Planned and actual starts not after their ends.
pub fn dates_in_order(content: &ActivityContent) -> Vec<Finding> {
    let mut out = Vec::new();
    if let (Some(start), Some(end)) = (content.planned_start, content.planned_end)
        && start > end
    {
        out.push(Finding::error(
            "dates.planned_order",
            format!("计划开始日期（{start}）晚于计划结束日期（{end}）：请调整其中一个"),
        ));
    }
    if let (Some(start), Some(end)) = (content.actual_start, content.actual_end)
        && start > end
    {
        out.push(Finding::error(
            "dates.actual_order",
            format!("实际开始日期（{start}）晚于实际结束日期（{end}）：请调整其中一个"),
        ));
    }
    out
}

/// Actual dates are facts: none after `today`.
pub fn no_future_actuals(content: &ActivityContent, today: Date) -> Vec<Finding> {
    [
        ("实际开始日期", content.actual_start),
        ("实际结束日期", content.actual_end),
    ]
    .into_iter()
    .filter_map(|(what, date)| {
        date.filter(|d| *d > today).map(|d| {
            Finding::error(
                "dates.actual_future",
                format!("{what}（{d}）晚于今天（{today}）：尚未发生的日期请填在计划日期中"),
            )
        })
    })
    .collect()
}

fn transaction_dates(transactions: &[Transaction], today: Date) -> Vec<Finding> {
    transactions
        .iter()
        .enumerate()
        .filter(|(_, t)| t.occurred_on > today)
        .map(|(i, t)| {
            Finding::error(
                "transactions.future",
                format!(
                    "第 {} 笔资金的日期（{}）晚于今天：请填写已经发生的日期",
                    i + 1,
                    t.occurred_on
                ),
            )
        })
        .collect()
}

/// Each share between 0 and 100%, each region listed once, the total not above 100%.
pub fn shares_valid(locations: &[Location]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for location in locations {
        if !(0..=WHOLE_SHARE_BP).contains(&location.share_bp) {
            out.push(Finding::error(
                "locations.share_range",
                format!(
                    "地点 {} 的占比 {} 无效：请填写 0 到 100% 之间的数",
                    location.region.as_str(),
                    format_share_percent(location.share_bp)
                ),
            ));
        }
        if !seen.insert(location.region.as_str()) {
            out.push(Finding::error(
                "locations.duplicate",
                format!("地点 {} 重复：每个地点只填一次", location.region.as_str()),
            ));
        }
    }
    out
}

/// The shares add up to exactly 100%.
pub fn shares_sum_to_whole(locations: &[Location]) -> Vec<Finding> {
    let total: i64 = locations.iter().map(|l| i64::from(l.share_bp)).sum();
    if total == i64::from(WHOLE_SHARE_BP) {
        return Vec::new();
    }
    let shown = i32::try_from(total).map_or_else(|_| total.to_string(), format_share_percent);
    vec![Finding::error(
        "locations.share_sum",
        format!("各地点占比合计为 {shown}，应为 100%：请调整各地点的占比"),
    )]
}

/// A report for review names at least one place and one field.
pub fn locations_present(content: &ActivityContent) -> Vec<Finding> {
    let mut out = Vec::new();
    if content.locations.is_empty() {
        out.push(Finding::error(
            "locations.required",
            "请至少添加一个项目地点（可细化到村）后再提交",
        ));
    }
    if content.fields().is_empty() {
        out.push(Finding::error(
            "fields.required",
            "请至少选择一个扶贫领域后再提交",
        ));
    }
    out
}

/// No transaction has a negative amount.
pub fn amounts_not_negative(transactions: &[Transaction]) -> Vec<Finding> {
    transactions
        .iter()
        .enumerate()
        .filter(|(_, t)| t.amount.is_negative())
        .map(|(i, t)| {
            Finding::error(
                "transactions.negative",
                format!(
                    "第 {} 笔资金的金额 {} 为负数：退款或冲销请另行说明，金额请填正数",
                    i + 1,
                    t.amount
                ),
            )
        })
        .collect()
}

/// Totals by kind; `None` if a sum overflows.
fn total(transactions: &[Transaction], kind: TransactionKind) -> Option<Money> {
    Money::sum(
        transactions
            .iter()
            .filter(|t| t.kind == kind)
            .map(|t| t.amount),
    )
}

/// Spending more than was committed is flagged (a warning, not a refusal).
pub fn expenditure_within_commitment(transactions: &[Transaction]) -> Vec<Finding> {
    let (Some(committed), Some(spent)) = (
        total(transactions, TransactionKind::Commitment),
        total(transactions, TransactionKind::Expenditure),
    ) else {
        return vec![Finding::error(
            "transactions.overflow",
            "资金合计超出可记录的范围：请检查金额单位是否填错",
        )];
    };
    if spent > committed {
        vec![Finding::warning(
            "transactions.expenditure_exceeds_commitment",
            format!("支出合计 {spent} 超过承诺合计 {committed}：请核对是否漏报了承诺资金"),
        )]
    } else {
        Vec::new()
    }
}

fn blank(value: Option<&String>) -> bool {
    value.is_none_or(|v| v.trim().is_empty())
}

/// Each funding source carries what identifies it: online fundraising its platform and filing
/// number, government purchase its contract number, a charitable trust its filing number.
pub fn funding_details(transactions: &[Transaction]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, t) in transactions.iter().enumerate() {
        let n = i + 1;
        match t.funding_source {
            FundingSource::OnlineFundraising => {
                if blank(t.platform.as_ref()) {
                    out.push(Finding::error(
                        "funding.platform_missing",
                        format!("第 {n} 笔资金来自网络募捐：请填写指定的互联网公开募捐信息平台"),
                    ));
                }
                if blank(t.filing_number.as_ref()) {
                    out.push(Finding::error(
                        "funding.filing_missing",
                        format!("第 {n} 笔资金来自网络募捐：请填写募捐方案备案编号"),
                    ));
                }
            }
            FundingSource::GovernmentPurchase if blank(t.contract_number.as_ref()) => {
                out.push(Finding::error(
                    "funding.contract_missing",
                    format!("第 {n} 笔资金来自政府购买服务：请填写购买服务合同编号"),
                ));
            }
            FundingSource::CharitableTrust if blank(t.filing_number.as_ref()) => {
                out.push(Finding::error(
                    "funding.filing_missing",
                    format!("第 {n} 笔资金来自慈善信托：请填写慈善信托备案编号"),
                ));
            }
            _ => {}
        }
    }
    out
}

/// Counts not negative, no more households than persons, each category once.
pub fn beneficiaries_consistent(counts: &[Beneficiaries]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for b in counts {
        let what = b.category.label_zh();
        if b.households < 0 || b.persons < 0 {
            out.push(Finding::error(
                "beneficiaries.negative",
                format!("{what}的户数和人数不能为负数"),
            ));
        } else if b.households > b.persons {
            out.push(Finding::error(
                "beneficiaries.households_exceed_persons",
                format!(
                    "{what}的户数（{}）大于人数（{}）：每户至少一人，请核对",
                    b.households, b.persons
                ),
            ));
        }
        if !seen.insert(b.category.code()) {
            out.push(Finding::error(
                "beneficiaries.duplicate",
                format!("{what}重复填报：每个类别只填一行"),
            ));
        }
    }
    out
}

/// Every indicator named, with a unit, from the catalogue or marked custom, values finite.
pub fn indicators_complete(indicators: &[Indicator]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, ind) in indicators.iter().enumerate() {
        let n = i + 1;
        if ind.code != CUSTOM_INDICATOR && indicator_spec(&ind.code).is_none() {
            out.push(Finding::error(
                "indicators.unknown",
                format!(
                    "第 {n} 个指标“{}”不在标准指标目录中：请从目录选择或填写自定义指标",
                    ind.code
                ),
            ));
        }
        if ind.name.trim().is_empty() || ind.unit.trim().is_empty() {
            out.push(Finding::error(
                "indicators.incomplete",
                format!("第 {n} 个指标缺少名称或单位：请补全"),
            ));
        }
        if [ind.baseline, ind.target, ind.actual]
            .into_iter()
            .flatten()
            .any(|v| !v.is_finite())
        {
            out.push(Finding::error(
                "indicators.value",
                format!("第 {n} 个指标的数值无效：请填写数字"),
            ));
        }
    }
    out
}

fn partners_named(content: &ActivityContent) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for p in &content.partners {
        if p.name.trim().is_empty() {
            out.push(Finding::error("partners.name", "请填写合作方名称"));
        } else if !seen.insert((p.role.code(), p.name.trim())) {
            out.push(Finding::error(
                "partners.duplicate",
                format!("{}“{}”重复填报", p.role.label_zh(), p.name.trim()),
            ));
        }
    }
    out
}
