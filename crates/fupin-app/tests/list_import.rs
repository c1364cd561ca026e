//! Assistance lists (低保, 特困, 贫困残疾人) on both backends: a file loads, a later file applies the
//! difference, a faulty file changes nothing and names every problem, only 民政 and 扶贫 offices
//! import (their region only), and roster entries of a list's category are verified on it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod common;

use common::world::World;
use fupin_app::import_report::ImportError;
use fupin_app::list_import::ListImported;
use fupin_app::verification::VerifyOptions;
use fupin_app::{Actor, Affiliation, App, AppError};
use fupin_domain::{AssistanceList, IdNumber, Role, UnitKind};
use fupin_store::lists::ListCounts;
use fupin_store::{Db, Value};
use rand::SeedableRng;
use rand::rngs::StdRng;
use time::macros::date;

fupin_store::conformance!(
    a_list_loads_and_a_later_file_applies_the_difference,
    a_faulty_list_changes_nothing_and_names_every_problem,
    only_civil_affairs_and_poverty_offices_import_their_region,
    entries_of_a_list_category_are_verified_on_the_list,
);

const HEADER: &str = "姓名,身份证号,村代码,名单状态,退出年度\n";

fn id(seq: u16) -> String {
    IdNumber::from_parts("520102", date!(1960 - 03 - 04), seq)
        .unwrap()
        .as_str()
        .to_owned()
}

async fn world(db: &Db) -> World {
    World::seed(db, &mut StdRng::seed_from_u64(2017)).await
}

fn office(w: &World, kind: UnitKind, region: Option<&str>) -> Actor {
    let unit = w
        .units
        .iter()
        .find(|u| u.kind == kind && u.region.as_deref() == region)
        .unwrap();
    Actor {
        user_id: None,
        name: "名单管理员".into(),
        roles: vec![Role::Officer],
        affiliation: Affiliation::Government {
            unit_id: unit.id,
            kind: unit.kind,
            region_code: unit.region.clone(),
        },
        source: "127.0.0.1".into(),
    }
}

async fn import(
    app: &App,
    actor: &Actor,
    list: AssistanceList,
    text: String,
    effective: time::Date,
) -> Result<ListImported, ImportError> {
    let file = std::io::Cursor::new(text.into_bytes());
    app.import_list(actor, list, "低保名单.csv", Some(effective), file)
        .await
}

async fn members(db: &Db) -> Vec<(String, String, Option<i32>)> {
    db.fetch_all(
        "SELECT village_code, status, exit_year FROM list_members ORDER BY id",
        &[],
    )
    .await
    .unwrap()
}

async fn a_list_loads_and_a_later_file_applies_the_difference(db: Db) {
    let w = world(&db).await;
    let (v1, v2) = (&w.villages[0], &w.villages[1]);
    let first = format!(
        "{HEADER}张三,{},{v1},在册,\n李四,{},{v1},,\n王五,{},{v1},已退出,2018\n",
        id(1),
        id(2),
        id(3)
    );
    let done = import(
        &w.app,
        &Actor::system(),
        AssistanceList::RuralDibao,
        first,
        date!(2019 - 01 - 01),
    )
    .await
    .unwrap();
    assert_eq!(
        done.counts,
        ListCounts {
            added: 3,
            ..ListCounts::default()
        }
    );
    // 张三 moved village, 李四 is absent (left), 王五 unchanged, 赵六 new.
    let second = format!(
        "{HEADER}张三,{},{v2},在册,\n王五,{},{v1},已退出,2018\n赵六,{},{v2},在册,\n",
        id(1),
        id(3),
        id(4)
    );
    let done = import(
        &w.app,
        &Actor::system(),
        AssistanceList::RuralDibao,
        second,
        date!(2020 - 03 - 01),
    )
    .await
    .unwrap();
    assert_eq!(
        done.counts,
        ListCounts {
            added: 1,
            changed: 1,
            removed: 1,
            unchanged: 1,
        }
    );
    assert_eq!(
        members(&db).await,
        [
            (v2.clone(), "active".into(), None),
            (v1.clone(), "exited".into(), Some(2020)),
            (v1.clone(), "exited".into(), Some(2018)),
            (v2.clone(), "active".into(), None),
        ]
    );
    // Another list is separate: the same person may be on it.
    let tekun = format!("{HEADER}张三,{},{v2},在册,\n", id(1));
    import(
        &w.app,
        &Actor::system(),
        AssistanceList::Tekun,
        tekun,
        date!(2020 - 03 - 01),
    )
    .await
    .unwrap();
    assert_eq!(members(&db).await.len(), 5);
    // No list goes back in time.
    let late = format!("{HEADER}张三,{},{v2},在册,\n", id(1));
    let err = import(
        &w.app,
        &Actor::system(),
        AssistanceList::RuralDibao,
        late,
        date!(2019 - 06 - 01),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, ImportError::App(AppError::Invalid(_))),
        "{err:?}"
    );
    let log = w.app.list_imports(&Actor::system()).await.unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!((log[0].list_kind.as_str(), log[0].added), ("tekun", 1));
}

