//! 活动状态: the workflow status of an activity record.

/// 活动状态: the workflow status of an activity record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActivityStatus {
    /// 草稿 — Draft.
    Draft,
    /// 已提交 — Submitted.
    Submitted,
    /// 已退回 — Returned.
    Returned,
    /// 已受理 — Accepted.
    Accepted,
    /// 已公开 — Published.
    Published,
}

impl ActivityStatus {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "活动状态";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::Draft,
        Self::Submitted,
        Self::Returned,
        Self::Accepted,
        Self::Published,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Accepted => "accepted",
            Self::Published => "published",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Draft => "草稿",
            Self::Submitted => "已提交",
            Self::Returned => "已退回",
            Self::Accepted => "已受理",
            Self::Published => "已公开",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Submitted",
            Self::Returned => "Returned",
            Self::Accepted => "Accepted",
            Self::Published => "Published",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::Draft => &[],
            Self::Submitted => &["提交"],
            Self::Returned => &["退回"],
            Self::Accepted => &["受理"],
            Self::Published => &["公开"],
        }
    }

    /// Whether the organization may still edit the record.
    pub const fn is_editable_by_org(&self) -> bool {
        matches!(self, Self::Draft | Self::Returned)
    }
}

crate::taxonomy::impl_taxonomy!(ActivityStatus, aliases);
