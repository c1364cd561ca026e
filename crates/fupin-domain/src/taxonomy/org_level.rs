//! 社会组织登记级别: the level of the registering authority.

/// 社会组织登记级别: the level of the registering authority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgLevel {
    /// 全国性 — National.
    National,
    /// 省级 — Provincial.
    Provincial,
    /// 市级 — Prefectural.
    Prefectural,
    /// 县级 — County.
    County,
}

impl OrgLevel {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "社会组织登记级别";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::National,
        Self::Provincial,
        Self::Prefectural,
        Self::County,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::National => "national",
            Self::Provincial => "provincial",
            Self::Prefectural => "prefectural",
            Self::County => "county",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::National => "全国性",
            Self::Provincial => "省级",
            Self::Prefectural => "市级",
            Self::County => "县级",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::National => "National",
            Self::Provincial => "Provincial",
            Self::Prefectural => "Prefectural",
            Self::County => "County",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::National => &["全国", "全国性社会组织"],
            Self::Provincial => &["省", "省级社会组织"],
            Self::Prefectural => &["地市级", "地级", "市级社会组织"],
            Self::County => &["县", "县级社会组织"],
        }
    }

    /// The region level of the registering authority (`None` for national).
    pub const fn region_level(&self) -> Option<crate::region_code::RegionLevel> {
        use crate::region_code::RegionLevel;
        match self {
            Self::National => None,
            Self::Provincial => Some(RegionLevel::Province),
            Self::Prefectural => Some(RegionLevel::Prefecture),
            Self::County => Some(RegionLevel::County),
        }
    }
}

crate::taxonomy::impl_taxonomy!(OrgLevel, aliases);
