//! What the activity pages show, as text ready for the templates.

use fupin_app::activity_editor::ActivityView;
use fupin_domain::activity_rules::{Severity, format_share_percent, indicator_spec};
use fupin_domain::{
    ActivityStatus, BeneficiaryCategory, Field, FundingSource, Method, Money, Taxonomy,
    TransactionKind,
};
use time::Date;

use super::staff::label;
use crate::format::{beijing_time, money_exact};

/// A location row.
#[derive(Debug)]
pub struct LocationVm {
    /// Region code.
    pub code: String,
    /// Region name.
    pub name: String,
    /// Share as a percentage.
    pub share: String,
    /// Share as typed in the shares form (no `%`).
    pub share_input: String,
}

/// A transaction row.
#[derive(Debug)]
pub struct TransactionVm {
    /// Position, for removal.
    pub index: usize,
    /// Kind.
    pub kind: String,
    /// Date.
    pub date: String,
    /// Amount.
    pub amount: String,
    /// Funding source.
    pub source: String,
    /// Platform, filing and contract numbers.
    pub details: String,
    /// Provider → receiver.
    pub parties: String,
}

/// An indicator row.
#[derive(Debug)]
pub struct IndicatorVm {
    /// Position.
    pub index: usize,
    /// Name (and "custom").
    pub name: String,
    /// Unit.
    pub unit: String,
    /// Baseline, target, actual.
    pub values: [String; 3],
}

/// A partner, review or version row: plain cells.
#[derive(Debug)]
pub struct Row {
    /// Position or id.
    pub id: i64,
    /// Cells.
    pub cells: Vec<String>,
    /// A flag (current version, linked partner, …).
    pub flag: bool,
}

/// An activity version for the detail and edit pages.
#[derive(Debug)]
pub struct DetailVm {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// Organization.
    pub organization: String,
    /// Status label.
    pub status: String,
    /// Version number.
    pub version: i32,
    /// Correction note of a later version.
    pub correction_note: Option<String>,
    /// Whether it is the version the public sees.
    pub is_current: bool,
    /// Description.
    pub description: String,
    /// Fields, primary first.
    pub fields: String,
    /// Method.
    pub method: String,
    /// Year.
    pub year: i32,
    /// Planned period.
    pub planned: String,
    /// Actual period.
    pub actual: String,
    /// Goods valued.
    pub goods: String,
    /// Volunteer hours.
    pub volunteer_hours: i64,
    /// Locations.
    pub locations: Vec<LocationVm>,
    /// Total of the shares.
    pub share_total: String,
    /// Transactions.
    pub transactions: Vec<TransactionVm>,
    /// Beneficiaries: category, households, persons.
    pub beneficiaries: Vec<(String, i64, i64)>,
    /// Indicators.
    pub indicators: Vec<IndicatorVm>,
    /// Partners: role, name, credit code.
    pub partners: Vec<Row>,
    /// Evidence: name, size, SHA-256.
    pub evidence: Vec<Row>,
    /// Errors to fix before submitting.
    pub errors: Vec<String>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Submissions and review decisions: when, who, decision, comment.
    pub reviews: Vec<Row>,
    /// Versions: number, status, note, published.
    pub history: Vec<Row>,
    /// The organization may edit.
    pub may_edit: bool,
    /// The actor reviews it now.
    pub may_review: bool,
    /// The actor may publish it.
    pub may_publish: bool,
    /// The organization may correct it.
    pub may_correct: bool,
}

fn period(start: Option<Date>, end: Option<Date>) -> String {
    match (start, end) {
        (None, None) => "—".to_owned(),
        (s, e) => format!(
            "{} 至 {}",
            s.map_or("—".to_owned(), |d| d.to_string()),
            e.map_or("—".to_owned(), |d| d.to_string())
        ),
    }
}

fn value(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| v.to_string())
}

fn decision_label(code: &str) -> &'static str {
    match code {
        "submitted" => "提交审核",
        "accepted" => "受理",
        "returned" => "退回修改",
        "published" => "公开",
        _ => "其他",
    }
}

