//! 行政区划代码: GB/T 2260 codes (province 2, prefecture 4, county 6
//! digits) extended by the NBS statistical codes (township 9, village 12).
//!
//! A [`RegionCode`] is kept exactly as long as its level requires; padded
//! forms such as `130102000000` are accepted only through
//! [`RegionCode::from_padded`].

mod error;
mod level;
#[cfg(test)]
mod tests;

pub use error::RegionCodeError;
pub use level::RegionLevel;

use std::fmt;
use std::str::FromStr;

use crate::province::{is_province_code, province_name};
use crate::text::to_halfwidth;

/// A validated region code of 2, 4, 6, 9 or 12 digits.
///
/// Ordering is lexicographic, which lists every code right before its
/// descendants (tree pre-order). Serde writes and reads the digit string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses an exact code: trims, accepts full-width digits, requires
    /// 2/4/6/9/12 digits and a known province prefix.
    pub fn parse(s: &str) -> Result<Self, RegionCodeError> {
        let digits = digits_of(s)?;
        Self::from_digits(digits)
    }

    /// Parses a code padded with trailing zero groups, as officials type
    /// them: `130102000000` → `130102`, `110000` → `11`, `110100` → `1101`.
    ///
    /// Zero groups are stripped from the right down to the province, so a
    /// county-level code whose own segment is `00` (东莞市 `441900`) comes out
    /// as its prefecture (`4419`); use [`RegionCode::parse`] for exact codes.
    pub fn from_padded(s: &str) -> Result<Self, RegionCodeError> {
        let mut digits = digits_of(s)?;
        let Some(mut level) = RegionLevel::from_digits(digits.len()) else {
            return Err(RegionCodeError::WrongLength { len: digits.len() });
        };
        while let Some(parent) = level.parent() {
            if !digits[parent.digits()..].bytes().all(|b| b == b'0') {
                break;
            }
            digits.truncate(parent.digits());
            level = parent;
        }
        Self::from_digits(digits)
    }

    fn from_digits(digits: String) -> Result<Self, RegionCodeError> {
        if RegionLevel::from_digits(digits.len()).is_none() {
            return Err(RegionCodeError::WrongLength { len: digits.len() });
        }
        let province = &digits[..2];
        if !is_province_code(province) {
            return Err(RegionCodeError::UnknownProvince {
                code: province.to_owned(),
            });
        }
        Ok(Self(digits))
    }

    /// The code's digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The level, from the number of digits.
    pub fn level(&self) -> RegionLevel {
        RegionLevel::from_digits(self.0.len()).unwrap_or(RegionLevel::Province)
    }

    /// The code one level up (`None` for a province).
    pub fn parent(&self) -> Option<Self> {
        self.level().parent().map(|l| self.truncated(l))
    }

    /// All ancestors, province first, excluding `self`.
    pub fn ancestors(&self) -> Vec<Self> {
        RegionLevel::ALL
            .iter()
            .filter(|l| **l < self.level())
            .map(|l| self.truncated(*l))
            .collect()
    }

    /// The code at `level` that contains `self`: `self` itself at its own
    /// level, `None` for a level below `self`.
    pub fn ancestor_at(&self, level: RegionLevel) -> Option<Self> {
        (level <= self.level()).then(|| self.truncated(level))
    }

    /// Whether `other` is `self` or lies inside it.
    pub fn contains(&self, other: &Self) -> bool {
        other.0.starts_with(&self.0)
    }

    /// Whether `other` lies strictly inside `self`.
    pub fn is_ancestor_of(&self, other: &Self) -> bool {
        self.0.len() < other.0.len() && self.contains(other)
    }

    /// The province containing `self` (possibly `self`).
    pub fn province(&self) -> Self {
        self.truncated(RegionLevel::Province)
    }

    /// The prefecture containing `self`, if `self` is at that level or below.
    pub fn prefecture(&self) -> Option<Self> {
        self.ancestor_at(RegionLevel::Prefecture)
    }

    /// The county containing `self`, if `self` is at that level or below.
    pub fn county(&self) -> Option<Self> {
        self.ancestor_at(RegionLevel::County)
    }

    /// The township containing `self`, if `self` is at that level or below.
    pub fn township(&self) -> Option<Self> {
        self.ancestor_at(RegionLevel::Township)
    }

    /// The province's name (e.g. `贵州省`).
    pub fn province_name(&self) -> &'static str {
        province_name(&self.0[..2]).unwrap_or("")
    }

    /// The code one level down made of `self` and `segment` (2 digits under
    /// a province or prefecture, 3 under a county or township).
    pub fn child(&self, segment: &str) -> Result<Self, RegionCodeError> {
        let expected = self
            .level()
            .child()
            .map_or(0, |c| c.digits() - self.0.len());
        if expected == 0
            || segment.len() != expected
            || !segment.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(RegionCodeError::BadChildSegment {
                parent: self.0.clone(),
                segment: segment.to_owned(),
                expected,
            });
        }
        Ok(Self(format!("{}{segment}", self.0)))
    }

    /// The code padded with zeros to `level`'s width (`11` → `110000` for
    /// [`RegionLevel::County`]); `None` if `level` is above `self`.
    pub fn padded(&self, level: RegionLevel) -> Option<String> {
        (level >= self.level()).then(|| format!("{:0<width$}", self.0, width = level.digits()))
    }

    fn truncated(&self, level: RegionLevel) -> Self {
        Self(self.0[..level.digits()].to_owned())
    }
}

/// Trims, maps full-width digits and checks every character is a digit.
fn digits_of(s: &str) -> Result<String, RegionCodeError> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Err(RegionCodeError::Empty);
    }
    trimmed
        .chars()
        .enumerate()
        .map(|(i, c)| {
            let d = to_halfwidth(c);
            if d.is_ascii_digit() {
                Ok(d)
            } else {
                Err(RegionCodeError::InvalidCharacter {
                    position: i + 1,
                    ch: c,
                })
            }
        })
        .collect()
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({})", self.0)
    }
}

impl FromStr for RegionCode {
    type Err = RegionCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for RegionCode {
    type Error = RegionCodeError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl AsRef<str> for RegionCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl serde::Serialize for RegionCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for RegionCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}
