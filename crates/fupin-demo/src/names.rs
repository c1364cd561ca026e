//! Plausible Chinese names, and the homophone typos (同音字) rosters are seeded with.
//!
//! Every given-name character belongs to a group of characters read alike (same pinyin, tone aside),
//! so a typo replaces one given-name character by another member of its group: 张伟 → 张玮,
//! 李娜 → 李纳. A verification engine comparing pinyin finds them all.

use rand::Rng;

use crate::rng::{pick, weighted};

/// Common surnames with rough weights (per mille of the population).
#[rustfmt::skip]
const SURNAMES: &[(&str, u32)] = &[
    ("王", 72), ("李", 72), ("张", 69), ("刘", 53), ("陈", 45), ("杨", 31), ("黄", 22), ("赵", 22), ("吴", 20), ("周", 19),
    ("徐", 15), ("孙", 15), ("马", 14), ("朱", 13), ("胡", 13), ("郭", 12), ("何", 12), ("高", 11), ("林", 11), ("罗", 11),
    ("郑", 10), ("梁", 10), ("谢", 8), ("宋", 8), ("唐", 8), ("许", 7), ("韩", 7), ("冯", 7), ("邓", 7), ("曹", 7),
    ("彭", 6), ("曾", 6), ("肖", 6), ("田", 6), ("董", 5), ("袁", 5), ("潘", 5), ("于", 5), ("蒋", 5), ("蔡", 5),
    ("余", 5), ("杜", 5), ("叶", 5), ("程", 5), ("苏", 4), ("魏", 4), ("吕", 4), ("丁", 4), ("任", 4), ("沈", 4),
    ("姚", 3), ("卢", 3), ("姜", 3), ("崔", 3), ("钟", 3), ("谭", 3), ("陆", 3), ("汪", 3), ("范", 3), ("金", 3),
    ("石", 3), ("廖", 3), ("贾", 3), ("夏", 3), ("韦", 3), ("付", 3), ("方", 3), ("白", 3), ("邹", 3), ("孟", 3),
    ("熊", 3), ("秦", 3), ("邱", 3), ("江", 3), ("尹", 3), ("薛", 2), ("闫", 2), ("段", 2), ("雷", 2), ("侯", 2),
    ("龙", 2), ("史", 2), ("陶", 2), ("黎", 2), ("贺", 2), ("顾", 2), ("毛", 2), ("郝", 2), ("龚", 2), ("邵", 2),
    ("万", 2), ("覃", 2), ("欧阳", 1), ("司马", 1), ("诸葛", 1),
];

/// Homophone groups of given-name characters used for men; the first member is the most common.
#[rustfmt::skip]
const MALE: &[&[char]] = &[
    &['伟', '玮', '炜'], &['军', '君', '钧'], &['杰', '捷'], &['涛', '滔', '韬'], &['明', '鸣', '铭'],
    &['强', '蔷'], &['勇', '永', '咏'], &['刚', '钢', '纲'], &['建', '健', '剑'], &['国', '帼'],
    &['文', '闻', '雯'], &['辉', '晖', '徽'], &['斌', '彬', '滨'], &['林', '霖', '琳'], &['宏', '洪', '鸿'],
    &['华', '桦', '骅'], &['平', '坪', '萍'], &['生', '升', '声'], &['成', '诚', '城'], &['龙', '隆'],
    &['东', '冬'], &['峰', '锋', '丰'], &['磊', '蕾'], &['鹏', '朋'], &['志', '智', '治'],
    &['德', '得'], &['贵', '桂'], &['兵', '冰'], &['金', '津'], &['山', '杉'],
    &['荣', '融'], &['新', '鑫', '欣'], &['宇', '羽', '雨'], &['浩', '昊', '皓'], &['俊', '骏', '峻'],
    &['家', '嘉', '佳'], &['子', '梓', '紫'], &['天', '添'], &['亮', '谅'], &['波', '博'],
];

/// Homophone groups of given-name characters used for women.
#[rustfmt::skip]
const FEMALE: &[&[char]] = &[
    &['娜', '纳'], &['静', '婧', '靖'], &['丽', '莉', '俐'], &['芳', '方'], &['敏', '旻'],
    &['燕', '艳', '雁'], &['霞', '侠'], &['玲', '铃', '伶'], &['英', '瑛', '莹'], &['秀', '绣'],
    &['兰', '岚', '蓝'], &['梅', '玫'], &['娟', '鹃'], &['婷', '亭', '庭'], &['慧', '惠', '蕙'],
    &['红', '虹', '鸿'], &['琴', '芹', '勤'], &['凤', '奉'], &['珍', '贞', '真'], &['月', '悦', '玥'],
    &['晶', '菁', '京'], &['思', '丝'], &['雅', '亚'], &['倩', '茜'], &['颖', '影'],
    &['瑶', '遥'], &['萍', '苹', '平'], &['春', '椿'], &['桂', '贵'], &['欣', '馨', '新'],
];

