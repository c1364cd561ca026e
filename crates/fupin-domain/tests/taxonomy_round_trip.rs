//! Every taxonomy value round-trips through its code, labels and serde.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_domain::RegionLevel;
use fupin_domain::taxonomy::*;
use proptest::prelude::*;

fn round_trip<T>()
where
    T: Taxonomy + std::fmt::Debug + serde::Serialize + serde::de::DeserializeOwned,
{
    for v in T::ALL {
        assert_eq!(T::from_code(v.code()), Some(*v));
        assert_eq!(T::parse_label(v.label_zh()), Some(*v));
        assert_eq!(T::parse_label(v.code()), Some(*v));
        assert_eq!(T::parse_label(&v.label_en().to_uppercase()), Some(*v));
        let json = serde_json::to_string(v).unwrap();
        assert_eq!(json, format!("\"{}\"", v.code()));
        assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v);
    }
}

#[test]
fn all_taxonomies_round_trip() {
    round_trip::<Field>();
    round_trip::<Method>();
    round_trip::<BeneficiaryCategory>();
    round_trip::<OrgType>();
    round_trip::<OrgLevel>();
    round_trip::<ManagementMode>();
    round_trip::<HouseholdAttribute>();
    round_trip::<PovertyCause>();
    round_trip::<RegistryStatus>();
    round_trip::<TransactionKind>();
    round_trip::<FundingSource>();
    round_trip::<ActivityStatus>();
    round_trip::<UnitKind>();
    round_trip::<CreditStatus>();
    round_trip::<EvaluationGrade>();
    round_trip::<Role>();
    round_trip::<RegionLevel>();
}

proptest! {
    #[test]
    fn parse_label_never_panics_and_is_consistent(s in "\\PC{0,12}") {
        if let Some(f) = Field::parse_label(&s) {
            let t = s.trim();
            let matches_text = f.label_zh() == t
                || f.aliases_zh().contains(&t)
                || f.code().eq_ignore_ascii_case(t)
                || f.label_en().eq_ignore_ascii_case(t);
            prop_assert!(matches_text);
        }
        let _ = PovertyCause::parse_label(&s);
    }
}
