//! 行政区划级别: the five levels of the region code tree.

/// 行政区划级别: province, prefecture, county, township, village.
///
/// Ordered from the top: `Province < Prefecture < … < Village`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegionLevel {
    /// 省级 — 2 digits.
    Province,
    /// 地级 — 4 digits.
    Prefecture,
    /// 县级 — 6 digits.
    County,
    /// 乡级 — 9 digits.
    Township,
    /// 村级 — 12 digits.
    Village,
}

impl RegionLevel {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "行政区划级别";

    /// Every level, from the top.
    pub const ALL: &[Self] = &[
        Self::Province,
        Self::Prefecture,
        Self::County,
        Self::Township,
        Self::Village,
    ];

    /// Stable lowercase ASCII code.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::Prefecture => "prefecture",
            Self::County => "county",
            Self::Township => "township",
            Self::Village => "village",
        }
    }

    /// Chinese label: 省级, 地级, 县级, 乡级, 村级.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Province => "省级",
            Self::Prefecture => "地级",
            Self::County => "县级",
            Self::Township => "乡级",
            Self::Village => "村级",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Province => "Province",
            Self::Prefecture => "Prefecture",
            Self::County => "County",
            Self::Township => "Township",
            Self::Village => "Village",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::Province => &["省"],
            Self::Prefecture => &["市级", "地市级"],
            Self::County => &["县"],
            Self::Township => &["乡镇级", "乡镇"],
            Self::Village => &["村"],
        }
    }

    /// Number of digits of a code at this level: 2, 4, 6, 9 or 12.
    pub const fn digits(&self) -> usize {
        match self {
            Self::Province => 2,
            Self::Prefecture => 4,
            Self::County => 6,
            Self::Township => 9,
            Self::Village => 12,
        }
    }

    /// The level whose codes have `digits` digits.
    pub const fn from_digits(digits: usize) -> Option<Self> {
        match digits {
            2 => Some(Self::Province),
            4 => Some(Self::Prefecture),
            6 => Some(Self::County),
            9 => Some(Self::Township),
            12 => Some(Self::Village),
            _ => None,
        }
    }

    /// The level above (`None` for province).
    pub const fn parent(&self) -> Option<Self> {
        match self {
            Self::Province => None,
            Self::Prefecture => Some(Self::Province),
            Self::County => Some(Self::Prefecture),
            Self::Township => Some(Self::County),
            Self::Village => Some(Self::Township),
        }
    }

    /// The level below (`None` for village).
    pub const fn child(&self) -> Option<Self> {
        match self {
            Self::Province => Some(Self::Prefecture),
            Self::Prefecture => Some(Self::County),
            Self::County => Some(Self::Township),
            Self::Township => Some(Self::Village),
            Self::Village => None,
        }
    }
}

crate::taxonomy::impl_taxonomy!(RegionLevel, aliases);
