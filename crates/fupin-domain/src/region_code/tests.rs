#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::*;

fn rc(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

#[test]
fn parses_every_level() {
    for (s, level) in [
        ("11", RegionLevel::Province),
        ("1101", RegionLevel::Prefecture),
        ("110105", RegionLevel::County),
        ("110105001", RegionLevel::Township),
        ("110105001001", RegionLevel::Village),
    ] {
        let code = rc(s);
        assert_eq!(code.as_str(), s);
        assert_eq!(code.level(), level);
        assert_eq!(level.digits(), s.len());
    }
}

#[test]
fn trims_and_accepts_full_width() {
    assert_eq!(rc(" １１０１０５ ").as_str(), "110105");
}

#[test]
fn rejects_with_specific_errors() {
    assert_eq!(RegionCode::parse(""), Err(RegionCodeError::Empty));
    assert_eq!(
        RegionCode::parse("11010"),
        Err(RegionCodeError::WrongLength { len: 5 })
    );
    assert_eq!(
        RegionCode::parse("11a105"),
        Err(RegionCodeError::InvalidCharacter {
            position: 3,
            ch: 'a'
        })
    );
    assert_eq!(
        RegionCode::parse("990105"),
        Err(RegionCodeError::UnknownProvince {
            code: "99".to_owned()
        })
    );
    let msg = RegionCode::parse("11010").unwrap_err().to_string();
    assert!(msg.contains("实际为 5 位"), "{msg}");
}

#[test]
fn exact_codes_with_zero_segments_are_kept() {
    // 东莞市 is a county-level code whose own segment is 00.
    let dongguan = rc("441900");
    assert_eq!(dongguan.level(), RegionLevel::County);
    assert_eq!(dongguan.parent(), Some(rc("4419")));
    assert_eq!(rc("441900003").parent(), Some(dongguan));
}

#[test]
fn from_padded_strips_trailing_zero_groups() {
    for (padded, exact) in [
        ("130102000000", "130102"),
        ("110000", "11"),
        ("110100", "1101"),
        ("110100000", "1101"),
        ("130102001000", "130102001"),
        ("130102001002", "130102001002"),
        ("11", "11"),
        ("1100", "11"),
    ] {
        assert_eq!(RegionCode::from_padded(padded).unwrap().as_str(), exact);
    }
    assert_eq!(
        RegionCode::from_padded("000000"),
        Err(RegionCodeError::UnknownProvince {
            code: "00".to_owned()
        })
    );
    assert_eq!(
        RegionCode::from_padded("1100000"),
        Err(RegionCodeError::WrongLength { len: 7 })
    );
}

#[test]
fn tree_navigation() {
    let village = rc("520402101201");
    assert_eq!(village.parent(), Some(rc("520402101")));
    assert_eq!(
        village.ancestors(),
        vec![rc("52"), rc("5204"), rc("520402"), rc("520402101")]
    );
    assert_eq!(village.province(), rc("52"));
    assert_eq!(village.prefecture(), Some(rc("5204")));
    assert_eq!(village.county(), Some(rc("520402")));
    assert_eq!(village.township(), Some(rc("520402101")));
    assert_eq!(village.province_name(), "贵州省");
    assert_eq!(rc("52").parent(), None);
    assert!(rc("52").ancestors().is_empty());
    assert_eq!(rc("5204").county(), None);
    assert_eq!(
        rc("5204").ancestor_at(RegionLevel::Prefecture),
        Some(rc("5204"))
    );
}

#[test]
fn containment_is_a_prefix_test() {
    assert!(rc("52").contains(&rc("520402101201")));
    assert!(rc("52").contains(&rc("52")));
    assert!(!rc("52").is_ancestor_of(&rc("52")));
    assert!(rc("52").is_ancestor_of(&rc("5204")));
    assert!(!rc("5204").contains(&rc("52")));
    assert!(!rc("5204").contains(&rc("520502")));
}

#[test]
fn ordering_lists_parents_before_children() {
    let mut codes = [rc("53"), rc("520402"), rc("52"), rc("5204"), rc("5203")];
    codes.sort();
    let sorted: Vec<&str> = codes.iter().map(RegionCode::as_str).collect();
    assert_eq!(sorted, ["52", "5203", "5204", "520402", "53"]);
}

#[test]
fn child_and_padded() {
    assert_eq!(rc("52").child("04").unwrap(), rc("5204"));
    assert_eq!(rc("520402").child("101").unwrap(), rc("520402101"));
    assert!(matches!(
        rc("520402").child("10"),
        Err(RegionCodeError::BadChildSegment { expected: 3, .. })
    ));
    assert!(rc("520402101201").child("1").is_err());
    assert_eq!(
        rc("11").padded(RegionLevel::County).as_deref(),
        Some("110000")
    );
    assert_eq!(
        rc("130102").padded(RegionLevel::Village).as_deref(),
        Some("130102000000")
    );
    assert_eq!(rc("130102").padded(RegionLevel::Province), None);
}

#[test]
fn level_labels_and_navigation() {
    let labels: Vec<&str> = RegionLevel::ALL.iter().map(RegionLevel::label_zh).collect();
    assert_eq!(labels, ["省级", "地级", "县级", "乡级", "村级"]);
    assert_eq!(RegionLevel::Village.parent(), Some(RegionLevel::Township));
    assert_eq!(RegionLevel::Province.child(), Some(RegionLevel::Prefecture));
    assert_eq!(RegionLevel::from_digits(9), Some(RegionLevel::Township));
    assert_eq!(RegionLevel::from_digits(3), None);
}

#[test]
fn debug_display_and_serde_string() {
    let code = rc("110105");
    assert_eq!(code.to_string(), "110105");
    assert_eq!(format!("{code:?}"), "RegionCode(110105)");
    let de = serde::de::value::StrDeserializer::<serde::de::value::Error>::new("110105");
    let back: RegionCode = serde::Deserialize::deserialize(de).unwrap();
    assert_eq!(back, code);
    let bad = serde::de::value::StrDeserializer::<serde::de::value::Error>::new("1101050");
    assert!(<RegionCode as serde::Deserialize>::deserialize(bad).is_err());
}
