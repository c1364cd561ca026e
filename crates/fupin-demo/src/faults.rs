//! The faults planted in beneficiary rosters, their rates, and the manifest that lists them.
//!
//! Every roster entry draws its kind independently at the rates of [`FAULT_RATES`]:
//!
//! | kind | rate | what is planted |
//! |---|---|---|
//! | `invalid_id` | 3% | an ID text that does not parse: wrong check character, 17 or 19 digits, month 13, Excel's `4.1052E+17` |
//! | `not_in_registry` | 8% | a valid ID of the activity's county with sequence 900–999, which the registry never uses |
//! | `name_mismatch` | 5% | a registry person whose name has one given-name character replaced by a homophone (张伟 → 张玮) |
//! | `exited_before_service` | 3% | a registry person 已脱贫不再享受政策 whose exit year precedes the year of service |
//! | `claimed_by_several` | 5% | a registry person already on a clean entry of another organization's roster for the same year |
//!
//! A clean entry is a registry person of the activity's counties, alive, with no exit year before
//! the year of service, exact name and valid ID. Every registry person appears on at most one
//! roster entry, except the planted second claims (exactly two entries, different organizations, same
//! year): the engine flags both entries of such a pair; the manifest lists the second with the
//! first as `first_activity_id`/`first_row_no`. Rows of the manifest (never a clear ID number) are
//! keyed by `(activity_id, row_no)`, which is unique in `roster_entries`.
//!
//! The manifest also lists the planted anomalies (persons aided by many organizations, evidence
//! files shared across organizations): see [`crate::anomalies`]. A shared file's rows name an
//! activity but no roster row (`row_no` empty).

use rand::Rng;
use time::macros::date;

use fupin_domain::IdNumber;

use crate::rng::{date_between, pick, weighted};

/// A kind of planted roster fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// The ID text is not a valid ID number.
    InvalidId,
    /// A valid ID number that is not in the registry.
    NotInRegistry,
    /// The name differs from the registry's by a homophone.
    NameMismatch,
    /// The person had exited (不再享受政策) before the year of service.
    ExitedBeforeService,
    /// The person is also on another organization's roster for the same year.
    ClaimedBySeveral,
}

impl FaultKind {
    /// Every kind.
    pub const ALL: [FaultKind; 5] = [
        FaultKind::InvalidId,
        FaultKind::NotInRegistry,
        FaultKind::NameMismatch,
        FaultKind::ExitedBeforeService,
        FaultKind::ClaimedBySeveral,
    ];

    /// Code used in the manifest.
    pub fn code(self) -> &'static str {
        match self {
            FaultKind::InvalidId => "invalid_id",
            FaultKind::NotInRegistry => "not_in_registry",
            FaultKind::NameMismatch => "name_mismatch",
            FaultKind::ExitedBeforeService => "exited_before_service",
            FaultKind::ClaimedBySeveral => "claimed_by_several",
        }
    }
}

/// The rate at which each fault is planted, per roster entry.
pub const FAULT_RATES: [(FaultKind, f64); 5] = [
    (FaultKind::InvalidId, 0.03),
    (FaultKind::NotInRegistry, 0.08),
    (FaultKind::NameMismatch, 0.05),
    (FaultKind::ExitedBeforeService, 0.03),
    (FaultKind::ClaimedBySeveral, 0.05),
];

/// Columns of the fault manifest.
pub const MANIFEST_COLUMNS: [&str; 7] = [
    "activity_id",
    "row_no",
    "organization_id",
    "fault",
    "detail",
    "first_activity_id",
    "first_row_no",
];

/// Roster entries written and the faults planted among them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FaultCounts {
    /// Roster entries in all.
    pub entries: u64,
    /// Entries without a planted fault.
    pub clean: u64,
    /// [`FaultKind::InvalidId`] entries.
    pub invalid_id: u64,
    /// [`FaultKind::NotInRegistry`] entries.
    pub not_in_registry: u64,
    /// [`FaultKind::NameMismatch`] entries.
    pub name_mismatch: u64,
    /// [`FaultKind::ExitedBeforeService`] entries.
    pub exited_before_service: u64,
    /// [`FaultKind::ClaimedBySeveral`] second claims (each also makes its first claim suspect).
    pub claimed_by_several: u64,
    /// Entries of the persons planted on the rosters of many organizations in one year
    /// ([`crate::anomalies::AnomalyKind::ManyOrganizations`]), all of each person's entries.
    pub many_organizations: u64,
    /// Entries of 低保 list members who left the list before the year of service
    /// ([`crate::lists`], manifest code `left_list_before_service`).
    pub left_list: u64,
    /// Entries of 在册 低保 list members (clean, counted in `clean` too).
    pub on_list: u64,
}

