//! What the engine says about a roster entry: a status, the name agreement and the reasons.

use fupin_domain::{AssistanceList, Taxonomy};

use crate::activity::RegionAgreement;
use crate::names::{NameAgreement, NameMatch};

/// The outcome of verifying one roster entry.
///
/// When several problems apply, the status is the first in this order: invalid ID, not in the
/// registry, name mismatch, deceased, exited before service, outside the locations; every problem
/// is listed among the [`Verdict::reasons`] all the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// 核对通过: everything agrees.
    Verified,
    /// 核对通过（同音字）: verified; the name differs by characters read alike.
    Homophone,
    /// 核对通过（错字）: verified; the name is one edit from the registry's.
    Typo,
    /// 服务地点不符: the registered village lies outside the activity's locations and their counties.
    OutsideLocations,
    /// 服务前已退出: lifted out of poverty with support ended (不再享受政策), or left the
    /// assistance list of the entry's category, before the service year.
    ExitedBeforeService,
    /// 已死亡/注销: registered as deceased or removed.
    Deceased,
    /// 姓名不符: the name is further than one edit from the registry's and not read alike.
    NameMismatch,
    /// 不在登记中: a valid ID number the registry does not hold.
    NotInRegistry,
    /// 身份证号码无效: the roster's ID number did not validate (no hash).
    InvalidId,
}

impl Status {
    /// What this vocabulary is called.
    pub const KIND_ZH: &'static str = "核对结果";

    /// Every status, verified ones first.
    pub const ALL: &'static [Self] = &[
        Self::Verified,
        Self::Homophone,
        Self::Typo,
        Self::OutsideLocations,
        Self::ExitedBeforeService,
        Self::Deceased,
        Self::NameMismatch,
        Self::NotInRegistry,
        Self::InvalidId,
    ];

    /// Stable code stored in the database.
    pub const fn code(&self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::Homophone => "homophone",
            Self::Typo => "typo",
            Self::OutsideLocations => "outside_locations",
            Self::ExitedBeforeService => "exited_before_service",
            Self::Deceased => "deceased",
            Self::NameMismatch => "name_mismatch",
            Self::NotInRegistry => "not_in_registry",
            Self::InvalidId => "invalid_id",
        }
    }

    /// Chinese label.
    pub const fn label_zh(&self) -> &'static str {
        match self {
            Self::Verified => "核对通过",
            Self::Homophone => "核对通过（同音字）",
            Self::Typo => "核对通过（错字）",
            Self::OutsideLocations => "服务地点不符",
            Self::ExitedBeforeService => "服务前已脱贫或已退出名单",
            Self::Deceased => "已死亡/注销",
            Self::NameMismatch => "姓名不符",
            Self::NotInRegistry => "不在建档立卡登记中",
            Self::InvalidId => "身份证号码无效",
        }
    }

    /// English label.
    pub const fn label_en(&self) -> &'static str {
        match self {
            Self::Verified => "Verified",
            Self::Homophone => "Verified (homophone in the name)",
            Self::Typo => "Verified (typo in the name)",
            Self::OutsideLocations => "Outside the activity's locations",
            Self::ExitedBeforeService => "Exited (or left the list) before the service date",
            Self::Deceased => "Deceased or removed",
            Self::NameMismatch => "Name does not match",
            Self::NotInRegistry => "Not in the registry",
            Self::InvalidId => "Invalid ID number",
        }
    }

    /// Whether the entry counts as verified (with or without a note on the name).
    pub const fn is_verified(&self) -> bool {
        matches!(self, Self::Verified | Self::Homophone | Self::Typo)
    }

    /// Position in [`Status::ALL`] (for counting arrays).
    pub const fn index(&self) -> usize {
        match self {
            Self::Verified => 0,
            Self::Homophone => 1,
            Self::Typo => 2,
            Self::OutsideLocations => 3,
            Self::ExitedBeforeService => 4,
            Self::Deceased => 5,
            Self::NameMismatch => 6,
            Self::NotInRegistry => 7,
            Self::InvalidId => 8,
        }
    }

    /// Rank when several problems apply: the lowest rank is the entry's status.
    pub(crate) const fn precedence(&self) -> u8 {
        match self {
            Self::InvalidId => 0,
            Self::NotInRegistry => 1,
            Self::NameMismatch => 2,
            Self::Deceased => 3,
            Self::ExitedBeforeService => 4,
            Self::OutsideLocations => 5,
            Self::Typo => 6,
            Self::Homophone => 7,
            Self::Verified => 8,
        }
    }

    /// Points an entry with this status adds to its organization's quality score
    /// (see [`crate::OrganizationScore`]): how much of the claim stands.
    pub const fn quality_points(&self) -> u32 {
        match self {
            Self::Verified => 10_000,
            Self::Homophone => 9_000,
            Self::Typo => 8_000,
            Self::OutsideLocations => 5_000,
            Self::ExitedBeforeService => 2_000,
            Self::Deceased | Self::NameMismatch | Self::NotInRegistry | Self::InvalidId => 0,
        }
    }
}

