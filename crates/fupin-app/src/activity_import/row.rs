//! The check of one row's cells: what can be checked without the database (labels, dates,
//! amounts, shares); the organization, the regions and the activity rules are checked after.

use fupin_domain::activity_rules::{
    ActivityContent, Beneficiaries, Location, Transaction, WHOLE_SHARE_BP, parse_share_percent,
};
use fupin_domain::{
    BeneficiaryCategory, CreditCode, Field, FundingSource, Method, Money, RegionCode, Taxonomy,
    TransactionKind,
};
use time::{Date, Month};

use super::columns::Column;
use crate::tabular::cells::{code_text, excel_serial_date, number_text, parse_date, trim};
use crate::tabular::{Cell, Row};

/// One row's cells, checked: the organization's credit code and, when every cell was valid, the
/// activity content.
#[derive(Debug)]
pub(crate) struct Parsed {
    /// The credit code, when valid.
    pub credit_code: Option<CreditCode>,
    /// The content, when every cell was valid.
    pub content: Option<ActivityContent>,
}

struct Cells<'a> {
    row: &'a Row,
    index: &'a [Option<usize>],
}

impl Cells<'_> {
    fn cell(&self, column: Column) -> &Cell {
        self.index[column as usize].map_or(&Cell::Empty, |i| self.row.cell(i))
    }

    /// The cell as trimmed text (numbers without exponent); `Err` for undecodable bytes.
    fn text(&self, column: Column) -> Result<String, String> {
        match self.cell(column) {
            Cell::Undecodable => Err(
                "无法识别的文字编码：请在 Excel 中另存为“CSV UTF-8”或直接上传 .xlsx 文件".into(),
            ),
            Cell::Number(x) => Ok(number_text(*x)),
            Cell::Date(d) => Ok(d.to_string()),
            c => Ok(trim(c.text()).to_owned()),
        }
    }
}

fn label<T: Taxonomy>(text: &str, what: &str) -> Result<T, String> {
    T::parse_label(&code_text(text))
        .or_else(|| T::parse_label(text))
        .ok_or_else(|| {
            let choices: Vec<&str> = T::ALL.iter().map(|v| v.label_zh()).collect();
            if text.is_empty() {
                format!("{what}不能为空：可填 {}", choices.join("、"))
            } else {
                format!("“{text}”不是有效的{what}：可填 {}", choices.join("、"))
            }
        })
}

fn date(cell: &Cell) -> Result<Option<Date>, String> {
    match cell {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(x) => excel_serial_date(*x).map(Some).ok_or_else(|| {
            format!(
                "“{}”不是日期：请写成 2020-03-05 或设为日期格式",
                number_text(*x)
            )
        }),
        Cell::Undecodable => Err("无法识别的文字编码：请另存为“CSV UTF-8”".into()),
        other if other.is_blank() => Ok(None),
        other => parse_date(other.text())
            .map(Some)
            .map_err(|e| e.to_string()),
    }
}

fn money(text: &str) -> Result<Money, String> {
    if text.is_empty() {
        return Ok(Money::ZERO);
    }
    let amount =
        Money::parse_signed(text).map_err(|e| format!("{e}（单位为元，如 12000 或 1.2万）"))?;
    if amount.is_negative() {
        return Err(format!(
            "金额 {amount} 为负数：退款或冲销请另行说明，金额请填正数"
        ));
    }
    Ok(amount)
}

fn count(text: &str) -> Result<i64, String> {
    if text.is_empty() {
        return Ok(0);
    }
    let digits = code_text(text).replace(',', "");
    match digits.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        _ => Err(format!("“{text}”不是有效的数量：请填写不小于 0 的整数")),
    }
}

/// Parses `130125:60%；130126:40%` (one code alone is 100%).
pub(crate) fn locations(text: &str) -> Result<Vec<Location>, String> {
    let items: Vec<&str> = text
        .split([';', '；', '\n'])
        .map(trim)
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return Err(
            "实施地点不能为空：请填写行政区划代码，多个地点用“；”分隔并注明占比，如 130125:60%；130126:40%"
                .into(),
        );
    }
    let mut out = Vec::new();
    for item in &items {
        let (code, share) = match item.split_once([':', '：']) {
            Some((code, share)) => (code, Some(share)),
            None => (*item, None),
        };
        let code = code_text(trim(code));
        let region =
            RegionCode::parse(&code).map_err(|e| format!("地点“{item}”的行政区划代码无效：{e}"))?;
        let share_bp = match share {
            Some(share) => parse_share_percent(share)?,
            None if items.len() == 1 => WHOLE_SHARE_BP,
            None => {
                return Err(format!(
                    "有多个地点时请为每个地点注明占比（地点“{item}”未注明），如 130125:60%；130126:40%"
                ));
            }
        };
        out.push(Location { region, share_bp });
    }
    Ok(out)
}