/// A surname drawn by frequency.
pub(crate) fn surname(rng: &mut impl Rng) -> &'static str {
    weighted(rng, SURNAMES)
}

/// A full name: `surname` and one or two given-name characters for a man or a woman.
pub(crate) fn full_name(rng: &mut impl Rng, surname: &str, male: bool) -> String {
    let groups = if male { MALE } else { FEMALE };
    let mut name = surname.to_owned();
    let given = if rng.random_bool(0.72) { 2 } else { 1 };
    for _ in 0..given {
        if let Some(group) = pick(rng, groups) {
            // Mostly the group's common character, sometimes a rarer one.
            let c = if rng.random_bool(0.8) {
                group.first()
            } else {
                pick(rng, group)
            };
            if let Some(c) = c {
                name.push(*c);
            }
        }
    }
    name
}

/// A random person's name (any surname, either sex).
pub(crate) fn random_name(rng: &mut impl Rng) -> String {
    let s = surname(rng);
    let male = rng.random_bool(0.5);
    full_name(rng, s, male)
}

/// The homophone group of a given-name character, if any.
fn group_of(c: char) -> Option<&'static [char]> {
    MALE.iter()
        .chain(FEMALE.iter())
        .copied()
        .find(|g| g.contains(&c))
}

/// The name with one given-name character replaced by another character read alike; `None` when
/// no given-name character has a homophone (never for names made by [`full_name`]).
pub(crate) fn misspell(rng: &mut impl Rng, name: &str) -> Option<String> {
    let chars: Vec<char> = name.chars().collect();
    let surname_len = SURNAMES
        .iter()
        .filter(|(s, _)| name.starts_with(s))
        .map(|(s, _)| s.chars().count())
        .max()
        .unwrap_or(1);
    let candidates: Vec<usize> = (surname_len..chars.len())
        .filter(|&i| group_of(chars[i]).is_some_and(|g| g.len() > 1))
        .collect();
    let position = *pick(rng, &candidates)?;
    let original = chars[position];
    let others: Vec<char> = group_of(original)?
        .iter()
        .copied()
        .filter(|&c| c != original)
        .collect();
    let replacement = *pick(rng, &others)?;
    Some(
        chars
            .iter()
            .enumerate()
            .map(|(i, c)| if i == position { replacement } else { *c })
            .collect(),
    )
}

/// Fictional company names (donors, implementers).
#[rustfmt::skip]
const BRANDS: &[&str] = &[
    "恒信", "瑞丰", "华耀", "鼎盛", "金穗", "嘉禾", "远航", "博源", "宏图", "润泽",
    "泰和", "德隆", "新禾", "东方红", "青山", "万家", "云岭", "黄河", "长江", "天成",
];
#[rustfmt::skip]
const COMPANY_KINDS: &[&str] = &[
    "集团有限公司", "农业科技有限公司", "实业有限公司", "投资有限公司", "电子商务有限公司", "建设工程有限公司",
];

/// A fictional company name.
pub(crate) fn company(rng: &mut impl Rng) -> String {
    let brand = pick(rng, BRANDS).copied().unwrap_or("恒信");
    let kind = pick(rng, COMPANY_KINDS).copied().unwrap_or("有限公司");
    format!("{brand}{kind}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use fupin_domain::PersonName;

    use super::*;
    use crate::rng::stream;

    #[test]
    fn names_are_valid_and_typos_are_homophones_of_one_given_character() {
        let mut rng = stream(7, 99, 0);
        for _ in 0..2000 {
            let s = surname(&mut rng);
            let male = rng.random_bool(0.5);
            let name = full_name(&mut rng, s, male);
            assert!(PersonName::parse(&name).is_ok(), "{name}");
            assert!(name.chars().count() > s.chars().count());
            let typo = misspell(&mut rng, &name).unwrap();
            assert_ne!(typo, name);
            assert!(typo.starts_with(s), "{name} → {typo}: the surname stays");
            let pairs: Vec<(char, char)> = name
                .chars()
                .zip(typo.chars())
                .filter(|(a, b)| a != b)
                .collect();
            assert_eq!(pairs.len(), 1, "{name} → {typo}");
            let (a, b) = pairs[0];
            assert!(
                group_of(a).unwrap().contains(&b),
                "{a} and {b} must be read alike"
            );
        }
    }

    #[test]
    fn every_group_member_is_unique_to_its_group_list() {
        for list in [MALE, FEMALE] {
            for group in list {
                assert!(group.len() >= 2);
                for c in group.iter() {
                    assert_eq!(list.iter().filter(|g| g.contains(c)).count(), 1, "{c}");
                }
            }
        }
    }
}