async fn a_faulty_list_changes_nothing_and_names_every_problem(db: Db) {
    let w = world(&db).await;
    let v = &w.villages[0];
    let text = format!(
        "{HEADER}张三,{},{v},在册,\n李四,12345,{v},在册,\n王五,{},{v},停发了,\n\
         赵六,{},{v},已退出,\n孙七,{},{v},在册,\n周八,{},99,在册,\n",
        id(1),
        id(3),
        id(4),
        id(1),
        id(6)
    );
    let err = import(
        &w.app,
        &Actor::system(),
        AssistanceList::PoorDisabled,
        text,
        date!(2019 - 01 - 01),
    )
    .await
    .unwrap_err();
    let ImportError::Rejected(report) = err else {
        panic!("{err:?}")
    };
    let named: Vec<(u64, Option<&str>)> = report
        .problems
        .iter()
        .map(|p| (p.row, p.column.as_deref()))
        .collect();
    assert_eq!(
        named,
        [
            (3, Some("身份证号")),
            (4, Some("名单状态")),
            (5, Some("退出年度")),
            (6, Some("身份证号")),
            (7, Some("村代码")),
        ],
        "{report:?}"
    );
    assert!(report.problems[3].message.contains("重复"));
    assert!(members(&db).await.is_empty());
    assert!(
        w.app
            .list_imports(&Actor::system())
            .await
            .unwrap()
            .is_empty()
    );
}

async fn only_civil_affairs_and_poverty_offices_import_their_region(db: Db) {
    let w = world(&db).await;
    let county = w.counties[0].clone();
    let inside = w
        .villages
        .iter()
        .find(|v| v.starts_with(&county))
        .unwrap()
        .clone();
    let outside = w
        .villages
        .iter()
        .find(|v| !v.starts_with(&county))
        .unwrap()
        .clone();
    let file = |village: &str| format!("{HEADER}张三,{},{village},在册,\n", id(1));
    let supervisor = office(&w, UnitKind::SupervisoryUnit, None);
    let err = import(
        &w.app,
        &supervisor,
        AssistanceList::RuralDibao,
        file(&inside),
        date!(2019 - 01 - 01),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(err, ImportError::App(AppError::Forbidden)),
        "{err:?}"
    );
    let civil = office(&w, UnitKind::RegistrationAuthority, Some(&county));
    let err = import(
        &w.app,
        &civil,
        AssistanceList::RuralDibao,
        file(&outside),
        date!(2019 - 01 - 01),
    )
    .await
    .unwrap_err();
    let ImportError::Rejected(report) = err else {
        panic!("{err:?}")
    };
    assert!(
        report.problems[0].message.contains("不在本单位辖区"),
        "{report:?}"
    );
    import(
        &w.app,
        &civil,
        AssistanceList::RuralDibao,
        file(&inside),
        date!(2019 - 01 - 01),
    )
    .await
    .unwrap();
    // The person is now listed in that county: another county cannot list them too.
    let other = office(&w, UnitKind::PovertyOffice, Some(&outside[..6]));
    let err = import(
        &w.app,
        &other,
        AssistanceList::RuralDibao,
        file(&outside),
        date!(2019 - 02 - 01),
    )
    .await
    .unwrap_err();
    let ImportError::Rejected(report) = err else {
        panic!("{err:?}")
    };
    assert_eq!(report.problems[0].row, 2);
    assert!(
        report.problems[0].message.contains("跨地区迁移"),
        "{report:?}"
    );
    assert_eq!(members(&db).await.len(), 1);
}

