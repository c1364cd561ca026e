//! The editor's forms, read into changes of an activity's content. Forms with repeated fields
//! (shares, more fields) are read from the raw body, which `axum::Form` cannot do.

use fupin_app::AppError;
use fupin_domain::activity_rules::{
    ActivityContent, Beneficiaries, CUSTOM_INDICATOR, Indicator, Location, Partner, PartnerRole,
    Transaction, indicator_spec, parse_share_percent,
};
use fupin_domain::{
    BeneficiaryCategory, Field, FundingSource, Method, Money, RegionCode, Taxonomy, TransactionKind,
};
use time::Date;

use crate::format::parse_date;

/// The fields of an urlencoded form, in order, repeated names kept.
#[derive(Debug, Clone, Default)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// Reads an urlencoded body.
    pub fn parse(body: &[u8]) -> FormFields {
        FormFields(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The first value of `name`, trimmed ("" when absent).
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// Every value of `name`, trimmed.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .collect()
    }

    /// The value of `name` when it is not blank.
    pub fn opt(&self, name: &str) -> Option<String> {
        Some(self.get(name).to_owned()).filter(|v| !v.is_empty())
    }
}

fn invalid(message: String) -> AppError {
    AppError::Invalid(message)
}

/// A date field (`YYYY-MM-DD`), blank for none.
pub fn date(text: &str, label: &str) -> Result<Option<Date>, AppError> {
    if text.is_empty() {
        return Ok(None);
    }
    parse_date(text).map(Some).ok_or_else(|| {
        invalid(format!(
            "{label}“{text}”无效：请按 YYYY-MM-DD 填写，如 2020-06-01"
        ))
    })
}

fn money(text: &str, label: &str) -> Result<Money, AppError> {
    if text.is_empty() {
        return Ok(Money::ZERO);
    }
    Money::parse_signed(text).map_err(|err| invalid(format!("{label}：{err}")))
}

fn whole(text: &str, label: &str) -> Result<i64, AppError> {
    if text.is_empty() {
        return Ok(0);
    }
    text.replace([',', '，'], "")
        .parse()
        .map_err(|_| invalid(format!("{label}“{text}”无效：请填写整数")))
}

fn number(text: &str, label: &str) -> Result<Option<f64>, AppError> {
    if text.is_empty() {
        return Ok(None);
    }
    text.replace([',', '，', '%'], "")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or_else(|| invalid(format!("{label}“{text}”无效：请填写数字")))
}

fn pick<T: Taxonomy>(text: &str) -> Result<T, AppError> {
    T::from_code(text)
        .or_else(|| T::parse_label(text))
        .ok_or_else(|| invalid(format!("请选择{}", T::KIND_ZH)))
}

fn index(text: &str) -> Result<usize, AppError> {
    text.parse()
        .map_err(|_| invalid("请选择要删除的条目".to_owned()))
}

/// One change the editor makes.
#[derive(Debug, Clone)]
pub enum Change {
    /// Title, description, fields, method, year, dates, goods, hours.
    Core(Box<ActivityContent>),
    /// A new location.
    AddLocation(Location),
    /// Removes the location of a region code.
    RemoveLocation(String),
    /// New shares, by region code.
    Shares(Vec<(String, i32)>),
    /// A new transaction; the provider's credit code to link, if given.
    AddTransaction(Box<Transaction>, Option<String>),
    /// Removes the n-th transaction.
    RemoveTransaction(usize),
    /// The beneficiary counts of every category.
    Beneficiaries(Vec<Beneficiaries>),
    /// A new indicator.
    AddIndicator(Indicator),
    /// Removes the n-th indicator.
    RemoveIndicator(usize),
    /// A new partner; its credit code to link, if given.
    AddPartner(Partner, Option<String>),
    /// Removes the n-th partner.
    RemovePartner(usize),
}

/// The core fields of the "new" and "basic information" forms.
pub fn core(f: &FormFields) -> Result<ActivityContent, AppError> {
    let year = f.get("year");
    let year: i32 = year
        .parse()
        .map_err(|_| invalid(format!("年度“{year}”无效：请填写四位年份")))?;
    let mut c = ActivityContent::new(
        f.get("title"),
        pick::<Field>(f.get("field"))?,
        pick::<Method>(f.get("method"))?,
        year,
    );
    c.description = f.get("description").to_owned();
    for more in f.all("more_fields") {
        c.more_fields.push(pick::<Field>(more)?);
    }
    c.planned_start = date(f.get("planned_start"), "计划开始日期")?;
    c.planned_end = date(f.get("planned_end"), "计划结束日期")?;
    c.actual_start = date(f.get("actual_start"), "实际开始日期")?;
    c.actual_end = date(f.get("actual_end"), "实际结束日期")?;
    c.goods_value = money(f.get("goods_value"), "物资折价")?;
    c.volunteer_hours = whole(f.get("volunteer_hours"), "志愿服务时长")?;
    Ok(c)
}

