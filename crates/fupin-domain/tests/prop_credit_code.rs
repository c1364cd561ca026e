//! Property tests for `CreditCode`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_domain::credit_code::ALPHABET;
use fupin_domain::province::PROVINCES;
use fupin_domain::{CreditCode, CreditCodeError};
use proptest::prelude::*;

fn alphabet_char() -> impl Strategy<Value = char> {
    (0..ALPHABET.len()).prop_map(|i| char::from(ALPHABET.as_bytes()[i]))
}

fn region6() -> impl Strategy<Value = String> {
    prop_oneof![
        (0..PROVINCES.len(), 0u32..10_000)
            .prop_map(|(p, rest)| format!("{}{rest:04}", PROVINCES[p].0)),
        Just("100000".to_owned()),
    ]
}

fn valid_code() -> impl Strategy<Value = CreditCode> {
    (
        alphabet_char(),
        alphabet_char(),
        region6(),
        proptest::collection::vec(alphabet_char(), 8),
    )
        .prop_map(|(a, c, r, body)| {
            let body: String = body.into_iter().collect();
            CreditCode::from_parts(a, c, &r, &body).unwrap()
        })
}

proptest! {
    #[test]
    fn from_parts_always_parses(code in valid_code()) {
        let back = CreditCode::parse(code.as_str()).unwrap();
        prop_assert_eq!(&back, &code);
        prop_assert_eq!(back.to_string(), code.as_str());
        prop_assert_eq!(
            CreditCode::parse(&code.as_str().to_lowercase()).unwrap(),
            code
        );
    }

    #[test]
    fn single_substitutions_are_detected(code in valid_code(), pos in 0usize..18, offset in 1usize..31) {
        let alphabet: Vec<char> = ALPHABET.chars().collect();
        let mut chars: Vec<char> = code.as_str().chars().collect();
        let current = alphabet.iter().position(|c| *c == chars[pos]).unwrap();
        chars[pos] = alphabet[(current + offset) % 31];
        let text: String = chars.into_iter().collect();
        prop_assert!(CreditCode::parse(&text).is_err(), "{} accepted", text);
    }

    #[test]
    fn confusable_letters_are_named(code in valid_code(), pos in 0usize..18, i in 0usize..5) {
        let bad = ['I', 'O', 'S', 'V', 'Z'][i];
        let mut chars: Vec<char> = code.as_str().chars().collect();
        chars[pos] = bad;
        let text: String = chars.into_iter().collect();
        prop_assert_eq!(
            CreditCode::parse(&text),
            Err(CreditCodeError::InvalidCharacter { position: pos + 1, ch: bad })
        );
    }

    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = CreditCode::parse(&s);
    }
}
