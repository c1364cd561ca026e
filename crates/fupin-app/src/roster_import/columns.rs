//! The columns of a roster file and the check of one row.
//!
//! | column | header names accepted (spaces, full-width, `*` and line breaks ignored) |
//! |---|---|
//! | 姓名 | 姓名, 受益人姓名, 帮扶对象姓名, 受助人姓名, name |
//! | 身份证号 | 身份证号, 身份证号码, 公民身份号码, 身份证件号码, 证件号码, id_number |
//! | 村 | 村代码, 村级区划代码, 行政区划代码, 村(代码或名称), 村, 村名, 村名称, 所在村, 行政村, village |
//! | 受益类别 | 受益类别, 帮扶对象类别, 受益人类别, 人员类别, 类别, category |
//! | 帮扶金额（元） | 帮扶金额(元), 帮扶金额, 帮扶资金(元), 帮扶资金, 受助金额(元), 受助金额, 金额(元), 金额, aid |
//! | 帮扶日期 | 帮扶日期, 帮扶时间, 发放日期, 受助日期, 服务日期, 日期, date |

use fupin_domain::{BeneficiaryCategory, IdNumber, IdNumberError, Money, PersonName};
use time::Date;
use time::macros::date;

use super::places::Places;
use crate::tabular::cells::{code_text, excel_serial_date, number_text, parse_date, trim};
use crate::tabular::header::ColumnSpec;
use crate::tabular::{Cell, Row};

/// A roster column, in template order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// 姓名.
    Name,
    /// 身份证号.
    IdNumber,
    /// 村 (code or name).
    Village,
    /// 受益类别.
    Category,
    /// 帮扶金额（元）.
    Aid,
    /// 帮扶日期.
    Date,
}

/// Earliest service date accepted.
pub const EARLIEST_DATE: Date = date!(2013 - 01 - 01);

/// The columns, in template order, with their header names.
pub const SPECS: [ColumnSpec; 6] = [
    ColumnSpec {
        label: "姓名",
        names: &["姓名", "受益人姓名", "帮扶对象姓名", "受助人姓名", "name"],
        required: true,
    },
    ColumnSpec {
        label: "身份证号",
        names: &[
            "身份证号",
            "身份证号码",
            "公民身份号码",
            "身份证件号码",
            "证件号码",
            "id_number",
        ],
        required: true,
    },
    ColumnSpec {
        label: "村",
        names: &[
            "村代码",
            "村级区划代码",
            "行政区划代码",
            "村(代码或名称)",
            "村",
            "村名",
            "村名称",
            "所在村",
            "行政村",
            "village",
        ],
        required: true,
    },
    ColumnSpec {
        label: "受益类别",
        names: &[
            "受益类别",
            "帮扶对象类别",
            "受益人类别",
            "人员类别",
            "类别",
            "category",
        ],
        required: true,
    },
    ColumnSpec {
        label: "帮扶金额（元）",
        names: &[
            "帮扶金额(元)",
            "帮扶金额",
            "帮扶资金(元)",
            "帮扶资金",
            "受助金额(元)",
            "受助金额",
            "金额(元)",
            "金额",
            "aid",
        ],
        required: true,
    },
    ColumnSpec {
        label: "帮扶日期",
        names: &[
            "帮扶日期",
            "帮扶时间",
            "发放日期",
            "受助日期",
            "服务日期",
            "日期",
            "date",
        ],
        required: true,
    },
];

impl Column {
    /// Every column, in template order.
    pub const ALL: [Column; 6] = [
        Column::Name,
        Column::IdNumber,
        Column::Village,
        Column::Category,
        Column::Aid,
        Column::Date,
    ];

    /// The header name used in reports and templates.
    pub fn label(self) -> &'static str {
        SPECS[self as usize].label
    }
}

/// What Excel does to an ID number typed into a number cell, and how to fix it.
pub const ID_AS_NUMBER: &str = "身份证号在 Excel 中被存成了数字（会显示为科学计数法如 4.10522E+17，或后几位变成 0），号码已无法还原，平台不做猜测：请把“身份证号”列设为“文本”格式，重新录入完整号码后再上传";

