//! Property tests for `RegionCode`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_domain::province::PROVINCES;
use fupin_domain::{RegionCode, RegionLevel};
use proptest::prelude::*;

fn code() -> impl Strategy<Value = RegionCode> {
    (0..PROVINCES.len(), 0u64..10_000_000_000, 0usize..5).prop_map(|(p, rest, level)| {
        let digits = format!("{}{rest:010}", PROVINCES[p].0);
        let len = RegionLevel::ALL[level].digits();
        RegionCode::parse(&digits[..len]).unwrap()
    })
}

proptest! {
    #[test]
    fn ancestors_are_the_chain_of_parents(c in code()) {
        let mut chain = Vec::new();
        let mut cur = c.parent();
        while let Some(p) = cur {
            cur = p.parent();
            chain.push(p);
        }
        chain.reverse();
        prop_assert_eq!(c.ancestors(), chain);
    }

    #[test]
    fn ancestors_are_prefixes_one_level_apart(c in code()) {
        let ancestors = c.ancestors();
        prop_assert_eq!(ancestors.len(), RegionLevel::ALL.iter().position(|l| *l == c.level()).unwrap());
        for (a, level) in ancestors.iter().zip(RegionLevel::ALL) {
            prop_assert_eq!(a.level(), *level);
            prop_assert!(c.as_str().starts_with(a.as_str()));
            prop_assert!(a.contains(&c));
            prop_assert!(a.is_ancestor_of(&c));
            prop_assert!(!c.contains(a));
            prop_assert!(a < &c);
            prop_assert_eq!(c.ancestor_at(*level), Some(a.clone()));
        }
        prop_assert_eq!(c.ancestor_at(c.level()), Some(c.clone()));
        prop_assert_eq!(c.province(), c.ancestor_at(RegionLevel::Province).unwrap());
        if let Some(p) = c.parent() {
            prop_assert_eq!(Some(p.level()), c.level().parent());
        }
    }

    #[test]
    fn parse_display_round_trip(c in code()) {
        prop_assert_eq!(RegionCode::parse(&format!("{c}")).unwrap(), c.clone());
        let json = serde_json::to_string(&c).unwrap();
        prop_assert_eq!(&json, &format!("\"{}\"", c.as_str()));
        prop_assert_eq!(serde_json::from_str::<RegionCode>(&json).unwrap(), c);
    }

    #[test]
    fn from_padded_undoes_padding(c in code()) {
        let last = &c.as_str()[c.level().parent().map_or(0, |l| l.digits())..];
        prop_assume!(c.level() == RegionLevel::Province || last.bytes().any(|b| b != b'0'));
        let padded = c.padded(RegionLevel::Village).unwrap();
        prop_assert_eq!(padded.len(), 12);
        prop_assert_eq!(RegionCode::from_padded(&padded).unwrap(), c);
    }

    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = RegionCode::parse(&s);
        let _ = RegionCode::from_padded(&s);
    }
}
