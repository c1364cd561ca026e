//! 信用状态: a social organization's credit status.

/// 信用状态: a social organization's credit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CreditStatus {
    /// 正常 — Normal.
    Normal,
    /// 活动异常名录 — List of abnormal activities.
    AbnormalActivities,
    /// 严重违法失信名单 — List of serious violations.
    SeriousViolation,
}

impl CreditStatus {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "信用状态";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::Normal,
        Self::AbnormalActivities,
        Self::SeriousViolation,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Normal => "normal",
            Self::AbnormalActivities => "abnormal_activities",
            Self::SeriousViolation => "serious_violation",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Normal => "正常",
            Self::AbnormalActivities => "活动异常名录",
            Self::SeriousViolation => "严重违法失信名单",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Normal => "Normal",
            Self::AbnormalActivities => "List of abnormal activities",
            Self::SeriousViolation => "List of serious violations",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::Normal => &[],
            Self::AbnormalActivities => &["列入活动异常名录"],
            Self::SeriousViolation => &["列入严重违法失信名单"],
        }
    }

    /// Whether the organization is on either list.
    pub const fn is_listed(&self) -> bool {
        !matches!(self, Self::Normal)
    }
}

crate::taxonomy::impl_taxonomy!(CreditStatus, aliases);
