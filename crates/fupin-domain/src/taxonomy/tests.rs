#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{HashMap, HashSet};

use super::*;
use crate::region_code::RegionLevel;

fn check<T: Taxonomy + std::fmt::Debug + std::str::FromStr + std::fmt::Display>() {
    assert!(!T::ALL.is_empty());
    let mut codes = HashSet::new();
    let mut accepted: HashMap<String, usize> = HashMap::new();
    for (index, v) in T::ALL.iter().enumerate() {
        let code = v.code();
        assert!(
            !code.is_empty()
                && code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
            "{v:?}: code {code}"
        );
        assert!(codes.insert(code), "duplicate code {code}");
        assert_eq!(T::from_code(code), Some(*v));
        assert_eq!(T::parse_label(v.label_zh()), Some(*v));
        assert_eq!(T::parse_label(&format!(" {} ", v.label_zh())), Some(*v));
        assert_eq!(T::parse_label(code), Some(*v));
        assert_eq!(T::parse_label(v.label_en()), Some(*v));
        assert_eq!(v.to_string(), v.label_zh());
        for alias in v.aliases_zh() {
            assert_eq!(T::parse_label(alias), Some(*v), "alias {alias}");
        }
        for text in std::iter::once(v.label_zh())
            .chain(v.aliases_zh().iter().copied())
            .chain([code, v.label_en()])
        {
            let owner = *accepted.entry(text.to_lowercase()).or_insert(index);
            assert_eq!(
                owner,
                index,
                "{} accepts “{text}” for two values",
                T::KIND_ZH
            );
        }
    }
    assert_eq!(T::from_code("no_such_code"), None);
    assert_eq!(T::parse_label("没有这个选项"), None);
    let err = parse_or_error::<T>("没有这个选项").unwrap_err();
    assert!(err.to_string().contains(T::KIND_ZH));
    assert!(err.to_string().contains(T::ALL[0].label_zh()));
}

#[test]
fn every_list_verifies_its_own_category() {
    for list in AssistanceList::ALL {
        assert_eq!(AssistanceList::for_category(list.category()), Some(*list));
        assert_eq!(AssistanceList::ALL[list.index()], *list);
    }
    assert_eq!(
        AssistanceList::for_category(BeneficiaryCategory::RegisteredPoor),
        None
    );
    assert_eq!(
        AssistanceList::for_category(BeneficiaryCategory::Other),
        None
    );
}

#[test]
fn every_taxonomy_round_trips() {
    check::<Field>();
    check::<Method>();
    check::<BeneficiaryCategory>();
    check::<OrgType>();
    check::<OrgLevel>();
    check::<ManagementMode>();
    check::<HouseholdAttribute>();
    check::<PovertyCause>();
    check::<RegistryStatus>();
    check::<AssistanceList>();
    check::<ListStatus>();
    check::<TransactionKind>();
    check::<FundingSource>();
    check::<ActivityStatus>();
    check::<UnitKind>();
    check::<CreditStatus>();
    check::<EvaluationGrade>();
    check::<Role>();
    check::<RegionLevel>();
}

#[test]
fn inherent_api_matches_the_brief() {
    assert_eq!(Field::ALL.len(), 13);
    assert_eq!(Field::Relocation.label_zh(), "易地扶贫搬迁");
    assert_eq!(Field::from_code("labor_export"), Some(Field::LaborExport));
    assert_eq!(Field::parse_label("产业"), Some(Field::Industry));
    assert_eq!(Method::ALL.len(), 6);
    assert_eq!(PovertyCause::ALL.len(), 12);
    assert_eq!(
        "民办非企业单位".parse::<OrgType>(),
        Ok(OrgType::SocialServiceAgency)
    );
}

#[test]
fn specific_helpers() {
    assert!(!TransactionKind::Pledge.counts_in_totals());
    assert!(TransactionKind::Commitment.counts_in_totals());
    assert!(TransactionKind::Disbursement.counts_in_totals());
    assert!(TransactionKind::Expenditure.counts_in_totals());
    assert_eq!(OrgType::Foundation.credit_category(), '3');
    assert_eq!(OrgType::from_credit_category('9'), Some(OrgType::Other));
    assert_eq!(OrgType::from_credit_category('4'), None);
    assert_eq!(EvaluationGrade::A5.stars(), Some(5));
    assert_eq!(EvaluationGrade::Unrated.stars(), None);
    assert!(EvaluationGrade::Unrated < EvaluationGrade::A1);
    assert_eq!(
        EvaluationGrade::parse_label("5A"),
        Some(EvaluationGrade::A5)
    );
    assert_eq!(
        EvaluationGrade::parse_label("5a"),
        Some(EvaluationGrade::A5)
    );
    assert!(RegistryStatus::Returned.is_poor());
    assert!(RegistryStatus::LiftedNoPolicy.is_lifted());
    assert!(!RegistryStatus::Deceased.is_poor());
    assert!(ActivityStatus::Returned.is_editable_by_org());
    assert!(!ActivityStatus::Accepted.is_editable_by_org());
    assert!(CreditStatus::SeriousViolation.is_listed());
    assert!(Role::Auditor.is_separated_admin());
    assert!(Role::OrgReporter.is_org_side());
    assert!(Role::Leader.is_government_side());
    assert!(FundingSource::OnlineFundraising.requires_platform_filing());
    assert!(ManagementMode::DualManagement.has_supervisory_unit());
    assert!(Field::Volunteer.is_named_in_notice());
    assert!(!Field::Ecology.is_named_in_notice());
    assert_eq!(OrgLevel::National.region_level(), None);
    assert_eq!(OrgLevel::County.region_level(), Some(RegionLevel::County));
}

#[test]
fn serde_uses_codes() {
    use serde::de::value::{Error, StrDeserializer};
    let de = StrDeserializer::<Error>::new("lack_water");
    let cause: PovertyCause = serde::Deserialize::deserialize(de).unwrap();
    assert_eq!(cause, PovertyCause::LackWater);
    let de = StrDeserializer::<Error>::new("缺水");
    let err = <PovertyCause as serde::Deserialize>::deserialize(de).unwrap_err();
    assert!(err.to_string().contains("主要致贫原因"), "{err}");
}
