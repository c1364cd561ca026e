//! Organization names: "{地区}{修饰}{主题}{后缀}", fictional but shaped like real ones, e.g.
//! 贵州省春晖助学基金会, 黔东南苗族侗族自治州电子商务协会, 雷山县妇女儿童发展服务中心. Each theme suggests
//! the supervisory unit (or, for decoupled associations, the industry department) it belongs to.

use std::collections::HashSet;

use fupin_domain::{ManagementMode, OrgType};
use rand::Rng;

use crate::rng::{pick, weighted};
use crate::units::{industry, supervisor};

/// Charity themes and the supervisory unit that fits them (None: usually directly registered).
#[rustfmt::skip]
const THEMES: &[(&str, Option<usize>)] = &[
    ("扶贫", None), ("慈善", None), ("扶贫济困", None), ("公益", None), ("光彩事业", None),
    ("志愿服务", None), ("社会工作", None), ("老年福利", None), ("生态保护", None), ("文化发展", None),
    ("乡村振兴", Some(supervisor::AGRICULTURE)), ("农业产业发展", Some(supervisor::AGRICULTURE)),
    ("教育发展", Some(supervisor::EDUCATION)), ("助学", Some(supervisor::EDUCATION)),
    ("青少年发展", Some(supervisor::YOUTH)), ("妇女儿童发展", Some(supervisor::WOMEN)),
    ("健康促进", Some(supervisor::HEALTH)), ("医疗救助", Some(supervisor::HEALTH)),
    ("残疾人福利", Some(supervisor::DISABLED)), ("科技服务", Some(supervisor::SCIENCE)),
    ("职业技能培训", Some(supervisor::LABOUR)), ("就业促进", Some(supervisor::LABOUR)),
];

/// Themes of decoupled industry associations and their industry department.
#[rustfmt::skip]
const INDUSTRY_THEMES: &[((&str, usize), u32)] = &[
    (("电子商务", industry::COMMERCE), 1), (("农产品流通", industry::COMMERCE), 1), (("茶产业", industry::COMMERCE), 1),
    (("光伏产业", industry::DEVELOPMENT), 1), (("中小企业", industry::INDUSTRY), 1),
    (("中药材产业", industry::INDUSTRY), 1), (("建筑业", industry::HOUSING), 1), (("物流", industry::TRANSPORT), 1),
];

/// Words that tell organizations of one place and theme apart.
#[rustfmt::skip]
const QUALIFIERS: &[&str] = &[
    "爱心", "阳光", "春晖", "希望", "同心", "善行", "益民", "红烛", "春蕾", "惠民", "乐助", "扬帆", "满天星",
    "青禾", "沃土", "山花", "暖流", "致远", "同舟", "筑梦",
];

const DECOUPLED_SUFFIXES: &[(&str, u32)] = &[("协会", 5), ("商会", 3), ("促进会", 2)];
const GROUP_SUFFIXES: &[(&str, u32)] = &[("协会", 5), ("促进会", 3), ("联合会", 2), ("研究会", 1)];
#[rustfmt::skip]
const AGENCY_SUFFIXES: &[(&str, u32)] =
    &[("服务中心", 5), ("社会工作服务中心", 3), ("发展中心", 2), ("服务社", 1)];

/// A unique name for an organization, with the supervisory unit or industry its theme suggests.
pub(crate) fn org_name(
    rng: &mut impl Rng,
    taken: &mut HashSet<String>,
    org_type: OrgType,
    mode: ManagementMode,
    place: &str,
) -> (String, Option<usize>, Option<usize>) {
    let mut fallback = None;
    for attempt in 0..40 {
        let (theme, sup, ind) = if mode == ManagementMode::DecoupledAssociation {
            let (t, i) = weighted(rng, INDUSTRY_THEMES);
            (t, None, Some(i))
        } else {
            let (t, s) = *pick(rng, THEMES).unwrap_or(&("扶贫", None));
            (t, s, None)
        };
        let suffix = match (org_type, mode) {
            (OrgType::Foundation, _) => "基金会",
            (OrgType::SocialGroup, ManagementMode::DecoupledAssociation) => {
                weighted(rng, DECOUPLED_SUFFIXES)
            }
            (OrgType::SocialGroup, _) => weighted(rng, GROUP_SUFFIXES),
            (OrgType::SocialServiceAgency, _) if theme == "职业技能培训" => "学校",
            (OrgType::SocialServiceAgency, _) => weighted(rng, AGENCY_SUFFIXES),
            (OrgType::Other, _) => weighted(rng, &[("公益联盟", 1), ("互助会", 1)]),
        };
        let qualifier = if attempt == 0 && rng.random_bool(0.5) {
            ""
        } else {
            pick(rng, QUALIFIERS).copied().unwrap_or("")
        };
        let name = format!("{place}{qualifier}{theme}{suffix}");
        if taken.insert(name.clone()) {
            return (name, sup, ind);
        }
        fallback.get_or_insert((name, sup, ind));
    }
    // Every combination tried was taken: number the last one (only at very large scales).
    let (base, sup, ind) = fallback.unwrap_or_else(|| (format!("{place}扶贫协会"), None, None));
    let mut n = 2;
    loop {
        let name = format!("{base}（{n}）");
        if taken.insert(name.clone()) {
            return (name, sup, ind);
        }
        n += 1;
    }
}
