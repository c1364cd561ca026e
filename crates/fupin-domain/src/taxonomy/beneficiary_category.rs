//! 帮扶对象类别: the category of persons helped.

/// 帮扶对象类别: the category of persons helped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BeneficiaryCategory {
    /// 建档立卡贫困人口 — Registered poor population.
    RegisteredPoor,
    /// 农村低保对象 — Rural minimum-living-allowance recipients.
    RuralDibao,
    /// 特困人员 — Persons in extreme poverty.
    Tekun,
    /// 贫困残疾人 — Poor persons with disabilities.
    PoorDisabled,
    /// 其他 — Other.
    Other,
}

impl BeneficiaryCategory {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "帮扶对象类别";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::RegisteredPoor,
        Self::RuralDibao,
        Self::Tekun,
        Self::PoorDisabled,
        Self::Other,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::RegisteredPoor => "registered_poor",
            Self::RuralDibao => "rural_dibao",
            Self::Tekun => "tekun",
            Self::PoorDisabled => "poor_disabled",
            Self::Other => "other",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::RegisteredPoor => "建档立卡贫困人口",
            Self::RuralDibao => "农村低保对象",
            Self::Tekun => "特困人员",
            Self::PoorDisabled => "贫困残疾人",
            Self::Other => "其他",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::RegisteredPoor => "Registered poor population",
            Self::RuralDibao => "Rural minimum-living-allowance recipients",
            Self::Tekun => "Persons in extreme poverty",
            Self::PoorDisabled => "Poor persons with disabilities",
            Self::Other => "Other",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::RegisteredPoor => &["建档立卡", "建档立卡贫困户"],
            Self::RuralDibao => &["低保", "低保对象"],
            Self::Tekun => &["特困", "特困供养人员"],
            Self::PoorDisabled => &[],
            Self::Other => &["其它"],
        }
    }
}

crate::taxonomy::impl_taxonomy!(BeneficiaryCategory, aliases);
