//! Re-importing the registry: the difference is applied and kept as history, all or nothing, inside
//! the importing office's region.

use fupin_app::registry_import::{RegistryImportError, RegistryImported};
use fupin_app::{Actor, Affiliation, App, AppError};
use fupin_domain::{IdNumber, UnitKind};
use fupin_store::registry::history::{HistoryRow, person_history};
use fupin_store::registry::imports::ImportCounts;
use fupin_store::registry::update::household_by_no;
use fupin_store::{Db, registry};
use time::Date;
use time::macros::date;

use super::{HEADER, app, id};

const LOADED: Date = date!(2023 - 01 - 01);
const UPDATED: Date = date!(2024 - 06 - 30);

async fn update(
    app: &App,
    actor: &Actor,
    text: String,
    effective: Date,
) -> Result<RegistryImported, RegistryImportError> {
    app.update_registry(
        actor,
        "update.csv",
        Some(effective),
        std::io::Cursor::new(text.into_bytes()),
    )
    .await
}

fn county_office(region: &str) -> Actor {
    Actor {
        user_id: Some(1),
        name: "officer".into(),
        roles: vec![],
        affiliation: Affiliation::Government {
            unit_id: 1,
            kind: UnitKind::PovertyOffice,
            region_code: Some(region.into()),
        },
        source: "127.0.0.1".into(),
    }
}

/// A registry row: household, name, ID sequence, village, relation, status, exit year.
fn row(
    household: &str,
    name: &str,
    seq: u16,
    village: &str,
    relation: &str,
    status: &str,
) -> String {
    let exit = status.split_once('@').map_or("", |(_, year)| year);
    let status = status.split_once('@').map_or(status, |(s, _)| s);
    format!(
        "{household},{name},{},{village},{relation},一般贫困户,因病,{status},{exit}\n",
        id(seq)
    )
}

/// The first load: five persons in three households of 行唐县.
fn first_file() -> String {
    [
        row("H1", "张三", 1, "130125100201", "户主", "未脱贫"),
        row("H1", "李四", 2, "130125100201", "配偶", "未脱贫"),
        row("H2", "王五", 3, "130125100202", "户主", "未脱贫"),
        row(
            "H2",
            "赵六",
            4,
            "130125100202",
            "子女",
            "已脱贫享受政策@2018",
        ),
        row("H3", "钱七", 5, "130125100203", "户主", "未脱贫"),
    ]
    .concat()
}

/// The update: 1 exits, 2 died, 3 is gone, 4 is unchanged, 5 moved village; 6 joins H3 and 7
/// founds H9.
fn second_file() -> String {
    [
        HEADER.to_owned(),
        row(
            "H1",
            "张三",
            1,
            "130125100201",
            "户主",
            "已脱贫享受政策@2024",
        ),
        row("H1", "李四", 2, "130125100201", "配偶", "已死亡"),
        row(
            "H2",
            "赵六",
            4,
            "130125100202",
            "子女",
            "已脱贫享受政策@2018",
        ),
        row("H3", "钱七", 5, "130125100204", "户主", "未脱贫"),
        row("H3", "孙八", 6, "130125100204", "子女", "未脱贫"),
        row("H9", "周九", 7, "130125100205", "户主", "未脱贫"),
    ]
    .concat()
}

async fn person(app: &App, db: &Db, seq: u16) -> registry::PersonRow {
    let hash = app.pii().id_hash(&IdNumber::parse(&id(seq)).unwrap());
    registry::person_by_hash(db, &hash).await.unwrap().unwrap()
}

async fn history(app: &App, db: &Db, seq: u16) -> Vec<HistoryRow> {
    person_history(db, person(app, db, seq).await.id)
        .await
        .unwrap()
}

fn open_rows(rows: &[HistoryRow]) -> Vec<&HistoryRow> {
    rows.iter().filter(|r| r.valid_to.is_none()).collect()
}

