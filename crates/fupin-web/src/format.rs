//! Numbers for people: thousands separators and compact money (`¥1.23亿`, `¥123.4 million`).
//!
//! Money is integer fen throughout; rounding is done in integers (half away from zero), never in
//! floating point. The exact amount (`Money`'s `Display`, `¥1,234.56`) goes in a `title` attribute
//! next to every compact figure.

use fupin_domain::Money;

use crate::i18n::Locale;

const FEN_PER_YUAN: u128 = 100;
const WAN: u128 = 10_000 * FEN_PER_YUAN;
const YI: u128 = 100_000_000 * FEN_PER_YUAN;
const MILLION: u128 = 1_000_000 * FEN_PER_YUAN;
const BILLION: u128 = 1_000_000_000 * FEN_PER_YUAN;

/// An integer with thousands separators: `1234567` → `1,234,567`.
pub fn count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group(u128::from(n.unsigned_abs())))
}

/// The exact amount, e.g. `¥1,234.56`.
pub fn money_exact(money: Money) -> String {
    money.to_string()
}

/// A compact amount for headline figures and tables.
///
/// Chinese: `¥1.23亿` from 1 亿 yuan, `¥4,567.8万` from 1 万 yuan; English: `¥1.23 billion`,
/// `¥123.4 million`; smaller amounts exactly. Trailing zero decimals are dropped (`¥5亿`).
pub fn money_compact(locale: Locale, money: Money) -> String {
    let fen = money.fen();
    let sign = if fen < 0 { "-" } else { "" };
    let abs = u128::from(fen.unsigned_abs());
    let (small_unit, small_decimals, large_unit, large_decimals, small_suffix, large_suffix) =
        match locale {
            Locale::Zh => (WAN, 1, YI, 2, "万", "亿"),
            Locale::En => (MILLION, 1, BILLION, 2, " million", " billion"),
        };
    let large = scaled(abs, large_unit, large_decimals);
    let small = scaled(abs, small_unit, small_decimals);
    let small_limit = (large_unit / small_unit) * 10_u128.pow(small_decimals);
    if abs >= large_unit || small >= small_limit {
        format!("{sign}¥{}{large_suffix}", decimal(large, large_decimals))
    } else if abs >= small_unit {
        format!("{sign}¥{}{small_suffix}", decimal(small, small_decimals))
    } else {
        money_exact(money)
    }
}

/// `value / unit` in units of `10^-decimals`, rounded half up.
fn scaled(value: u128, unit: u128, decimals: u32) -> u128 {
    let divisor = unit / 10_u128.pow(decimals);
    (value + divisor / 2) / divisor
}

/// A fixed-point number with `decimals` decimals, grouped, trailing zero decimals dropped.
fn decimal(scaled: u128, decimals: u32) -> String {
    let factor = 10_u128.pow(decimals);
    let whole = group(scaled / factor);
    let fraction = format!("{:0width$}", scaled % factor, width = decimals as usize);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        whole
    } else {
        format!("{whole}.{fraction}")
    }
}

fn group(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A moment as officials read it: Beijing time (UTC+8), `2026-11-28 16:05:09`.
pub fn beijing_time(at: time::OffsetDateTime) -> String {
    let local = at.to_offset(time::macros::offset!(+8));
    format!(
        "{} {:02}:{:02}:{:02}",
        local.date(),
        local.hour(),
        local.minute(),
        local.second()
    )
}

/// Parses a `YYYY-MM-DD` date typed in a form.
pub fn parse_date(text: &str) -> Option<time::Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), &format).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn moments_show_in_beijing_time() {
        let at = time::macros::datetime!(2026-11-28 23:05:09 UTC);
        assert_eq!(super::beijing_time(at), "2026-11-29 07:05:09");
        assert_eq!(
            super::parse_date(" 2026-01-02 "),
            Some(time::macros::date!(2026 - 01 - 02))
        );
        assert_eq!(super::parse_date("2026-13-01"), None);
    }

    use super::*;

    fn yuan(y: i64) -> Money {
        Money::from_fen(y * 100)
    }

    #[test]
    fn counts_are_grouped() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(-45_000), "-45,000");
    }

    #[test]
    fn chinese_uses_wan_and_yi() {
        let zh = |m| money_compact(Locale::Zh, m);
        assert_eq!(zh(yuan(123_456_789)), "¥1.23亿");
        assert_eq!(zh(yuan(45_678_000)), "¥4,567.8万");
        assert_eq!(zh(yuan(500_000_000)), "¥5亿");
        assert_eq!(zh(yuan(10_000)), "¥1万");
        assert_eq!(zh(yuan(1_234_567_890_123)), "¥12,345.68亿");
        // 9,999.96 万 rounds to 10,000.0 万, which is shown as 亿.
        assert_eq!(zh(yuan(99_999_600)), "¥1亿");
        assert_eq!(zh(Money::from_fen(123_456)), "¥1,234.56");
    }

    #[test]
    fn english_uses_million_and_billion() {
        let en = |m| money_compact(Locale::En, m);
        assert_eq!(en(yuan(123_456_789)), "¥123.5 million");
        assert_eq!(en(yuan(1_234_567_890)), "¥1.23 billion");
        assert_eq!(en(yuan(999_960_000)), "¥1 billion");
        assert_eq!(en(yuan(45_678_000)), "¥45.7 million");
        assert_eq!(en(Money::from_fen(99_999_999)), "¥999,999.99");
    }

    #[test]
    fn exact_is_the_money_display() {
        assert_eq!(
            money_exact(Money::from_fen(123_456_789_012)),
            "¥1,234,567,890.12"
        );
    }
}
