//! Cell normalization for files as offices make them: stray spaces (including the full-width space
//! U+3000, NBSP and zero-width characters), full-width digits and letters, header names typed with
//! spaces, line breaks or `*` markers, and dates in the forms officials type or Excel stores.
//!
//! Pure functions, no I/O; property-tested in `tests` below.

use std::borrow::Cow;

use time::{Date, Duration, Month};

/// Whether `c` is a space an office file may carry around or inside a value: ASCII whitespace,
/// the full-width space U+3000, NBSP, zero-width spaces and joiners, and the byte-order mark.
pub fn is_stray_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Maps a full-width ASCII variant (U+FF01..=U+FF5E) to ASCII and the full-width space to a space;
/// other characters are returned unchanged.
pub fn halfwidth(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFF01 + 0x21).unwrap_or(c),
        _ => c,
    }
}

/// Trims stray spaces (see [`is_stray_space`]) from both ends; borrows when nothing changes.
pub fn trim(text: &str) -> &str {
    text.trim_matches(is_stray_space)
}

/// The form of a code-like cell (ID number, date, amount, region code): full-width characters made
/// ASCII and every stray space removed, inside too (`4101 0519…`, `２０１９－０３－０５`).
pub fn code_text(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b.is_ascii_graphic()) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(halfwidth)
            .filter(|c| !is_stray_space(*c))
            .collect(),
    )
}

/// The key a header cell is matched by: stray spaces and line breaks removed, full-width made
/// ASCII, required-field markers (`*`, `※`) dropped, lowercase. `帮扶金额\n（元）` and
/// `帮扶金额(元)` give the same key.
pub fn header_key(text: &str) -> String {
    text.chars()
        .map(halfwidth)
        .filter(|c| !is_stray_space(*c) && !matches!(c, '*' | '※'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why a date cell was refused; the `Display` says what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Nothing was given.
    #[error("日期为空")]
    Empty,
    /// Not one of the accepted forms.
    #[error(
        "无法识别的日期“{0}”：请写成 2019-03-05、2019/3/5 或 2019年3月5日（Excel 中可设为日期格式）"
    )]
    Unrecognized(String),
    /// The parts do not make a real date.
    #[error("“{0}”不是有效的日期（月份或日期超出范围）")]
    NoSuchDate(String),
}

/// Parses a date as officials type it: `2019-03-05`, `2019/3/5`, `2019.3.5`, `2019年3月5日`,
/// `20190305`, each optionally followed by a time (`2019-03-05 00:00:00`, as Excel exports date
/// cells); full-width digits and stray spaces are accepted.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let trimmed: String = trim(text).chars().map(halfwidth).collect();
    // A time after the date ("2019-03-05 00:00:00", as Excel exports date cells) is dropped.
    let date_part = if trimmed.contains(':') {
        trimmed
            .split(|c: char| is_stray_space(c) || c == 'T')
            .next()
            .unwrap_or_default()
    } else {
        &trimmed
    };
    let date_part = code_text(date_part);
    if date_part.is_empty() {
        return Err(DateError::Empty);
    }
    let text = &trimmed;
    let unrecognized = || DateError::Unrecognized(text.to_string());
    let parts: Vec<&str> = if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit())
    {
        vec![&date_part[..4], &date_part[4..6], &date_part[6..]]
    } else {
        date_part
            .trim_end_matches('日')
            .split(['-', '/', '.', '年', '月'])
            .collect()
    };
    let [year, month, day] = parts.as_slice() else {
        return Err(unrecognized());
    };
    let number = |part: &str, max_len: usize| -> Option<u32> {
        (!part.is_empty() && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return Err(unrecognized());
    };
    if year < 1000 {
        return Err(unrecognized());
    }
    let no_such = || DateError::NoSuchDate(text.to_string());
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(no_such)?;
    let day = u8::try_from(day).map_err(|_| no_such())?;
    let year = i32::try_from(year).map_err(|_| no_such())?;
    Date::from_calendar_date(year, month, day).map_err(|_| no_such())
}

/// The date of an Excel serial day number in the 1900 date system (day 1 = 1900-01-01, with
/// Excel's phantom 1900-02-29 as day 60). Fractions (times of day) are dropped. `None` for
/// serials before day 1 or beyond year 9999.
pub fn excel_serial_date(serial: f64) -> Option<Date> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    // Day 61 is 1900-03-01; before it Excel counts from 1899-12-31.
    let epoch = if days >= 61 {
        Date::from_calendar_date(1899, Month::December, 30).ok()?
    } else {
        Date::from_calendar_date(1899, Month::December, 31).ok()?
    };
    epoch.checked_add(Duration::days(days))
}