/// An 18-digit number ending in 000 whose check fails: the tail Excel's 15-digit precision cut.
pub const ID_TRUNCATED: &str = "身份证号末三位为 000 且校验位不符：疑似 Excel 把号码当作数字保存，只保留了前 15 位有效数字，号码已无法还原，平台不做猜测：请把“身份证号”列设为“文本”格式，重新录入完整号码";

/// A valid number ending in 000 in a file that has truncated ones: it may have been cut as well.
pub const ID_SUSPECT_000: &str = "身份证号末三位为 000：本文件中有被 Excel 截断的号码，此号码也可能已被截断，平台不做猜测：请将该列设为“文本”格式后核对重录";

/// A checked row, ready to protect and store.
#[derive(Debug)]
pub(crate) struct Checked {
    pub name: PersonName,
    pub id: IdNumber,
    pub village: String,
    pub category: BeneficiaryCategory,
    pub aid: Money,
    pub date: Date,
}

/// How an ID cell went, beyond being valid or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdShape {
    /// Nothing unusual.
    Plain,
    /// Valid, but ends in 000: suspicious if the file has truncated numbers too.
    EndsIn000,
    /// Refused as an Excel-truncated number.
    Truncated,
}

/// Checks one data row; every problem goes to `bad` with its column.
pub(crate) fn check_row(
    row: &Row,
    index: &[Option<usize>],
    places: &Places,
    today: Date,
    bad: &mut dyn FnMut(Column, String),
) -> (Option<Checked>, IdShape) {
    let cell =
        |column: Column| -> &Cell { index[column as usize].map_or(&Cell::Empty, |i| row.cell(i)) };
    let undecodable =
        "无法识别的文字编码：请在 Excel 中另存为“CSV UTF-8”或直接上传 .xlsx 文件".to_owned();
    let text_of = |column: Column, bad: &mut dyn FnMut(Column, String)| -> Option<String> {
        match cell(column) {
            Cell::Undecodable => {
                bad(column, undecodable.clone());
                None
            }
            Cell::Number(x) => Some(number_text(*x)),
            Cell::Date(d) => Some(d.to_string()),
            c => Some(trim(c.text()).to_owned()),
        }
    };

    let name = text_of(Column::Name, bad).and_then(|text| {
        PersonName::parse(&text)
            .map_err(|e| bad(Column::Name, e.to_string()))
            .ok()
    });

    let (id, shape) = check_id(cell(Column::IdNumber), &mut |m| bad(Column::IdNumber, m));

    let village = match cell(Column::Village) {
        Cell::Number(x) if x.fract() == 0.0 && (1e11..1e12).contains(x) => Some(number_text(*x)),
        Cell::Number(_) | Cell::Date(_) => {
            bad(
                Column::Village,
                "村应填 12 位村级区划代码或村名，这里是一个数字/日期".into(),
            );
            None
        }
        _ => text_of(Column::Village, bad),
    };
    let village = village.and_then(|text| {
        let code = code_text(&text);
        let result = if text.is_empty() {
            Err("村不能为空：请填写 12 位村级区划代码或村名".to_owned())
        } else if code.bytes().all(|b| b.is_ascii_digit()) {
            if code.len() == 12 {
                places.check_code(&code).map(|()| code.into_owned())
            } else {
                Err(format!(
                    "村代码应为 12 位数字，实际为 {} 位（“{code}”）",
                    code.len()
                ))
            }
        } else {
            places.by_name(&text)
        };
        result.map_err(|m| bad(Column::Village, m)).ok()
    });

    let category = text_of(Column::Category, bad).and_then(|text| {
        BeneficiaryCategory::parse_label(&code_text(&text))
            .or_else(|| BeneficiaryCategory::parse_label(&text))
            .ok_or_else(|| {
                let choices: Vec<&str> = BeneficiaryCategory::ALL
                    .iter()
                    .map(|c| c.label_zh())
                    .collect();
                let message = if text.is_empty() {
                    format!("受益类别不能为空：可填 {}", choices.join("、"))
                } else {
                    format!("“{text}”不是受益类别：可填 {}", choices.join("、"))
                };
                bad(Column::Category, message);
            })
            .ok()
    });

    let aid = text_of(Column::Aid, bad).and_then(|text| {
        if text.is_empty() {
            bad(
                Column::Aid,
                "帮扶金额不能为空（非资金帮扶请填 0）".to_owned(),
            );
            return None;
        }
        Money::parse(&text)
            .map_err(|e| bad(Column::Aid, format!("{e}（单位为元，如 1200 或 1,200.50）")))
            .ok()
    });

    let date = check_date(cell(Column::Date), today, &mut |m| bad(Column::Date, m));

    let checked = match (name, id, village, category, aid, date) {
        (Some(name), Some(id), Some(village), Some(category), Some(aid), Some(date)) => {
            Some(Checked {
                name,
                id,
                village,
                category,
                aid,
                date,
            })
        }
        _ => None,
    };
    (checked, shape)
}

