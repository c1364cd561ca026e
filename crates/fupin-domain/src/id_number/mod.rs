//! 居民身份证号码 (GB 11643-1999 citizen identification number).
//!
//! An [`IdNumber`] is always the normalized 18-character form: 17 digits
//! plus an ISO 7064 MOD 11-2 check character (`0`–`9` or `X`). Legacy
//! 15-digit numbers are converted on parsing. `Display` and `Debug` print
//! only the masked form; use [`IdNumber::as_str`] deliberately when the full
//! number is needed (storage, registry matching).

mod error;
#[cfg(test)]
mod tests;

pub use error::IdNumberError;

use std::fmt;
use std::str::FromStr;

use time::{Date, Month};

use crate::province::is_province_code;
use crate::text::to_halfwidth;

/// Weights of the first 17 digits in the MOD 11-2 check.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character indexed by `sum mod 11`.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Earliest birth year accepted.
pub const MIN_BIRTH_YEAR: i32 = 1900;
/// Latest birth year accepted (today's date is not known to pure code).
pub const MAX_BIRTH_YEAR: i32 = 2100;

/// A validated 18-character 居民身份证号码.
///
/// Personal data: `Display` and `Debug` print the masked form
/// (`4105**********123X`); serialization is deliberately not provided, use
/// [`IdNumber::as_str`]. Deserialization parses and validates.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber(String);

impl IdNumber {
    /// Parses an ID number as typed or imported.
    ///
    /// Trims surrounding whitespace; accepts full-width digits, `Ｘ`/`ｘ` and a
    /// lowercase `x` (stored as `X`); converts 15-digit legacy numbers by
    /// inserting `19` before the year and computing the check character.
    pub fn parse(s: &str) -> Result<Self, IdNumberError> {
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(IdNumberError::Empty);
        }
        let normalized: Vec<char> = trimmed
            .chars()
            .map(|c| to_halfwidth(c).to_ascii_uppercase())
            .collect();
        if looks_like_scientific_notation(&normalized) {
            return Err(IdNumberError::LooksLikeScientificNotation);
        }
        let len = normalized.len();
        for (i, (&c, orig)) in normalized.iter().zip(trimmed.chars()).enumerate() {
            let ok = c.is_ascii_digit() || (c == 'X' && i == 17 && len == 18);
            if !ok {
                return Err(IdNumberError::InvalidCharacter {
                    position: i + 1,
                    ch: orig,
                });
            }
        }
        let text: String = normalized.into_iter().collect();
        match len {
            18 => Self::validate18(text),
            15 => Self::from_legacy15(&text),
            _ => Err(IdNumberError::WrongLength { len }),
        }
    }

    /// Validates an 18-character string of digits (last may be `X`).
    fn validate18(text: String) -> Result<Self, IdNumberError> {
        check_province(&text[0..2])?;
        parse_birth_date(&text[6..14])?;
        let expected =
            Self::check_char(&text[..17]).ok_or(IdNumberError::WrongLength { len: 18 })?;
        let found = text[17..].chars().next().unwrap_or(' ');
        if expected != found {
            return Err(IdNumberError::BadCheckChar { expected, found });
        }
        Ok(Self(text))
    }

    /// Converts a 15-digit legacy number (6 region + YYMMDD + 3 sequence).
    fn from_legacy15(text: &str) -> Result<Self, IdNumberError> {
        check_province(&text[0..2])?;
        let date = format!("19{}", &text[6..12]);
        parse_birth_date(&date).map_err(|_| IdNumberError::InvalidBirthDate {
            text: text[6..12].to_owned(),
        })?;
        let first17 = format!("{}{}{}", &text[0..6], date, &text[12..15]);
        let check = Self::check_char(&first17).ok_or(IdNumberError::WrongLength { len: 15 })?;
        Ok(Self(format!("{first17}{check}")))
    }

    /// Computes the MOD 11-2 check character of the first 17 digits.
    ///
    /// Returns `None` unless `first17` is exactly 17 ASCII digits.
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = first17
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        CHECK_CHARS.get((sum % 11) as usize).copied()
    }

    /// Builds a valid number from its parts, computing the check character
    /// (used by the demo generator).
    ///
    /// `region6` must be six digits starting with a known province code,
    /// `birth` must fall in 1900..=2100 and `sequence` in 0..=999 (odd for
    /// men, even for women).
    pub fn from_parts(region6: &str, birth: Date, sequence: u16) -> Result<Self, IdNumberError> {
        if region6.len() != 6 || !region6.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdNumberError::InvalidRegionPrefix {
                text: region6.to_owned(),
            });
        }
        check_province(&region6[0..2])?;
        if !(MIN_BIRTH_YEAR..=MAX_BIRTH_YEAR).contains(&birth.year()) {
            return Err(IdNumberError::InvalidBirthDate {
                text: format!(
                    "{:04}{:02}{:02}",
                    birth.year(),
                    u8::from(birth.month()),
                    birth.day()
                ),
            });
        }
        if sequence > 999 {
            return Err(IdNumberError::SequenceOutOfRange { sequence });
        }
        let first17 = format!(
            "{region6}{:04}{:02}{:02}{sequence:03}",
            birth.year(),
            u8::from(birth.month()),
            birth.day()
        );
        let check = Self::check_char(&first17).ok_or(IdNumberError::InvalidRegionPrefix {
            text: region6.to_owned(),
        })?;
        Ok(Self(format!("{first17}{check}")))
    }

    /// The full 18-character number. Personal data: log only [`Self::masked`].
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The date of birth encoded in digits 7–14.
    pub fn birth_date(&self) -> Date {
        // Validated on construction; the fallback is never reached.
        parse_birth_date(&self.0[6..14]).unwrap_or(Date::MIN)
    }

    /// The six-digit address code (county where first registered).
    pub fn region_prefix(&self) -> &str {
        &self.0[0..6]
    }

    /// The three-digit sequence code (digits 15–17).
    pub fn sequence(&self) -> u16 {
        self.0[14..17].parse().unwrap_or(0)
    }

    /// Whether the 17th digit is odd (male).
    pub fn is_male(&self) -> bool {
        self.0.as_bytes()[16] % 2 == 1
    }

    /// The check character (18th).
    pub fn check(&self) -> char {
        char::from(self.0.as_bytes()[17])
    }

    /// Keeps the first 4 and last 4 characters: `4105**********123X`.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "*".repeat(10), &self.0[14..])
    }

    /// Age in whole years on `on` (0 if `on` precedes the birth date).
    pub fn age_on(&self, on: Date) -> u32 {
        let birth = self.birth_date();
        let mut years = on.year() - birth.year();
        if (u8::from(on.month()), on.day()) < (u8::from(birth.month()), birth.day()) {
            years -= 1;
        }
        u32::try_from(years).unwrap_or(0)
    }
}

