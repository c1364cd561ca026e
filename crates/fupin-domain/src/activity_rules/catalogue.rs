//! The standard catalogue of effect indicators (成效指标). Organizations pick from it so that the
//! same effect is counted the same way everywhere; anything else is a custom indicator with its own
//! name and unit.

/// A standard indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndicatorSpec {
    /// Stable code.
    pub code: &'static str,
    /// Chinese name.
    pub name: &'static str,
    /// Unit of measure.
    pub unit: &'static str,
}

/// The code of an indicator outside the catalogue.
pub const CUSTOM_INDICATOR: &str = "custom";

/// The standard indicators, in display order.
pub const INDICATOR_CATALOGUE: &[IndicatorSpec] = &[
    IndicatorSpec {
        code: "persons_lifted",
        name: "脱贫人数",
        unit: "人",
    },
    IndicatorSpec {
        code: "income_growth",
        name: "人均纯收入增长",
        unit: "%",
    },
    IndicatorSpec {
        code: "jobs",
        name: "就业人数",
        unit: "人",
    },
    IndicatorSpec {
        code: "enrolment_rate",
        name: "入学率",
        unit: "%",
    },
    IndicatorSpec {
        code: "students_supported",
        name: "资助学生人数",
        unit: "人",
    },
    IndicatorSpec {
        code: "patients_treated",
        name: "就医人次",
        unit: "人次",
    },
    IndicatorSpec {
        code: "persons_trained",
        name: "培训人次",
        unit: "人次",
    },
    IndicatorSpec {
        code: "houses_renovated",
        name: "危房改造户数",
        unit: "户",
    },
];

/// The standard indicator with this code.
pub fn indicator_spec(code: &str) -> Option<&'static IndicatorSpec> {
    INDICATOR_CATALOGUE.iter().find(|s| s.code == code)
}