/// Reads the form of editor section `section`.
pub fn change(section: &str, f: &FormFields) -> Result<Change, AppError> {
    Ok(match section {
        "core" => Change::Core(Box::new(core(f)?)),
        "location-add" => Change::AddLocation(Location {
            region: RegionCode::parse(f.get("region"))
                .map_err(|err| invalid(format!("请先逐级选择地点：{err}")))?,
            share_bp: parse_share_percent(f.get("share")).map_err(invalid)?,
        }),
        "location-remove" => Change::RemoveLocation(f.get("region").to_owned()),
        "shares" => {
            let regions = f.all("region");
            let shares = f.all("share");
            let mut out = Vec::new();
            for (region, share) in regions.iter().zip(shares) {
                out.push((
                    (*region).to_owned(),
                    parse_share_percent(share).map_err(invalid)?,
                ));
            }
            Change::Shares(out)
        }
        "transaction-add" => {
            let occurred = date(f.get("occurred_on"), "资金日期")?
                .ok_or_else(|| invalid("请填写资金日期".to_owned()))?;
            let amount = f.get("amount");
            if amount.is_empty() {
                return Err(invalid("请填写金额".to_owned()));
            }
            Change::AddTransaction(
                Box::new(Transaction {
                    kind: pick::<TransactionKind>(f.get("kind"))?,
                    occurred_on: occurred,
                    amount: money(amount, "金额")?,
                    funding_source: pick::<FundingSource>(f.get("funding_source"))?,
                    platform: f.opt("platform"),
                    filing_number: f.opt("filing_number"),
                    contract_number: f.opt("contract_number"),
                    provider: f.opt("provider"),
                    receiver: f.opt("receiver"),
                    provider_org_id: None,
                }),
                f.opt("provider_credit_code"),
            )
        }
        "transaction-remove" => Change::RemoveTransaction(index(f.get("index"))?),
        "beneficiaries" => {
            let mut out = Vec::new();
            for category in BeneficiaryCategory::ALL {
                let label = category.label_zh();
                let households = whole(f.get(&format!("households_{}", category.code())), label)?;
                let persons = whole(f.get(&format!("persons_{}", category.code())), label)?;
                if households != 0 || persons != 0 {
                    out.push(Beneficiaries {
                        category: *category,
                        households,
                        persons,
                    });
                }
            }
            Change::Beneficiaries(out)
        }
        "indicator-add" => {
            let code = f.get("code");
            let (name, unit) = match indicator_spec(code) {
                Some(spec) => (spec.name.to_owned(), spec.unit.to_owned()),
                None if code == CUSTOM_INDICATOR || code.is_empty() => {
                    (f.get("name").to_owned(), f.get("unit").to_owned())
                }
                None => return Err(invalid(format!("指标“{code}”不在标准指标目录中"))),
            };
            Change::AddIndicator(Indicator {
                code: if code.is_empty() {
                    CUSTOM_INDICATOR.to_owned()
                } else {
                    code.to_owned()
                },
                name,
                unit,
                baseline: number(f.get("baseline"), "基线值")?,
                target: number(f.get("target"), "目标值")?,
                actual: number(f.get("actual"), "实际值")?,
            })
        }
        "indicator-remove" => Change::RemoveIndicator(index(f.get("index"))?),
        "partner-add" => Change::AddPartner(
            Partner {
                role: PartnerRole::from_code(f.get("role"))
                    .ok_or_else(|| invalid("请选择合作方角色".to_owned()))?,
                name: f.get("name").to_owned(),
                organization_id: None,
            },
            f.opt("credit_code"),
        ),
        "partner-remove" => Change::RemovePartner(index(f.get("index"))?),
        _ => return Err(AppError::NotFound),
    })
}

fn remove_at<T>(items: &mut Vec<T>, n: usize) -> Result<(), AppError> {
    if n >= items.len() {
        return Err(invalid("要删除的条目不存在，请刷新页面".to_owned()));
    }
    items.remove(n);
    Ok(())
}

/// Applies a change to the stored content.
pub fn apply(change: Change, c: &mut ActivityContent) -> Result<(), AppError> {
    match change {
        Change::Core(core) => {
            let parts = std::mem::replace(c, *core);
            c.locations = parts.locations;
            c.transactions = parts.transactions;
            c.beneficiaries = parts.beneficiaries;
            c.indicators = parts.indicators;
            c.partners = parts.partners;
        }
        Change::AddLocation(location) => c.locations.push(location),
        Change::RemoveLocation(code) => c.locations.retain(|l| l.region.as_str() != code),
        Change::Shares(shares) => {
            for (code, share) in shares {
                if let Some(l) = c.locations.iter_mut().find(|l| l.region.as_str() == code) {
                    l.share_bp = share;
                }
            }
        }
        Change::AddTransaction(t, _) => c.transactions.push(*t),
        Change::RemoveTransaction(n) => remove_at(&mut c.transactions, n)?,
        Change::Beneficiaries(counts) => c.beneficiaries = counts,
        Change::AddIndicator(i) => c.indicators.push(i),
        Change::RemoveIndicator(n) => remove_at(&mut c.indicators, n)?,
        Change::AddPartner(p, _) => c.partners.push(p),
        Change::RemovePartner(n) => remove_at(&mut c.partners, n)?,
    }
    Ok(())
}
