//! How much and with what effect: an activity's transactions, beneficiary counts and indicators.
//!
//! * Money is in fen. Every activity has a commitment; those past the draft stage have one to three
//!   disbursements; accepted and published ones one to three expenditures, normally no more than
//!   what was disbursed. About 2% of published activities are planted with expenditure above the
//!   commitment (counted in the summary as `overspent_activities`). Some have a pledge (认捐), which
//!   counts in no total.
//! * Funding sources of every kind: online fundraising (only for organizations with public-fundraising
//!   qualification) names a designated platform and a filing number, government purchase a contract
//!   number, a charitable trust its filing number.

use fupin_domain::{
    ActivityStatus, BeneficiaryCategory, Field, FundingSource, Method, Money, TransactionKind,
};
use fupin_store::activities::{NewBeneficiaryCount, NewIndicator, NewTransaction};
use rand::Rng;
use time::{Date, Duration};

use crate::names;
use crate::organizations::OrgInfo;
use crate::rng::{date_between, log_uniform, pick, weighted};

/// 指定互联网公开募捐信息平台 (a selection).
const PLATFORMS: &[&str] = &[
    "腾讯公益",
    "支付宝公益",
    "新浪微公益",
    "淘宝公益",
    "京东公益",
    "公益宝",
    "新华公益",
    "轻松公益",
    "联劝网",
    "水滴公益",
];

/// Effect indicators: code, name, unit.
const INDICATORS: &[(&str, &str, &str)] = &[
    ("lifted", "脱贫人数", "人"),
    ("income", "人均增收", "元"),
    ("jobs", "就业人数", "人"),
    ("students", "资助学生", "人"),
    ("patients", "救治患者", "人次"),
    ("trainees", "培训人次", "人次"),
    ("houses", "改造危房", "户"),
    ("roads", "硬化道路", "公里"),
    ("relocated", "搬迁安置", "人"),
    ("volunteers", "参与志愿者", "人"),
    ("sales", "销售农产品", "万元"),
    ("water", "解决饮水困难", "人"),
    ("afforestation", "植树造林", "亩"),
    ("reports", "调研报告", "篇"),
];

/// The indicators that fit a field.
fn indicators_of(field: Field) -> &'static [&'static str] {
    match field {
        Field::Industry => &["lifted", "income", "jobs", "sales"],
        Field::Education => &["students", "trainees", "lifted"],
        Field::Health => &["patients", "trainees", "lifted"],
        Field::Relocation => &["relocated", "jobs", "lifted"],
        Field::Volunteer => &["volunteers", "students", "patients"],
        Field::LaborExport => &["jobs", "trainees", "income"],
        Field::Infrastructure => &["roads", "water", "lifted"],
        Field::HousingRenovation => &["houses", "lifted"],
        Field::Culture => &["trainees", "lifted"],
        Field::Ecology => &["afforestation", "jobs", "income"],
        Field::Technology => &["trainees", "income", "lifted"],
        Field::PolicyAdvice => &["reports"],
        Field::Other => &["lifted", "income"],
    }
}

/// What the money and effect generator needs to know about an activity.
pub(crate) struct Ctx<'a> {
    pub id: i64,
    pub org: &'a OrgInfo,
    pub field: Field,
    pub method: Method,
    pub status: ActivityStatus,
    pub year: i32,
    pub start: Date,
    pub end: Date,
    pub county_name: &'a str,
    pub county_code: &'a str,
    pub province_code: &'a str,
    /// Roster size, for activities with a roster (their 建档立卡 persons equal it).
    pub roster: Option<u32>,
    /// A funding source imposed (to cover every kind); drawn otherwise.
    pub source: Option<FundingSource>,
}

/// The rows and totals of one activity.
#[derive(Debug, Default)]
pub(crate) struct Finance {
    pub transactions: Vec<NewTransaction>,
    pub beneficiaries: Vec<NewBeneficiaryCount>,
    pub indicators: Vec<NewIndicator>,
    pub goods: Money,
    pub volunteer_hours: i64,
    pub committed_fen: i64,
    pub overspent: bool,
}

