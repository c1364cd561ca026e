#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;
use crate::taxonomy::OrgType;

#[test]
fn the_standards_example_is_valid() {
    let code = CreditCode::parse("91350100M000100Y43").unwrap();
    assert_eq!(code.as_str(), "91350100M000100Y43");
    assert_eq!(code.registration_authority(), '9');
    assert_eq!(code.region_code(), "350100");
    assert_eq!(code.social_org_kind(), None, "9 is an enterprise, not a social organization");
}

#[test]
fn input_is_normalised() {
    assert_eq!(CreditCode::parse(" 91350100m000100y43 ").unwrap().as_str(), "91350100M000100Y43");
}

#[test]
fn errors_say_what_is_wrong() {
    assert!(matches!(CreditCode::parse(""), Err(CreditCodeError::Empty)));
    assert!(matches!(CreditCode::parse("91350100M000100Y4"), Err(CreditCodeError::WrongLength { len: 17 })));
    assert!(matches!(
        CreditCode::parse("91350100M000100Y44"),
        Err(CreditCodeError::BadCheckChar { expected: '3', found: '4' })
    ));
    let err = CreditCode::parse("91350100M0001O0Y43").unwrap_err();
    assert!(matches!(err, CreditCodeError::InvalidCharacter { ch: 'O', .. }), "{err:?}");
    assert!(CreditCode::parse("91350100M000100Y44").unwrap_err().to_string().contains('3'));
}

#[test]
fn social_organization_kinds_are_recognised() {
    for (category, kind) in [
        ('1', OrgType::SocialGroup),
        ('2', OrgType::SocialServiceAgency),
        ('3', OrgType::Foundation),
        ('9', OrgType::Other),
    ] {
        let code = CreditCode::from_parts('5', category, "110000", "50000123").unwrap();
        assert_eq!(CreditCode::parse(code.as_str()).unwrap().social_org_kind(), Some(kind));
    }
}

fn body() -> impl Strategy<Value = String> {
    "[0-9A-HJ-NP-RTUWXY]{8}"
}

proptest! {
    #[test]
    fn built_codes_always_parse(category in prop::sample::select(vec!['1', '2', '3', '9']), body in body()) {
        let code = CreditCode::from_parts('5', category, "130125", &body).unwrap();
        prop_assert_eq!(CreditCode::parse(code.as_str()).unwrap(), code);
    }

    #[test]
    fn any_single_substitution_is_detected(body in body(), position in 0_usize..18, replacement in 0_u32..31) {
        let code = CreditCode::from_parts('5', '3', "130125", &body).unwrap();
        let mut chars: Vec<char> = code.as_str().chars().collect();
        let new = ALPHABET.chars().nth(replacement as usize).unwrap();
        prop_assume!(chars[position] != new);
        chars[position] = new;
        let changed: String = chars.into_iter().collect();
        prop_assert!(CreditCode::parse(&changed).is_err(), "{} accepted", changed);
    }

    #[test]
    fn never_panics(text in ".{0,24}") {
        let _ = CreditCode::parse(&text);
    }
}
