//! 主要致贫原因: the main cause of a household's poverty.

/// 主要致贫原因: the main cause of a household's poverty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PovertyCause {
    /// 因病 — Illness.
    Illness,
    /// 因残 — Disability.
    Disability,
    /// 因学 — Schooling costs.
    Schooling,
    /// 因灾 — Disaster.
    Disaster,
    /// 缺土地 — Lack of land.
    LackLand,
    /// 缺水 — Lack of water.
    LackWater,
    /// 缺技术 — Lack of skills.
    LackSkills,
    /// 缺劳力 — Lack of labour.
    LackLabor,
    /// 缺资金 — Lack of capital.
    LackCapital,
    /// 交通条件落后 — Poor transport.
    PoorTransport,
    /// 自身发展动力不足 — Lack of motivation.
    LackMotivation,
    /// 其他 — Other.
    Other,
}

impl PovertyCause {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "主要致贫原因";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::Illness,
        Self::Disability,
        Self::Schooling,
        Self::Disaster,
        Self::LackLand,
        Self::LackWater,
        Self::LackSkills,
        Self::LackLabor,
        Self::LackCapital,
        Self::PoorTransport,
        Self::LackMotivation,
        Self::Other,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Illness => "illness",
            Self::Disability => "disability",
            Self::Schooling => "schooling",
            Self::Disaster => "disaster",
            Self::LackLand => "lack_land",
            Self::LackWater => "lack_water",
            Self::LackSkills => "lack_skills",
            Self::LackLabor => "lack_labor",
            Self::LackCapital => "lack_capital",
            Self::PoorTransport => "poor_transport",
            Self::LackMotivation => "lack_motivation",
            Self::Other => "other",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Illness => "因病",
            Self::Disability => "因残",
            Self::Schooling => "因学",
            Self::Disaster => "因灾",
            Self::LackLand => "缺土地",
            Self::LackWater => "缺水",
            Self::LackSkills => "缺技术",
            Self::LackLabor => "缺劳力",
            Self::LackCapital => "缺资金",
            Self::PoorTransport => "交通条件落后",
            Self::LackMotivation => "自身发展动力不足",
            Self::Other => "其他",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Illness => "Illness",
            Self::Disability => "Disability",
            Self::Schooling => "Schooling costs",
            Self::Disaster => "Disaster",
            Self::LackLand => "Lack of land",
            Self::LackWater => "Lack of water",
            Self::LackSkills => "Lack of skills",
            Self::LackLabor => "Lack of labour",
            Self::LackCapital => "Lack of capital",
            Self::PoorTransport => "Poor transport",
            Self::LackMotivation => "Lack of motivation",
            Self::Other => "Other",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::Illness => &["因病致贫"],
            Self::Disability => &["因残致贫"],
            Self::Schooling => &["因学致贫"],
            Self::Disaster => &["因灾致贫"],
            Self::LackLand => &["缺地"],
            Self::LackWater => &[],
            Self::LackSkills => &[],
            Self::LackLabor => &["缺劳动力"],
            Self::LackCapital => &[],
            Self::PoorTransport => &["交通落后"],
            Self::LackMotivation => &["发展动力不足"],
            Self::Other => &["其它"],
        }
    }
}

crate::taxonomy::impl_taxonomy!(PovertyCause, aliases);
