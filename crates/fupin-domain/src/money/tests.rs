#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn fen(s: &str) -> i64 {
    match Money::parse(s) {
        Ok(m) => m.fen(),
        Err(e) => unreachable!("{s}: {e}"),
    }
}

#[test]
fn accepts_what_officials_type() {
    for (text, expected) in [
        ("1234", 123_400),
        ("1,234.56", 123_456),
        ("1234.5元", 123_450),
        ("¥1,234.56", 123_456),
        ("￥1234", 123_400),
        ("1.2万元", 1_200_000),
        ("1.2万", 1_200_000),
        ("3亿元", 30_000_000_000),
        ("3亿", 30_000_000_000),
        ("１２３４．５６", 123_456),
        ("１，２３４．５６元", 123_456),
        ("  12.34 元 ", 1234),
        ("12.34元整", 1234),
        ("人民币 100 元", 10_000),
        ("¥ 0.01", 1),
        ("0", 0),
        ("-0", 0),
        ("+5", 500),
        ("1.23456万", 1_234_560),
        ("1.234567万", 1_234_567),
        ("1.2300", 123),
        ("0.0000000001亿", 1),
        ("1,234,567.89", 123_456_789),
        ("001", 100),
    ] {
        assert_eq!(fen(text), expected, "{text}");
    }
}

#[test]
fn refuses_too_many_decimals() {
    let err = Money::parse("1.234").unwrap_err();
    assert_eq!(
        err,
        MoneyError::TooManyDecimals {
            text: "1.234".to_owned()
        }
    );
    assert!(err.to_string().contains("最多两位小数"), "{err}");
    assert!(Money::parse("1.2345678万").is_err());
    assert!(Money::parse("0.00000000001亿").is_err());
}

#[test]
fn refuses_misplaced_thousands_separators() {
    for text in [
        "1,23.4",
        ",123",
        "1234,567",
        "1,2345",
        "12,34,567",
        "1.23,4",
        "1,",
    ] {
        assert!(
            matches!(
                Money::parse(text),
                Err(MoneyError::MisplacedThousandsSeparator { .. })
            ),
            "{text}: {:?}",
            Money::parse(text)
        );
    }
}

#[test]
fn refuses_bad_decimal_points() {
    for text in ["1.2.3", ".5", "5.", "1..2"] {
        assert!(
            matches!(
                Money::parse(text),
                Err(MoneyError::MisplacedDecimalPoint { .. })
            ),
            "{text}"
        );
    }
}

#[test]
fn refuses_negative_unless_signed() {
    assert_eq!(
        Money::parse("-12"),
        Err(MoneyError::Negative {
            text: "-12".to_owned()
        })
    );
    assert_eq!(Money::parse_signed("-12").unwrap().fen(), -1200);
    assert_eq!(Money::parse_signed("-¥1,234.56").unwrap().fen(), -123_456);
    assert_eq!(Money::parse_signed("¥-1,234.56").unwrap().fen(), -123_456);
    assert_eq!(Money::parse_signed("－1.5万元").unwrap().fen(), -1_500_000);
    assert!(Money::parse_signed("--1").is_err());
}

#[test]
fn reports_empty_missing_digits_and_bad_characters() {
    assert_eq!(Money::parse("  "), Err(MoneyError::Empty));
    assert_eq!(
        Money::parse("¥"),
        Err(MoneyError::MissingDigits {
            text: "¥".to_owned()
        })
    );
    assert_eq!(
        Money::parse("万元"),
        Err(MoneyError::MissingDigits {
            text: "万元".to_owned()
        })
    );
    assert_eq!(
        Money::parse("12a"),
        Err(MoneyError::InvalidCharacter {
            position: 3,
            ch: 'a'
        })
    );
    assert_eq!(
        Money::parse("12万美元"),
        Err(MoneyError::InvalidCharacter {
            position: 4,
            ch: '美'
        })
    );
    assert_eq!(
        Money::parse("1 234"),
        Err(MoneyError::InvalidCharacter {
            position: 2,
            ch: ' '
        })
    );
    assert_eq!(
        Money::parse("abc"),
        Err(MoneyError::InvalidCharacter {
            position: 1,
            ch: 'a'
        })
    );
    assert_eq!(
        Money::parse("1.2e5"),
        Err(MoneyError::InvalidCharacter {
            position: 4,
            ch: 'e'
        })
    );
}