pub(crate) async fn an_update_applies_the_difference_and_keeps_the_history(db: Db) {
    let app = app(db.clone());
    let loaded = update(
        &app,
        &Actor::system(),
        HEADER.to_owned() + &first_file(),
        LOADED,
    )
    .await
    .unwrap();
    assert!(!loaded.update, "an empty registry is loaded");
    assert_eq!(loaded.counts.added, 5);
    for seq in 1..=5 {
        assert!(
            history(&app, &db, seq).await.is_empty(),
            "a load writes no history"
        );
    }

    let done = update(&app, &Actor::system(), second_file(), UPDATED)
        .await
        .unwrap();
    assert!(done.update);
    assert_eq!(
        done.counts,
        ImportCounts {
            added: 2,
            changed: 1,
            exited: 1,
            deceased: 1,
            removed: 1,
            unchanged: 1,
        }
    );
    assert_eq!((done.households, done.persons), (1, 2));
    assert_eq!(registry::count_persons(&db).await.unwrap(), 7);

    let status = |p: &registry::PersonRow| (p.status.clone(), p.exit_year, p.village_code.clone());
    let exited = person(&app, &db, 1).await;
    assert_eq!(
        status(&exited),
        (
            "lifted_with_policy".into(),
            Some(2024),
            "130125100201".into()
        )
    );
    assert_eq!(person(&app, &db, 2).await.status, "deceased");
    assert_eq!(
        person(&app, &db, 3).await.status,
        "deceased",
        "absent: removed"
    );
    assert_eq!(person(&app, &db, 5).await.village_code, "130125100204");
    let joined = person(&app, &db, 6).await;
    let founded = person(&app, &db, 7).await;
    let h3 = household_by_no(&db, "H3").await.unwrap().unwrap();
    assert_eq!(
        joined.household_id, h3.id,
        "a new member joins the registered household"
    );
    assert_eq!(
        h3.village_code, "130125100204",
        "the household follows its first row"
    );
    let h9 = household_by_no(&db, "H9").await.unwrap().unwrap();
    assert_eq!(founded.household_id, h9.id);
    let h1 = household_by_no(&db, "H1").await.unwrap().unwrap();
    assert_eq!(
        (h1.status.as_str(), h1.exit_year),
        ("lifted_with_policy", Some(2024))
    );

    // The old state closes at the effective date; the new one is the only open row.
    let rows = history(&app, &db, 1).await;
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(
        (
            rows[0].status.as_str(),
            rows[0].exit_year,
            rows[0].valid_to,
            rows[0].import_id
        ),
        ("not_lifted", None, Some(UPDATED), None)
    );
    assert_eq!(
        (
            rows[1].status.as_str(),
            rows[1].exit_year,
            rows[1].valid_from,
            rows[1].valid_to
        ),
        ("lifted_with_policy", Some(2024), UPDATED, None)
    );
    assert_eq!(rows[1].import_id, Some(done.import_id));
    for (seq, status) in [(2, "deceased"), (3, "deceased"), (5, "not_lifted")] {
        let rows = history(&app, &db, seq).await;
        let open = open_rows(&rows);
        assert_eq!(open.len(), 1, "person {seq}: {rows:?}");
        assert_eq!(
            (open[0].status.as_str(), open[0].valid_from),
            (status, UPDATED)
        );
    }
    for seq in [4, 6, 7] {
        assert!(
            history(&app, &db, seq).await.is_empty(),
            "person {seq} never changed"
        );
    }

    // A later change closes the open row; there is still exactly one.
    let later = date!(2025 - 03 - 01);
    let third = second_file().replace("已脱贫享受政策,2024", "返贫,2024");
    let done3 = update(&app, &Actor::system(), third, later).await.unwrap();
    assert_eq!(done3.counts.changed, 1);
    assert_eq!(done3.counts.unchanged, 5);
    assert_eq!(
        done3.counts.removed, 0,
        "an already removed person is not removed again"
    );
    let rows = history(&app, &db, 1).await;
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[1].valid_to, Some(later));
    let open = open_rows(&rows);
    assert_eq!(open.len(), 1);
    assert_eq!(
        (open[0].status.as_str(), open[0].valid_from),
        ("returned", later)
    );

    // Each import is listed with its counts; the audit entries carry counts, never personal data.
    let imports = app.registry_imports(&Actor::system()).await.unwrap();
    assert_eq!(imports.len(), 3);
    assert_eq!(imports[1].id, done.import_id);
    assert_eq!(
        (
            imports[1].effective,
            imports[1].added,
            imports[1].removed,
            imports[1].unchanged
        ),
        (UPDATED, 2, 1, 1)
    );
    assert_eq!((imports[2].effective, imports[2].added), (LOADED, 5));
    let audit = fupin_store::audit::page(&db, 0, 100).await.unwrap();
    let entries: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "registry.import")
        .collect();
    assert_eq!(entries.len(), 3);
    assert!(
        entries[1].detail.contains("removed 1"),
        "{}",
        entries[1].detail
    );
    for entry in &entries {
        for seq in 1..=7 {
            assert!(!entry.detail.contains(&id(seq)[..14]));
        }
        for name in ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九"] {
            assert!(!entry.detail.contains(name));
        }
    }
}

