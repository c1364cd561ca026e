//! Errors from parsing a [`super::Money`] amount.

use crate::text::describe_char;

/// Why a text is not an acceptable amount of money.
///
/// Positions are 1-based character positions in the trimmed input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Nothing but whitespace was given.
    #[error("金额为空")]
    Empty,
    /// Only a currency sign or unit, no digits.
    #[error("金额“{text}”中没有数字")]
    MissingDigits {
        /// The text given.
        text: String,
    },
    /// A character that cannot appear in an amount.
    #[error("金额第 {position} 位字符{}无效：金额只能由数字、千分位逗号、小数点和单位（元、万元、亿元）组成", describe_char(*.ch))]
    InvalidCharacter {
        /// 1-based position.
        position: usize,
        /// The character as given.
        ch: char,
    },
    /// More than one decimal point, or a point with no digits after it.
    #[error("金额“{text}”的小数点位置不对：只能有一个小数点，且前后都要有数字")]
    MisplacedDecimalPoint {
        /// The text given.
        text: String,
    },
    /// Thousands separators not every three digits (`1,23.4`).
    #[error("金额“{text}”的千分位逗号位置不对：逗号应每三位一个（如 1,234,567.89）")]
    MisplacedThousandsSeparator {
        /// The text given.
        text: String,
    },
    /// Finer than a fen after applying the unit (`1.234` 元).
    #[error("金额“{text}”精度超过分：换算成元后最多两位小数")]
    TooManyDecimals {
        /// The text given.
        text: String,
    },
    /// A negative amount where only non-negative ones are allowed.
    #[error("金额“{text}”为负数：此处不接受负数金额")]
    Negative {
        /// The text given.
        text: String,
    },
    /// Larger in magnitude than `i64::MAX` fen.
    #[error("金额“{text}”超出可表示的范围（最大为 92,233,720,368,547,758.07 元）")]
    Overflow {
        /// The text given.
        text: String,
    },
}
