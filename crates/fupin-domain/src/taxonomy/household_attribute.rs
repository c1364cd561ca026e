//! 贫困户属性: the attribute of a registered poor household.

/// 贫困户属性: the attribute of a registered poor household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum HouseholdAttribute {
    /// 一般贫困户 — General poor household.
    General,
    /// 低保贫困户 — poor household receiving the minimum living allowance.
    Dibao,
    /// 特困供养贫困户 — poor household supported as extremely poor.
    Tekun,
}

impl HouseholdAttribute {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "贫困户属性";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[Self::General, Self::Dibao, Self::Tekun];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::General => "general",
            Self::Dibao => "dibao",
            Self::Tekun => "tekun",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::General => "一般贫困户",
            Self::Dibao => "低保贫困户",
            Self::Tekun => "特困供养贫困户",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::General => "General poor household",
            Self::Dibao => "Poor household on dibao",
            Self::Tekun => "Poor household under tekun support",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::General => &["一般", "一般户"],
            Self::Dibao => &["低保", "低保户"],
            Self::Tekun => &["特困供养", "特困", "五保贫困户"],
        }
    }
}

crate::taxonomy::impl_taxonomy!(HouseholdAttribute, aliases);
