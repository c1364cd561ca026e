//! 贫困状态: a registered person's status in the 建档立卡 registry.

/// 贫困状态: a registered person's status in the 建档立卡 registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegistryStatus {
    /// 未脱贫 — Not lifted out of poverty.
    NotLifted,
    /// 已脱贫享受政策 — Lifted, still receiving support.
    LiftedWithPolicy,
    /// 返贫 — Returned to poverty.
    Returned,
    /// 已脱贫不再享受政策 — Lifted, support ended.
    LiftedNoPolicy,
    /// 已死亡/注销 — Deceased or removed.
    Deceased,
}

impl RegistryStatus {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "贫困状态";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::NotLifted,
        Self::LiftedWithPolicy,
        Self::Returned,
        Self::LiftedNoPolicy,
        Self::Deceased,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::NotLifted => "not_lifted",
            Self::LiftedWithPolicy => "lifted_with_policy",
            Self::Returned => "returned",
            Self::LiftedNoPolicy => "lifted_no_policy",
            Self::Deceased => "deceased",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::NotLifted => "未脱贫",
            Self::LiftedWithPolicy => "已脱贫享受政策",
            Self::Returned => "返贫",
            Self::LiftedNoPolicy => "已脱贫不再享受政策",
            Self::Deceased => "已死亡/注销",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::NotLifted => "Not lifted out of poverty",
            Self::LiftedWithPolicy => "Lifted, still receiving support",
            Self::Returned => "Returned to poverty",
            Self::LiftedNoPolicy => "Lifted, support ended",
            Self::Deceased => "Deceased or removed",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::NotLifted => &[],
            Self::LiftedWithPolicy => &["脱贫享受政策"],
            Self::Returned => &[],
            Self::LiftedNoPolicy => &["脱贫不享受政策", "已脱贫不享受政策"],
            Self::Deceased => &["死亡", "已死亡", "注销", "已注销"],
        }
    }

    /// Whether the person counts as poor (未脱贫 or 返贫).
    pub const fn is_poor(&self) -> bool {
        matches!(self, Self::NotLifted | Self::Returned)
    }

    /// Whether the person has been lifted out of poverty.
    pub const fn is_lifted(&self) -> bool {
        matches!(self, Self::LiftedWithPolicy | Self::LiftedNoPolicy)
    }
}

crate::taxonomy::impl_taxonomy!(RegistryStatus, aliases);
