//! 社会组织类型: the type of a social organization.

/// 社会组织类型: the type of a social organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OrgType {
    /// 社会团体 — credit-code prefix 51.
    SocialGroup,
    /// 社会服务机构 — credit-code prefix 52.
    SocialServiceAgency,
    /// 基金会 — credit-code prefix 53.
    Foundation,
    /// 其他 — credit-code prefix 59.
    Other,
}

impl OrgType {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "社会组织类型";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::SocialGroup,
        Self::SocialServiceAgency,
        Self::Foundation,
        Self::Other,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::SocialGroup => "social_group",
            Self::SocialServiceAgency => "social_service_agency",
            Self::Foundation => "foundation",
            Self::Other => "other",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::SocialGroup => "社会团体",
            Self::SocialServiceAgency => "社会服务机构",
            Self::Foundation => "基金会",
            Self::Other => "其他",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::SocialGroup => "Social group",
            Self::SocialServiceAgency => "Social service agency",
            Self::Foundation => "Foundation",
            Self::Other => "Other",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::SocialGroup => &["社团"],
            Self::SocialServiceAgency => &["民办非企业单位", "民非"],
            Self::Foundation => &[],
            Self::Other => &["其它"],
        }
    }

    /// The organization-category character (second character) of the
    /// 统一社会信用代码 issued by civil-affairs authorities (`5`).
    pub const fn credit_category(&self) -> char {
        match self {
            Self::SocialGroup => '1',
            Self::SocialServiceAgency => '2',
            Self::Foundation => '3',
            Self::Other => '9',
        }
    }

    /// The type whose credit category is `category`, if any.
    pub fn from_credit_category(category: char) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|t| t.credit_category() == category)
    }
}

crate::taxonomy::impl_taxonomy!(OrgType, aliases);