fn check_province(code: &str) -> Result<(), IdNumberError> {
    if is_province_code(code) {
        Ok(())
    } else {
        Err(IdNumberError::UnknownProvince {
            code: code.to_owned(),
        })
    }
}

/// Parses `YYYYMMDD` (ASCII digits) into a date in 1900..=2100.
fn parse_birth_date(text: &str) -> Result<Date, IdNumberError> {
    let bad = || IdNumberError::InvalidBirthDate {
        text: text.to_owned(),
    };
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: i32 = text[0..4].parse().map_err(|_| bad())?;
    let month: u8 = text[4..6].parse().map_err(|_| bad())?;
    let day: u8 = text[6..8].parse().map_err(|_| bad())?;
    if !(MIN_BIRTH_YEAR..=MAX_BIRTH_YEAR).contains(&year) {
        return Err(bad());
    }
    let month = Month::try_from(month).map_err(|_| bad())?;
    Date::from_calendar_date(year, month, day).map_err(|_| bad())
}

/// `4.1E+17`, `4.10522E+17`, `4E17`, `4.1e17`: what Excel shows for a long
/// number cell.
fn looks_like_scientific_notation(chars: &[char]) -> bool {
    let Some(e) = chars.iter().position(|&c| c == 'E') else {
        return false;
    };
    let (mantissa, exponent) = (&chars[..e], &chars[e + 1..]);
    let exponent = match exponent.first() {
        Some('+') => &exponent[1..],
        _ => exponent,
    };
    let mut dots = 0;
    let mantissa_ok = !mantissa.is_empty()
        && mantissa.iter().all(|&c| {
            if c == '.' {
                dots += 1;
                true
            } else {
                c.is_ascii_digit()
            }
        })
        && dots <= 1
        && mantissa.first().is_some_and(char::is_ascii_digit);
    mantissa_ok && !exponent.is_empty() && exponent.iter().all(char::is_ascii_digit)
}

impl fmt::Display for IdNumber {
    /// Prints the masked form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for IdNumber {
    /// Prints `IdNumber(<masked>)`; never the full number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl FromStr for IdNumber {
    type Err = IdNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for IdNumber {
    type Error = IdNumberError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl<'de> serde::Deserialize<'de> for IdNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}