fn optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// Checks one data row; every problem goes to `bad` with its column.
pub(crate) fn check_row(
    row: &Row,
    index: &[Option<usize>],
    bad: &mut dyn FnMut(Column, String),
) -> Parsed {
    let cells = Cells { row, index };
    let mut take =
        |column: Column| -> Option<String> { cells.text(column).map_err(|m| bad(column, m)).ok() };
    let texts: Vec<Option<String>> = Column::ALL.iter().map(|c| take(*c)).collect();
    let text = |column: Column| texts[column as usize].clone();

    let credit_code = text(Column::CreditCode).and_then(|t| {
        let code = code_text(&t).to_uppercase();
        if code.is_empty() {
            bad(Column::CreditCode, "统一社会信用代码不能为空".into());
            return None;
        }
        ok(
            bad,
            Column::CreditCode,
            CreditCode::parse(&code).map_err(|e| format!("统一社会信用代码无效：{e}")),
        )
    });
    let title = text(Column::Title).and_then(|t| {
        if t.is_empty() {
            bad(Column::Title, "项目名称不能为空".into());
            None
        } else {
            Some(t)
        }
    });
    let field =
        text(Column::Field).and_then(|t| ok(bad, Column::Field, label::<Field>(&t, "领域")));
    let method =
        text(Column::Method).and_then(|t| ok(bad, Column::Method, label::<Method>(&t, "方式")));
    let year = text(Column::Year).and_then(|t| {
        let digits = code_text(&t).trim_end_matches('年').to_owned();
        ok(
            bad,
            Column::Year,
            digits
                .parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| format!("年度“{t}”无效：请填写 2000 到 2100 之间的年份，如 2020")),
        )
    });
    let mut dates = [
        Column::PlannedStart,
        Column::PlannedEnd,
        Column::ActualStart,
        Column::ActualEnd,
    ]
    .map(|c| ok(bad, c, date(cells.cell(c))));
    let locations = text(Column::Locations).and_then(|t| ok(bad, Column::Locations, locations(&t)));
    let amounts = [Column::Committed, Column::Disbursed, Column::Spent]
        .map(|c| text(c).and_then(|t| ok(bad, c, money(&t))));
    let any_money = amounts.iter().flatten().any(|m| !m.is_zero());
    let source = text(Column::FundingSource).and_then(|t| {
        if t.is_empty() && !any_money {
            return Some(FundingSource::OwnFunds); // unused: no transactions
        }
        ok(
            bad,
            Column::FundingSource,
            label::<FundingSource>(&t, "资金来源"),
        )
    });
    let households = text(Column::Households).and_then(|t| ok(bad, Column::Households, count(&t)));
    let persons = text(Column::Persons).and_then(|t| ok(bad, Column::Persons, count(&t)));
    let category = text(Column::Category).and_then(|t| {
        if t.is_empty() {
            return Some(BeneficiaryCategory::Other);
        }
        ok(
            bad,
            Column::Category,
            label::<BeneficiaryCategory>(&t, "受益类别"),
        )
    });
    let description = text(Column::Description);
    let extras = [
        Column::Platform,
        Column::FilingNumber,
        Column::ContractNumber,
    ]
    .map(text);

    let (Some(title), Some(field), Some(method), Some(year), Some(locations)) =
        (title, field, method, year, locations)
    else {
        return Parsed {
            credit_code,
            content: None,
        };
    };
    let (Some(source), Some(households), Some(persons), Some(category), Some(description)) =
        (source, households, persons, category, description)
    else {
        return Parsed {
            credit_code,
            content: None,
        };
    };
    if dates.iter().any(Option::is_none) || amounts.iter().any(Option::is_none) {
        return Parsed {
            credit_code,
            content: None,
        };
    }
    let [planned_start, planned_end, actual_start, actual_end] =
        dates.each_mut().map(|d| d.take().flatten());
    let [platform, filing_number, contract_number] = extras.map(|e| e.and_then(optional));
    let mut content = ActivityContent::new(&title, field, method, year);
    content.description = description;
    content.planned_start = planned_start;
    content.planned_end = planned_end;
    content.actual_start = actual_start;
    content.actual_end = actual_end;
    content.locations = locations;
    let first_of_year = Date::from_calendar_date(year, Month::January, 1).ok();
    let started = actual_start.or(planned_start).or(first_of_year);
    let kinds = [
        (TransactionKind::Commitment, started),
        (TransactionKind::Disbursement, actual_end.or(started)),
        (TransactionKind::Expenditure, actual_end.or(started)),
    ];
    for ((kind, on), amount) in kinds.into_iter().zip(amounts) {
        let (Some(on), Some(amount)) = (on, amount) else {
            continue;
        };
        if amount.is_zero() {
            continue;
        }
        content.transactions.push(Transaction {
            kind,
            occurred_on: on,
            amount,
            funding_source: source,
            platform: platform.clone(),
            filing_number: filing_number.clone(),
            contract_number: contract_number.clone(),
            provider: None,
            receiver: None,
            provider_org_id: None,
        });
    }
    if households > 0 || persons > 0 {
        content.beneficiaries.push(Beneficiaries {
            category,
            households,
            persons,
        });
    }
    Parsed {
        credit_code,
        content: Some(content),
    }
}

fn ok<T>(
    bad: &mut dyn FnMut(Column, String),
    column: Column,
    result: Result<T, String>,
) -> Option<T> {
    result.map_err(|m| bad(column, m)).ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn locations_take_codes_with_shares_or_one_code_alone() {
        let one = locations(" １３０１２５ ").unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].share_bp, WHOLE_SHARE_BP);
        let two = locations("130125:60%；130126：40;").unwrap();
        assert_eq!(
            two.iter().map(|l| l.share_bp).collect::<Vec<_>>(),
            [6000, 4000]
        );
        assert!(locations("130125；130126").unwrap_err().contains("占比"));
        assert!(locations("").unwrap_err().contains("不能为空"));
        assert!(locations("13012x").is_err());
    }

    #[test]
    fn amounts_and_counts_are_refused_when_negative() {
        assert_eq!(money("1.2万").unwrap(), Money::from_fen(1_200_000));
        assert_eq!(money("").unwrap(), Money::ZERO);
        assert!(money("-5").unwrap_err().contains("负数"));
        assert_eq!(count("1,200").unwrap(), 1200);
        assert!(count("-1").is_err());
    }
}
