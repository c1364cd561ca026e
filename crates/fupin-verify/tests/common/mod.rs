//! Hand-made registries, activities and entries for the tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use fupin_domain::{BeneficiaryCategory, RegionCode, RegistryStatus};
use fupin_verify::{ActivityFacts, ActivityInfo, RegistryIndex, RegistryRecord, RosterEntry};
use time::Date;

/// Village of the registered persons (county 530102, township 001).
pub const VILLAGE: &str = "530102001001";

/// An ID hash made from a number.
pub fn hash(n: u64) -> [u8; 16] {
    let mut h = [0u8; 16];
    // Spread like an HMAC would: the number's mix in front.
    h[..8].copy_from_slice(&n.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_be_bytes());
    h[8..].copy_from_slice(&n.to_be_bytes());
    h
}

/// A registry person: not lifted, in [`VILLAGE`].
pub fn person(n: u64, name: &str) -> RegistryRecord {
    RegistryRecord {
        id_hash: hash(n),
        name: name.to_owned(),
        status: RegistryStatus::NotLifted,
        exit_year: None,
        status_year: None,
        village_code: VILLAGE.to_owned(),
    }
}

/// An index of `persons`.
pub fn index(persons: Vec<RegistryRecord>) -> RegistryIndex {
    RegistryIndex::build(persons).unwrap()
}

/// An activity of `organization_id` at `locations`.
pub fn activity(organization_id: i64, locations: &[&str]) -> ActivityInfo {
    ActivityInfo {
        organization_id,
        locations: locations
            .iter()
            .map(|c| RegionCode::parse(c).unwrap())
            .collect(),
    }
}

/// Activities 1 (organization 10, county 530102), 2 (organization 20, county 530102),
/// 3 (organization 10, village 530102002003), 4 (organization 30, county 530103).
pub fn activities() -> ActivityFacts {
    [
        (1, activity(10, &["530102"])),
        (2, activity(20, &["530102"])),
        (3, activity(10, &["530102002003"])),
        (4, activity(30, &["530103"])),
    ]
    .into_iter()
    .collect()
}

/// A date.
pub fn day(year: i32, month: u8, day: u8) -> Date {
    Date::from_calendar_date(year, time::Month::try_from(month).unwrap(), day).unwrap()
}

/// An entry of activity `activity_id`, row `row_no`, for the person numbered `n`, served in
/// May 2019, aid ¥500.
pub fn entry(activity_id: i64, row_no: i32, n: u64, name: &str) -> RosterEntry {
    RosterEntry {
        activity_id,
        row_no,
        name: name.to_owned(),
        id_hash: Some(hash(n)),
        village_code: None,
        category: BeneficiaryCategory::RegisteredPoor,
        aid_fen: 50_000,
        service_date: day(2019, 5, 1),
    }
}