impl FaultCounts {
    /// Entries planted with `kind`.
    pub fn get(&self, kind: FaultKind) -> u64 {
        match kind {
            FaultKind::InvalidId => self.invalid_id,
            FaultKind::NotInRegistry => self.not_in_registry,
            FaultKind::NameMismatch => self.name_mismatch,
            FaultKind::ExitedBeforeService => self.exited_before_service,
            FaultKind::ClaimedBySeveral => self.claimed_by_several,
        }
    }

    /// Share of entries planted with `kind`.
    pub fn rate(&self, kind: FaultKind) -> f64 {
        self.get(kind) as f64 / self.entries.max(1) as f64
    }

    pub(crate) fn add(&mut self, kind: Option<FaultKind>) {
        self.entries += 1;
        match kind {
            None => self.clean += 1,
            Some(FaultKind::InvalidId) => self.invalid_id += 1,
            Some(FaultKind::NotInRegistry) => self.not_in_registry += 1,
            Some(FaultKind::NameMismatch) => self.name_mismatch += 1,
            Some(FaultKind::ExitedBeforeService) => self.exited_before_service += 1,
            Some(FaultKind::ClaimedBySeveral) => self.claimed_by_several += 1,
        }
    }

    pub(crate) fn add_left_list(&mut self) {
        self.entries += 1;
        self.left_list += 1;
    }

    pub(crate) fn add_on_list(&mut self) {
        self.add(None);
        self.on_list += 1;
    }

    pub(crate) fn add_many_organizations(&mut self) {
        self.entries += 1;
        self.many_organizations += 1;
    }
}

/// A manifest row: the roster row (none for an activity's evidence), the planted kind's code,
/// its detail, and the first entry or activity of the same planting (none on the first itself).
pub(crate) fn manifest_record(
    activity_id: i64,
    row_no: Option<i32>,
    organization_id: i64,
    fault: &str,
    detail: &str,
    first: Option<(i64, Option<i32>)>,
) -> [String; 7] {
    let text = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    [
        activity_id.to_string(),
        text(row_no.map(i64::from)),
        organization_id.to_string(),
        fault.to_owned(),
        detail.to_owned(),
        text(first.map(|(a, _)| a)),
        text(first.and_then(|(_, r)| r).map(i64::from)),
    ]
}

/// An ID text that fails validation, and how it fails.
pub(crate) fn invalid_id(rng: &mut impl Rng, county_code: &str) -> (String, &'static str) {
    let birth = date_between(rng, date!(1941 - 01 - 01), date!(1998 - 12 - 31));
    let valid = IdNumber::from_parts(county_code, birth, rng.random_range(0..1000))
        .map(|id| id.as_str().to_owned())
        .unwrap_or_else(|_| format!("{county_code}19800101123"));
    let kind = weighted(
        rng,
        &[
            ("bad_check_digit", 40),
            ("wrong_length", 35),
            ("bad_birth_date", 15),
            ("scientific_notation", 10),
        ],
    );
    let mut chars: Vec<char> = valid.chars().collect();
    let text = match kind {
        "wrong_length" if rng.random_bool(0.5) => {
            chars.remove(rng.random_range(0..17));
            chars.into_iter().collect()
        }
        "wrong_length" => {
            chars.insert(
                rng.random_range(6..17),
                char::from(b'0' + rng.random_range(0..10_u8)),
            );
            chars.into_iter().collect()
        }
        "bad_birth_date" => {
            let first17 = format!("{}13{}", &valid[..10], &valid[12..17]);
            let check = IdNumber::check_char(&first17).unwrap_or('0');
            format!("{first17}{check}")
        }
        "scientific_notation" => format!("{}.{}E+17", &valid[..1], &valid[1..5]),
        _ => String::new(),
    };
    if !text.is_empty() && IdNumber::parse(&text).is_err() {
        return (text, kind);
    }
    // A wrong check character: any of the ten others.
    let right = valid.chars().last().unwrap_or('0');
    let others: Vec<char> = "0123456789X".chars().filter(|&c| c != right).collect();
    let wrong = pick(rng, &others).copied().unwrap_or('0');
    (format!("{}{wrong}", &valid[..17]), "bad_check_digit")
}
