//! Anomalies (异常线索): patterns worth an official's look, not verdicts.
//!
//! Three kinds, each found by a pure function over plain data the caller loads:
//!
//! - [`aid_outliers`]: aid per person far from what similar activities give (robust z-score on
//!   the median and MAD, per field and region; module `outliers` has the method);
//! - [`shared_evidence`]: one evidence file (by SHA-256) used by activities of different
//!   organizations;
//! - [`many_organizations`]: one person aided by implausibly many organizations in a year.
//!
//! Every result is sorted, so the same data gives the same list whatever order it came in.
//! [`Anomaly`] wraps the three with a stable [`Anomaly::code`] to store and messages for
//! officials that carry no personal data: no names, no ID numbers, no ID hashes.
//!
//! ```
//! use fupin_verify::{EvidenceUse, Anomaly, shared_evidence};
//!
//! let uses = [
//!     EvidenceUse { sha256: [1; 32], activity_id: 10, organization_id: 1 },
//!     EvidenceUse { sha256: [1; 32], activity_id: 20, organization_id: 2 },
//! ];
//! let found: Vec<Anomaly> = shared_evidence(&uses).into_iter().map(Anomaly::from).collect();
//! assert_eq!(found[0].code(), "shared_evidence");
//! assert_eq!(found[0].activity_ids(), [10, 20]);
//! ```

mod evidence;
mod outliers;
mod persons;

pub use evidence::{EvidenceUse, SharedEvidence, sha256_from_hex, shared_evidence};
pub use outliers::{
    ActivityAid, AidOutlier, DEFAULT_MIN_GROUP_SIZE, DEFAULT_THRESHOLD_MILLI, Direction,
    OutlierOptions, PeerGroup, aid_outliers,
};
pub use persons::{DEFAULT_MAX_ORGANIZATIONS, ManyOrganizations, PersonClaim, many_organizations};

use fupin_domain::{Field, Money};

/// An activity and its organization, as anomalies list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActivityRef {
    /// The activity.
    pub activity_id: i64,
    /// Its organization.
    pub organization_id: i64,
}

/// Any anomaly, for storing and showing them together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Anomaly {
    /// Aid per person far from the peers'.
    AidOutlier(AidOutlier),
    /// One evidence file used by several organizations.
    SharedEvidence(SharedEvidence),
    /// One person aided by too many organizations in a year.
    ManyOrganizations(ManyOrganizations),
}

impl Anomaly {
    /// Stable code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::AidOutlier(_) => "aid_outlier",
            Self::SharedEvidence(_) => "shared_evidence",
            Self::ManyOrganizations(_) => "many_organizations",
        }
    }

    /// Chinese name of the kind.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::AidOutlier(_) => "人均帮扶金额异常",
            Self::SharedEvidence(_) => "佐证材料重复使用",
            Self::ManyOrganizations(_) => "多个组织重复帮扶",
        }
    }

    /// English name of the kind.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::AidOutlier(_) => "Unusual aid per person",
            Self::SharedEvidence(_) => "Evidence file shared",
            Self::ManyOrganizations(_) => "Aided by many organizations",
        }
    }

    /// The activities concerned, by id, without repeats.
    pub fn activity_ids(&self) -> Vec<i64> {
        let mut ids: Vec<i64> = match self {
            Self::AidOutlier(o) => vec![o.activity_id],
            Self::SharedEvidence(s) => s.activities.iter().map(|a| a.activity_id).collect(),
            Self::ManyOrganizations(m) => m.activities.iter().map(|a| a.activity_id).collect(),
        };
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The organizations concerned, by id, without repeats.
    pub fn organization_ids(&self) -> Vec<i64> {
        match self {
            Self::AidOutlier(o) => vec![o.organization_id],
            Self::SharedEvidence(s) => s.organizations.clone(),
            Self::ManyOrganizations(m) => m.organizations.clone(),
        }
    }

    /// What an official reads, in Chinese, without personal data.
    pub fn message_zh(&self) -> String {
        match self {
            Self::AidOutlier(o) => {
                let peers = match &o.group {
                    PeerGroup::County { county, .. } => format!("同县（{county}）"),
                    PeerGroup::Province { province, .. } => format!("同省（{province}）"),
                    PeerGroup::Field { .. } => "全国".to_owned(),
                };
                format!(
                    "人均帮扶金额{}，明显{}于{peers}{}领域{}项活动的中位数{}（稳健z值{}）",
                    Money::from_fen(o.aid_per_person_fen),
                    match o.direction {
                        Direction::High => "高",
                        Direction::Low => "低",
                    },
                    field_zh(o.group.field()),
                    o.group_size,
                    Money::from_fen(o.median_fen),
                    z_text(o.z_milli),
                )
            }
            Self::SharedEvidence(s) => format!(
                "同一佐证材料文件（SHA-256 {}…）被{}个组织的{}项活动使用",
                s.sha256_hex().get(..12).unwrap_or_default(),
                s.organizations.len(),
                s.activities.len(),
            ),
            Self::ManyOrganizations(m) => format!(
                "一名帮扶对象在{}年度被{}个组织列入帮扶名单（{}项活动）",
                m.year,
                m.organizations.len(),
                m.activities.len(),
            ),
        }
    }

    /// The same in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::AidOutlier(o) => {
                let peers = match &o.group {
                    PeerGroup::County { county, .. } => format!("in county {county}"),
                    PeerGroup::Province { province, .. } => format!("in province {province}"),
                    PeerGroup::Field { .. } => "nationwide".to_owned(),
                };
                format!(
                    "Aid per person {} is far {} the median {} of {} {} activities {peers} \
                     (robust z {})",
                    Money::from_fen(o.aid_per_person_fen),
                    match o.direction {
                        Direction::High => "above",
                        Direction::Low => "below",
                    },
                    Money::from_fen(o.median_fen),
                    o.group_size,
                    field_en(o.group.field()),
                    z_text(o.z_milli),
                )
            }
            Self::SharedEvidence(s) => format!(
                "The same evidence file (SHA-256 {}…) is used by {} activities of {} organizations",
                s.sha256_hex().get(..12).unwrap_or_default(),
                s.activities.len(),
                s.organizations.len(),
            ),
            Self::ManyOrganizations(m) => format!(
                "One beneficiary is on the rosters of {} organizations in {} ({} activities)",
                m.organizations.len(),
                m.year,
                m.activities.len(),
            ),
        }
    }
}

impl From<AidOutlier> for Anomaly {
    fn from(outlier: AidOutlier) -> Self {
        Self::AidOutlier(outlier)
    }
}

impl From<SharedEvidence> for Anomaly {
    fn from(shared: SharedEvidence) -> Self {
        Self::SharedEvidence(shared)
    }
}

impl From<ManyOrganizations> for Anomaly {
    fn from(many: ManyOrganizations) -> Self {
        Self::ManyOrganizations(many)
    }
}

/// The field's Chinese label, or its code when it is not one of the taxonomy's.
fn field_zh(code: &str) -> String {
    Field::from_code(code).map_or_else(|| code.to_owned(), |f| f.label_zh().to_owned())
}

fn field_en(code: &str) -> String {
    Field::from_code(code).map_or_else(|| code.to_owned(), |f| f.label_en().to_owned())
}

/// `4213` → `4.21` (two decimals, rounded half away from zero).
fn z_text(z_milli: i64) -> String {
    let sign = if z_milli < 0 { "-" } else { "" };
    let hundredths = (z_milli.unsigned_abs() + 5) / 10;
    format!("{sign}{}.{:02}", hundredths / 100, hundredths % 100)
}
