//! Region flags: the 832 national poor counties (国家级贫困县) and their
//! exit (摘帽) year.

use crate::region_code::{RegionCode, RegionLevel};

/// First year in which national poor counties exited (摘帽).
pub const FIRST_EXIT_YEAR: i32 = 2016;
/// Last year in which national poor counties exited.
pub const LAST_EXIT_YEAR: i32 = 2020;

/// A national poor county with the year it exited poverty (2016–2020).
///
/// Fields are public for convenience; [`PoorCounty::new`] checks them.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct PoorCounty {
    /// The county's 6-digit code.
    pub code: RegionCode,
    /// The year the county was announced as lifted out of poverty.
    pub exit_year: i32,
}

/// Why a [`PoorCounty`] is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PoorCountyError {
    /// The code is not a county-level (6-digit) code.
    #[error("贫困县代码应为 6 位县级代码，“{code}”是{}代码", .level.label_zh())]
    NotCounty {
        /// The code given.
        code: String,
        /// Its level.
        level: RegionLevel,
    },
    /// The exit year is outside 2016–2020.
    #[error("贫困县摘帽年份应在 2016–2020 年之间，实际为 {year}")]
    ExitYearOutOfRange {
        /// The year given.
        year: i32,
    },
}

impl PoorCounty {
    /// Builds a checked record: `code` must be a county, `exit_year` in
    /// 2016..=2020.
    pub fn new(code: RegionCode, exit_year: i32) -> Result<Self, PoorCountyError> {
        if code.level() != RegionLevel::County {
            return Err(PoorCountyError::NotCounty {
                level: code.level(),
                code: code.as_str().to_owned(),
            });
        }
        if !(FIRST_EXIT_YEAR..=LAST_EXIT_YEAR).contains(&exit_year) {
            return Err(PoorCountyError::ExitYearOutOfRange { year: exit_year });
        }
        Ok(Self { code, exit_year })
    }

    /// Whether the county still carried the poor-county label during
    /// `year` (any year before its exit year).
    pub fn is_poor_in(&self, year: i32) -> bool {
        year < self.exit_year
    }

    /// Whether the county had exited by the end of `year`.
    pub fn has_exited_by(&self, year: i32) -> bool {
        year >= self.exit_year
    }

    /// Whether `region` (any level) lies in this county.
    pub fn contains(&self, region: &RegionCode) -> bool {
        self.code.contains(region)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    #[test]
    fn checked_construction() {
        let code = RegionCode::parse("130125").unwrap();
        let county = PoorCounty::new(code.clone(), 2018).unwrap();
        assert!(county.is_poor_in(2017));
        assert!(!county.is_poor_in(2018));
        assert!(county.has_exited_by(2018));
        assert!(county.contains(&RegionCode::parse("130125100201").unwrap()));
        assert_eq!(
            PoorCounty::new(code, 2021),
            Err(PoorCountyError::ExitYearOutOfRange { year: 2021 })
        );
        let err = PoorCounty::new(RegionCode::parse("1301").unwrap(), 2018).unwrap_err();
        assert_eq!(
            err.to_string(),
            "贫困县代码应为 6 位县级代码，“1301”是地级代码"
        );
    }
}
