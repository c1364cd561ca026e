//! 姓名: a beneficiary's name, with masking for display.

mod error;
mod surname;
#[cfg(test)]
mod tests;

pub use error::PersonNameError;
pub use surname::COMPOUND_SURNAMES;

use std::fmt;
use std::str::FromStr;

use crate::text::to_halfwidth;

/// Maximum number of characters.
pub const MAX_LEN: usize = 30;
/// The middle dot used in minority and foreign names after normalization.
pub const MIDDLE_DOT: char = '·';

/// A validated person name.
///
/// Normalization: trimmed; `•`, `・`, `‧`, `∙` and a period (`.`, `．`),
/// often typed for the middle dot, become `·`; full-width Latin letters
/// become ASCII; whitespace is removed from names containing Chinese
/// characters and around dots, and collapsed to one space in Latin-script
/// names.
///
/// Personal data: `Display` and `Debug` print [`PersonName::masked`];
/// serialization is deliberately not provided, use [`PersonName::as_str`].
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonName(String);

/// Whether `c` is a CJK ideograph (including extensions and `〇`).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2A6DF}'
        | '\u{2A700}'..='\u{2EBEF}'
        | '\u{30000}'..='\u{323AF}')
}

fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || (('\u{00C0}'..='\u{024F}').contains(&c) && c.is_alphabetic())
}

fn normalize_char(c: char) -> char {
    match c {
        '•' | '・' | '‧' | '∙' | '･' => MIDDLE_DOT,
        _ => match to_halfwidth(c) {
            '.' => MIDDLE_DOT,
            h => h,
        },
    }
}

impl PersonName {
    /// Parses and normalizes a name (see the type documentation).
    pub fn parse(s: &str) -> Result<Self, PersonNameError> {
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return Err(PersonNameError::Empty);
        }
        // (1-based position in the trimmed input, normalized char)
        let mut chars: Vec<(usize, char)> = Vec::with_capacity(trimmed.len());
        for (i, orig) in trimmed.chars().enumerate() {
            let c = normalize_char(orig);
            if !(is_han(c) || is_latin_letter(c) || c == MIDDLE_DOT || c.is_whitespace()) {
                return Err(PersonNameError::InvalidCharacter {
                    position: i + 1,
                    ch: orig,
                });
            }
            chars.push((i + 1, c));
        }
        let has_han = chars.iter().any(|(_, c)| is_han(*c));
        let mut kept: Vec<(usize, char)> = Vec::with_capacity(chars.len());
        for (idx, &(pos, c)) in chars.iter().enumerate() {
            if !c.is_whitespace() {
                kept.push((pos, c));
                continue;
            }
            let prev = kept.last().map(|(_, p)| *p);
            let next = chars[idx + 1..]
                .iter()
                .map(|(_, n)| *n)
                .find(|n| !n.is_whitespace());
            let drop = has_han
                || prev.is_none_or(|p| p == ' ' || p == MIDDLE_DOT)
                || next.is_none_or(|n| n == MIDDLE_DOT);
            if !drop {
                kept.push((pos, ' '));
            }
        }
        for (idx, &(position, c)) in kept.iter().enumerate() {
            if c != MIDDLE_DOT {
                continue;
            }
            let at_edge = idx == 0 || idx + 1 == kept.len();
            let doubled = idx > 0 && kept[idx - 1].1 == MIDDLE_DOT;
            if at_edge || doubled {
                return Err(PersonNameError::MisplacedDot { position });
            }
        }
        if kept.len() > MAX_LEN {
            return Err(PersonNameError::TooLong {
                len: kept.len(),
                max: MAX_LEN,
            });
        }
        Ok(Self(kept.into_iter().map(|(_, c)| c).collect()))
    }

    /// The full normalized name. Personal data: log only [`Self::masked`].
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Number of characters.
    pub fn char_len(&self) -> usize {
        self.0.chars().count()
    }

    /// Whether the name is written with a middle dot (`阿依古丽·买买提`).
    pub fn has_middle_dot(&self) -> bool {
        self.0.contains(MIDDLE_DOT)
    }

    /// The surname of a Han name without middle dot (`欧阳` of `欧阳修`,
    /// `张` of `张三`); `None` for single-character, dotted and Latin names.
    pub fn surname(&self) -> Option<&str> {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() < 2 || self.has_middle_dot() || !chars.iter().all(|c| is_han(*c)) {
            return None;
        }
        let len: usize = chars[..surname::compound_surname_len(&chars)]
            .iter()
            .map(|c| c.len_utf8())
            .sum();
        self.0.get(..len)
    }

    /// Keeps the surname and replaces every other letter with `*`:
    /// `张三` → `张*`, `张三丰` → `张**`, `欧阳修` → `欧阳*`, `李` → `*`.
    /// Dotted and Latin names keep only their first letter; dots and spaces
    /// are kept.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.len() == 1 {
            return "*".to_owned();
        }
        let keep = self.surname().map_or(1, |s| s.chars().count());
        chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                if i < keep || c == MIDDLE_DOT || c == ' ' {
                    c
                } else {
                    '*'
                }
            })
            .collect()
    }
}

impl fmt::Display for PersonName {
    /// Prints the masked form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for PersonName {
    /// Prints `PersonName(<masked>)`; never the full name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({})", self.masked())
    }
}

impl FromStr for PersonName {
    type Err = PersonNameError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for PersonName {
    type Error = PersonNameError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl<'de> serde::Deserialize<'de> for PersonName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}
