//! 管理体制: how a social organization is supervised.

/// 管理体制: how a social organization is supervised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ManagementMode {
    /// 双重管理 — registration authority plus supervisory unit.
    DualManagement,
    /// 脱钩行业协会商会 — industry association or chamber of commerce decoupled from government.
    DecoupledAssociation,
    /// 直接登记 — Direct registration.
    DirectRegistration,
}

impl ManagementMode {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "管理体制";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::DualManagement,
        Self::DecoupledAssociation,
        Self::DirectRegistration,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::DualManagement => "dual_management",
            Self::DecoupledAssociation => "decoupled_association",
            Self::DirectRegistration => "direct_registration",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::DualManagement => "双重管理",
            Self::DecoupledAssociation => "脱钩行业协会商会",
            Self::DirectRegistration => "直接登记",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::DualManagement => "Dual management",
            Self::DecoupledAssociation => "Decoupled industry association",
            Self::DirectRegistration => "Direct registration",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::DualManagement => &[],
            Self::DecoupledAssociation => &["脱钩", "行业协会商会"],
            Self::DirectRegistration => &[],
        }
    }

    /// Whether an organization under this mode has a 业务主管单位.
    pub const fn has_supervisory_unit(&self) -> bool {
        matches!(self, Self::DualManagement)
    }
}

crate::taxonomy::impl_taxonomy!(ManagementMode, aliases);
