//! 帮扶方式: how an organization helps (notice §三).

/// 帮扶方式: how an organization helps (notice §三).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    /// 慈善信托 — Charitable trust.
    CharitableTrust,
    /// 扶贫项目 — Poverty-alleviation project.
    Project,
    /// 结对帮扶 — Pairing assistance.
    Pairing,
    /// 捐赠款物 — Donation of money and goods.
    Donation,
    /// 消费扶贫 — Consumption-based assistance.
    Consumption,
    /// 资助贫困地区公益慈善组织 — Funding charities in poor areas.
    FundingLocalCharities,
}

impl Method {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "帮扶方式";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::CharitableTrust,
        Self::Project,
        Self::Pairing,
        Self::Donation,
        Self::Consumption,
        Self::FundingLocalCharities,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::CharitableTrust => "charitable_trust",
            Self::Project => "project",
            Self::Pairing => "pairing",
            Self::Donation => "donation",
            Self::Consumption => "consumption",
            Self::FundingLocalCharities => "funding_local_charities",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::CharitableTrust => "慈善信托",
            Self::Project => "扶贫项目",
            Self::Pairing => "结对帮扶",
            Self::Donation => "捐赠款物",
            Self::Consumption => "消费扶贫",
            Self::FundingLocalCharities => "资助贫困地区公益慈善组织",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::CharitableTrust => "Charitable trust",
            Self::Project => "Poverty-alleviation project",
            Self::Pairing => "Pairing assistance",
            Self::Donation => "Donation of money and goods",
            Self::Consumption => "Consumption-based assistance",
            Self::FundingLocalCharities => "Funding charities in poor areas",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::CharitableTrust => &[],
            Self::Project => &["项目"],
            Self::Pairing => &["结对"],
            Self::Donation => &["捐赠", "捐款捐物"],
            Self::Consumption => &[],
            Self::FundingLocalCharities => &[],
        }
    }
}

crate::taxonomy::impl_taxonomy!(Method, aliases);
