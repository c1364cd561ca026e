//! Entries of the 低保, 特困 and 贫困残疾人 categories against their lists and the registry.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use fupin_domain::{AssistanceList, BeneficiaryCategory, ListStatus};
use fupin_verify::{
    ListMember, Reason, RegistryIndex, RosterEntry, Sources, Status, Verdict, verify_against,
    verify_in,
};

fn member(n: u64, name: &str, status: ListStatus, exit_year: Option<i32>) -> ListMember {
    ListMember {
        id_hash: hash(n),
        name: name.to_owned(),
        status,
        exit_year,
        village_code: VILLAGE.to_owned(),
    }
}

fn list_index(members: &[ListMember]) -> RegistryIndex {
    RegistryIndex::build(members.iter().map(ListMember::record)).unwrap()
}

fn dibao(n: u64, name: &str) -> RosterEntry {
    RosterEntry {
        category: BeneficiaryCategory::RuralDibao,
        ..entry(1, i32::try_from(n).unwrap(), n, name)
    }
}

fn codes(v: &Verdict) -> Vec<&'static str> {
    v.reasons.iter().map(Reason::code).collect()
}

/// Registry: person 1 (张伟). 低保 list: persons 2 (在册), 3 (left in 2017), 4 (died 2016),
/// and 1 too.
fn verdicts(entries: &[RosterEntry]) -> Vec<Verdict> {
    let registry = index(vec![person(1, "张伟")]);
    let list = list_index(&[
        member(1, "张伟", ListStatus::Active, None),
        member(2, "李秀英", ListStatus::Active, None),
        member(3, "王芳", ListStatus::Exited, Some(2017)),
        member(4, "刘洋", ListStatus::Deceased, Some(2016)),
    ]);
    let sources = Sources::registry(&registry).with_list(AssistanceList::RuralDibao, &list);
    verify_against(entries, &sources, &activities()).unwrap()
}

#[test]
fn a_dibao_entry_on_the_dibao_list_is_verified_there() {
    let v = verdicts(&[dibao(2, "李秀英")]);
    assert_eq!(v[0].status, Status::Verified);
    assert_eq!(codes(&v[0]), ["on_list"]);
    assert_eq!(v[0].messages_zh(), ["按农村低保对象名单核对".to_owned()]);
}

#[test]
fn leaving_the_list_or_dying_before_the_service_year_fails() {
    let v = verdicts(&[dibao(3, "王芳"), dibao(4, "刘洋")]);
    assert_eq!(v[0].status, Status::ExitedBeforeService);
    assert_eq!(codes(&v[0]), ["on_list", "left_list_before_service"]);
    assert!(v[0].messages_zh()[1].contains("已退出农村低保对象名单"));
    assert_eq!(v[1].status, Status::Deceased);
}

#[test]
fn leaving_in_the_service_year_is_given_the_benefit_of_the_doubt() {
    let mut e = dibao(3, "王芳");
    e.service_date = day(2017, 12, 1);
    assert_eq!(verdicts(&[e])[0].status, Status::Verified);
}

#[test]
fn a_list_entry_not_on_its_list_falls_back_to_the_registry() {
    let registry = index(vec![person(1, "张伟"), person(9, "赵敏")]);
    let list = list_index(&[member(2, "李秀英", ListStatus::Active, None)]);
    let sources = Sources::registry(&registry).with_list(AssistanceList::RuralDibao, &list);
    let v = verify_against(
        &[dibao(9, "赵敏"), dibao(5, "孙丽")],
        &sources,
        &activities(),
    )
    .unwrap();
    assert_eq!(v[0].status, Status::Verified);
    assert!(codes(&v[0]).is_empty(), "{:?}", v[0].reasons);
    assert_eq!(v[1].status, Status::NotInRegistry);
    assert_eq!(codes(&v[1]), ["not_in_registry", "not_on_list"]);
    assert_eq!(v[1].messages_zh()[1], "身份证号码也不在农村低保对象名单中");
}

#[test]
fn other_categories_and_unloaded_lists_use_the_registry_only() {
    let registry = index(vec![person(1, "张伟")]);
    let list = list_index(&[member(2, "李秀英", ListStatus::Active, None)]);
    let sources = Sources::registry(&registry).with_list(AssistanceList::RuralDibao, &list);
    // A registered-poor entry is not looked up on the 低保 list.
    let v = verify_against(&[entry(1, 1, 2, "李秀英")], &sources, &activities()).unwrap();
    assert_eq!(codes(&v[0]), ["not_in_registry"]);
    // A 特困 entry, with no 特困 list loaded, is judged on the registry alone.
    let tekun = RosterEntry {
        category: BeneficiaryCategory::Tekun,
        ..entry(1, 2, 2, "李秀英")
    };
    let v = verify_against(&[tekun], &sources, &activities()).unwrap();
    assert_eq!(codes(&v[0]), ["not_in_registry"]);
    // An empty list counts as not loaded.
    let empty = RegistryIndex::build(Vec::new()).unwrap();
    let sources = Sources::registry(&registry).with_list(AssistanceList::RuralDibao, &empty);
    let v = verify_against(&[dibao(5, "孙丽")], &sources, &activities()).unwrap();
    assert_eq!(codes(&v[0]), ["not_in_registry"]);
}

#[test]
fn list_verdicts_do_not_depend_on_threads_or_order() {
    let registry = index((0..3000).map(|n| person(n, "张伟")).collect());
    let list = list_index(
        &(2000..6000)
            .map(|n| member(n, "张伟", ListStatus::Active, None))
            .collect::<Vec<_>>(),
    );
    let sources = Sources::registry(&registry).with_list(AssistanceList::RuralDibao, &list);
    let entries: Vec<RosterEntry> = (0..40_000_u64)
        .map(|i| {
            let n = (i * 7919) % 8000;
            let mut e = entry(1 + (i % 4) as i64, i32::try_from(i).unwrap(), n, "张伟");
            if i % 2 == 0 {
                e.category = BeneficiaryCategory::RuralDibao;
            }
            e
        })
        .collect();
    let one = verify_in(&entries, &sources, &activities(), 1).unwrap();
    let two = verify_in(&entries, &sources, &activities(), 2).unwrap();
    assert_eq!(one, two);
    for (e, v) in entries.iter().zip(&one) {
        let n = u64::from_be_bytes(e.id_hash.unwrap()[8..].try_into().unwrap());
        let dibao = e.category == BeneficiaryCategory::RuralDibao;
        let expected = n < 3000 || (dibao && (2000..6000).contains(&n));
        assert_eq!(v.status != Status::NotInRegistry, expected, "{n} {dibao}");
    }
}
