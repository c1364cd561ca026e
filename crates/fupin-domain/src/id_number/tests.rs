#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;
use time::macros::date;

#[test]
fn standard_example_is_valid() {
    let id = IdNumber::parse("11010519491231002X").unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(id.birth_date(), date!(1949 - 12 - 31));
    assert_eq!(id.region_prefix(), "110105");
    assert!(!id.is_male());
    assert_eq!(id.sequence(), 2);
    assert_eq!(id.check(), 'X');
    assert_eq!(IdNumber::check_char("11010519491231002"), Some('X'));
}

#[test]
fn second_standard_example_checks_but_is_before_1900() {
    // GB 11643-1999 example 440524188001010014: the check character is right,
    // but the platform only accepts birth years from 1900.
    assert_eq!(IdNumber::check_char("44052418800101001"), Some('4'));
    assert_eq!(
        IdNumber::parse("440524188001010014"),
        Err(IdNumberError::InvalidBirthDate {
            text: "18800101".to_owned()
        })
    );
}

#[test]
fn masked_display_and_debug_hide_the_middle() {
    let id = IdNumber::parse("11010519491231002X").unwrap();
    assert_eq!(id.masked(), "1101**********002X");
    assert_eq!(id.to_string(), "1101**********002X");
    assert_eq!(format!("{id:?}"), "IdNumber(1101**********002X)");
    assert!(!format!("{id:?}").contains("19491231"));
}

#[test]
fn normalizes_lowercase_and_full_width() {
    let a = IdNumber::parse("  11010519491231002x ").unwrap();
    let b = IdNumber::parse("１１０１０５１９４９１２３１００２Ｘ").unwrap();
    let c = IdNumber::parse("１１０１０５１９４９１２３１００２ｘ").unwrap();
    assert_eq!(a.as_str(), "11010519491231002X");
    assert_eq!(a, b);
    assert_eq!(a, c);
}

#[test]
fn converts_fifteen_digit_numbers() {
    let id = IdNumber::parse("110105491231002").unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
}

#[test]
fn rejects_empty() {
    assert_eq!(IdNumber::parse("   "), Err(IdNumberError::Empty));
}

#[test]
fn rejects_wrong_length() {
    assert_eq!(
        IdNumber::parse("1101051949123100"),
        Err(IdNumberError::WrongLength { len: 16 })
    );
    let msg = IdNumber::parse("1101051949123100").unwrap_err().to_string();
    assert!(msg.contains("16"), "{msg}");
}

#[test]
fn rejects_invalid_characters_with_position() {
    assert_eq!(
        IdNumber::parse("1101051949123100AX"),
        Err(IdNumberError::InvalidCharacter {
            position: 17,
            ch: 'A'
        })
    );
    assert_eq!(
        IdNumber::parse("X10105194912310020"),
        Err(IdNumberError::InvalidCharacter {
            position: 1,
            ch: 'X'
        })
    );
    assert_eq!(
        IdNumber::parse("11010549123100X"),
        Err(IdNumberError::InvalidCharacter {
            position: 15,
            ch: 'X'
        })
    );
    let msg = IdNumber::parse("1101 0519491231002X")
        .unwrap_err()
        .to_string();
    assert!(msg.contains("第 5 位"), "{msg}");
}

#[test]
fn rejects_bad_check_char_naming_both() {
    let err = IdNumber::parse("110105194912310025").unwrap_err();
    assert_eq!(
        err,
        IdNumberError::BadCheckChar {
            expected: 'X',
            found: '5'
        }
    );
    assert_eq!(
        err.to_string(),
        "身份证号码校验位应为 X，实际为 5（号码有误，请逐位核对）"
    );
}

