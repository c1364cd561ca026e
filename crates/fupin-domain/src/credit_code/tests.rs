#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

const EXAMPLE: &str = "91350100M000100Y43";

#[test]
fn standard_example_is_valid() {
    let code = CreditCode::parse(EXAMPLE).unwrap();
    assert_eq!(code.as_str(), EXAMPLE);
    assert_eq!(code.registration_authority(), '9');
    assert_eq!(code.category(), '1');
    assert_eq!(code.region_code(), "350100");
    assert_eq!(code.org_code(), "M000100Y4");
    assert_eq!(code.check(), '3');
    assert_eq!(code.social_org_kind(), None);
    assert!(!code.is_social_organization());
    assert_eq!(code.to_string(), EXAMPLE);
    assert_eq!(format!("{code:?}"), "CreditCode(91350100M000100Y43)");
    assert_eq!(CreditCode::check_char("91350100M000100Y4"), Some('3'));
    assert_eq!(CreditCode::org_code_check_char("M000100Y"), Some('4'));
}

#[test]
fn accepts_lowercase_full_width_and_spaces() {
    let a = CreditCode::parse("  91350100m000100y43\t").unwrap();
    let b = CreditCode::parse("９１３５０１００Ｍ０００１００Ｙ４３").unwrap();
    assert_eq!(a.as_str(), EXAMPLE);
    assert_eq!(a, b);
}

#[test]
fn social_org_kinds() {
    for (category, kind) in [
        ('1', OrgType::SocialGroup),
        ('2', OrgType::SocialServiceAgency),
        ('3', OrgType::Foundation),
        ('9', OrgType::Other),
    ] {
        let code = CreditCode::from_parts('5', category, "110000", "50001234").unwrap();
        assert!(code.is_social_organization());
        assert_eq!(code.social_org_kind(), Some(kind));
        assert_eq!(kind.credit_category(), category);
        assert_eq!(CreditCode::parse(code.as_str()), Ok(code));
    }
    let odd = CreditCode::from_parts('5', '4', "110000", "50001234").unwrap();
    assert_eq!(odd.social_org_kind(), None);
}

#[test]
fn national_region_is_accepted() {
    let code = CreditCode::from_parts('5', '3', "100000", "50001895").unwrap();
    assert_eq!(code.region_code(), "100000");
    assert!(CreditCode::parse(code.as_str()).is_ok());
}

#[test]
fn refuses_confusable_letters_naming_position() {
    for (i, bad) in ['I', 'O', 'S', 'V', 'Z'].into_iter().enumerate() {
        let mut text: Vec<char> = EXAMPLE.chars().collect();
        let position = 9 + i;
        text[position - 1] = bad;
        let text: String = text.into_iter().collect();
        let err = CreditCode::parse(&text).unwrap_err();
        assert_eq!(err, CreditCodeError::InvalidCharacter { position, ch: bad });
        let msg = err.to_string();
        assert!(msg.contains(&format!("第 {position} 位")), "{msg}");
        assert!(msg.contains(&format!("“{bad}”")), "{msg}");
        assert!(msg.contains("I、O、S、V、Z"), "{msg}");
    }
    let err = CreditCode::parse("91350100m000100o43").unwrap_err();
    assert_eq!(
        err,
        CreditCodeError::InvalidCharacter {
            position: 16,
            ch: 'o'
        }
    );
}

#[test]
fn specific_errors() {
    assert_eq!(CreditCode::parse(" "), Err(CreditCodeError::Empty));
    assert_eq!(
        CreditCode::parse("91350100M000100Y4"),
        Err(CreditCodeError::WrongLength { len: 17 })
    );
    assert_eq!(
        CreditCode::parse("91350100M000100Y42"),
        Err(CreditCodeError::BadCheckChar {
            expected: '3',
            found: '2'
        })
    );
    assert_eq!(
        CreditCode::parse("91350100M000100Y53"),
        Err(CreditCodeError::BadOrgCodeCheck {
            expected: '4',
            found: '5'
        })
    );
    assert_eq!(
        CreditCode::parse("9135A100M000100Y43"),
        Err(CreditCodeError::BadRegion {
            text: "35A100".to_owned()
        })
    );
    assert_eq!(
        CreditCode::parse("91990100M000100Y43"),
        Err(CreditCodeError::BadRegion {
            text: "990100".to_owned()
        })
    );
    let msg = CreditCode::parse("91350100M000100Y42")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("应为 3，实际为 2"), "{msg}");
}

#[test]
fn from_parts_reproduces_the_example_and_checks_input() {
    let code = CreditCode::from_parts('9', '1', "350100", "M000100Y").unwrap();
    assert_eq!(code.as_str(), EXAMPLE);
    let lower = CreditCode::from_parts('9', '1', "350100", "m000100y").unwrap();
    assert_eq!(lower.as_str(), EXAMPLE);
    assert_eq!(
        CreditCode::from_parts('9', '1', "35010", "M000100Y"),
        Err(CreditCodeError::BadRegion {
            text: "35010".to_owned()
        })
    );
    assert_eq!(
        CreditCode::from_parts('9', '1', "350100", "M000100"),
        Err(CreditCodeError::WrongLength { len: 17 })
    );
    assert_eq!(
        CreditCode::from_parts('9', '1', "350100", "M00010OY"),
        Err(CreditCodeError::InvalidCharacter {
            position: 15,
            ch: 'O'
        })
    );
}

#[test]
fn org_code_check_maps_ten_and_eleven() {
    // Find bodies whose check is X and 0 and verify the mapping end to end.
    let mut seen_x = false;
    let mut seen_0 = false;
    for n in 0..200u32 {
        let body = format!("{n:08}");
        match CreditCode::org_code_check_char(&body) {
            Some('X') => seen_x = true,
            Some('0') => seen_0 = true,
            Some(_) => {}
            None => panic!("no check for {body}"),
        }
        let code = CreditCode::from_parts('5', '1', "110000", &body).unwrap();
        assert_eq!(CreditCode::parse(code.as_str()), Ok(code));
    }
    assert!(seen_x && seen_0);
    assert_eq!(CreditCode::org_code_check_char("1234567"), None);
    assert_eq!(CreditCode::org_code_check_char("1234567-"), None);
}

#[test]
fn serde_round_trip_as_string() {
    let de = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(EXAMPLE);
    let code: CreditCode = serde::Deserialize::deserialize(de).unwrap();
    assert_eq!(code.as_str(), EXAMPLE);
}
