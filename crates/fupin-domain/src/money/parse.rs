//! The amount parser behind [`super::Money::parse`].

use super::MoneyError;
use crate::text::to_halfwidth;

/// Accepted unit suffixes with the number of decimal digits of one unit
/// expressed in fen (元 = 10², 万元 = 10⁶, 亿元 = 10¹⁰), longest first.
const UNITS: &[(&str, u32)] = &[
    ("万元", 6),
    ("亿元", 10),
    ("元整", 2),
    ("万", 6),
    ("亿", 10),
    ("元", 2),
    ("圆", 2),
    ("", 2),
];

/// Parses `s` into fen; negative results are refused unless
/// `allow_negative`.
pub(super) fn parse_fen(s: &str, allow_negative: bool) -> Result<i64, MoneyError> {
    let trimmed = s.trim();
    if trimmed.is_empty() {
        return Err(MoneyError::Empty);
    }
    let original: Vec<char> = trimmed.chars().collect();
    let chars: Vec<char> = original.iter().copied().map(normalize_char).collect();
    let text = || trimmed.to_owned();
    let invalid = |i: usize| MoneyError::InvalidCharacter {
        position: i + 1,
        ch: original.get(i).copied().unwrap_or(' '),
    };

    let mut i = 0;
    let mut negative = false;
    let mut signed = false;
    let mut currency = false;
    // Sign and currency in either order: "-¥12", "¥-12", "人民币 12".
    loop {
        skip_spaces(&chars, &mut i);
        match chars.get(i) {
            Some('-' | '+') if !signed => {
                negative = chars[i] == '-';
                signed = true;
                i += 1;
            }
            Some('¥') if !currency => {
                currency = true;
                i += 1;
            }
            Some('人') if !currency && chars[i..].starts_with(&['人', '民', '币']) => {
                currency = true;
                i += 3;
            }
            _ => break,
        }
    }

    let number_start = i;
    while chars
        .get(i)
        .is_some_and(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
    {
        i += 1;
    }
    let number: String = chars[number_start..i].iter().collect();
    let after_number = i;
    skip_spaces(&chars, &mut i);
    let tail: String = chars[i..].iter().collect();
    let Some(&(_, scale)) = UNITS.iter().find(|(u, _)| *u == tail) else {
        // Report the first character that no unit accounts for; a space
        // followed by no unit at all (`1 234`) is itself the culprit.
        let matched = UNITS
            .iter()
            .filter(|(u, _)| tail.starts_with(u))
            .map(|(u, _)| u.chars().count())
            .max()
            .unwrap_or(0);
        if matched == 0 && i > after_number {
            return Err(invalid(after_number));
        }
        return Err(invalid(i + matched));
    };
    if number.is_empty() {
        return Err(MoneyError::MissingDigits { text: text() });
    }

    let (int_part, frac_part) =
        split_number(&number).ok_or_else(|| MoneyError::MisplacedDecimalPoint { text: text() })?;
    let int_digits = check_grouping(int_part)
        .ok_or_else(|| MoneyError::MisplacedThousandsSeparator { text: text() })?;
    if frac_part.contains(',') {
        return Err(MoneyError::MisplacedThousandsSeparator { text: text() });
    }
    let frac = frac_part.trim_end_matches('0');
    let frac_len = u32::try_from(frac.len()).unwrap_or(u32::MAX);
    if frac_len > scale {
        return Err(MoneyError::TooManyDecimals { text: text() });
    }

    let overflow = || MoneyError::Overflow { text: text() };
    let int_value = digits_value(&int_digits).ok_or_else(overflow)?;
    let frac_value = digits_value(frac).ok_or_else(overflow)?;
    let magnitude = int_value
        .checked_mul(10u128.pow(scale))
        .and_then(|v| v.checked_add(frac_value * 10u128.pow(scale - frac_len)))
        .ok_or_else(overflow)?;

    let magnitude = i128::try_from(magnitude).map_err(|_| overflow())?;
    let value = if negative { -magnitude } else { magnitude };
    if value < 0 && !allow_negative {
        return Err(MoneyError::Negative { text: text() });
    }
    i64::try_from(value).map_err(|_| overflow())
}

fn normalize_char(c: char) -> char {
    match c {
        '￥' => '¥',
        '\u{2212}' => '-',
        _ => to_halfwidth(c),
    }
}

fn skip_spaces(chars: &[char], i: &mut usize) {
    while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
        *i += 1;
    }
}

/// Splits at the single decimal point; both sides must have digits when
/// the point is present.
fn split_number(number: &str) -> Option<(&str, &str)> {
    match number.split_once('.') {
        None => Some((number, "")),
        Some((int, frac)) => {
            let ok = !int.is_empty() && !frac.is_empty() && !frac.contains('.');
            ok.then_some((int, frac))
        }
    }
}

/// Removes thousands separators if they are placed every three digits.
fn check_grouping(int_part: &str) -> Option<String> {
    if !int_part.contains(',') {
        return Some(int_part.to_owned());
    }
    let mut groups = int_part.split(',');
    let first = groups.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut digits = first.to_owned();
    for group in groups {
        if group.len() != 3 {
            return None;
        }
        digits.push_str(group);
    }
    Some(digits)
}

/// The value of a string of ASCII digits (`0` for the empty string);
/// `None` on overflow of `u128`.
fn digits_value(digits: &str) -> Option<u128> {
    digits.bytes().try_fold(0u128, |acc, b| {
        acc.checked_mul(10)?.checked_add(u128::from(b - b'0'))
    })
}
