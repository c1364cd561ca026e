//! 资金来源: where an activity's money comes from.

/// 资金来源: where an activity's money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FundingSource {
    /// 自有资金 — Own funds.
    OwnFunds,
    /// 社会捐赠 — Donations.
    Donations,
    /// 网络募捐 — online fundraising (platform and filing number required).
    OnlineFundraising,
    /// 政府购买服务 — Government purchase of services.
    GovernmentPurchase,
    /// 慈善信托 — Charitable trust.
    CharitableTrust,
}

impl FundingSource {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "资金来源";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::OwnFunds,
        Self::Donations,
        Self::OnlineFundraising,
        Self::GovernmentPurchase,
        Self::CharitableTrust,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::OwnFunds => "own_funds",
            Self::Donations => "donations",
            Self::OnlineFundraising => "online_fundraising",
            Self::GovernmentPurchase => "government_purchase",
            Self::CharitableTrust => "charitable_trust",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::OwnFunds => "自有资金",
            Self::Donations => "社会捐赠",
            Self::OnlineFundraising => "网络募捐",
            Self::GovernmentPurchase => "政府购买服务",
            Self::CharitableTrust => "慈善信托",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::OwnFunds => "Own funds",
            Self::Donations => "Donations",
            Self::OnlineFundraising => "Online fundraising",
            Self::GovernmentPurchase => "Government purchase of services",
            Self::CharitableTrust => "Charitable trust",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::OwnFunds => &[],
            Self::Donations => &["捐赠"],
            Self::OnlineFundraising => &["互联网募捐"],
            Self::GovernmentPurchase => &["政府购买"],
            Self::CharitableTrust => &[],
        }
    }

    /// Whether the platform and the fundraising filing number must be given.
    pub const fn requires_platform_filing(&self) -> bool {
        matches!(self, Self::OnlineFundraising)
    }
}

crate::taxonomy::impl_taxonomy!(FundingSource, aliases);
