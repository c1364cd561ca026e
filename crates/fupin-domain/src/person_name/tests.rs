#![allow(clippy::unwrap_used)]

use proptest::prelude::*;

use super::*;

#[test]
fn masks_keep_only_the_surname() {
    let masked = |s: &str| PersonName::parse(s).unwrap().masked();
    assert_eq!(masked("张三"), "张*");
    assert_eq!(masked("张三丰"), "张**");
    assert_eq!(masked("欧阳修"), "欧阳*");
    assert_eq!(masked("欧阳娜娜"), "欧阳**");
    assert_eq!(masked("欧阳"), "欧*", "a two-character name is surname 欧 + given name 阳");
    assert_eq!(masked("买买提·艾力"), "买*****");
    assert_eq!(masked("李"), "*");
}

#[test]
fn cleans_what_offices_type() {
    assert_eq!(PersonName::parse(" 张 三 ").unwrap().as_str(), "张三");
    assert_eq!(PersonName::parse("阿依古丽•买买提").unwrap().as_str(), "阿依古丽·买买提");
    assert_eq!(PersonName::parse("John  Smith").unwrap().as_str(), "John Smith");
}

#[test]
fn refuses_with_a_specific_reason() {
    assert_eq!(PersonName::parse("  "), Err(PersonNameError::Empty));
    assert_eq!(PersonName::parse("张3"), Err(PersonNameError::InvalidCharacter { position: 2, ch: '3' }));
    assert!(matches!(PersonName::parse(&"张".repeat(31)), Err(PersonNameError::TooLong { len: 31 })));
    assert!(PersonName::parse("张3").unwrap_err().to_string().contains("第 2 个字符"));
}

#[test]
fn debug_and_display_never_show_the_full_name() {
    let name = PersonName::parse("王小明").unwrap();
    assert_eq!(format!("{name}"), "王**");
    assert_eq!(format!("{name:?}"), "PersonName(王**)");
}

proptest! {
    #[test]
    fn masked_names_hide_every_given_name_character(
        surname in prop::sample::select(vec!["王", "李", "张", "欧阳", "司马"]),
        given in "[\u{4e00}-\u{4e2f}]{1,3}",
    ) {
        let name = PersonName::parse(&format!("{surname}{given}")).unwrap();
        let masked = name.masked();
        prop_assert!(masked.starts_with(surname));
        prop_assert_eq!(masked.chars().count(), name.as_str().chars().count());
        prop_assert!(masked.chars().skip(surname.chars().count()).all(|c| c == '*'));
    }

    #[test]
    fn never_panics(text in ".{0,40}") {
        let _ = PersonName::parse(&text);
    }
}