/// Money, beneficiaries and indicators of an activity.
pub(crate) fn finance(rng: &mut impl Rng, ctx: &Ctx<'_>) -> Finance {
    let mut out = Finance::default();
    let small = matches!(
        ctx.field,
        Field::Volunteer | Field::PolicyAdvice | Field::Culture
    );
    let (lo, hi) = if small {
        (200_000, 20_000_000)
    } else {
        (1_000_000, 500_000_000)
    };
    let committed = (log_uniform(rng, lo, hi) / 10_000).max(1) * 10_000; // whole ¥100
    out.committed_fen = committed;
    // Online fundraising needs the public-fundraising qualification (rule 5): only qualified
    // organizations use it, and they use it often.
    let online = if ctx.org.public_fundraising { 40 } else { 0 };
    let source = if let Some(source) = ctx.source {
        source
    } else if ctx.method == Method::CharitableTrust {
        FundingSource::CharitableTrust
    } else {
        weighted(
            rng,
            &[
                (FundingSource::OwnFunds, 28),
                (FundingSource::Donations, 35),
                (FundingSource::OnlineFundraising, online),
                (FundingSource::GovernmentPurchase, 16),
                (FundingSource::CharitableTrust, 6),
            ],
        )
    };
    let serial = ctx.id % 1000;
    let (platform, filing, contract, provider) = match source {
        FundingSource::OwnFunds => (None, None, None, ctx.org.name.clone()),
        FundingSource::Donations => (None, None, None, names::company(rng)),
        FundingSource::OnlineFundraising => {
            let platform = pick(rng, PLATFORMS).copied().unwrap_or("腾讯公益");
            let filing = format!("{}{:02}{serial:03}", ctx.org.credit_code, ctx.year % 100);
            (
                Some(platform.to_owned()),
                Some(filing),
                None,
                format!("{platform}爱心网友"),
            )
        }
        FundingSource::GovernmentPurchase => {
            let contract = format!("{}-ZFCG-{}-{serial:04}", ctx.county_code, ctx.year);
            (
                None,
                None,
                Some(contract),
                format!("{}民政局", ctx.county_name),
            )
        }
        FundingSource::CharitableTrust => {
            let filing = format!("{}0000{}XT{serial:04}", ctx.province_code, ctx.year);
            (
                None,
                Some(filing),
                None,
                format!(
                    "{}扶贫慈善信托",
                    names::company(rng).replace("有限公司", "")
                ),
            )
        }
    };
    let tx =
        |kind, occurred_on, fen: i64, provider: String, receiver: Option<String>| NewTransaction {
            activity_id: ctx.id,
            kind,
            occurred_on,
            amount: Money::from_fen(fen.max(0)),
            funding_source: source,
            platform: platform.clone(),
            filing_number: filing.clone(),
            contract_number: contract.clone(),
            provider: Some(provider),
            receiver,
        };
    let org = ctx.org.name.clone();
    let site = format!("{}{}", ctx.county_name, site_of(ctx.field));
    if ctx.status != ActivityStatus::Draft && rng.random_bool(0.08) {
        let pledge = committed * rng.random_range(20..=50) / 100;
        let on = ctx.start - Duration::days(rng.random_range(5..40));
        out.transactions.push(tx(
            TransactionKind::Pledge,
            on,
            pledge,
            provider.clone(),
            Some(org.clone()),
        ));
    }
    out.transactions.push(tx(
        TransactionKind::Commitment,
        ctx.start,
        committed,
        provider,
        Some(org.clone()),
    ));
    let (disbursed, spent) = match ctx.status {
        ActivityStatus::Draft => (0, 0),
        ActivityStatus::Submitted | ActivityStatus::Returned => {
            (committed * rng.random_range(30..=70) / 100, 0)
        }
        ActivityStatus::Accepted | ActivityStatus::Published => {
            if ctx.status == ActivityStatus::Published && rng.random_bool(0.02) {
                out.overspent = true;
                (committed, committed * rng.random_range(105..=130) / 100)
            } else {
                let d = committed * rng.random_range(70..=100) / 100;
                (d, d * rng.random_range(60..=100) / 100)
            }
        }
    };
    let disbursements = split(rng, disbursed, ctx.start, ctx.end);
    // Money is spent after it first arrives.
    let first_arrival = disbursements.first().map_or(ctx.start, |(on, _)| *on);
    let expenditures = split(rng, spent, first_arrival, ctx.end);
    for (on, fen) in disbursements {
        out.transactions.push(tx(
            TransactionKind::Disbursement,
            on,
            fen,
            org.clone(),
            Some(site.clone()),
        ));
    }
    for (on, fen) in expenditures {
        out.transactions.push(tx(
            TransactionKind::Expenditure,
            on,
            fen,
            org.clone(),
            Some(site.clone()),
        ));
    }

    out.goods = Money::from_fen(match ctx.method {
        Method::Donation if rng.random_bool(0.5) => committed * rng.random_range(10..=60) / 100,
        Method::Consumption => committed * rng.random_range(50..=150) / 100,
        _ => 0,
    });
    out.volunteer_hours = if ctx.field == Field::Volunteer {
        rng.random_range(500..=20_000)
    } else if rng.random_bool(0.1) {
        rng.random_range(10..=500)
    } else {
        0
    };

    // Whom: 建档立卡 persons always, other categories sometimes.
    let persons = match ctx.roster {
        Some(n) => i64::from(n),
        None => log_uniform(rng, 10, (committed / 100_000).clamp(20, 20_000)),
    };
    let households = |p: i64| (p * 10 / 32).max(1);
    out.beneficiaries.push(NewBeneficiaryCount {
        activity_id: ctx.id,
        category: BeneficiaryCategory::RegisteredPoor,
        households: households(persons),
        persons,
    });
    for category in [
        BeneficiaryCategory::RuralDibao,
        BeneficiaryCategory::Tekun,
        BeneficiaryCategory::PoorDisabled,
        BeneficiaryCategory::Other,
    ] {
        if rng.random_bool(0.25) {
            let p = (persons * rng.random_range(5..=30) / 100).max(1);
            out.beneficiaries.push(NewBeneficiaryCount {
                activity_id: ctx.id,
                category,
                households: households(p),
                persons: p,
            });
        }
    }

    // Effect: one to three indicators of the field.
    let done = matches!(
        ctx.status,
        ActivityStatus::Accepted | ActivityStatus::Published
    );
    let codes = indicators_of(ctx.field);
    let count = rng.random_range(1..=codes.len().min(3));
    for code in codes.iter().take(count) {
        let Some(&(code, name, unit)) = INDICATORS.iter().find(|(c, _, _)| c == code) else {
            continue;
        };
        let p = persons as f64;
        let target: f64 = match code {
            "income" => f64::from(rng.random_range(5..=30)) * 100.0,
            "houses" => (p / 3.0).ceil(),
            "roads" => f64::from(rng.random_range(10..=300)) / 10.0,
            "sales" => f64::from(rng.random_range(5..=500)),
            "afforestation" => f64::from(rng.random_range(100..=5_000)),
            "reports" => f64::from(rng.random_range(1..=5)),
            _ => (p * f64::from(rng.random_range(20..=100)) / 100.0).ceil(),
        };
        let actual = done.then(|| {
            let a = target * f64::from(rng.random_range(70..=115)) / 100.0;
            if code == "roads" {
                (a * 10.0).round() / 10.0
            } else {
                a.round()
            }
        });
        out.indicators.push(NewIndicator {
            activity_id: ctx.id,
            code: code.to_owned(),
            name: name.to_owned(),
            unit: unit.to_owned(),
            baseline: Some(0.0),
            target: Some(target),
            actual,
        });
    }
    out
}