impl Taxonomy for Status {
    const KIND_ZH: &'static str = Status::KIND_ZH;
    const ALL: &'static [Self] = Status::ALL;
    fn code(&self) -> &'static str {
        Status::code(self)
    }
    fn label_zh(&self) -> &'static str {
        Status::label_zh(self)
    }
    fn label_en(&self) -> &'static str {
        Status::label_en(self)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label_zh())
    }
}

/// Another entry claiming the same person in the same year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClaimRef {
    /// Its organization.
    pub organization_id: i64,
    /// Its activity.
    pub activity_id: i64,
    /// Its row in that activity's roster.
    pub row_no: i32,
}

/// Most other claims listed in a [`Reason::ClaimedByOthers`] (the counts are complete).
pub const MAX_CLAIM_REFS: usize = 8;

/// Why an entry has its status, or a note that does not change it.
///
/// [`Reason::message_zh`] never contains registry data (names, years, villages), so it can be
/// shown to the organization; the fields carry the details for officers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Reason {
    /// The ID number did not validate.
    InvalidId,
    /// The ID number is not in the registry.
    NotInRegistry,
    /// Note: the entry's category has a loaded list and the person is not on it either.
    NotOnList {
        /// The list of the entry's category.
        list: AssistanceList,
    },
    /// Note: the person was found on this list (the entry's category's), not only the registry.
    OnList {
        /// The list.
        list: AssistanceList,
    },
    /// Left the list (support ended) in a year before the service year.
    LeftListBeforeService {
        /// The list.
        list: AssistanceList,
        /// The year the person left it.
        exit_year: i32,
        /// The service date's year.
        service_year: i32,
    },
    /// The name is not exactly the registry's (any agreement but exact).
    Name(NameMatch),
    /// Registered as deceased or removed, before the service year or at an unknown time.
    Deceased {
        /// Year of death or removal, when known.
        year: Option<i32>,
    },
    /// Note: died or removed in the year of service (the service may have come first).
    DiedInServiceYear,
    /// Lifted out of poverty with support ended (不再享受政策) in a year before the service year.
    ExitedBeforeService {
        /// The exit year.
        exit_year: i32,
        /// The service date's year.
        service_year: i32,
    },
    /// Note: lifted before the service year but still supported (已脱贫享受政策, 脱贫不脱政策), or
    /// lifted then and returned to poverty only later.
    ExitedWithPolicy {
        /// The exit year.
        exit_year: i32,
    },
    /// Note: returned to poverty (返贫).
    Returned {
        /// Year of return, when known.
        year: Option<i32>,
    },
    /// The registered village lies outside the activity's locations and their counties.
    OutsideLocations,
    /// Note: the registered village lies outside the locations but in the county of one.
    SameCountyOnly,
    /// Note: the roster gives another village than the registry.
    RosterVillageDiffers,
    /// Note: other organizations claim the same person in the same year (double counting in
    /// totals, not a failure: 结对帮扶 by several organizations is legitimate).
    ClaimedByOthers {
        /// Distinct other organizations.
        organizations: u32,
        /// Their entries.
        entries: u32,
        /// The first [`MAX_CLAIM_REFS`] of those entries, sorted.
        claims: Vec<ClaimRef>,
    },
    /// Note: the same organization claims the person again in the same year.
    RepeatedInOrganization {
        /// Other entries of the same organization.
        entries: u32,
    },
}

impl Reason {
    /// The status this reason sets, if it is a problem rather than a note.
    pub const fn failure(&self) -> Option<Status> {
        match self {
            Self::InvalidId => Some(Status::InvalidId),
            Self::NotInRegistry => Some(Status::NotInRegistry),
            Self::Name(m) if matches!(m.agreement, NameAgreement::Mismatch) => {
                Some(Status::NameMismatch)
            }
            Self::Deceased { .. } => Some(Status::Deceased),
            Self::ExitedBeforeService { .. } | Self::LeftListBeforeService { .. } => {
                Some(Status::ExitedBeforeService)
            }
            Self::OutsideLocations => Some(Status::OutsideLocations),
            _ => None,
        }
    }

