#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use time::macros::date;

use super::*;
use crate::{
    BeneficiaryCategory, Field, FundingSource, Method, Money, RegionCode, TransactionKind,
};

const TODAY: Date = date!(2020 - 06 - 30);

fn rules(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.rule).collect()
}

fn location(code: &str, share_bp: i32) -> Location {
    Location {
        region: RegionCode::parse(code).unwrap(),
        share_bp,
    }
}

fn money(kind: TransactionKind, yuan: i64, source: FundingSource) -> Transaction {
    Transaction {
        kind,
        occurred_on: date!(2020 - 03 - 01),
        amount: Money::from_fen(yuan * 100),
        funding_source: source,
        platform: None,
        filing_number: None,
        contract_number: None,
        provider: None,
        receiver: None,
        provider_org_id: None,
    }
}

fn complete() -> ActivityContent {
    let mut c = ActivityContent::new("助学项目", Field::Education, Method::Project, 2020);
    c.locations = vec![location("130125", 6000), location("130126", 4000)];
    c.transactions = vec![
        money(TransactionKind::Commitment, 1000, FundingSource::OwnFunds),
        money(TransactionKind::Expenditure, 800, FundingSource::OwnFunds),
    ];
    c
}

#[test]
fn a_complete_report_passes_every_rule() {
    assert_eq!(check(&complete(), TODAY, Stage::Submit), Vec::new());
}

#[test]
fn dates_must_be_in_order_and_actuals_not_in_the_future() {
    let mut c = complete();
    c.planned_start = Some(date!(2020 - 05 - 01));
    c.planned_end = Some(date!(2020 - 04 - 01));
    c.actual_start = Some(date!(2020 - 07 - 02));
    c.actual_end = Some(date!(2020 - 07 - 01));
    let found = check(&c, TODAY, Stage::Save);
    assert_eq!(
        rules(&found),
        [
            "dates.planned_order",
            "dates.actual_order",
            "dates.actual_future",
            "dates.actual_future"
        ]
    );
    assert!(
        found[0].message.contains("2020-05-01"),
        "{}",
        found[0].message
    );
    c.planned_end = Some(date!(2020 - 05 - 01));
    c.actual_start = Some(date!(2020 - 06 - 30));
    c.actual_end = None;
    assert!(
        check(&c, TODAY, Stage::Save).is_empty(),
        "equal dates and today are fine"
    );
}

#[test]
fn shares_must_sum_to_one_hundred_only_when_submitting() {
    let mut c = complete();
    c.locations[1].share_bp = 3000;
    assert!(check(&c, TODAY, Stage::Save).is_empty());
    let found = check(&c, TODAY, Stage::Submit);
    assert_eq!(rules(&found), ["locations.share_sum"]);
    assert!(found[0].message.contains("90%"), "{}", found[0].message);
    c.locations.push(location("130125", 1000));
    assert!(rules(&check(&c, TODAY, Stage::Save)).contains(&"locations.duplicate"));
}

#[test]
fn a_submission_needs_a_location() {
    let mut c = complete();
    c.locations.clear();
    assert!(check(&c, TODAY, Stage::Save).is_empty());
    assert_eq!(
        rules(&check(&c, TODAY, Stage::Submit)),
        ["locations.required"]
    );
}

#[test]
fn negative_amounts_are_refused_and_overspending_is_only_flagged() {
    let mut c = complete();
    c.transactions[1].amount = Money::from_fen(100_001);
    let found = check(&c, TODAY, Stage::Submit);
    assert_eq!(
        rules(&found),
        ["transactions.expenditure_exceeds_commitment"]
    );
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(!has_errors(&found));
    c.transactions[0].amount = Money::from_fen(-1);
    let found = check(&c, TODAY, Stage::Save);
    assert!(has_errors(&found));
    assert_eq!(found[0].rule, "transactions.negative");
    assert!(found[0].message.contains("第 1 笔"), "{}", found[0].message);
}

#[test]
fn each_funding_source_needs_its_identifiers() {
    let mut c = complete();
    c.transactions = vec![
        money(
            TransactionKind::Commitment,
            10,
            FundingSource::OnlineFundraising,
        ),
        money(
            TransactionKind::Commitment,
            10,
            FundingSource::GovernmentPurchase,
        ),
        money(
            TransactionKind::Commitment,
            10,
            FundingSource::CharitableTrust,
        ),
    ];
    assert_eq!(
        rules(&check(&c, TODAY, Stage::Save)),
        [
            "funding.platform_missing",
            "funding.filing_missing",
            "funding.contract_missing",
            "funding.filing_missing"
        ]
    );
    c.transactions[0].platform = Some("腾讯公益".to_owned());
    c.transactions[0].filing_number = Some("53100000500000000Q-2020-001".to_owned());
    c.transactions[1].contract_number = Some("GP-2020-7".to_owned());
    c.transactions[2].filing_number = Some("  ".to_owned());
    assert_eq!(
        rules(&check(&c, TODAY, Stage::Save)),
        ["funding.filing_missing"]
    );
}

#[test]
fn beneficiaries_indicators_and_partners_are_checked() {
    let mut c = complete();
    c.beneficiaries = vec![Beneficiaries {
        category: BeneficiaryCategory::RegisteredPoor,
        households: 5,
        persons: 3,
    }];
    c.indicators = vec![Indicator {
        code: "no_such".to_owned(),
        name: String::new(),
        unit: "人".to_owned(),
        baseline: Some(f64::NAN),
        target: None,
        actual: None,
    }];
    c.partners = vec![Partner {
        role: PartnerRole::Cofunder,
        name: " ".to_owned(),
        organization_id: None,
    }];
    assert_eq!(
        rules(&check(&c, TODAY, Stage::Save)),
        [
            "beneficiaries.households_exceed_persons",
            "indicators.unknown",
            "indicators.incomplete",
            "indicators.value",
            "partners.name"
        ]
    );
}

#[test]
fn the_catalogue_has_unique_codes_with_units() {
    let codes: BTreeSet<_> = INDICATOR_CATALOGUE.iter().map(|s| s.code).collect();
    assert_eq!(codes.len(), INDICATOR_CATALOGUE.len());
    assert!(INDICATOR_CATALOGUE.iter().all(|s| !s.unit.is_empty()));
    assert_eq!(indicator_spec("jobs").map(|s| s.name), Some("就业人数"));
    assert!(indicator_spec(CUSTOM_INDICATOR).is_none());
}

#[test]
fn shares_parse_as_officials_type_them() {
    assert_eq!(parse_share_percent("60"), Ok(6000));
    assert_eq!(parse_share_percent(" 60 % "), Ok(6000));
    assert_eq!(parse_share_percent("12.5"), Ok(1250));
    assert_eq!(parse_share_percent("１００％"), Ok(10_000));
    for bad in ["", "-5", "100.01", "1.234", "abc", "1e2", "."] {
        assert!(parse_share_percent(bad).is_err(), "{bad}");
    }
    assert_eq!(format_share_percent(1250), "12.5%");
}

use std::collections::BTreeSet;
