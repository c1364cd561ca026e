#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn name(s: &str) -> PersonName {
    PersonName::parse(s).unwrap()
}

#[test]
fn masks_keeping_the_surname() {
    for (full, masked) in [
        ("张三", "张*"),
        ("张三丰", "张**"),
        ("欧阳修", "欧阳*"),
        ("司马相如", "司马**"),
        ("诸葛亮", "诸葛*"),
        ("欧阳", "欧*"),
        ("李", "*"),
        ("阿依古丽·买买提", "阿***·***"),
        ("John Smith", "J*** *****"),
    ] {
        assert_eq!(name(full).masked(), masked, "{full}");
    }
}

#[test]
fn display_and_debug_are_masked() {
    let n = name("张三丰");
    assert_eq!(n.to_string(), "张**");
    assert_eq!(format!("{n:?}"), "PersonName(张**)");
    assert_eq!(n.as_str(), "张三丰");
}

#[test]
fn surname_detection() {
    assert_eq!(name("欧阳修").surname(), Some("欧阳"));
    assert_eq!(name("张三").surname(), Some("张"));
    assert_eq!(name("李").surname(), None);
    assert_eq!(name("阿依古丽·买买提").surname(), None);
    assert_eq!(name("John").surname(), None);
}

#[test]
fn normalizes_whitespace_and_dots() {
    assert_eq!(name("  张 三 ").as_str(), "张三");
    assert_eq!(name("阿依古丽•买买提").as_str(), "阿依古丽·买买提");
    assert_eq!(name("阿依古丽 ・ 买买提").as_str(), "阿依古丽·买买提");
    assert_eq!(name("阿依古丽.买买提").as_str(), "阿依古丽·买买提");
    assert_eq!(name("John   Smith").as_str(), "John Smith");
    assert_eq!(name("Ｊｏｈｎ").as_str(), "John");
    assert_eq!(name("José Müller").as_str(), "José Müller");
    assert_eq!(name("𠮷").as_str(), "𠮷");
}

#[test]
fn specific_errors() {
    assert_eq!(PersonName::parse(" \u{3000} "), Err(PersonNameError::Empty));
    assert_eq!(
        PersonName::parse("张三1"),
        Err(PersonNameError::InvalidCharacter {
            position: 3,
            ch: '1'
        })
    );
    assert_eq!(
        PersonName::parse("张三（户主）"),
        Err(PersonNameError::InvalidCharacter {
            position: 3,
            ch: '（'
        })
    );
    assert_eq!(
        PersonName::parse("·买买提"),
        Err(PersonNameError::MisplacedDot { position: 1 })
    );
    assert_eq!(
        PersonName::parse("买买提·"),
        Err(PersonNameError::MisplacedDot { position: 4 })
    );
    assert_eq!(
        PersonName::parse("阿依··买买提"),
        Err(PersonNameError::MisplacedDot { position: 4 })
    );
    let long = "张".repeat(31);
    assert_eq!(
        PersonName::parse(&long),
        Err(PersonNameError::TooLong { len: 31, max: 30 })
    );
    assert!(PersonName::parse(&"张".repeat(30)).is_ok());
    let msg = PersonName::parse("张三1").unwrap_err().to_string();
    assert!(msg.contains("第 3 位") && msg.contains("“1”"), "{msg}");
}

#[test]
fn deserializes_with_validation() {
    let de = serde::de::value::StrDeserializer::<serde::de::value::Error>::new(" 张 三");
    let n: PersonName = serde::Deserialize::deserialize(de).unwrap();
    assert_eq!(n.as_str(), "张三");
}
