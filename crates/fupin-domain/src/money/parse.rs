//! Parsing amounts as officials type them.

use crate::text::{describe_char, to_halfwidth};

use super::Money;

/// Why an amount was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Nothing was given.
    #[error("金额不能为空")]
    Empty,
    /// A character that has no place in an amount.
    #[error("金额中有无效字符 {} (第 {position} 个字符)", describe_char(*.ch))]
    InvalidCharacter {
        /// 1-based character position.
        position: usize,
        /// The character.
        ch: char,
    },
    /// More decimal places than fen allow.
    #[error("金额“{text}”最多两位小数（精确到分）")]
    TooManyDecimals {
        /// The text given.
        text: String,
    },
    /// Thousands separators not every three digits.
    #[error("金额“{text}”的千分位逗号位置不对（应每三位一个，如 1,234,567.89）")]
    BadGrouping {
        /// The text given.
        text: String,
    },
    /// A negative amount where only non-negative ones are allowed.
    #[error("金额不能为负数：“{text}”")]
    Negative {
        /// The text given.
        text: String,
    },
    /// Larger than the platform can hold.
    #[error("金额“{text}”过大")]
    Overflow {
        /// The text given.
        text: String,
    },
    /// Not a number at all.
    #[error("“{text}”不是金额：应为数字，如 1234.56、1,234.56元 或 1.2万元")]
    NotANumber {
        /// The text given.
        text: String,
    },
}

pub(super) fn parse(original: &str, allow_negative: bool) -> Result<Money, MoneyError> {
    let text: String = original.chars().map(to_halfwidth).collect();
    let mut rest = text.trim();
    if rest.is_empty() {
        return Err(MoneyError::Empty);
    }
    let owned = || original.trim().to_owned();
    let negative = if let Some(r) = rest.strip_prefix('-') {
        rest = r.trim_start();
        true
    } else {
        false
    };
    if negative && !allow_negative {
        return Err(MoneyError::Negative { text: owned() });
    }
    rest = rest.trim_start_matches(['¥', '￥']).trim();
    rest = rest.strip_suffix("人民币").unwrap_or(rest).trim_end();
    rest = rest.strip_suffix('元').unwrap_or(rest).trim_end();
    // 万 and 亿 scale by 10^4 and 10^8: counted as extra decimal places we may absorb.
    let scale_digits: u32 = if let Some(r) = rest.strip_suffix('万') {
        rest = r.trim_end();
        4
    } else if let Some(r) = rest.strip_suffix('亿') {
        rest = r.trim_end();
        8
    } else {
        0
    };
    if rest.is_empty() {
        return Err(MoneyError::NotANumber { text: owned() });
    }
    let (int_part, frac_part) = match rest.split_once('.') {
        Some((i, f)) => (i, f),
        None => (rest, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(MoneyError::NotANumber { text: owned() });
    }
    if let Some(bad) = rest.chars().find(|c| !(c.is_ascii_digit() || *c == ',' || *c == '.')) {
        let trimmed = original.trim();
        let index = trimmed.chars().position(|c| to_halfwidth(c) == bad).unwrap_or(0);
        let ch = trimmed.chars().nth(index).unwrap_or(bad);
        return Err(MoneyError::InvalidCharacter { position: index + 1, ch });
    }
    if frac_part.contains([',', '.']) {
        return Err(MoneyError::NotANumber { text: owned() });
    }
    let digits = ungroup(int_part).ok_or_else(|| MoneyError::BadGrouping { text: owned() })?;
    // value = digits.frac × 10^scale, in fen = × 100.
    let shift = scale_digits + 2;
    let frac = frac_part.trim_end_matches('0');
    if frac.len() as u32 > shift {
        return Err(MoneyError::TooManyDecimals { text: owned() });
    }
    let mut fen: i64 = 0;
    let overflow = || MoneyError::Overflow { text: owned() };
    for d in digits.bytes().chain(frac.bytes()) {
        fen = fen.checked_mul(10).and_then(|v| v.checked_add(i64::from(d - b'0'))).ok_or_else(overflow)?;
    }
    for _ in 0..(shift - frac.len() as u32) {
        fen = fen.checked_mul(10).ok_or_else(overflow)?;
    }
    Ok(Money(if negative { -fen } else { fen }))
}

/// The digits of an integer part, with thousands separators checked and removed.
fn ungroup(int_part: &str) -> Option<String> {
    if !int_part.contains(',') {
        return Some(if int_part.is_empty() { "0".to_owned() } else { int_part.to_owned() });
    }
    let groups: Vec<&str> = int_part.split(',').collect();
    let first_ok = (1..=3).contains(&groups[0].len());
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    (first_ok && rest_ok).then(|| groups.concat())
}
