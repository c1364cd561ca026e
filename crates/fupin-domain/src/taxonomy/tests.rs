#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use super::*;

fn round_trips<T: Taxonomy + std::fmt::Debug>() {
    let mut codes = HashSet::new();
    let mut labels = HashSet::new();
    assert!(!T::ALL.is_empty(), "{} has variants", T::KIND_ZH);
    for v in T::ALL {
        let code = v.code();
        assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{code}");
        assert!(codes.insert(code), "{} code {code} repeated", T::KIND_ZH);
        assert!(labels.insert(v.label_zh()), "{} label {} repeated", T::KIND_ZH, v.label_zh());
        assert_eq!(T::from_code(code), Some(*v));
        assert_eq!(T::parse_label(v.label_zh()), Some(*v));
        assert_eq!(T::parse_label(&format!(" {} ", v.label_zh())), Some(*v));
        assert_eq!(T::parse_label(code), Some(*v));
        assert_eq!(T::parse_label(v.label_en()), Some(*v));
    }
    assert_eq!(T::from_code("no-such-code"), None);
    assert_eq!(T::parse_label("不存在的标签"), None);
}

#[test]
fn every_taxonomy_round_trips_codes_and_labels() {
    round_trips::<ActivityStatus>();
    round_trips::<BeneficiaryCategory>();
    round_trips::<CreditStatus>();
    round_trips::<EvaluationGrade>();
    round_trips::<Field>();
    round_trips::<FundingSource>();
    round_trips::<HouseholdAttribute>();
    round_trips::<ManagementMode>();
    round_trips::<Method>();
    round_trips::<OrgLevel>();
    round_trips::<OrgType>();
    round_trips::<PovertyCause>();
    round_trips::<RegistryStatus>();
    round_trips::<Role>();
    round_trips::<TransactionKind>();
    round_trips::<UnitKind>();
}

#[test]
fn the_notice_vocabularies_are_complete() {
    assert_eq!(Method::ALL.len(), 6, "§三 names six ways of taking part");
    assert_eq!(PovertyCause::ALL.len(), 12);
    assert!(!TransactionKind::Pledge.counts_in_totals());
    assert!(TransactionKind::Commitment.counts_in_totals());
    assert_eq!(OrgType::Foundation.credit_category(), '3');
}
