//! Names of beneficiaries: validated, and masked for display (`张*`, `欧阳*`).

#[cfg(test)]
mod tests;

use std::fmt;

use crate::text::describe_char;

/// Compound (two-character) surnames, so that masking keeps the whole surname.
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
    "令狐", "轩辕", "端木", "西门", "南宫", "独孤", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "闻人",
    "赫连", "拓跋", "钟离", "宗政", "濮阳", "淳于", "单于", "太叔", "仲孙", "万俟", "司空", "公羊", "乐正",
];

/// Longest accepted name, in characters.
pub const MAX_CHARS: usize = 30;

/// Why a name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PersonNameError {
    /// Nothing was given.
    #[error("姓名不能为空")]
    Empty,
    /// Longer than [`MAX_CHARS`].
    #[error("姓名过长：{len} 个字符，最多 {MAX_CHARS} 个")]
    TooLong {
        /// Characters given.
        len: usize,
    },
    /// A character that cannot be part of a name.
    #[error("姓名第 {position} 个字符 {} 无效：只能包含汉字、字母和间隔号“·”", describe_char(*.ch))]
    InvalidCharacter {
        /// 1-based position.
        position: usize,
        /// The character.
        ch: char,
    },
}

/// A person's name. `Display` and `Debug` show only the masked form; [`PersonName::as_str`] is the
/// full name for the few places that need it.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonName(String);

impl PersonName {
    /// Validates a name: trimmed; spaces inside a Chinese name removed (`张 三` → `张三`); the
    /// middle dot variants normalised to `·`; letters only.
    pub fn parse(text: &str) -> Result<PersonName, PersonNameError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(PersonNameError::Empty);
        }
        let has_latin = trimmed.chars().any(|c| c.is_ascii_alphabetic());
        let mut name = String::with_capacity(trimmed.len());
        for (i, c) in trimmed.chars().enumerate() {
            let c = match c {
                '•' | '・' | '‧' | '∙' | '.' => '·',
                other => other,
            };
            if c.is_whitespace() {
                // Latin names keep one space between words; Chinese names lose stray spaces.
                if has_latin && !name.ends_with(' ') {
                    name.push(' ');
                }
                continue;
            }
            if !(c.is_alphabetic() || c == '·') {
                return Err(PersonNameError::InvalidCharacter { position: i + 1, ch: c });
            }
            name.push(c);
        }
        let len = name.chars().count();
        if len > MAX_CHARS {
            return Err(PersonNameError::TooLong { len });
        }
        Ok(PersonName(name))
    }

    /// The full name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The surname as masking keeps it: a compound surname whole, the first segment's first
    /// character for names with `·`, else the first character.
    pub fn surname(&self) -> &str {
        if let Some(compound) = COMPOUND_SURNAMES.iter().find(|s| self.0.starts_with(**s)) {
            if self.0.chars().count() > 2 {
                return &self.0[..compound.len()];
            }
        }
        let first = self.0.chars().next().map_or(0, char::len_utf8);
        &self.0[..first]
    }

    /// The name with everything but the surname replaced by `*` (`张三`→`张*`, `欧阳修`→`欧阳*`);
    /// a one-character name becomes `*`.
    pub fn masked(&self) -> String {
        let total = self.0.chars().count();
        if total <= 1 {
            return "*".repeat(total);
        }
        let surname = self.surname();
        let hidden = total - surname.chars().count();
        format!("{surname}{}", "*".repeat(hidden))
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({})", self.masked())
    }
}
