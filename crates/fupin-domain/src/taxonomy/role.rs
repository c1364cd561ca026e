//! 用户角色: a platform user role.

/// 用户角色: a platform user role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// 社会组织填报员 — Organization reporter.
    OrgReporter,
    /// 社会组织管理员 — Organization administrator.
    OrgAdmin,
    /// 业务经办人 — Officer.
    Officer,
    /// 审核负责人 — Reviewing leader.
    Leader,
    /// 系统管理员 — System administrator.
    SystemAdmin,
    /// 安全管理员 — Security administrator.
    SecurityAdmin,
    /// 安全审计员 — Security auditor.
    Auditor,
}

impl Role {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "用户角色";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[
        Self::OrgReporter,
        Self::OrgAdmin,
        Self::Officer,
        Self::Leader,
        Self::SystemAdmin,
        Self::SecurityAdmin,
        Self::Auditor,
    ];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::OrgReporter => "org_reporter",
            Self::OrgAdmin => "org_admin",
            Self::Officer => "officer",
            Self::Leader => "leader",
            Self::SystemAdmin => "system_admin",
            Self::SecurityAdmin => "security_admin",
            Self::Auditor => "auditor",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::OrgReporter => "社会组织填报员",
            Self::OrgAdmin => "社会组织管理员",
            Self::Officer => "业务经办人",
            Self::Leader => "审核负责人",
            Self::SystemAdmin => "系统管理员",
            Self::SecurityAdmin => "安全管理员",
            Self::Auditor => "安全审计员",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::OrgReporter => "Organization reporter",
            Self::OrgAdmin => "Organization administrator",
            Self::Officer => "Officer",
            Self::Leader => "Reviewing leader",
            Self::SystemAdmin => "System administrator",
            Self::SecurityAdmin => "Security administrator",
            Self::Auditor => "Security auditor",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::OrgReporter => &["填报员"],
            Self::OrgAdmin => &[],
            Self::Officer => &["经办人"],
            Self::Leader => &["负责人"],
            Self::SystemAdmin => &[],
            Self::SecurityAdmin => &[],
            Self::Auditor => &["审计员"],
        }
    }

    /// Whether the role belongs to a social organization's staff.
    pub const fn is_org_side(&self) -> bool {
        matches!(self, Self::OrgReporter | Self::OrgAdmin)
    }

    /// Whether the role belongs to a government unit's staff.
    pub const fn is_government_side(&self) -> bool {
        matches!(self, Self::Officer | Self::Leader)
    }

    /// Whether the role is one of the three separated administrators
    /// (三员: system, security, audit).
    pub const fn is_separated_admin(&self) -> bool {
        matches!(
            self,
            Self::SystemAdmin | Self::SecurityAdmin | Self::Auditor
        )
    }
}

crate::taxonomy::impl_taxonomy!(Role, aliases);
