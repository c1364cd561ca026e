//! Properties of the engine over random registries and rosters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::BTreeMap;

use common::*;
use fupin_verify::{
    NameAgreement, RegistryRecord, RosterEntry, Status, TypoKind, Verdict, compare_names,
    summarize, verify,
};
use proptest::prelude::*;

/// Characters names are drawn from: common given-name characters, some 多音字 and surnames.
const POOL: &[char] = &[
    '张', '王', '李', '赵', '刘', '陈', '杨', '黄', '吴', '周', '单', '曾', '解', '长', '乐', '伟',
    '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超',
    '秀', '霞', '平', '刚', '桂', '英', '华', '玉', '萍', '红', '文', '辉', '建', '国', '春', '兰',
    '阿', '依', '古', '买', '提', '·', 'a', 'b',
];

/// Groups of characters read alike (toneless), for homophone substitutions.
const HOMOPHONES: &[&[char]] = &[
    &['伟', '玮', '炜', '维'],
    &['军', '君', '钧'],
    &['明', '鸣', '铭'],
    &['静', '婧', '靖'],
    &['丽', '莉', '俐', '立'],
    &['娜', '纳'],
    &['芳', '方', '坊'],
    &['张', '章', '彰'],
    &['李', '理', '里'],
    &['刘', '留', '流'],
    &['杨', '阳', '洋'],
    &['华', '桦', '骅'],
    &['红', '虹', '鸿', '宏'],
    &['英', '瑛', '莹', '鹰'],
    &['平', '萍', '坪', '评'],
];