impl DetailVm {
    /// The view of an activity.
    pub fn new(v: &ActivityView) -> DetailVm {
        let c = &v.content;
        let total: i32 = c.locations.iter().map(|l| l.share_bp).sum();
        DetailVm {
            id: v.row.id,
            title: v.row.title.clone(),
            organization: v.row.organization_name.clone(),
            status: v.status.label_zh().to_owned(),
            version: v.row.version,
            correction_note: v.row.correction_note.clone(),
            is_current: v.row.is_current,
            description: c.description.clone(),
            fields: c
                .fields()
                .iter()
                .map(|f| f.label_zh())
                .collect::<Vec<_>>()
                .join("、"),
            method: c.method.label_zh().to_owned(),
            year: c.year,
            planned: period(c.planned_start, c.planned_end),
            actual: period(c.actual_start, c.actual_end),
            goods: money_exact(c.goods_value),
            volunteer_hours: c.volunteer_hours,
            locations: v
                .parts
                .locations
                .iter()
                .map(|l| LocationVm {
                    code: l.region_code.clone(),
                    name: l.region_name.clone().unwrap_or_default(),
                    share: format_share_percent(l.share_bp),
                    share_input: format_share_percent(l.share_bp)
                        .trim_end_matches('%')
                        .to_owned(),
                })
                .collect(),
            share_total: format_share_percent(total),
            transactions: c
                .transactions
                .iter()
                .enumerate()
                .map(|(index, t)| TransactionVm {
                    index,
                    kind: t.kind.label_zh().to_owned(),
                    date: t.occurred_on.to_string(),
                    amount: money_exact(t.amount),
                    source: t.funding_source.label_zh().to_owned(),
                    details: [
                        t.platform.as_ref().map(|p| format!("平台：{p}")),
                        t.filing_number.as_ref().map(|p| format!("备案号：{p}")),
                        t.contract_number.as_ref().map(|p| format!("合同号：{p}")),
                    ]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join("；"),
                    parties: format!(
                        "{} → {}",
                        t.provider.as_deref().unwrap_or("—"),
                        t.receiver.as_deref().unwrap_or("—")
                    ),
                })
                .collect(),
            beneficiaries: c
                .beneficiaries
                .iter()
                .map(|b| (b.category.label_zh().to_owned(), b.households, b.persons))
                .collect(),
            indicators: c
                .indicators
                .iter()
                .enumerate()
                .map(|(index, i)| IndicatorVm {
                    index,
                    name: if indicator_spec(&i.code).is_some() {
                        i.name.clone()
                    } else {
                        format!("{}（自定义）", i.name)
                    },
                    unit: i.unit.clone(),
                    values: [value(i.baseline), value(i.target), value(i.actual)],
                })
                .collect(),
            partners: v
                .parts
                .partners
                .iter()
                .enumerate()
                .map(|(n, p)| Row {
                    id: i64::try_from(n).unwrap_or_default(),
                    cells: vec![
                        label_role(&p.role),
                        p.name.clone(),
                        p.credit_code.clone().unwrap_or_else(|| "未关联".to_owned()),
                    ],
                    flag: p.organization_id.is_some(),
                })
                .collect(),
            evidence: v
                .evidence
                .iter()
                .map(|e| Row {
                    id: e.id,
                    cells: vec![
                        e.file_name.clone(),
                        format!("{:.1} KiB", e.size_bytes as f64 / 1024.0),
                        e.sha256.clone(),
                    ],
                    flag: false,
                })
                .collect(),
            errors: v
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| f.message.clone())
                .collect(),
            warnings: v
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .map(|f| f.message.clone())
                .collect(),
            reviews: v
                .reviews
                .iter()
                .map(|r| Row {
                    id: r.id,
                    cells: vec![
                        beijing_time(r.decided_at),
                        match &r.unit_name {
                            Some(unit) => format!("{unit} {}", r.reviewer_name),
                            None => r.reviewer_name.clone(),
                        },
                        decision_label(&r.decision).to_owned(),
                        r.comment.clone(),
                    ],
                    flag: r.decision == "returned",
                })
                .collect(),
            history: v
                .history
                .iter()
                .map(|h| Row {
                    id: h.id,
                    cells: vec![
                        format!("第 {} 版", h.version),
                        label::<ActivityStatus>(&h.status),
                        h.correction_note.clone().unwrap_or_default(),
                        h.published_at.map(beijing_time).unwrap_or_default(),
                    ],
                    flag: h.is_current,
                })
                .collect(),
            may_edit: v.may_edit,
            may_review: v.may_review,
            may_publish: v.may_publish,
            may_correct: v.may_correct,
        }
    }
}

fn label_role(code: &str) -> String {
    fupin_domain::activity_rules::PartnerRole::from_code(code)
        .map_or_else(|| code.to_owned(), |r| r.label_zh().to_owned())
}

/// An `<option>`.
#[derive(Debug)]
pub struct Opt {
    /// Value.
    pub value: String,
    /// Label.
    pub label: String,
    /// Selected.
    pub selected: bool,
}

/// The options of a vocabulary, `selected` marked.
pub fn options<T: Taxonomy>(selected: &[T]) -> Vec<Opt> {
    T::ALL
        .iter()
        .map(|v| Opt {
            value: v.code().to_owned(),
            label: v.label_zh().to_owned(),
            selected: selected.contains(v),
        })
        .collect()
}

/// The vocabularies the editor's selects offer.
#[derive(Debug)]
pub struct Choices {
    /// Fields.
    pub fields: Vec<Opt>,
    /// Methods.
    pub methods: Vec<Opt>,
    /// Transaction kinds (commitment first).
    pub kinds: Vec<Opt>,
    /// Funding sources.
    pub sources: Vec<Opt>,
    /// Beneficiary categories with their counts: code, label, households, persons.
    pub categories: Vec<(String, String, i64, i64)>,
    /// Standard indicators: code, "name（unit）".
    pub catalogue: Vec<Opt>,
}

impl Choices {
    /// The choices, with the stored beneficiary counts of `view` (if any).
    pub fn new(view: Option<&ActivityView>) -> Choices {
        let counts = |c: BeneficiaryCategory| {
            view.and_then(|v| v.content.beneficiaries.iter().find(|b| b.category == c))
                .map_or((0, 0), |b| (b.households, b.persons))
        };
        Choices {
            fields: options::<Field>(&[]),
            methods: options::<Method>(&[]),
            kinds: options::<TransactionKind>(&[TransactionKind::Commitment]),
            sources: options::<FundingSource>(&[]),
            categories: BeneficiaryCategory::ALL
                .iter()
                .map(|c| {
                    let (h, p) = counts(*c);
                    (c.code().to_owned(), c.label_zh().to_owned(), h, p)
                })
                .collect(),
            catalogue: fupin_domain::activity_rules::INDICATOR_CATALOGUE
                .iter()
                .map(|s| Opt {
                    value: s.code.to_owned(),
                    label: format!("{}（{}）", s.name, s.unit),
                    selected: false,
                })
                .collect(),
        }
    }
}

/// Money as typed back into a form.
pub fn money_input(m: Money) -> String {
    m.format_plain()
}