/// Checks an ID cell: text only, never a number Excel may have cut.
pub(crate) fn check_id(cell: &Cell, bad: &mut dyn FnMut(String)) -> (Option<IdNumber>, IdShape) {
    let text = match cell {
        Cell::Number(_) | Cell::Date(_) => {
            bad(ID_AS_NUMBER.to_owned());
            return (None, IdShape::Plain);
        }
        Cell::Undecodable => {
            bad(
                "无法识别的文字编码：请在 Excel 中另存为“CSV UTF-8”或直接上传 .xlsx 文件"
                    .to_owned(),
            );
            return (None, IdShape::Plain);
        }
        other => code_text(trim(other.text())).into_owned(),
    };
    // Excel's “text” prefix sometimes survives an export.
    let text = text.strip_prefix('\'').unwrap_or(&text);
    let ends_in_000 =
        text.len() == 18 && text.ends_with("000") && text.bytes().all(|b| b.is_ascii_digit());
    match IdNumber::parse(text) {
        Ok(id) if ends_in_000 => (Some(id), IdShape::EndsIn000),
        Ok(id) => (Some(id), IdShape::Plain),
        Err(IdNumberError::BadCheckChar { .. }) if ends_in_000 => {
            bad(ID_TRUNCATED.to_owned());
            (None, IdShape::Truncated)
        }
        Err(IdNumberError::Empty) => {
            bad("身份证号不能为空".to_owned());
            (None, IdShape::Plain)
        }
        Err(e) => {
            bad(e.to_string());
            (None, IdShape::Plain)
        }
    }
}

/// Checks a date cell: a date cell, an Excel serial, or text in a form officials type; not
/// before [`EARLIEST_DATE`], not after `today`.
pub(crate) fn check_date(cell: &Cell, today: Date, bad: &mut dyn FnMut(String)) -> Option<Date> {
    let parsed = match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(x) => excel_serial_date(*x).ok_or_else(|| {
            format!(
                "“{}”不是日期：请写成 2019-03-05 或设为日期格式",
                number_text(*x)
            )
        }),
        Cell::Undecodable => Err("无法识别的文字编码：请另存为“CSV UTF-8”".to_owned()),
        Cell::Empty => Err("帮扶日期不能为空".to_owned()),
        other => parse_date(other.text()).map_err(|e| e.to_string()),
    };
    let date = match parsed {
        Ok(date) => date,
        Err(message) => {
            bad(message);
            return None;
        }
    };
    if date < EARLIEST_DATE {
        bad(format!(
            "帮扶日期 {date} 早于 {EARLIEST_DATE}（精准扶贫开始之前），请核对"
        ));
        return None;
    }
    if date > today {
        bad(format!("帮扶日期 {date} 晚于今天（{today}），请核对"));
        return None;
    }
    Some(date)
}
