//! 统一社会信用代码 (GB 32100-2015 unified social credit code).
//!
//! 18 characters from the alphabet `0123456789ABCDEFGHJKLMNPQRTUWXY`:
//! registration authority (1), organization category (1), region code of
//! the registering authority (6), GB 11714 organization code (9, its last
//! character a MOD 11 check) and a MOD 31 check character.

mod error;
#[cfg(test)]
mod tests;

pub use error::CreditCodeError;

use std::fmt;
use std::str::FromStr;

use crate::province::is_province_code;
use crate::taxonomy::OrgType;
use crate::text::to_halfwidth;

/// The 31 characters allowed, each worth its index.
pub const ALPHABET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of the first 17 characters in the MOD 31 check.
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];
/// Weights of the 8 organization-code body characters (GB 11714).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
/// Registration-authority character of civil-affairs (民政) registrations.
pub const CIVIL_AFFAIRS_AUTHORITY: char = '5';
/// Region code used by national-level registrations.
pub const NATIONAL_REGION: &str = "100000";

/// A validated 统一社会信用代码. Public information: `Display` prints it in
/// full, serde reads and writes the 18-character string.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CreditCode(String);

fn alphabet_value(c: char) -> Option<u32> {
    ALPHABET.find(c).and_then(|i| u32::try_from(i).ok())
}

fn alphabet_char(value: u32) -> Option<char> {
    ALPHABET.chars().nth(usize::try_from(value).ok()?)
}

impl CreditCode {
    /// Parses a code as typed: trims, uppercases, accepts full-width
    /// characters, and checks alphabet, length, region and both check
    /// characters.
    pub fn parse(s: &str) -> Result<Self, CreditCodeError> {
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        let text = normalize(trimmed.chars(), 1)?;
        let len = text.chars().count();
        if len != 18 {
            return Err(CreditCodeError::WrongLength { len });
        }
        check_region(&text[2..8])?;
        let expected =
            Self::org_code_check_char(&text[8..16]).ok_or(CreditCodeError::WrongLength { len })?;
        let found = char_at(&text, 16);
        if expected != found {
            return Err(CreditCodeError::BadOrgCodeCheck { expected, found });
        }
        let expected = Self::check_char(&text[..17]).ok_or(CreditCodeError::WrongLength { len })?;
        let found = char_at(&text, 17);
        if expected != found {
            return Err(CreditCodeError::BadCheckChar { expected, found });
        }
        Ok(Self(text))
    }

    /// Builds a valid code from its parts, computing the organization-code
    /// check (17th) and the final check (18th) characters.
    pub fn from_parts(
        authority: char,
        category: char,
        region6: &str,
        org_body8: &str,
    ) -> Result<Self, CreditCodeError> {
        if region6.chars().count() != 6 {
            return Err(CreditCodeError::BadRegion {
                text: region6.to_owned(),
            });
        }
        let len = org_body8.chars().count() + 10;
        if len != 18 {
            return Err(CreditCodeError::WrongLength { len });
        }
        let parts = [authority, category]
            .into_iter()
            .chain(region6.chars())
            .chain(org_body8.chars());
        let first16 = normalize(parts, 1)?;
        check_region(&first16[2..8])?;
        let org_check = Self::org_code_check_char(&first16[8..16])
            .ok_or(CreditCodeError::WrongLength { len })?;
        let first17 = format!("{first16}{org_check}");
        let check = Self::check_char(&first17).ok_or(CreditCodeError::WrongLength { len })?;
        Ok(Self(format!("{first17}{check}")))
    }

    /// The MOD 31 check character of the first 17 characters, `None` unless
    /// `first17` is 17 characters of [`ALPHABET`].
    pub fn check_char(first17: &str) -> Option<char> {
        if first17.chars().count() != 17 {
            return None;
        }
        let mut sum = 0;
        for (c, w) in first17.chars().zip(WEIGHTS) {
            sum += alphabet_value(c)? * w;
        }
        alphabet_char((31 - sum % 31) % 31)
    }

    /// The GB 11714 check character of an 8-character organization-code
    /// body (digits and uppercase letters, `A` = 10 … `Z` = 35): `0`–`9` or
    /// `X`. `None` for other input.
    pub fn org_code_check_char(body8: &str) -> Option<char> {
        if body8.chars().count() != 8 {
            return None;
        }
        let mut sum = 0;
        for (c, w) in body8.chars().zip(ORG_WEIGHTS) {
            let v = match c {
                '0'..='9' | 'A'..='Z' => c.to_digit(36)?,
                _ => return None,
            };
            sum += v * w;
        }
        match 11 - sum % 11 {
            10 => Some('X'),
            11 => Some('0'),
            d => char::from_digit(d, 10),
        }
    }

    /// The 18-character code.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Character 1: the registration-authority code (`5` = 民政).
    pub fn registration_authority(&self) -> char {
        char_at(&self.0, 0)
    }

    /// Character 2: the organization category within the authority.
    pub fn category(&self) -> char {
        char_at(&self.0, 1)
    }

    /// Whether the code was issued by civil affairs (社会组织).
    pub fn is_social_organization(&self) -> bool {
        self.registration_authority() == CIVIL_AFFAIRS_AUTHORITY
    }

    /// For civil-affairs codes (`5…`): 社会团体 (`1`), 民办非企业单位/社会服务机构
    /// (`2`), 基金会 (`3`), 其他 (`9`). `None` otherwise.
    pub fn social_org_kind(&self) -> Option<OrgType> {
        if self.is_social_organization() {
            OrgType::from_credit_category(self.category())
        } else {
            None
        }
    }

    /// Characters 3–8: the registering authority's region code.
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }

    /// Characters 9–17: the GB 11714 organization code.
    pub fn org_code(&self) -> &str {
        &self.0[8..17]
    }

    /// Character 18: the MOD 31 check character.
    pub fn check(&self) -> char {
        char_at(&self.0, 17)
    }
}

/// Maps to half-width uppercase and checks the alphabet; `first_position`
/// is the 1-based position of the first character.
fn normalize(
    chars: impl Iterator<Item = char>,
    first_position: usize,
) -> Result<String, CreditCodeError> {
    chars
        .enumerate()
        .map(|(i, c)| {
            let n = to_halfwidth(c).to_ascii_uppercase();
            if alphabet_value(n).is_some() {
                Ok(n)
            } else {
                Err(CreditCodeError::InvalidCharacter {
                    position: i + first_position,
                    ch: c,
                })
            }
        })
        .collect()
}

fn check_region(text: &str) -> Result<(), CreditCodeError> {
    let ok = text.len() == 6
        && text.bytes().all(|b| b.is_ascii_digit())
        && (is_province_code(&text[..2]) || text == NATIONAL_REGION);
    if ok {
        Ok(())
    } else {
        Err(CreditCodeError::BadRegion {
            text: text.to_owned(),
        })
    }
}

/// The ASCII character at byte `i` (all codes are ASCII once normalized).
fn char_at(s: &str, i: usize) -> char {
    s.as_bytes().get(i).map_or(' ', |b| char::from(*b))
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CreditCode({})", self.0)
    }
}

impl FromStr for CreditCode {
    type Err = CreditCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for CreditCode {
    type Error = CreditCodeError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl serde::Serialize for CreditCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for CreditCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}
