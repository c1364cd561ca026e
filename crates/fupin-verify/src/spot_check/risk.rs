//! Risk weights: how much more likely a riskier activity is to be drawn.
//!
//! The official setting a round chooses the weights; this module only turns them and an
//! activity's facts into the frame's `weight_milli`, by one additive formula that can be
//! published beside the frame.

/// What each risk adds to the base weight 1.000, in thousandths, as chosen for a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RiskWeights {
    /// Added in full for an activity with no verified entries, in part for a partly verified
    /// one (`× unverified share`).
    pub low_verified_share_milli: u32,
    /// Added per anomaly ([`crate::Anomaly`]) concerning the activity, up to `max_anomalies`.
    pub per_anomaly_milli: u32,
    /// Anomalies counted at most.
    pub max_anomalies: u32,
    /// Added per complaint about the activity, up to `max_complaints`.
    pub per_complaint_milli: u32,
    /// Complaints counted at most.
    pub max_complaints: u32,
    /// Added when the organization is new (the caller says what new means, e.g. registered or
    /// first reporting within the last year).
    pub new_organization_milli: u32,
}

impl Default for RiskWeights {
    /// A starting point: an unverified roster, each anomaly (up to 3) and a new organization
    /// each add 1.000; each complaint (up to 4) 0.500.
    fn default() -> Self {
        Self {
            low_verified_share_milli: 1_000,
            per_anomaly_milli: 1_000,
            max_anomalies: 3,
            per_complaint_milli: 500,
            max_complaints: 4,
            new_organization_milli: 1_000,
        }
    }
}

/// One activity's risks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct RiskFactors {
    /// Verified share of its roster in basis points ([`crate::ActivityResult::verified_share_bp`]);
    /// `None` when it has no verified roster, which counts as nothing verified.
    pub verified_share_bp: Option<u32>,
    /// Anomalies concerning it.
    pub anomalies: u32,
    /// Complaints about it.
    pub complaints: u32,
    /// Whether its organization is new.
    pub new_organization: bool,
}

impl RiskWeights {
    /// The frame weight in thousandths:
    /// `1000 + low_verified_share_milli·(10000 − share_bp)/10000 (floored)
    /// + per_anomaly_milli·min(anomalies, max_anomalies)
    /// + per_complaint_milli·min(complaints, max_complaints)
    /// + new_organization_milli (if new)`, at most `u32::MAX`. Never below 1000, so never 0.
    pub fn weight_milli(&self, factors: &RiskFactors) -> u32 {
        let unverified_bp = 10_000 - u64::from(factors.verified_share_bp.unwrap_or(0).min(10_000));
        let terms = [
            1_000,
            u64::from(self.low_verified_share_milli) * unverified_bp / 10_000,
            u64::from(self.per_anomaly_milli)
                * u64::from(factors.anomalies.min(self.max_anomalies)),
            u64::from(self.per_complaint_milli)
                * u64::from(factors.complaints.min(self.max_complaints)),
            if factors.new_organization {
                u64::from(self.new_organization_milli)
            } else {
                0
            },
        ];
        let total = terms.iter().fold(0_u64, |sum, t| sum.saturating_add(*t));
        u32::try_from(total).unwrap_or(u32::MAX)
    }
}
