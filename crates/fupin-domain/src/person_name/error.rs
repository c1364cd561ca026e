//! Errors from parsing a [`super::PersonName`].

use crate::text::describe_char;

/// Why a text is not an acceptable person name.
///
/// Positions are 1-based character positions in the trimmed input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PersonNameError {
    /// Nothing but whitespace was given.
    #[error("姓名为空")]
    Empty,
    /// Longer than the maximum after normalization.
    #[error("姓名过长：最多 {max} 个字符，实际为 {len} 个")]
    TooLong {
        /// Number of characters after normalization.
        len: usize,
        /// The maximum allowed.
        max: usize,
    },
    /// A digit, punctuation mark or other non-letter.
    #[error("姓名第 {position} 位字符{}无效：姓名只能包含汉字、拉丁字母和少数民族姓名间隔号“·”", describe_char(*.ch))]
    InvalidCharacter {
        /// 1-based position.
        position: usize,
        /// The character as given.
        ch: char,
    },
    /// A middle dot at the start or end, or two in a row.
    #[error("姓名第 {position} 位的间隔号“·”位置不对：不能在开头、结尾或连续出现")]
    MisplacedDot {
        /// 1-based position.
        position: usize,
    },
}
