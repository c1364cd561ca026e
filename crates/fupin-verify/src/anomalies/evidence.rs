//! The same evidence file used by activities of different organizations.
//!
//! Files are recognised by their SHA-256, so a renamed copy is still the same file. An
//! organization attaching one of its own files (a contract, a group photo) to several of its own
//! activities is ordinary; the same file appearing for two organizations suggests a borrowed or
//! fabricated record, and is reported once per file.

use std::collections::{BTreeMap, BTreeSet};

use super::ActivityRef;

/// One evidence file attached to one activity.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EvidenceUse {
    /// SHA-256 of the file's bytes (see [`sha256_from_hex`] for the hexadecimal form).
    pub sha256: [u8; 32],
    /// The activity the file is attached to.
    pub activity_id: i64,
    /// The activity's organization.
    pub organization_id: i64,
}

/// One file used by activities of two or more organizations.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SharedEvidence {
    /// SHA-256 of the file.
    pub sha256: [u8; 32],
    /// The organizations using it, by id (at least two).
    pub organizations: Vec<i64>,
    /// The activities using it, by activity id.
    pub activities: Vec<ActivityRef>,
}

impl SharedEvidence {
    /// The file's SHA-256 as 64 lowercase hexadecimal digits.
    pub fn sha256_hex(&self) -> String {
        crate::hex::encode(&self.sha256)
    }
}

/// Files used by activities of at least two different organizations, sorted by hash, each
/// with its organizations and activities sorted by id; independent of the input order, and a
/// file listed twice for one activity counts once.
pub fn shared_evidence(files: &[EvidenceUse]) -> Vec<SharedEvidence> {
    let mut by_hash: BTreeMap<[u8; 32], BTreeSet<ActivityRef>> = BTreeMap::new();
    for file in files {
        by_hash.entry(file.sha256).or_default().insert(ActivityRef {
            activity_id: file.activity_id,
            organization_id: file.organization_id,
        });
    }
    by_hash
        .into_iter()
        .filter_map(|(sha256, activities)| {
            let organizations: BTreeSet<i64> =
                activities.iter().map(|a| a.organization_id).collect();
            (organizations.len() >= 2).then(|| SharedEvidence {
                sha256,
                organizations: organizations.into_iter().collect(),
                activities: activities.into_iter().collect(),
            })
        })
        .collect()
}

/// Reads a SHA-256 written as 64 hexadecimal digits (either case), as stored beside evidence
/// files; `None` for anything else.
pub fn sha256_from_hex(text: &str) -> Option<[u8; 32]> {
    crate::hex::decode_32(text)
}
