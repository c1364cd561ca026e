//! Property tests for `IdNumber`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_domain::province::PROVINCES;
use fupin_domain::{IdNumber, IdNumberError};
use proptest::prelude::*;
use time::Date;

fn region6() -> impl Strategy<Value = String> {
    (0..PROVINCES.len(), 0u32..10_000).prop_map(|(p, rest)| format!("{}{rest:04}", PROVINCES[p].0))
}

fn birth(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = Date> {
    (years, 1u16..=365).prop_map(|(y, d)| Date::from_ordinal_date(y, d).unwrap())
}

fn valid_id() -> impl Strategy<Value = IdNumber> {
    (region6(), birth(1900..=2100), 0u16..=999)
        .prop_map(|(r, b, s)| IdNumber::from_parts(&r, b, s).unwrap())
}

proptest! {
    #[test]
    fn from_parts_parses_back_equal(r in region6(), b in birth(1900..=2100), s in 0u16..=999) {
        let id = IdNumber::from_parts(&r, b, s).unwrap();
        let back = IdNumber::parse(id.as_str()).unwrap();
        prop_assert_eq!(&back, &id);
        prop_assert_eq!(back.birth_date(), b);
        prop_assert_eq!(back.region_prefix(), r.as_str());
        prop_assert_eq!(back.sequence(), s);
        prop_assert_eq!(back.is_male(), s % 2 == 1);
    }

    #[test]
    fn any_single_substitution_is_detected(id in valid_id(), pos in 0usize..18, offset in 1usize..11) {
        const CHARS: &[u8; 11] = b"0123456789X";
        let mut chars: Vec<char> = id.as_str().chars().collect();
        let current = CHARS.iter().position(|b| char::from(*b) == chars[pos]).unwrap();
        chars[pos] = char::from(CHARS[(current + offset) % 11]);
        let text: String = chars.into_iter().collect();
        prop_assert!(IdNumber::parse(&text).is_err(), "{} accepted", text);
    }

    #[test]
    fn legacy_fifteen_digit_numbers_convert(r in region6(), b in birth(1900..=1999), s in 0u16..=999) {
        let id = IdNumber::from_parts(&r, b, s).unwrap();
        let full = id.as_str();
        let legacy = format!("{}{}{}", &full[..6], &full[8..14], &full[14..17]);
        prop_assert_eq!(legacy.len(), 15);
        prop_assert_eq!(IdNumber::parse(&legacy).unwrap(), id);
    }

    #[test]
    fn lowercase_and_full_width_forms_are_equal(id in valid_id()) {
        let lower = id.as_str().to_lowercase();
        let wide: String = id
            .as_str()
            .chars()
            .map(|c| char::from_u32(u32::from(c) - 0x21 + 0xFF01).unwrap())
            .collect();
        prop_assert_eq!(IdNumber::parse(&format!(" {lower}\t")).unwrap(), id.clone());
        prop_assert_eq!(IdNumber::parse(&wide).unwrap(), id);
    }

    #[test]
    fn masked_hides_the_middle(id in valid_id()) {
        let masked = id.masked();
        prop_assert_eq!(masked.len(), 18);
        prop_assert_eq!(&masked[..4], &id.as_str()[..4]);
        prop_assert_eq!(&masked[14..], &id.as_str()[14..]);
        prop_assert!(masked[4..14].chars().all(|c| c == '*'));
        prop_assert_eq!(format!("{id:?}"), format!("IdNumber({masked})"));
        prop_assert_eq!(id.to_string(), masked);
    }

    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = IdNumber::parse(&s);
    }

    #[test]
    fn scientific_notation_is_recognised(mantissa in 1u32..10, frac in 0u32..100_000, exp in 1u32..20) {
        let text = format!("{mantissa}.{frac}E+{exp}");
        prop_assert_eq!(IdNumber::parse(&text), Err(IdNumberError::LooksLikeScientificNotation));
    }
}
