//! Errors from parsing or building a [`super::IdNumber`].

use crate::text::describe_char;

/// Why a text is not a valid 居民身份证号码 (GB 11643).
///
/// Positions are 1-based character positions in the trimmed input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdNumberError {
    /// Nothing but whitespace was given.
    #[error("身份证号码为空")]
    Empty,
    /// The text has neither 18 nor 15 characters.
    #[error("身份证号码应为 18 位（或旧版 15 位），实际为 {len} 位")]
    WrongLength {
        /// Number of characters after trimming.
        len: usize,
    },
    /// A character other than a digit (or X as the 18th character).
    #[error("身份证号码第 {position} 位字符{}无效：{}", describe_char(*.ch), position_hint(*.position))]
    InvalidCharacter {
        /// 1-based position.
        position: usize,
        /// The character as given.
        ch: char,
    },
    /// The 18th character does not match the ISO 7064 MOD 11-2 check.
    #[error("身份证号码校验位应为 {expected}，实际为 {found}（号码有误，请逐位核对）")]
    BadCheckChar {
        /// Check character computed from the first 17 digits.
        expected: char,
        /// Check character given.
        found: char,
    },
    /// The birth-date digits are not a real date between 1900 and 2100.
    #[error("身份证号码中的出生日期“{text}”不是 1900–2100 年间的有效日期")]
    InvalidBirthDate {
        /// The date digits (YYYYMMDD, or YYMMDD for a 15-digit number).
        text: String,
    },
    /// The first two digits are not a known province-level code.
    #[error("身份证号码前两位“{code}”不是有效的省级行政区划代码")]
    UnknownProvince {
        /// The first two digits.
        code: String,
    },
    /// The cell was stored by Excel as a number (e.g. `4.10522E+17`).
    #[error(
        "身份证号码显示为科学计数法（如 4.1E+17）：Excel 把该单元格存成了数字，后几位已经丢失，无法还原；请将该列设为“文本”格式后重新录入完整号码"
    )]
    LooksLikeScientificNotation,
    /// (Building only) the region prefix is not six digits.
    #[error("地址码应为 6 位数字，实际为“{text}”")]
    InvalidRegionPrefix {
        /// The region prefix given.
        text: String,
    },
    /// (Building only) the sequence number exceeds 999.
    #[error("顺序码应在 0–999 之间，实际为 {sequence}")]
    SequenceOutOfRange {
        /// The sequence number given.
        sequence: u16,
    },
}

fn position_hint(position: usize) -> &'static str {
    if position == 18 {
        "第 18 位只能是数字或 X"
    } else {
        "除第 18 位可为 X 外，其余各位只能是数字"
    }
}
