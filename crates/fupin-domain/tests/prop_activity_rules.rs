//! Property tests of the activity rules: shares, money totals and percentages.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use fupin_domain::activity_rules::{
    Location, Severity, Transaction, amounts_not_negative, expenditure_within_commitment,
    format_share_percent, parse_share_percent, shares_sum_to_whole, shares_valid,
};
use fupin_domain::{FundingSource, Money, RegionCode, TransactionKind};
use proptest::prelude::*;
use time::macros::date;

const COUNTIES: [&str; 6] = ["130125", "130126", "110101", "110102", "520402", "632522"];

fn locations(shares: &[i32]) -> Vec<Location> {
    shares
        .iter()
        .zip(COUNTIES)
        .map(|(share, code)| Location {
            region: RegionCode::parse(code).unwrap(),
            share_bp: *share,
        })
        .collect()
}

fn transaction(kind: TransactionKind, fen: i64) -> Transaction {
    Transaction {
        kind,
        occurred_on: date!(2020 - 01 - 01),
        amount: Money::from_fen(fen),
        funding_source: FundingSource::Donations,
        platform: None,
        filing_number: None,
        contract_number: None,
        provider: None,
        receiver: None,
        provider_org_id: None,
    }
}

fn kind() -> impl Strategy<Value = TransactionKind> {
    prop_oneof![
        Just(TransactionKind::Pledge),
        Just(TransactionKind::Commitment),
        Just(TransactionKind::Disbursement),
        Just(TransactionKind::Expenditure),
    ]
}

proptest! {
    #[test]
    fn shares_pass_exactly_when_they_sum_to_one_hundred(shares in prop::collection::vec(0..=10_000_i32, 1..=6)) {
        let found = shares_sum_to_whole(&locations(&shares));
        let total: i32 = shares.iter().sum();
        prop_assert_eq!(found.is_empty(), total == 10_000);
        prop_assert!(shares_valid(&locations(&shares)).is_empty());
    }

    #[test]
    fn any_split_of_the_whole_passes(cuts in prop::collection::vec(0..=10_000_i32, 0..=5)) {
        let mut cuts = cuts;
        cuts.sort_unstable();
        let mut shares = Vec::new();
        let mut last = 0;
        for cut in cuts.iter().chain([10_000].iter()) {
            shares.push(cut - last);
            last = *cut;
        }
        prop_assert!(shares_sum_to_whole(&locations(&shares)).is_empty());
    }

    #[test]
    fn out_of_range_shares_are_refused(share in prop_oneof![i32::MIN..0, 10_001..i32::MAX]) {
        prop_assert_eq!(shares_valid(&locations(&[share])).len(), 1);
    }

    #[test]
    fn percentages_round_trip(bp in 0..=10_000_i32) {
        prop_assert_eq!(parse_share_percent(&format_share_percent(bp)), Ok(bp));
    }

    #[test]
    fn negative_amounts_are_exactly_the_refused_ones(
        moves in prop::collection::vec((kind(), -1_000_000_i64..1_000_000), 0..20)
    ) {
        let list: Vec<_> = moves.iter().map(|(k, fen)| transaction(*k, *fen)).collect();
        let negatives = moves.iter().filter(|(_, fen)| *fen < 0).count();
        prop_assert_eq!(amounts_not_negative(&list).len(), negatives);
    }

    #[test]
    fn overspending_is_flagged_not_refused(
        moves in prop::collection::vec((kind(), 0_i64..1_000_000_000_000), 0..20)
    ) {
        let list: Vec<_> = moves.iter().map(|(k, fen)| transaction(*k, *fen)).collect();
        let sum = |wanted| moves.iter().filter(|(k, _)| *k == wanted).map(|(_, f)| i128::from(*f)).sum::<i128>();
        let over = sum(TransactionKind::Expenditure) > sum(TransactionKind::Commitment);
        let found = expenditure_within_commitment(&list);
        prop_assert_eq!(!found.is_empty(), over);
        prop_assert!(found.iter().all(|f| f.severity == Severity::Warning));
    }

    #[test]
    fn overflowing_totals_are_refused_not_wrapped(n in 2_usize..5) {
        let list: Vec<_> = (0..n).map(|_| transaction(TransactionKind::Commitment, i64::MAX / 2 + 1)).collect();
        let found = expenditure_within_commitment(&list);
        prop_assert_eq!(found.len(), 1);
        prop_assert_eq!(found[0].severity, Severity::Error);
    }
}
