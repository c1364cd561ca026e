//! 扶贫领域: the field of a poverty-alleviation activity (notice §二).

/// 扶贫领域: the field of a poverty-alleviation activity (notice §二).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 产业扶贫 — Industry development.
    Industry,
    /// 教育扶贫 — Education.
    Education,
    /// 健康扶贫 — Health.
    Health,
    /// 易地扶贫搬迁 — Relocation from inhospitable areas.
    Relocation,
    /// 志愿扶贫 — Volunteering.
    Volunteer,
    /// 劳务输出 — Labour export.
    LaborExport,
    /// 基础设施 — Infrastructure.
    Infrastructure,
    /// 危房改造 — Dilapidated-housing renovation.
    HousingRenovation,
    /// 文化扶贫 — Culture.
    Culture,
    /// 生态扶贫 — Ecology.
    Ecology,
    /// 科技扶贫 — Science and technology.
    Technology,
    /// 政策建议 — Policy advice.
    PolicyAdvice,
    /// 其他 — Other.
    Other,
}

impl Field {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "扶贫领域";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::Industry,
        Self::Education,
        Self::Health,
        Self::Relocation,
        Self::Volunteer,
        Self::LaborExport,
        Self::Infrastructure,
        Self::HousingRenovation,
        Self::Culture,
        Self::Ecology,
        Self::Technology,
        Self::PolicyAdvice,
        Self::Other,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Industry => "industry",
            Self::Education => "education",
            Self::Health => "health",
            Self::Relocation => "relocation",
            Self::Volunteer => "volunteer",
            Self::LaborExport => "labor_export",
            Self::Infrastructure => "infrastructure",
            Self::HousingRenovation => "housing_renovation",
            Self::Culture => "culture",
            Self::Ecology => "ecology",
            Self::Technology => "technology",
            Self::PolicyAdvice => "policy_advice",
            Self::Other => "other",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Industry => "产业扶贫",
            Self::Education => "教育扶贫",
            Self::Health => "健康扶贫",
            Self::Relocation => "易地扶贫搬迁",
            Self::Volunteer => "志愿扶贫",
            Self::LaborExport => "劳务输出",
            Self::Infrastructure => "基础设施",
            Self::HousingRenovation => "危房改造",
            Self::Culture => "文化扶贫",
            Self::Ecology => "生态扶贫",
            Self::Technology => "科技扶贫",
            Self::PolicyAdvice => "政策建议",
            Self::Other => "其他",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Industry => "Industry development",
            Self::Education => "Education",
            Self::Health => "Health",
            Self::Relocation => "Relocation",
            Self::Volunteer => "Volunteering",
            Self::LaborExport => "Labour export",
            Self::Infrastructure => "Infrastructure",
            Self::HousingRenovation => "Dilapidated-housing renovation",
            Self::Culture => "Culture",
            Self::Ecology => "Ecology",
            Self::Technology => "Science and technology",
            Self::PolicyAdvice => "Policy advice",
            Self::Other => "Other",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::Industry => &["产业"],
            Self::Education => &["教育"],
            Self::Health => &["健康"],
            Self::Relocation => &["易地搬迁"],
            Self::Volunteer => &["志愿", "志愿服务"],
            Self::LaborExport => &["劳务输出扶贫"],
            Self::Infrastructure => &["基础设施建设"],
            Self::HousingRenovation => &[],
            Self::Culture => &["文化"],
            Self::Ecology => &["生态"],
            Self::Technology => &["科技"],
            Self::PolicyAdvice => &[],
            Self::Other => &["其它"],
        }
    }

    /// Whether the notice names this field explicitly in §二 (产业, 教育,
    /// 健康, 易地扶贫搬迁, 志愿); the others fall under "其他".
    pub const fn is_named_in_notice(&self) -> bool {
        matches!(
            self,
            Self::Industry | Self::Education | Self::Health | Self::Relocation | Self::Volunteer
        )
    }
}

crate::taxonomy::impl_taxonomy!(Field, aliases);
