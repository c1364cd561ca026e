//! Property tests for `PersonName`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_domain::PersonName;
use fupin_domain::person_name::COMPOUND_SURNAMES;
use proptest::prelude::*;

fn han() -> impl Strategy<Value = char> {
    (0x4E00u32..=0x9FA5).prop_map(|c| char::from_u32(c).unwrap())
}

const SINGLE_SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];

fn surname() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        proptest::sample::select(SINGLE_SURNAMES),
        proptest::sample::select(COMPOUND_SURNAMES),
    ]
}

proptest! {
    #[test]
    fn han_names_mask_everything_but_the_surname(
        s in surname(),
        given in proptest::collection::vec(han(), 1..4),
    ) {
        let given: String = given.into_iter().collect();
        let full = format!("{s}{given}");
        let name = PersonName::parse(&full).unwrap();
        let masked = name.masked();
        let kept = name.surname().unwrap();
        prop_assert!(masked.starts_with(kept));
        prop_assert!(full.starts_with(kept));
        prop_assert_eq!(masked.chars().count(), full.chars().count());
        prop_assert!(masked[kept.len()..].chars().all(|c| c == '*'), "{}", masked);
        prop_assert_eq!(name.to_string(), masked.clone());
        prop_assert_eq!(format!("{name:?}"), format!("PersonName({masked})"));
        if s.chars().count() == 2 && given.chars().count() >= 1 {
            prop_assert_eq!(kept, s);
        }
    }

    #[test]
    fn dotted_names_reveal_only_the_first_letter(
        first in proptest::collection::vec(han(), 1..5),
        second in proptest::collection::vec(han(), 1..5),
    ) {
        let first: String = first.into_iter().collect();
        let second: String = second.into_iter().collect();
        let name = PersonName::parse(&format!("{first}•{second}")).unwrap();
        let masked = name.masked();
        let mut chars = masked.chars();
        prop_assert_eq!(chars.next(), first.chars().next());
        prop_assert!(chars.all(|c| c == '*' || c == '·'));
    }

    #[test]
    fn parse_is_idempotent(s in "\\PC{0,40}") {
        if let Ok(name) = PersonName::parse(&s) {
            prop_assert_eq!(PersonName::parse(name.as_str()).unwrap(), name);
        }
    }

    #[test]
    fn masked_never_shows_more_than_one_or_two_letters(s in "[a-zA-Z\\u4e00-\\u9fa5·]{1,30}") {
        if let Ok(name) = PersonName::parse(&s) {
            let shown = name.masked().chars().filter(|c| *c != '*' && *c != '·' && *c != ' ').count();
            prop_assert!(shown <= 2);
            prop_assert!(shown <= name.char_len().saturating_sub(1));
        }
    }
}
