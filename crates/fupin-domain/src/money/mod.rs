//! Money in integer fen (分). Never a float: amounts are parsed digit by digit.

mod parse;
#[cfg(test)]
mod tests;

use std::fmt;

pub use parse::MoneyError;

/// An amount of renminbi in fen (1 元 = 100 分).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    /// Zero.
    pub const ZERO: Money = Money(0);

    /// An amount in fen.
    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// Whole yuan, rounded toward negative infinity.
    pub const fn yuan_floor(self) -> i64 {
        self.0.div_euclid(100)
    }

    /// Sum, or `None` on overflow.
    pub const fn checked_add(self, other: Money) -> Option<Money> {
        match self.0.checked_add(other.0) {
            Some(v) => Some(Money(v)),
            None => None,
        }
    }

    /// Difference, or `None` on overflow.
    pub const fn checked_sub(self, other: Money) -> Option<Money> {
        match self.0.checked_sub(other.0) {
            Some(v) => Some(Money(v)),
            None => None,
        }
    }

    /// Sum of many amounts, or `None` on overflow.
    pub fn sum<I: IntoIterator<Item = Money>>(amounts: I) -> Option<Money> {
        amounts.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }

    /// Parses a non-negative amount as officials type it: `1,234.56`, `1234.5元`, `¥1,234.56`,
    /// `1.2万元`, `3亿`, full-width digits, surrounding spaces.
    pub fn parse(text: &str) -> Result<Money, MoneyError> {
        parse::parse(text, false)
    }

    /// Like [`Money::parse`] but also accepts a leading minus sign (refunds, corrections).
    pub fn parse_signed(text: &str) -> Result<Money, MoneyError> {
        parse::parse(text, true)
    }
}

impl fmt::Display for Money {
    /// `¥1,234.56`; negative amounts as `-¥1,234.56`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let yuan = (abs / 100).to_string();
        let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
        for (i, digit) in yuan.chars().enumerate() {
            if i > 0 && (yuan.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        write!(f, "{sign}¥{grouped}.{:02}", abs % 100)
    }
}
