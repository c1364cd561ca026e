#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;

#[test]
fn parses_what_officials_type() {
    let cases = [
        ("1234", 123_400),
        ("1,234.56", 123_456),
        ("1234.5元", 123_450),
        ("¥1,234.56", 123_456),
        ("￥1234", 123_400),
        ("1.2万元", 1_200_000),
        ("1.2万", 1_200_000),
        ("3亿元", 30_000_000_000),
        ("１２３４．５６", 123_456),
        ("  12.34 元 ", 1_234),
        ("1.23456万", 1_234_560),
        ("0.5", 50),
        (".5", 50),
        ("12.30", 1_230),
    ];
    for (text, fen) in cases {
        assert_eq!(Money::parse(text), Ok(Money::from_fen(fen)), "{text}");
    }
}

#[test]
fn refuses_with_a_specific_reason() {
    assert_eq!(Money::parse(""), Err(MoneyError::Empty));
    assert!(matches!(Money::parse("1.234"), Err(MoneyError::TooManyDecimals { .. })));
    assert!(matches!(Money::parse("1,23.4"), Err(MoneyError::BadGrouping { .. })));
    assert!(matches!(Money::parse("-5"), Err(MoneyError::Negative { .. })));
    assert_eq!(Money::parse_signed("-5"), Ok(Money::from_fen(-500)));
    assert!(matches!(Money::parse("12a"), Err(MoneyError::InvalidCharacter { position: 3, ch: 'a' })));
    assert!(matches!(Money::parse("99999999999999999999"), Err(MoneyError::Overflow { .. })));
    assert!(matches!(Money::parse("元"), Err(MoneyError::NotANumber { .. })));
    assert!(Money::parse("1.234").unwrap_err().to_string().contains("最多两位小数"));
}

#[test]
fn displays_with_yuan_sign_and_groups() {
    assert_eq!(Money::from_fen(123_456).to_string(), "¥1,234.56");
    assert_eq!(Money::from_fen(5).to_string(), "¥0.05");
    assert_eq!(Money::from_fen(-100_000_000).to_string(), "-¥1,000,000.00");
    assert_eq!(Money::ZERO.to_string(), "¥0.00");
}

#[test]
fn sums_refuse_overflow() {
    assert_eq!(Money::sum([Money::from_fen(1), Money::from_fen(2)]), Some(Money::from_fen(3)));
    assert_eq!(Money::sum([Money::from_fen(i64::MAX), Money::from_fen(1)]), None);
}

proptest! {
    #[test]
    fn display_round_trips(fen in 0_i64..=i64::MAX / 1000) {
        let money = Money::from_fen(fen);
        prop_assert_eq!(Money::parse(&money.to_string()), Ok(money));
    }

    #[test]
    fn plain_and_grouped_forms_agree(yuan in 0_u64..10_000_000_000, cents in 0_u32..100) {
        let plain = format!("{yuan}.{cents:02}");
        let fen = i64::try_from(yuan).unwrap() * 100 + i64::from(cents);
        prop_assert_eq!(Money::parse(&plain), Ok(Money::from_fen(fen)));
        prop_assert_eq!(Money::parse(&format!("{plain}元")), Ok(Money::from_fen(fen)));
    }

    #[test]
    fn wan_scales_by_ten_thousand(wan in 0_i64..1_000_000, frac in 0_u32..10_000) {
        let text = format!("{wan}.{frac:04}万元");
        prop_assert_eq!(Money::parse(&text), Ok(Money::from_fen(wan * 1_000_000 + i64::from(frac) * 100)));
    }

    #[test]
    fn never_panics(text in ".{0,24}") {
        let _ = Money::parse(&text);
    }
}
