//! Errors from parsing a [`super::RegionCode`].

use crate::text::describe_char;

/// Why a text is not a valid region code.
///
/// Positions are 1-based character positions in the trimmed input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RegionCodeError {
    /// Nothing but whitespace was given.
    #[error("行政区划代码为空")]
    Empty,
    /// A character other than a digit.
    #[error("行政区划代码第 {position} 位字符{}无效，只能是数字", describe_char(*.ch))]
    InvalidCharacter {
        /// 1-based position.
        position: usize,
        /// The character as given.
        ch: char,
    },
    /// Not 2, 4, 6, 9 or 12 digits.
    #[error(
        "行政区划代码应为 2（省）、4（地）、6（县）、9（乡）或 12（村）位数字，实际为 {len} 位"
    )]
    WrongLength {
        /// Number of characters after trimming.
        len: usize,
    },
    /// The first two digits are not a known province-level code.
    #[error("行政区划代码前两位“{code}”不是有效的省级代码")]
    UnknownProvince {
        /// The first two digits.
        code: String,
    },
    /// `child` was asked for a segment that does not make a next-level code.
    #[error("“{parent}”的下级代码段应为 {expected} 位数字，实际为“{segment}”")]
    BadChildSegment {
        /// The parent code.
        parent: String,
        /// The segment given.
        segment: String,
        /// Number of digits expected (0 under a village).
        expected: usize,
    },
}
