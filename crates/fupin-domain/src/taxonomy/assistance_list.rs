//! 救助名单: the lists besides the 建档立卡 registry that beneficiaries are verified against
//! (农村低保, 特困人员, 贫困残疾人), and the standing of a person on one.

use crate::taxonomy::BeneficiaryCategory;

/// 救助名单: a list of persons kept by 民政 (低保, 特困) or the disabled persons' federation
/// (贫困残疾人), imported alike to the 建档立卡 registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AssistanceList {
    /// 农村低保对象名单 — Rural minimum-living-allowance recipients.
    RuralDibao,
    /// 特困人员名单 — Persons in extreme poverty (特困供养).
    Tekun,
    /// 贫困残疾人名单 — Poor persons with disabilities.
    PoorDisabled,
}

impl AssistanceList {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "救助名单";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[Self::RuralDibao, Self::Tekun, Self::PoorDisabled];

    /// Stable lowercase ASCII code stored in the database (the beneficiary category's code).
    pub const fn code(&self) -> &'static str {
        self.category().code()
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::RuralDibao => "农村低保对象名单",
            Self::Tekun => "特困人员名单",
            Self::PoorDisabled => "贫困残疾人名单",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::RuralDibao => "Rural minimum-living-allowance list",
            Self::Tekun => "Extreme-poverty support list",
            Self::PoorDisabled => "Poor persons with disabilities list",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::RuralDibao => &["低保", "农村低保", "农村低保对象", "低保名单"],
            Self::Tekun => &["特困", "特困人员", "特困供养人员", "特困名单"],
            Self::PoorDisabled => &["贫困残疾人", "残疾人", "贫困残疾人名单"],
        }
    }

    /// Position in [`AssistanceList::ALL`].
    pub const fn index(&self) -> usize {
        match self {
            Self::RuralDibao => 0,
            Self::Tekun => 1,
            Self::PoorDisabled => 2,
        }
    }

    /// The beneficiary category whose roster entries this list verifies.
    pub const fn category(&self) -> BeneficiaryCategory {
        match self {
            Self::RuralDibao => BeneficiaryCategory::RuralDibao,
            Self::Tekun => BeneficiaryCategory::Tekun,
            Self::PoorDisabled => BeneficiaryCategory::PoorDisabled,
        }
    }

    /// The list that verifies entries of `category`, if any (建档立卡 entries are verified against
    /// the registry itself; 其他 against nothing more).
    pub const fn for_category(category: BeneficiaryCategory) -> Option<Self> {
        match category {
            BeneficiaryCategory::RuralDibao => Some(Self::RuralDibao),
            BeneficiaryCategory::Tekun => Some(Self::Tekun),
            BeneficiaryCategory::PoorDisabled => Some(Self::PoorDisabled),
            BeneficiaryCategory::RegisteredPoor | BeneficiaryCategory::Other => None,
        }
    }
}

crate::taxonomy::impl_taxonomy!(AssistanceList, aliases);

/// 名单状态: a person's standing on an [`AssistanceList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ListStatus {
    /// 在册 — On the list, receiving support.
    Active,
    /// 已退出 — Left the list (support ended) in the exit year.
    Exited,
    /// 已死亡 — Deceased (or removed).
    Deceased,
}

impl ListStatus {
    /// What this vocabulary is called.
    pub const KIND_ZH: &str = "名单状态";

    /// Every variant, in display order.
    pub const ALL: &[Self] = &[Self::Active, Self::Exited, Self::Deceased];

    /// Stable lowercase ASCII code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Exited => "exited",
            Self::Deceased => "deceased",
        }
    }

    /// Chinese label shown to users.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Active => "在册",
            Self::Exited => "已退出",
            Self::Deceased => "已死亡",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Active => "On the list",
            Self::Exited => "Left the list",
            Self::Deceased => "Deceased",
        }
    }

    /// Other Chinese spellings accepted when parsing.
    pub const fn aliases_zh(&self) -> &'static [&'static str] {
        match self {
            Self::Active => &["在保", "正常", "享受"],
            Self::Exited => &["退出", "停保", "已停保", "取消"],
            Self::Deceased => &["死亡", "注销", "已注销", "已死亡/注销"],
        }
    }
}

crate::taxonomy::impl_taxonomy!(ListStatus, aliases);
