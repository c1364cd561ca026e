//! Property tests for `Money`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_domain::{Money, MoneyError};
use proptest::prelude::*;

/// Independent thousands grouping for the tests.
fn group(yuan: u64) -> String {
    let digits = yuan.to_string();
    let bytes = digits.as_bytes();
    let mut out = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && (bytes.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(char::from(*b));
    }
    out
}

fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap(),
            _ => c,
        })
        .collect()
}

proptest! {
    #[test]
    fn parse_display_round_trip(fen in 0i64..=i64::MAX) {
        let m = Money::from_fen(fen);
        prop_assert_eq!(Money::parse(&m.to_string()), Ok(m));
        prop_assert_eq!(Money::parse(&m.format_plain()), Ok(m));
    }

    #[test]
    fn parse_signed_display_round_trip(fen in any::<i64>()) {
        let m = Money::from_fen(fen);
        prop_assert_eq!(Money::parse_signed(&m.to_string()), Ok(m));
        prop_assert_eq!(Money::parse_signed(&m.format_plain()), Ok(m));
        if fen < 0 {
            let is_negative_error = matches!(Money::parse(&m.to_string()), Err(MoneyError::Negative { .. }));
            prop_assert!(is_negative_error);
        }
    }

    #[test]
    fn grouped_and_decorated_forms(
        yuan in 0u64..1_000_000_000_000_000,
        cents in 0u64..100,
        decoration in 0usize..6,
        wide in any::<bool>(),
    ) {
        let number = format!("{}.{:02}", group(yuan), cents);
        let text = match decoration {
            0 => number.clone(),
            1 => format!("¥{number}"),
            2 => format!("￥{number}"),
            3 => format!("{number}元"),
            4 => format!("  {number} 元 "),
            _ => format!("¥ {number}"),
        };
        let text = if wide { to_full_width(&text) } else { text };
        let expected = i64::try_from(yuan * 100 + cents).unwrap();
        prop_assert_eq!(Money::parse(&text), Ok(Money::from_fen(expected)), "{}", text);
    }

    #[test]
    fn wan_and_yi_scale(int in 0u64..100_000, frac in 0u64..1_000_000, width in 1usize..=6, yi in any::<bool>()) {
        let frac = frac % 10u64.pow(u32::try_from(width).unwrap());
        let unit = if yi { "亿元" } else { "万元" };
        let scale: u64 = if yi { 10_000_000_000 } else { 1_000_000 };
        let text = format!("{int}.{frac:0width$}{unit}");
        let expected = int * scale + frac * (scale / 10u64.pow(u32::try_from(width).unwrap()));
        prop_assert_eq!(Money::parse(&text), Ok(Money::from_fen(i64::try_from(expected).unwrap())), "{}", text);
    }

    #[test]
    fn sub_fen_precision_is_refused(yuan in 0u64..1_000_000, cents in 0u64..100, extra in 1u64..10) {
        let text = format!("{yuan}.{cents:02}{extra}");
        let is_too_many = matches!(Money::parse(&text), Err(MoneyError::TooManyDecimals { .. }));
        prop_assert!(is_too_many, "{}", text);
    }

    #[test]
    fn misplaced_separators_are_refused(head in 1u64..1000, tail in 0u64..100) {
        // A group of two digits after a comma.
        let text = format!("{head},{tail:02}");
        let is_misplaced = matches!(Money::parse(&text), Err(MoneyError::MisplacedThousandsSeparator { .. }));
        prop_assert!(is_misplaced, "{}", text);
    }

    #[test]
    fn sum_is_checked(amounts in proptest::collection::vec(any::<i64>(), 0..8)) {
        let exact: i128 = amounts.iter().map(|a| i128::from(*a)).sum();
        let partial_overflow = amounts
            .iter()
            .try_fold(0i64, |acc, a| acc.checked_add(*a))
            .is_none();
        let result = Money::sum(amounts.iter().copied().map(Money::from_fen));
        if partial_overflow {
            prop_assert_eq!(result, None);
        } else {
            prop_assert_eq!(result.map(|m| i128::from(m.fen())), Some(exact));
        }
    }

    #[test]
    fn split_by_weights_is_exact(fen in any::<i64>(), weights in proptest::collection::vec(0u64..1_000_000, 1..10)) {
        prop_assume!(weights.iter().any(|w| *w > 0));
        let parts = Money::from_fen(fen).split_by_weights(&weights).unwrap();
        prop_assert_eq!(parts.len(), weights.len());
        let total: i128 = parts.iter().map(|p| i128::from(p.fen())).sum();
        prop_assert_eq!(total, i128::from(fen));
        for (p, w) in parts.iter().zip(&weights) {
            if *w == 0 {
                prop_assert_eq!(*p, Money::ZERO);
            }
        }
    }

    #[test]
    fn serde_is_integer_fen(fen in any::<i64>()) {
        let m = Money::from_fen(fen);
        let json = serde_json::to_string(&m).unwrap();
        prop_assert_eq!(&json, &fen.to_string());
        prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
    }

    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = Money::parse(&s);
        let _ = Money::parse_signed(&s);
    }
}
