//! Amounts of money in integer fen (分). Never floats.

mod error;
mod parse;
#[cfg(test)]
mod tests;

pub use error::MoneyError;

use std::fmt;
use std::str::FromStr;

/// An amount of renminbi in fen (1 元 = 100 分), possibly negative.
///
/// Arithmetic is checked only (`checked_add`, [`Money::sum`], …): there are
/// deliberately no `+`/`Sum` operators, which would wrap or panic on
/// overflow. Serde writes the integer number of fen.
#[derive(
    Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    /// Zero.
    pub const ZERO: Self = Self(0);
    /// The largest amount.
    pub const MAX: Self = Self(i64::MAX);

    /// An amount of `fen` 分.
    pub const fn from_fen(fen: i64) -> Self {
        Self(fen)
    }

    /// An amount of whole 元; `None` on overflow.
    pub const fn from_yuan(yuan: i64) -> Option<Self> {
        match yuan.checked_mul(100) {
            Some(fen) => Some(Self(fen)),
            None => None,
        }
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Whole yuan, rounded towards negative infinity (`-0.01` → `-1`).
    pub const fn yuan_floor(self) -> i64 {
        self.0.div_euclid(100)
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// `self + other`, `None` on overflow.
    pub const fn checked_add(self, other: Self) -> Option<Self> {
        match self.0.checked_add(other.0) {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }

    /// `self - other`, `None` on overflow.
    pub const fn checked_sub(self, other: Self) -> Option<Self> {
        match self.0.checked_sub(other.0) {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }

    /// `self × factor` (e.g. unit price × quantity), `None` on overflow.
    pub const fn checked_mul(self, factor: i64) -> Option<Self> {
        match self.0.checked_mul(factor) {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }

    /// `-self`, `None` for the minimum value.
    pub const fn checked_neg(self) -> Option<Self> {
        match self.0.checked_neg() {
            Some(v) => Some(Self(v)),
            None => None,
        }
    }

    /// The total of `amounts`, `None` if any partial sum overflows.
    pub fn sum<I: IntoIterator<Item = Self>>(amounts: I) -> Option<Self> {
        amounts
            .into_iter()
            .try_fold(Self::ZERO, |acc, m| acc.checked_add(m))
    }

    /// Splits the amount in proportion to `weights` so that the parts add
    /// up exactly (largest-remainder method, ties to the earlier part).
    /// `None` if `weights` is empty or all zero.
    pub fn split_by_weights(self, weights: &[u64]) -> Option<Vec<Self>> {
        let total_weight: u128 = weights.iter().map(|w| u128::from(*w)).sum();
        if total_weight == 0 {
            return None;
        }
        let amount = u128::from(self.0.unsigned_abs());
        let mut parts: Vec<u128> = Vec::with_capacity(weights.len());
        let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
        for (i, w) in weights.iter().enumerate() {
            let product = amount * u128::from(*w);
            parts.push(product / total_weight);
            remainders.push((product % total_weight, i));
        }
        let assigned: u128 = parts.iter().sum();
        let mut left = amount - assigned;
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, i) in remainders {
            if left == 0 {
                break;
            }
            parts[i] += 1;
            left -= 1;
        }
        parts
            .into_iter()
            .map(|p| {
                let p = i64::try_from(p).ok()?;
                Some(Self(if self.0 < 0 { -p } else { p }))
            })
            .collect()
    }

    /// Parses a non-negative amount as officials type it: `1234`,
    /// `1,234.56`, `1234.5元`, `¥1,234.56`, `￥1234`, `1.2万元`, `1.2万`,
    /// `3亿元`, full-width digits and punctuation, `12.34 元`.
    ///
    /// The result must be a whole number of fen after applying the unit
    /// (`1.23456万` is fine, `1.234` 元 is not); thousands separators must
    /// come every three digits.
    pub fn parse(s: &str) -> Result<Self, MoneyError> {
        parse::parse_fen(s, false).map(Self)
    }

    /// Like [`Money::parse`] but also accepts negative amounts (`-¥12.00`,
    /// `¥-12`, `-12元`).
    pub fn parse_signed(s: &str) -> Result<Self, MoneyError> {
        parse::parse_fen(s, true).map(Self)
    }

    /// Plain decimal yuan without currency sign or separators: `1234.56`,
    /// `-0.05` (for CSV exports).
    pub fn format_plain(self) -> String {
        let abs = self.0.unsigned_abs();
        let sign = if self.0 < 0 { "-" } else { "" };
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Display for Money {
    /// `¥1,234.56`; negative amounts as `-¥1,234.56`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        let sign = if self.0 < 0 { "-" } else { "" };
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Money({self})")
    }
}

impl FromStr for Money {
    type Err = MoneyError;
    /// Same as [`Money::parse`] (non-negative only).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}