    /// Stable code (for storage and the API).
    pub const fn code(&self) -> &'static str {
        match self {
            Self::InvalidId => "invalid_id",
            Self::NotInRegistry => "not_in_registry",
            Self::NotOnList { .. } => "not_on_list",
            Self::OnList { .. } => "on_list",
            Self::LeftListBeforeService { .. } => "left_list_before_service",
            Self::Name(m) => match m.agreement {
                NameAgreement::Exact => "name_exact",
                NameAgreement::Homophone => "name_homophone",
                NameAgreement::SoundsAlike => "name_sounds_alike",
                NameAgreement::Typo(_) => "name_typo",
                NameAgreement::Mismatch => "name_mismatch",
            },
            Self::Deceased { .. } => "deceased",
            Self::DiedInServiceYear => "died_in_service_year",
            Self::ExitedBeforeService { .. } => "exited_before_service",
            Self::ExitedWithPolicy { .. } => "exited_with_policy",
            Self::Returned { .. } => "returned",
            Self::OutsideLocations => "outside_locations",
            Self::SameCountyOnly => "same_county_only",
            Self::RosterVillageDiffers => "roster_village_differs",
            Self::ClaimedByOthers { .. } => "claimed_by_others",
            Self::RepeatedInOrganization { .. } => "repeated_in_organization",
        }
    }

    /// The reason in Chinese, without registry data.
    pub fn message_zh(&self) -> String {
        match self {
            Self::InvalidId => "身份证号码无效，无法与建档立卡登记核对".to_owned(),
            Self::NotInRegistry => "身份证号码不在建档立卡登记中".to_owned(),
            Self::NotOnList { list } => format!("身份证号码也不在{}中", list.label_zh()),
            Self::OnList { list } => format!("按{}核对", list.label_zh()),
            Self::LeftListBeforeService { list, .. } => {
                format!("服务日期所在年度之前已退出{}", list.label_zh())
            }
            Self::Name(m) => match m.agreement {
                NameAgreement::Mismatch => {
                    "姓名与登记不符（相差不止一个字，读音也不同）".to_owned()
                }
                a => format!(
                    "姓名与登记{}（相似度{}.{:02}%），视为同一人",
                    a.label_zh(),
                    m.score_bp / 100,
                    m.score_bp % 100
                ),
            },
            Self::Deceased { .. } => "登记为已死亡或已注销".to_owned(),
            Self::DiedInServiceYear => "服务当年登记为已死亡或已注销，请核实服务日期".to_owned(),
            Self::ExitedBeforeService { .. } => {
                "服务日期所在年度之前已脱贫且不再享受政策".to_owned()
            }
            Self::ExitedWithPolicy { .. } => {
                "服务日期所在年度之前已脱贫，仍享受帮扶政策".to_owned()
            }
            Self::Returned { .. } => "登记为返贫人口".to_owned(),
            Self::OutsideLocations => "登记所在村不在活动地点范围内".to_owned(),
            Self::SameCountyOnly => "登记所在村不在活动地点内，但属同一县".to_owned(),
            Self::RosterVillageDiffers => "名单填写的村与登记所在村不同".to_owned(),
            Self::ClaimedByOthers {
                organizations,
                entries,
                ..
            } => format!(
                "同一年度另有{organizations}个组织的{entries}条名单记录也申报了此人；结对帮扶不受限制，但统计人数时只计一次"
            ),
            Self::RepeatedInOrganization { entries } => {
                format!("本组织同一年度另有{entries}条名单记录申报了此人")
            }
        }
    }
}

/// The verdict on one roster entry.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Verdict {
    /// The entry's activity.
    pub activity_id: i64,
    /// The entry's row in the roster.
    pub row_no: i32,
    /// The outcome.
    pub status: Status,
    /// How the name agrees with the registry's (`None` when there is no registry record).
    pub name: Option<NameMatch>,
    /// Where the registered village stands against the activity's locations (`None` when there
    /// is no registry record).
    pub region: Option<RegionAgreement>,
    /// Problems and notes, in a fixed order: identity, name, status on the service date,
    /// region, other claims.
    pub reasons: Vec<Reason>,
}

impl Verdict {
    /// Whether the entry counts as verified.
    pub fn is_verified(&self) -> bool {
        self.status.is_verified()
    }

    /// The Chinese messages of the reasons.
    pub fn messages_zh(&self) -> Vec<String> {
        self.reasons.iter().map(Reason::message_zh).collect()
    }
}
