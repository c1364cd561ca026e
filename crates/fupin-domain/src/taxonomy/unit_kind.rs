//! 政府部门类型: the kind of a government unit using the platform.

/// 政府部门类型: the kind of a government unit using the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnitKind {
    /// 登记管理机关 — registration authority (civil affairs).
    RegistrationAuthority,
    /// 扶贫部门 — Poverty-alleviation office.
    PovertyOffice,
    /// 业务主管单位 — Supervisory unit.
    SupervisoryUnit,
    /// 行业管理部门 — Industry department.
    IndustryDepartment,
}

impl UnitKind {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "政府部门类型";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::RegistrationAuthority,
        Self::PovertyOffice,
        Self::SupervisoryUnit,
        Self::IndustryDepartment,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::RegistrationAuthority => "registration_authority",
            Self::PovertyOffice => "poverty_office",
            Self::SupervisoryUnit => "supervisory_unit",
            Self::IndustryDepartment => "industry_department",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::RegistrationAuthority => "登记管理机关",
            Self::PovertyOffice => "扶贫部门",
            Self::SupervisoryUnit => "业务主管单位",
            Self::IndustryDepartment => "行业管理部门",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::RegistrationAuthority => "Registration authority",
            Self::PovertyOffice => "Poverty-alleviation office",
            Self::SupervisoryUnit => "Supervisory unit",
            Self::IndustryDepartment => "Industry department",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::RegistrationAuthority => &[
                "民政",
                "民政部门",
                "登记管理机关(民政)",
                "登记管理机关（民政）",
            ],
            Self::PovertyOffice => &["扶贫办"],
            Self::SupervisoryUnit => &[],
            Self::IndustryDepartment => &[],
        }
    }
}

crate::taxonomy::impl_taxonomy!(UnitKind, aliases);