#[test]
fn rejects_impossible_birth_dates() {
    for (text, date) in [
        ("110105194902300000", "19490230"),
        ("110105194913010000", "19491301"),
        ("110105189912310000", "18991231"),
        ("110105210101010000", "21010101"),
    ] {
        assert_eq!(
            IdNumber::parse(text),
            Err(IdNumberError::InvalidBirthDate {
                text: date.to_owned()
            }),
            "{text}"
        );
    }
    assert_eq!(
        IdNumber::parse("110105490230002"),
        Err(IdNumberError::InvalidBirthDate {
            text: "490230".to_owned()
        })
    );
}

#[test]
fn leap_day_is_accepted_only_in_leap_years() {
    let ok = IdNumber::from_parts("110105", date!(2000 - 02 - 29), 1).unwrap();
    assert!(IdNumber::parse(ok.as_str()).is_ok());
    let first17 = "11010519000229001";
    let check = IdNumber::check_char(first17).unwrap();
    assert!(matches!(
        IdNumber::parse(&format!("{first17}{check}")),
        Err(IdNumberError::InvalidBirthDate { .. })
    ));
}

#[test]
fn rejects_unknown_province() {
    let first17 = "99010519491231002";
    let check = IdNumber::check_char(first17).unwrap();
    assert_eq!(
        IdNumber::parse(&format!("{first17}{check}")),
        Err(IdNumberError::UnknownProvince {
            code: "99".to_owned()
        })
    );
}

#[test]
fn detects_excel_scientific_notation() {
    for text in [
        "4.1E+17",
        "4.10522E+17",
        "4.10522e+17",
        "4E17",
        "４．１Ｅ＋１７",
    ] {
        assert_eq!(
            IdNumber::parse(text),
            Err(IdNumberError::LooksLikeScientificNotation),
            "{text}"
        );
    }
    let msg = IdNumberError::LooksLikeScientificNotation.to_string();
    assert!(msg.contains("Excel") && msg.contains("文本"), "{msg}");
    assert!(matches!(
        IdNumber::parse("E17"),
        Err(IdNumberError::InvalidCharacter { .. })
    ));
}

#[test]
fn from_parts_builds_valid_numbers() {
    let id = IdNumber::from_parts("110105", date!(1949 - 12 - 31), 2).unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    assert_eq!(
        IdNumber::from_parts("11010", date!(1949 - 12 - 31), 2),
        Err(IdNumberError::InvalidRegionPrefix {
            text: "11010".to_owned()
        })
    );
    assert_eq!(
        IdNumber::from_parts("990105", date!(1949 - 12 - 31), 2),
        Err(IdNumberError::UnknownProvince {
            code: "99".to_owned()
        })
    );
    assert_eq!(
        IdNumber::from_parts("110105", date!(1949 - 12 - 31), 1000),
        Err(IdNumberError::SequenceOutOfRange { sequence: 1000 })
    );
    assert!(matches!(
        IdNumber::from_parts("110105", date!(1899 - 12 - 31), 1),
        Err(IdNumberError::InvalidBirthDate { .. })
    ));
}

#[test]
fn check_char_requires_seventeen_digits() {
    assert_eq!(IdNumber::check_char("1101051949123100"), None);
    assert_eq!(IdNumber::check_char("1101051949123100A"), None);
}

#[test]
fn age_on_counts_whole_years() {
    let id = IdNumber::parse("11010519491231002X").unwrap();
    assert_eq!(id.age_on(date!(2019 - 12 - 30)), 69);
    assert_eq!(id.age_on(date!(2019 - 12 - 31)), 70);
    assert_eq!(id.age_on(date!(1900 - 01 - 01)), 0);
}

#[test]
fn deserializes_with_validation() {
    let de =
        serde::de::value::StrDeserializer::<serde::de::value::Error>::new("11010519491231002x");
    let id: IdNumber = serde::Deserialize::deserialize(de).unwrap();
    assert_eq!(id.as_str(), "11010519491231002X");
    let bad = serde::de::value::StrDeserializer::<serde::de::value::Error>::new("123");
    assert!(<IdNumber as serde::Deserialize>::deserialize(bad).is_err());
}
