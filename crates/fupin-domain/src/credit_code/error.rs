//! Errors from parsing or building a [`super::CreditCode`].

use crate::text::describe_char;

/// Why a text is not a valid 统一社会信用代码 (GB 32100).
///
/// Positions are 1-based character positions in the trimmed input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CreditCodeError {
    /// Nothing but whitespace was given.
    #[error("统一社会信用代码为空")]
    Empty,
    /// Not 18 characters.
    #[error("统一社会信用代码应为 18 位，实际为 {len} 位")]
    WrongLength {
        /// Number of characters after trimming.
        len: usize,
    },
    /// A character outside `0-9 A-H J-N P-R T U W-Y`.
    #[error("统一社会信用代码第 {position} 位字符{}无效：{}", describe_char(*.ch), char_hint(*.ch))]
    InvalidCharacter {
        /// 1-based position.
        position: usize,
        /// The character as given.
        ch: char,
    },
    /// Characters 3–8 are not a valid administrative region code.
    #[error(
        "统一社会信用代码第 3–8 位登记管理机关行政区划码“{text}”无效：应为 6 位数字，前两位为有效省级代码（全国性组织为 100000）"
    )]
    BadRegion {
        /// Characters 3–8.
        text: String,
    },
    /// The 17th character does not match the GB 11714 organization-code check.
    #[error(
        "统一社会信用代码第 17 位（组织机构代码校验位）应为 {expected}，实际为 {found}（代码有误，请逐位核对）"
    )]
    BadOrgCodeCheck {
        /// Check character computed from characters 9–16.
        expected: char,
        /// Character given.
        found: char,
    },
    /// The 18th character does not match the MOD 31 check.
    #[error(
        "统一社会信用代码校验位（第 18 位）应为 {expected}，实际为 {found}（代码有误，请逐位核对）"
    )]
    BadCheckChar {
        /// Check character computed from the first 17 characters.
        expected: char,
        /// Character given.
        found: char,
    },
}

fn char_hint(ch: char) -> &'static str {
    match ch.to_ascii_uppercase() {
        'I' | 'O' | 'S' | 'V' | 'Z' => {
            "统一社会信用代码不使用字母 I、O、S、V、Z，请核对（I 多为 1，O 多为 0，S 多为 5，Z 多为 2）"
        }
        _ => "只能是数字或大写字母（不含 I、O、S、V、Z）",
    }
}
