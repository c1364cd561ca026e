//! Small text helpers shared by the parsers (crate-private).

/// Maps a full-width ASCII variant (U+FF01..=U+FF5E) and the ideographic
/// space (U+3000) to its ASCII counterpart; other characters are returned
/// unchanged. The mapping is one char to one char, so positions are kept.
pub(crate) fn to_halfwidth(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFF01 + 0x21).unwrap_or(c),
        _ => c,
    }
}

/// Describes a character for an error message: printable characters are
/// quoted, whitespace and control characters are named by code point.
pub(crate) fn describe_char(c: char) -> String {
    if c == ' ' {
        "空格".to_owned()
    } else if c == '\u{3000}' {
        "全角空格".to_owned()
    } else if c.is_whitespace() || c.is_control() {
        format!("U+{:04X}（空白或控制字符）", u32::from(c))
    } else {
        format!("“{c}”")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halfwidth_maps_digits_letters_and_punctuation() {
        assert_eq!(to_halfwidth('１'), '1');
        assert_eq!(to_halfwidth('Ｘ'), 'X');
        assert_eq!(to_halfwidth('ｘ'), 'x');
        assert_eq!(to_halfwidth('，'), ',');
        assert_eq!(to_halfwidth('．'), '.');
        assert_eq!(to_halfwidth('\u{3000}'), ' ');
        assert_eq!(to_halfwidth('张'), '张');
    }

    #[test]
    fn describe_names_whitespace() {
        assert_eq!(describe_char('a'), "“a”");
        assert_eq!(describe_char(' '), "空格");
        assert_eq!(describe_char('\t'), "U+0009（空白或控制字符）");
    }
}
