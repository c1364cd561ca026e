//! Name comparison by hand-made examples.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use fupin_verify::{NameAgreement, TypoKind, compare_names};

fn agreement(roster: &str, registry: &str) -> NameAgreement {
    compare_names(roster, registry).agreement
}

#[test]
fn the_same_name_is_exact_after_normalization() {
    for (roster, registry) in [
        ("张伟", "张伟"),
        (" 张 伟 ", "张伟"),
        ("欧阳修", "欧阳修"),
        ("阿依古丽•买买提", "阿依古丽·买买提"),
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("阿依古丽．买买提", "阿依古丽·买买提"),
        ("ＪＯＨＮ Smith", "john smith"),
        (
            "买买提·艾力·阿不都热合曼·吐尔逊",
            "买买提·艾力·阿不都热合曼·吐尔逊",
        ),
    ] {
        let m = compare_names(roster, registry);
        assert_eq!(m.agreement, NameAgreement::Exact, "{roster} / {registry}");
        assert_eq!(m.score_bp, 10_000);
    }
}

#[test]
fn homophones_are_found_with_their_score() {
    let m = compare_names("张玮", "张伟");
    assert_eq!(m.agreement, NameAgreement::Homophone);
    assert_eq!(m.score_bp, 7_500);
    let m = compare_names("李娜纳", "李纳纳");
    assert_eq!(m.agreement, NameAgreement::Homophone);
    assert_eq!(m.score_bp, 8_333);
    // The surname 单 reads shan: 善 sounds alike in the surname's place.
    assert_eq!(agreement("善雄", "单雄"), NameAgreement::Homophone);
    // Elsewhere 单 also reads dan (多音字): either reading counts.
    assert_eq!(agreement("李丹", "李单"), NameAgreement::Homophone);
    // Several characters, all read alike.
    let m = compare_names("章玮鸣", "张伟明");
    assert_eq!(m.agreement, NameAgreement::SoundsAlike);
    assert_eq!(m.score_bp, 6_666);
    // Minority names transcribed with other characters of the same sound.
    assert_eq!(
        agreement("麦麦提·吐尔逊", "买买提·吐尔逊"),
        NameAgreement::SoundsAlike
    );
}

#[test]
fn one_edit_is_a_typo() {
    for (roster, registry, kind) in [
        ("张明", "张伟", TypoKind::WrongCharacter),
        ("王小芳", "王芳", TypoKind::ExtraCharacter),
        ("王芳", "王小芳", TypoKind::MissingCharacter),
        ("李华明", "李明华", TypoKind::SwappedCharacters),
        (
            "阿依古丽买买提",
            "阿依古丽·买买提",
            TypoKind::MissingCharacter,
        ),
        ("jonh", "john", TypoKind::SwappedCharacters),
    ] {
        assert_eq!(
            agreement(roster, registry),
            NameAgreement::Typo(kind),
            "{roster} / {registry}"
        );
    }
    assert_eq!(compare_names("张明", "张伟").score_bp, 5_000);
    assert_eq!(compare_names("张明华", "张伟华").score_bp, 6_666);
    assert_eq!(compare_names("王小芳", "王芳").score_bp, 6_666);
}

#[test]
fn names_further_apart_do_not_agree() {
    for (roster, registry) in [
        ("李四", "张伟"),
        ("张伟", "张伟明华"),
        ("刘", "张"),
        ("明华李", "李明华"),
        ("", "张伟"),
    ] {
        let m = compare_names(roster, registry);
        assert_eq!(
            m.agreement,
            NameAgreement::Mismatch,
            "{roster} / {registry}"
        );
        assert_eq!(m.score_bp, 0);
        assert!(!m.agreement.agrees());
    }
    // A single character read alike is still a homophone.
    assert_eq!(agreement("章", "张"), NameAgreement::Homophone);
    // Long names are compared exactly and by sound, not for one edit.
    let long = "买买提·艾力·阿不都热合曼·吐尔逊";
    assert_eq!(
        agreement("买买提·艾力·阿不都热合曼·吐尔", long),
        NameAgreement::Mismatch
    );
}