async fn entries_of_a_list_category_are_verified_on_the_list(db: Db) {
    let w = world(&db).await;
    let (&activity, a) = w.activities.iter().find(|(_, a)| a.current).unwrap();
    let place = &a.places[0];
    let village = w
        .villages
        .iter()
        .find(|v| v.starts_with(place.as_str()))
        .unwrap();
    let list = format!(
        "{HEADER}张三,{},{village},在册,\n王五,{},{village},已退出,2017\n",
        id(1),
        id(3)
    );
    import(
        &w.app,
        &Actor::system(),
        AssistanceList::RuralDibao,
        list,
        date!(2019 - 01 - 01),
    )
    .await
    .unwrap();
    for (row, (name, seq)) in [("张三", 1), ("王五", 3), ("孙七", 7)]
        .into_iter()
        .enumerate()
    {
        let id = IdNumber::parse(&id(seq)).unwrap();
        let protected = w.app.pii().protect(&id);
        db.execute(
            "INSERT INTO roster_entries (activity_id, row_no, name, id_hash, id_cipher, id_masked, \
             village_code, category, aid_fen, service_date) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 'rural_dibao', 10000, $8)",
            &[
                Value::from(activity),
                Value::from(i32::try_from(row).unwrap() + 1),
                Value::from(name),
                Value::from(protected.hash.unwrap()),
                Value::from(protected.cipher),
                Value::from(protected.masked.as_str()),
                Value::from(village.as_str()),
                Value::from(date!(2019 - 05 - 01)),
            ],
        )
        .await
        .unwrap();
    }
    w.app
        .verify_bulk(&Actor::system(), &VerifyOptions::default(), &mut |_| {})
        .await
        .unwrap();
    let verdicts: Vec<(String, String)> = db
        .fetch_all(
            "SELECT v.status, v.reason_codes FROM roster_verdicts v \
             JOIN roster_entries e ON e.id = v.entry_id WHERE e.activity_id = $1 ORDER BY e.row_no",
            &[Value::from(activity)],
        )
        .await
        .unwrap();
    assert_eq!(
        verdicts,
        [
            ("verified".into(), "on_list".into()),
            (
                "exited_before_service".into(),
                "on_list,left_list_before_service".into()
            ),
            (
                "not_in_registry".into(),
                "not_in_registry,not_on_list".into()
            ),
        ]
    );
    // The doubtful entry of a list member waits in the queue of the member's village.
    let queued: Vec<(i32, String)> = db
        .fetch_all(
            "SELECT e.row_no, j.region_code FROM adjudications j \
             JOIN roster_entries e ON e.id = j.entry_id WHERE j.activity_id = $1 ORDER BY e.row_no",
            &[Value::from(activity)],
        )
        .await
        .unwrap();
    assert_eq!(queued.len(), 2);
    assert_eq!(queued[0], (2, village.clone()));
    // The officer sees the list record beside the (absent) registry record, masked.
    let item_id = db
        .fetch_i64(
            "SELECT j.id FROM adjudications j JOIN roster_entries e ON e.id = j.entry_id \
             WHERE j.activity_id = $1 AND e.row_no = 2",
            &[Value::from(activity)],
        )
        .await
        .unwrap();
    let item = w
        .app
        .adjudication_item(&office(&w, UnitKind::PovertyOffice, None), item_id, false)
        .await
        .unwrap();
    assert!(item.registry.is_none());
    let on_list = item.list.unwrap();
    assert_eq!(
        (
            on_list.status.as_str(),
            on_list.exit_year,
            on_list.village.as_str()
        ),
        ("exited", Some(2017), village.as_str())
    );
    assert_ne!(on_list.name, "王五");
}