fn name(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(POOL), 1..=max).prop_map(|c| c.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_same_name_always_scores_as_exact(name in name(20)) {
        let m = compare_names(&name, &name);
        prop_assert_eq!(m.agreement, NameAgreement::Exact);
        prop_assert_eq!(m.score_bp, 10_000);
        let index = index(vec![person(1, &name)]);
        let v = verify(&[entry(1, 1, 1, &name)], &index, &activities()).unwrap();
        prop_assert_eq!(v[0].status, Status::Verified);
        prop_assert_eq!(v[0].name.map(|n| n.agreement), Some(NameAgreement::Exact));
    }

    #[test]
    fn one_homophone_substitution_is_found_as_homophone(
        prefix in name(6),
        suffix in name(6),
        group in prop::sample::select(HOMOPHONES),
        pick in (0usize..4, 0usize..4),
        at_front in any::<bool>(),
    ) {
        let a = group[pick.0 % group.len()];
        let b = group[(pick.0 + 1 + pick.1 % (group.len() - 1)) % group.len()];
        prop_assume!(a != b);
        let (registry, roster) = if at_front {
            (format!("{a}{suffix}"), format!("{b}{suffix}"))
        } else {
            (format!("{prefix}{a}{suffix}"), format!("{prefix}{b}{suffix}"))
        };
        let m = compare_names(&roster, &registry);
        prop_assert_eq!(m.agreement, NameAgreement::Homophone, "{} / {}", roster, registry);
        let n = registry.chars().count() as u32;
        prop_assert_eq!(u32::from(m.score_bp), 10_000 * (2 * n - 1) / (2 * n));
    }

    #[test]
    fn names_are_exact_only_when_equal(a in name(5), b in name(5)) {
        prop_assert_eq!(compare_names(&a, &b).agreement == NameAgreement::Exact, a == b);
    }

    #[test]
    fn any_single_edit_is_found_as_that_edit(
        registry in name(10),
        op in 0u8..4,
        at in 0usize..11,
        c in prop::sample::select(POOL),
    ) {
        let mut chars: Vec<char> = registry.chars().collect();
        let j = at % chars.len();
        let expected: &[NameAgreement] = match op {
            0 => {
                prop_assume!(chars[j] != c && chars.len() >= 2);
                chars[j] = c;
                &[NameAgreement::Homophone, NameAgreement::Typo(TypoKind::WrongCharacter)]
            }
            1 => {
                chars.insert(at % (chars.len() + 1), c);
                &[NameAgreement::Typo(TypoKind::ExtraCharacter)]
            }
            2 => {
                prop_assume!(chars.len() >= 2);
                chars.remove(j);
                &[NameAgreement::Typo(TypoKind::MissingCharacter)]
            }
            _ => {
                prop_assume!(j + 1 < chars.len() && chars[j] != chars[j + 1]);
                chars.swap(j, j + 1);
                &[NameAgreement::Typo(TypoKind::SwappedCharacters)]
            }
        };
        let roster: String = chars.into_iter().collect();
        let m = compare_names(&roster, &registry);
        prop_assert!(expected.contains(&m.agreement), "{} / {}: {:?}", roster, registry, m);
        prop_assert!(m.score_bp > 0 && m.score_bp < 10_000);
    }

    #[test]
    fn an_entry_whose_hash_is_not_in_the_index_is_not_in_the_registry(
        registered in prop::collection::hash_set(0u64..200, 0..50),
        claimed in prop::collection::vec(0u64..200, 1..60),
    ) {
        let index = index(registered.iter().map(|&n| person(n, "张伟")).collect());
        let entries: Vec<RosterEntry> = claimed
            .iter()
            .enumerate()
            .map(|(i, &n)| entry(1, i as i32, n, "张伟"))
            .collect();
        let verdicts = verify(&entries, &index, &activities()).unwrap();
        for (n, v) in claimed.iter().zip(&verdicts) {
            prop_assert_eq!(v.status == Status::NotInRegistry, !registered.contains(n));
            prop_assert_eq!(index.contains(&hash(*n)), registered.contains(n));
        }
    }

    #[test]
    fn verdicts_are_deterministic_and_independent_of_input_order(
        (entries, shuffled) in roster().prop_flat_map(|e| (Just(e.clone()), Just(e).prop_shuffle())),
        registry in registry(),
    ) {
        let index = index(registry);
        let facts = activities();
        let first = verify(&entries, &index, &facts).unwrap();
        prop_assert_eq!(&first, &verify(&entries, &index, &facts).unwrap());
        let by_row = |entries: &[RosterEntry], verdicts: Vec<Verdict>| {
            entries
                .iter()
                .map(|e| (e.activity_id, e.row_no))
                .zip(verdicts)
                .collect::<BTreeMap<_, _>>()
        };
        let other = verify(&shuffled, &index, &facts).unwrap();
        prop_assert_eq!(by_row(&entries, first), by_row(&shuffled, other));
    }

    #[test]
    fn the_verified_share_is_the_count_ratio(entries in roster(), registry in registry()) {
        let index = index(registry);
        let facts = activities();
        let verdicts = verify(&entries, &index, &facts).unwrap();
        let summary = summarize(&entries, &verdicts, &facts).unwrap();
        prop_assert_eq!(summary.statuses.total(), entries.len() as u64);
        for a in &summary.activities {
            let mine: Vec<&Verdict> = verdicts.iter().filter(|v| v.activity_id == a.activity_id).collect();
            let verified = mine.iter().filter(|v| v.is_verified()).count() as u64;
            prop_assert_eq!(a.entries(), mine.len() as u64);
            prop_assert!(a.verified_share_bp() <= 10_000);
            prop_assert_eq!(u64::from(a.verified_share_bp()), verified * 10_000 / mine.len() as u64);
        }
        for o in &summary.organizations {
            prop_assert!(o.quality_bp() <= 10_000 && o.verified_share_bp() <= 10_000);
        }
    }
}

/// A registry of up to 40 persons numbered below 60, with random names, statuses and villages.
fn registry() -> impl Strategy<Value = Vec<RegistryRecord>> {
    prop::collection::btree_map(
        0u64..60,
        (
            name(4),
            0usize..5,
            prop::option::of(2014i32..2022),
            any::<bool>(),
        ),
        0..40,
    )
    .prop_map(|persons| {
        persons
            .into_iter()
            .map(|(n, (name, status, exit_year, elsewhere))| RegistryRecord {
                status: fupin_domain::RegistryStatus::ALL[status],
                exit_year,
                village_code: if elsewhere { "530103002004" } else { VILLAGE }.to_owned(),
                ..person(n, &name)
            })
            .collect()
    })
}

/// A roster of up to 40 entries over the four activities (row = position, so unique).
fn roster() -> impl Strategy<Value = Vec<RosterEntry>> {
    prop::collection::vec(
        (1i64..=4, prop::option::of(0u64..70), name(4), 2018i32..2021),
        0..40,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .enumerate()
            .map(|(i, (activity_id, n, name, year))| RosterEntry {
                id_hash: n.map(hash),
                service_date: day(year, 6, 1),
                ..entry(activity_id, i as i32, 0, &name)
            })
            .collect()
    })
}
