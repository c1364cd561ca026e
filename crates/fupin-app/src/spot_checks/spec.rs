//! What defines a round, as officials give it: strata, finding outcomes, the risk weights as
//! stored text, and a seed from a phrase or 64 hexadecimal digits.

use fupin_store::spot_checks::FrameCandidate;
use fupin_verify::{RiskWeights, Seed};

use crate::AppError;

/// How a round's frame is divided before the draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Strata {
    /// One stratum per county (the activity's first county in the round's region), so every
    /// county gets at least one check when the size allows.
    County,
    /// One stratum per primary field.
    Field,
    /// One stratum for everything (named `all`).
    None,
}

impl Strata {
    /// Every choice, in display order.
    pub const ALL: [Strata; 3] = [Strata::County, Strata::Field, Strata::None];

    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            Strata::County => "county",
            Strata::Field => "field",
            Strata::None => "none",
        }
    }

    /// Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            Strata::County => "按县分层",
            Strata::Field => "按领域分层",
            Strata::None => "不分层",
        }
    }

    /// The choice with this code.
    pub fn from_code(code: &str) -> Option<Strata> {
        Strata::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The stratum of a frame candidate (never holding a comma: codes are digits or ASCII).
    pub(super) fn stratum_of(self, candidate: &FrameCandidate) -> String {
        match self {
            Strata::County => candidate.county_code.clone(),
            Strata::Field => candidate.field.clone(),
            Strata::None => "all".to_owned(),
        }
    }
}

/// What an inspector concluded about a drawn activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FindingOutcome {
    /// The report is borne out.
    Confirmed,
    /// Minor problems (to be corrected).
    Minor,
    /// Serious problems (for the credit record and further action).
    Serious,
}

impl FindingOutcome {
    /// Every outcome, in display order.
    pub const ALL: [FindingOutcome; 3] = [
        FindingOutcome::Confirmed,
        FindingOutcome::Minor,
        FindingOutcome::Serious,
    ];

    /// Stored code.
    pub const fn code(self) -> &'static str {
        match self {
            FindingOutcome::Confirmed => "confirmed",
            FindingOutcome::Minor => "minor",
            FindingOutcome::Serious => "serious",
        }
    }

    /// Chinese label.
    pub const fn label_zh(self) -> &'static str {
        match self {
            FindingOutcome::Confirmed => "核实无误",
            FindingOutcome::Minor => "存在一般问题",
            FindingOutcome::Serious => "存在严重问题",
        }
    }

    /// The outcome with this code.
    pub fn from_code(code: &str) -> Option<FindingOutcome> {
        FindingOutcome::ALL.into_iter().find(|o| o.code() == code)
    }
}

/// The keys of the stored weights text, in order, with the Chinese names of the form.
pub const WEIGHT_KEYS: [(&str, &str); 6] = [
    ("low_verified_share", "核对通过率低（全未核对时加满）"),
    ("per_anomaly", "每条异常线索"),
    ("max_anomalies", "异常线索最多计数"),
    ("per_complaint", "每件投诉"),
    ("max_complaints", "投诉最多计数"),
    ("new_organization", "新成立组织"),
];

fn weight_fields(w: &RiskWeights) -> [u32; 6] {
    [
        w.low_verified_share_milli,
        w.per_anomaly_milli,
        w.max_anomalies,
        w.per_complaint_milli,
        w.max_complaints,
        w.new_organization_milli,
    ]
}

/// The weights as stored with a round and published beside it:
/// `low_verified_share=1000;per_anomaly=1000;max_anomalies=3;per_complaint=500;max_complaints=4;new_organization=1000`
/// (amounts in thousandths of the base weight 1.000, maxima as counts).
pub fn weights_text(weights: &RiskWeights) -> String {
    WEIGHT_KEYS
        .iter()
        .zip(weight_fields(weights))
        .map(|((key, _), value)| format!("{key}={value}"))
        .collect::<Vec<_>>()
        .join(";")
}

/// Reads [`weights_text`] (separated by `;` or `,`); keys left out keep their default.
pub fn parse_weights(text: &str) -> Result<RiskWeights, AppError> {
    let mut values = weight_fields(&RiskWeights::default());
    for part in text
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let bad = || {
            AppError::Invalid(format!(
                "风险权重“{part}”无法识别：应为 键=非负整数，键为 {}",
                WEIGHT_KEYS.map(|(k, _)| k).join("、")
            ))
        };
        let (key, value) = part.split_once('=').ok_or_else(bad)?;
        let index = WEIGHT_KEYS
            .iter()
            .position(|(k, _)| *k == key.trim())
            .ok_or_else(bad)?;
        let value: u32 = value.trim().parse().map_err(|_| bad())?;
        if value > 1_000_000 {
            return Err(AppError::Invalid(format!(
                "风险权重 {key} 为 {value}，超过上限 1000000"
            )));
        }
        values[index] = value;
    }
    let [low, anomaly, max_anomalies, complaint, max_complaints, new] = values;
    Ok(RiskWeights {
        low_verified_share_milli: low,
        per_anomaly_milli: anomaly,
        max_anomalies,
        per_complaint_milli: complaint,
        max_complaints,
        new_organization_milli: new,
    })
}

/// A seed as an official gives it: exactly 64 hexadecimal digits are the seed itself, anything
/// else is a phrase whose SHA-256 is the seed (taken exactly as written, see
/// [`Seed::from_phrase`]).
pub fn seed_from_input(text: &str) -> Result<Seed, AppError> {
    if text.trim().is_empty() {
        return Err(AppError::Invalid(
            "请填写随机种子：事先公布的短语（如“2020年第1轮”）或64位十六进制数字".to_owned(),
        ));
    }
    Ok(text
        .parse::<Seed>()
        .unwrap_or_else(|_| Seed::from_phrase(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_round_trip_through_their_text() {
        let custom = RiskWeights {
            low_verified_share_milli: 2_000,
            per_anomaly_milli: 0,
            max_anomalies: 5,
            per_complaint_milli: 300,
            max_complaints: 1,
            new_organization_milli: 750,
        };
        assert_eq!(parse_weights(&weights_text(&custom)).ok(), Some(custom));
        assert_eq!(parse_weights("").ok(), Some(RiskWeights::default()));
        assert!(parse_weights("per_anomaly=x").is_err());
        assert!(parse_weights("unknown=1").is_err());
    }

    #[test]
    fn a_seed_is_hex_or_a_phrase() {
        let phrase = Seed::from_phrase("2020年第1轮");
        assert_eq!(seed_from_input("2020年第1轮").ok(), Some(phrase));
        assert_eq!(seed_from_input(&phrase.to_hex()).ok(), Some(phrase));
        assert!(seed_from_input("  ").is_err());
    }
}
