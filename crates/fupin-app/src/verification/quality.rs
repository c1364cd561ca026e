//! An organization's quality score (名单质量分) as the public sees it: the engine's
//! [`fupin_verify::OrganizationScore`] over the verified rosters of its published activities.
//!
//! The score is the mean of [`fupin_verify::Status::quality_points`] over the entries, in basis
//! points, floored: `sum of quality points / entries`. Anyone may read it; it covers published
//! current versions only (the public's scope) and holds aggregates only, never an entry.

use fupin_store::verification::quality::organization_verification;

use crate::{App, AppError};

/// An organization's verification figures over its published activities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OrganizationQuality {
    /// Published activities whose rosters are verified.
    pub activities: i64,
    /// Roster entries verified.
    pub entries: i64,
    /// Entries verified (exact name, homophone or typo).
    pub verified: i64,
    /// Sum of the entries' quality points (0–10,000 each).
    pub quality_points: i64,
}

impl OrganizationQuality {
    /// Quality score in basis points (10,000 = every entry verified with its exact name):
    /// `quality_points / entries`, floored, as [`fupin_verify::OrganizationScore::quality_bp`];
    /// 0 without entries.
    pub fn quality_bp(&self) -> i64 {
        if self.entries <= 0 {
            0
        } else {
            self.quality_points / self.entries
        }
    }

    /// Verified share of the verified entries, in basis points, floored.
    pub fn verified_share_bp(&self) -> i64 {
        crate::stats::verified_share_bp(self.verified, self.entries)
    }
}

impl App {
    /// The quality figures of organization `id` over its published activities, for anyone (the
    /// public scope: published current versions). All zero when none has a verified roster.
    pub async fn organization_quality(&self, id: i64) -> Result<OrganizationQuality, AppError> {
        let v = organization_verification(&self.db, id).await?;
        Ok(OrganizationQuality {
            activities: v.activities,
            entries: v.entries,
            verified: v.verified,
            quality_points: v.quality_points,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_score_is_the_floored_mean_of_quality_points() {
        let q = OrganizationQuality {
            activities: 2,
            entries: 7,
            verified: 4,
            quality_points: 46_000,
        };
        assert_eq!(q.quality_bp(), 6_571);
        assert_eq!(q.verified_share_bp(), 5_714);
        assert_eq!(OrganizationQuality::default().quality_bp(), 0);
    }
}