/// Formats a number read from a spreadsheet cell as a decimal without exponent, for amount
/// columns (`1234.5` → `"1234.5"`, `1e6` → `"1000000"`).
pub fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        // Money has at most two decimals; rounding to 6 removes float noise (0.1 + 0.2).
        let text = format!("{value:.6}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use proptest::prelude::*;
    use time::macros::date;

    use super::*;

    #[test]
    fn dates_in_the_forms_officials_type() {
        for text in [
            "2019-03-05",
            "2019/3/5",
            "2019.3.5",
            "2019年3月5日",
            "2019年03月05日",
            "20190305",
            "２０１９－０３－０５",
            " 2019-03-05\u{3000}",
            "2019-03-05 00:00:00",
            "2019/3/5 0:00",
            "2019-03-05T00:00:00",
        ] {
            assert_eq!(parse_date(text), Ok(date!(2019 - 03 - 05)), "{text}");
        }
    }

    #[test]
    fn bad_dates_say_what_to_write() {
        assert_eq!(parse_date(""), Err(DateError::Empty));
        assert!(matches!(
            parse_date("2019-02-30"),
            Err(DateError::NoSuchDate(_))
        ));
        assert!(matches!(
            parse_date("43529"),
            Err(DateError::Unrecognized(_))
        ));
        assert!(matches!(
            parse_date("3/5/2019"),
            Err(DateError::Unrecognized(_))
        ));
        assert!(
            parse_date("去年")
                .unwrap_err()
                .to_string()
                .contains("2019-03-05")
        );
    }

    #[test]
    fn excel_serials_match_excel() {
        assert_eq!(excel_serial_date(1.0), Some(date!(1900 - 01 - 01)));
        assert_eq!(excel_serial_date(59.0), Some(date!(1900 - 02 - 28)));
        assert_eq!(excel_serial_date(61.0), Some(date!(1900 - 03 - 01)));
        assert_eq!(excel_serial_date(43529.0), Some(date!(2019 - 03 - 05)));
        assert_eq!(excel_serial_date(43529.75), Some(date!(2019 - 03 - 05)));
        assert_eq!(excel_serial_date(0.0), None);
        assert_eq!(excel_serial_date(f64::NAN), None);
    }

    #[test]
    fn header_keys_ignore_layout() {
        assert_eq!(header_key("帮扶金额\n（元）"), header_key("帮扶金额(元)"));
        assert_eq!(header_key(" *姓　名 "), "姓名");
        assert_eq!(header_key("ID_Number"), "id_number");
    }

    #[test]
    fn numbers_print_without_exponent() {
        assert_eq!(number_text(1234.5), "1234.5");
        assert_eq!(number_text(1e6), "1000000");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
    }

    fn fullwidth(c: char) -> char {
        match c {
            ' ' => '\u{3000}',
            '!'..='~' => char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap_or(c),
            _ => c,
        }
    }

    fn spaces() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just(' '),
                Just('\u{3000}'),
                Just('\u{a0}'),
                Just('\t'),
                Just('\u{200b}'),
                Just('\u{feff}')
            ],
            0..4,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn any_real_date_round_trips_in_every_form(
            days in 0_i64..40_000,
            form in 0_usize..5,
            wide in any::<bool>(),
            (before, after) in (spaces(), spaces()),
        ) {
            let d = date!(1950 - 01 - 01) + Duration::days(days);
            let (y, m, dd) = (d.year(), u8::from(d.month()), d.day());
            let text = match form {
                0 => format!("{y}-{m:02}-{dd:02}"),
                1 => format!("{y}/{m}/{dd}"),
                2 => format!("{y}年{m}月{dd}日"),
                3 => format!("{y}{m:02}{dd:02}"),
                _ => format!("{y}-{m:02}-{dd:02} 00:00:00"),
            };
            let text: String = if wide { text.chars().map(fullwidth).collect() } else { text };
            prop_assert_eq!(parse_date(&format!("{before}{text}{after}")), Ok(d));
        }

        #[test]
        fn the_date_parser_never_panics(text in "\\PC{0,24}") {
            let _ = parse_date(&text);
        }

        #[test]
        fn serials_are_consecutive_days(serial in 61_u32..2_900_000) {
            let a = excel_serial_date(f64::from(serial)).unwrap();
            let b = excel_serial_date(f64::from(serial + 1)).unwrap();
            prop_assert_eq!(b - a, Duration::days(1));
        }

        #[test]
        fn code_text_removes_spaces_and_width(s in "[0-9A-Za-z.\\-/]{0,20}", (a, b) in (spaces(), spaces())) {
            let wide: String = s.chars().map(fullwidth).collect();
            let mixed = format!("{a}{wide}{b}");
            prop_assert_eq!(code_text(&mixed).into_owned(), s.clone());
            prop_assert_eq!(code_text(&s).into_owned(), s.clone());
        }

        #[test]
        fn trim_leaves_no_stray_space_at_the_ends(s in "\\PC{0,16}", (a, b) in (spaces(), spaces())) {
            let t = trim(&format!("{a}{s}{b}")).to_owned();
            prop_assert!(!t.starts_with(is_stray_space) && !t.ends_with(is_stray_space));
            prop_assert_eq!(t.as_str(), trim(&s));
        }

        #[test]
        fn header_keys_are_stable(s in "\\PC{0,16}") {
            let k = header_key(&s);
            prop_assert_eq!(header_key(&k), k.clone());
        }

        #[test]
        fn integral_amounts_print_exactly(n in 0_i64..1_000_000_000_000) {
            prop_assert_eq!(number_text(n as f64), n.to_string());
        }
    }
}