pub(crate) async fn a_faulty_update_changes_nothing(db: Db) {
    let app = app(db.clone());
    update(
        &app,
        &Actor::system(),
        HEADER.to_owned() + &first_file(),
        LOADED,
    )
    .await
    .unwrap();
    let faulty = second_file() + &row("H10", "吴十", 8, "130125100205", "户主", "富裕");
    let Err(RegistryImportError::Rejected(report)) =
        update(&app, &Actor::system(), faulty, UPDATED).await
    else {
        panic!("a faulty file must be refused");
    };
    assert!(report.to_string().contains("第 8 行"), "{report}");
    assert_eq!(registry::count_persons(&db).await.unwrap(), 5);
    for seq in 1..=5 {
        assert!(
            history(&app, &db, seq).await.is_empty(),
            "no history of a refused file"
        );
    }
    assert_eq!(person(&app, &db, 1).await.status, "not_lifted");
    assert_eq!(
        person(&app, &db, 3).await.status,
        "not_lifted",
        "nobody removed"
    );
    assert_eq!(
        app.registry_imports(&Actor::system()).await.unwrap().len(),
        1
    );
    // The same file corrected applies.
    update(&app, &Actor::system(), second_file(), UPDATED)
        .await
        .unwrap();
}

pub(crate) async fn an_office_update_touches_only_its_own_region(db: Db) {
    let app = app(db.clone());
    let lingshou = row("L1", "冯一", 11, "130126100201", "户主", "未脱贫");
    update(
        &app,
        &Actor::system(),
        HEADER.to_owned() + &first_file() + &lingshou,
        LOADED,
    )
    .await
    .unwrap();
    // 行唐县's office sends only household H1, unchanged.
    let own = HEADER.to_owned()
        + &row("H1", "张三", 1, "130125100201", "户主", "未脱贫")
        + &row("H1", "李四", 2, "130125100201", "配偶", "未脱贫");
    let done = update(&app, &county_office("130125"), own, UPDATED)
        .await
        .unwrap();
    assert_eq!((done.counts.unchanged, done.counts.removed), (2, 3));
    assert_eq!(person(&app, &db, 3).await.status, "deceased");
    let other = person(&app, &db, 11).await;
    assert_eq!(
        other.status, "not_lifted",
        "another county's person is not removed"
    );
    assert!(history(&app, &db, 11).await.is_empty());

    // Each office sees the imports touching its region: its own and the national ones.
    let seen = app
        .registry_imports(&county_office("130125"))
        .await
        .unwrap();
    assert_eq!(seen.len(), 2);
    let elsewhere = app
        .registry_imports(&county_office("130126"))
        .await
        .unwrap();
    assert_eq!(elsewhere.len(), 1, "not 行唐县's update");
    assert_eq!(elsewhere[0].region_code, "");
    let org = Actor {
        affiliation: Affiliation::Organization { organization_id: 1 },
        ..county_office("13")
    };
    assert!(matches!(
        app.registry_imports(&org).await,
        Err(AppError::Forbidden)
    ));
}

pub(crate) async fn effective_dates_follow_each_other(db: Db) {
    let app = app(db.clone());
    update(
        &app,
        &Actor::system(),
        HEADER.to_owned() + &first_file(),
        UPDATED,
    )
    .await
    .unwrap();
    let earlier = update(&app, &Actor::system(), second_file(), LOADED).await;
    assert!(
        matches!(&earlier, Err(RegistryImportError::App(AppError::Invalid(m))) if m.contains("早于")),
        "{earlier:?}"
    );
    let future = app.registry_today().next_day().unwrap();
    let later = update(&app, &Actor::system(), second_file(), future).await;
    assert!(
        matches!(&later, Err(RegistryImportError::App(AppError::Invalid(m))) if m.contains("晚于")),
        "{later:?}"
    );
    assert!(history(&app, &db, 1).await.is_empty());
    // Without a date the update takes effect today.
    let today = update_today(&app, second_file()).await;
    assert_eq!(today.effective, app.registry_today());
    assert_eq!(
        open_rows(&history(&app, &db, 1).await)[0].valid_from,
        today.effective
    );
}

async fn update_today(app: &App, text: String) -> RegistryImported {
    app.update_registry(
        &Actor::system(),
        "today.csv",
        None,
        std::io::Cursor::new(text.into_bytes()),
    )
    .await
    .unwrap()
}