#[test]
fn reports_overflow() {
    assert_eq!(fen("92233720368547758.07"), i64::MAX);
    assert!(matches!(
        Money::parse("92233720368547758.08"),
        Err(MoneyError::Overflow { .. })
    ));
    assert!(matches!(
        Money::parse("99999999999999999999999999999999999999999999"),
        Err(MoneyError::Overflow { .. })
    ));
    assert!(matches!(
        Money::parse("1000000000亿"),
        Err(MoneyError::Overflow { .. })
    ));
    assert_eq!(
        Money::parse_signed("-92233720368547758.08").unwrap().fen(),
        i64::MIN
    );
}

#[test]
fn displays_with_separators() {
    assert_eq!(Money::from_fen(123_456).to_string(), "¥1,234.56");
    assert_eq!(Money::from_fen(-123_456).to_string(), "-¥1,234.56");
    assert_eq!(Money::from_fen(5).to_string(), "¥0.05");
    assert_eq!(Money::from_fen(100_000).to_string(), "¥1,000.00");
    assert_eq!(Money::from_fen(99_999).to_string(), "¥999.99");
    assert_eq!(
        Money::from_fen(i64::MIN).to_string(),
        "-¥92,233,720,368,547,758.08"
    );
    assert_eq!(format!("{:?}", Money::from_fen(150)), "Money(¥1.50)");
    assert_eq!(Money::from_fen(-5).format_plain(), "-0.05");
    assert_eq!(Money::from_fen(123_456).format_plain(), "1234.56");
}

#[test]
fn checked_arithmetic() {
    let a = Money::from_fen(150);
    assert_eq!(a.checked_add(a), Some(Money::from_fen(300)));
    assert_eq!(Money::MAX.checked_add(Money::from_fen(1)), None);
    assert_eq!(
        a.checked_sub(Money::from_fen(200)),
        Some(Money::from_fen(-50))
    );
    assert_eq!(Money::from_fen(i64::MIN).checked_sub(a), None);
    assert_eq!(a.checked_mul(3), Some(Money::from_fen(450)));
    assert_eq!(Money::from_fen(i64::MIN).checked_neg(), None);
    assert_eq!(Money::from_yuan(12), Some(Money::from_fen(1200)));
    assert_eq!(Money::from_yuan(i64::MAX), None);
    assert_eq!(
        Money::sum([a, a, Money::from_fen(1)]),
        Some(Money::from_fen(301))
    );
    assert_eq!(Money::sum([Money::MAX, a]), None);
    assert_eq!(Money::sum(Vec::new()), Some(Money::ZERO));
    assert_eq!(Money::from_fen(199).yuan_floor(), 1);
    assert_eq!(Money::from_fen(-1).yuan_floor(), -1);
    assert!(Money::ZERO.is_zero());
    assert!(Money::from_fen(-1).is_negative());
}

#[test]
fn split_by_weights_adds_up() {
    let parts = Money::from_fen(100).split_by_weights(&[1, 1, 1]).unwrap();
    assert_eq!(
        parts,
        [
            Money::from_fen(34),
            Money::from_fen(33),
            Money::from_fen(33)
        ]
    );
    let parts = Money::from_fen(-100).split_by_weights(&[1, 1, 1]).unwrap();
    assert_eq!(Money::sum(parts), Some(Money::from_fen(-100)));
    assert_eq!(Money::from_fen(100).split_by_weights(&[]), None);
    assert_eq!(Money::from_fen(100).split_by_weights(&[0, 0]), None);
    let parts = Money::from_fen(1000).split_by_weights(&[3, 0, 7]).unwrap();
    assert_eq!(
        parts,
        [Money::from_fen(300), Money::ZERO, Money::from_fen(700)]
    );
}

#[test]
fn from_str_matches_parse() {
    assert_eq!("1.5万".parse::<Money>(), Ok(Money::from_fen(1_500_000)));
}