/// Where the money goes, by field.
fn site_of(field: Field) -> &'static str {
    match field {
        Field::Education => "教育局",
        Field::Health => "卫生健康局",
        Field::Industry | Field::Technology | Field::Ecology => "农业农村局",
        Field::Infrastructure | Field::HousingRenovation | Field::Relocation => "住房和城乡建设局",
        Field::LaborExport => "人力资源和社会保障局",
        _ => "扶贫开发办公室",
    }
}

/// `total` fen in one to three parts of random size (whole yuan but the last) dated between
/// `start` and `end`, in date order; nothing for zero.
fn split(rng: &mut impl Rng, total: i64, start: Date, end: Date) -> Vec<(Date, i64)> {
    if total <= 0 {
        return Vec::new();
    }
    let parts = rng.random_range(1..=3_usize);
    let weights: Vec<i64> = (0..parts).map(|_| rng.random_range(2..=10)).collect();
    let sum: i64 = weights.iter().sum();
    let mut dates: Vec<Date> = (0..parts).map(|_| date_between(rng, start, end)).collect();
    dates.sort_unstable();
    let mut left = total;
    let mut out = Vec::with_capacity(parts);
    for (i, (on, w)) in dates.into_iter().zip(weights).enumerate() {
        let fen = if i + 1 == parts {
            left
        } else {
            total * w / sum / 100 * 100
        };
        left -= fen;
        out.push((on, fen));
    }
    out
}
