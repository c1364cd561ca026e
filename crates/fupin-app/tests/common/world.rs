//! A small administrative world for jurisdiction tests: four counties in two provinces, 民政 and
//! 扶贫 units at every level, supervisory units with links, organizations, activities located in
//! several counties and registry persons — and an oracle of who may see what, written from the
//! rules in `fupin-app/src/jurisdiction.rs` without using them.

use std::collections::{BTreeMap, BTreeSet};

use fupin_app::{Actor, Affiliation, App, PiiKeys};
use fupin_domain::{
    ActivityStatus, CreditCode, Field, IdNumber, ManagementMode, Method, Money, OrgLevel, OrgType,
    Role, UnitKind,
};
use fupin_store::Db;
use fupin_store::activities::{ACTIVITIES, LOCATIONS, NewActivity, NewLocation};
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::units::{self, NewGovUnit};
use time::OffsetDateTime;
use time::macros::date;

/// The counties of the world: two in 石家庄 (13 01), two in 北京 (11 01).
pub const COUNTIES: [&str; 4] = ["130125", "130126", "110101", "110102"];

/// A tiny deterministic generator (xorshift64*), so failures replay.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A government unit of the world.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: i64,
    pub kind: UnitKind,
    pub region: Option<String>,
}

/// The seeded records and the facts the oracle needs.
pub struct World {
    pub app: App,
    pub units: Vec<Unit>,
    /// Organization id → domicile county.
    pub orgs: BTreeMap<i64, String>,
    /// (organization id, unit id) supervision links.
    pub links: BTreeSet<(i64, i64)>,
    /// Activity id → (organization id, location counties).
    pub activities: BTreeMap<i64, (i64, Vec<String>)>,
    /// Registry person id → (village code, full ID number).
    pub persons: BTreeMap<i64, (String, String)>,
}

fn app(db: Db) -> App {
    App::new(db, PiiKeys::from_hex(&"cd".repeat(64)).unwrap())
}

/// Seeds the world into `db`.
pub async fn seed(db: &Db, rng: &mut Rng) -> World {
    let app = app(db.clone());
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await.unwrap();
    let mut units = Vec::new();
    let mut unit_plan: Vec<(UnitKind, OrgLevel, Option<&str>)> = vec![
        (UnitKind::RegistrationAuthority, OrgLevel::National, None),
        (UnitKind::PovertyOffice, OrgLevel::National, None),
        (
            UnitKind::RegistrationAuthority,
            OrgLevel::Provincial,
            Some("13"),
        ),
        (UnitKind::PovertyOffice, OrgLevel::Provincial, Some("11")),
        (
            UnitKind::RegistrationAuthority,
            OrgLevel::Prefectural,
            Some("1301"),
        ),
        (UnitKind::PovertyOffice, OrgLevel::Prefectural, Some("1101")),
        (UnitKind::SupervisoryUnit, OrgLevel::National, None),
        (UnitKind::SupervisoryUnit, OrgLevel::Provincial, Some("13")),
        (UnitKind::IndustryDepartment, OrgLevel::National, None),
    ];
    for county in COUNTIES {
        unit_plan.push((
            UnitKind::RegistrationAuthority,
            OrgLevel::County,
            Some(county),
        ));
        unit_plan.push((UnitKind::PovertyOffice, OrgLevel::County, Some(county)));
    }
    for (n, (kind, level, region)) in unit_plan.into_iter().enumerate() {
        let unit = NewGovUnit {
            kind,
            level,
            region_code: region.map(str::to_owned),
            name: format!("测试部门{n}"),
        };
        let id = units::insert(&mut tx, &unit).await.unwrap();
        units.push(Unit {
            id,
            kind,
            region: region.map(str::to_owned),
        });
    }

    let mut orgs = BTreeMap::new();
    let mut rows = Vec::new();
    for id in 1..=14_i64 {
        let county = rng.pick(&COUNTIES).to_string();
        rows.push(
            NewOrganization {
                id,
                credit_code: CreditCode::from_parts('5', '3', &county, &format!("{id:08}"))
                    .unwrap(),
                name: format!("测试社会组织{id}"),
                org_type: OrgType::SocialGroup,
                level: OrgLevel::County,
                region_code: county.clone(),
                registration_authority_id: units[0].id,
                management_mode: ManagementMode::DualManagement,
                legal_representative: "张三".to_owned(),
                registered_on: date!(2012 - 03 - 01),
                charity_recognized: false,
                public_fundraising: false,
                evaluation_grade: "unrated".to_owned(),
                credit_status: "normal".to_owned(),
            }
            .values(now),
        );
        orgs.insert(id, county);
    }
    tx.bulk_insert(organizations::TABLE, rows).await.unwrap();

    let supervisors: Vec<i64> = units
        .iter()
        .filter(|u| {
            matches!(
                u.kind,
                UnitKind::SupervisoryUnit | UnitKind::IndustryDepartment
            )
        })
        .map(|u| u.id)
        .collect();
    let mut links = BTreeSet::new();
    for &org in orgs.keys() {
        for &unit in &supervisors {
            if rng.below(3) == 0 {
                let relation = if links.len() % 2 == 0 {
                    "supervisory"
                } else {
                    "industry"
                };
                units::link(&mut tx, org, unit, relation).await.unwrap();
                links.insert((org, unit));
            }
        }
    }

    let mut activities = BTreeMap::new();
    let mut activity_rows = Vec::new();
    let mut location_rows = Vec::new();
    for id in 1..=40_i64 {
        let org = 1 + rng.below(orgs.len()) as i64;
        let mut places: Vec<String> = vec![rng.pick(&COUNTIES).to_string()];
        if rng.below(2) == 0 {
            let second = rng.pick(&COUNTIES).to_string();
            if !places.contains(&second) {
                places.push(second);
            }
        }
        let share = 10_000 / places.len() as i32;
        for (n, place) in places.iter().enumerate() {
            let share_bp = if n == 0 {
                10_000 - share * (places.len() as i32 - 1)
            } else {
                share
            };
            location_rows.push(
                NewLocation {
                    activity_id: id,
                    region_code: place.clone(),
                    share_bp,
                }
                .values(),
            );
        }
        activity_rows.push(
            NewActivity {
                id,
                organization_id: org,
                title: format!("测试项目{id}"),
                description: String::new(),
                field: Field::Education,
                method: Method::Project,
                status: ActivityStatus::Published,
                year: 2019,
                planned_start: None,
                planned_end: None,
                actual_start: None,
                actual_end: None,
                goods_value: Money::from_fen(0),
                volunteer_hours: 0,
                published_at: Some(now),
            }
            .values(now),
        );
        activities.insert(id, (org, places));
    }
    tx.bulk_insert(ACTIVITIES, activity_rows).await.unwrap();
    tx.bulk_insert(LOCATIONS, location_rows).await.unwrap();
    tx.commit().await.unwrap();

    let persons = seed_registry(&app).await;
    World {
        app,
        units,
        orgs,
        links,
        activities,
        persons,
    }
}

/// Three registry persons per county, imported as the system would.
async fn seed_registry(app: &App) -> BTreeMap<i64, (String, String)> {
    let names = ["张三", "李四", "王五"];
    let mut text =
        "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n".to_owned();
    let mut ids = Vec::new();
    for (c, county) in COUNTIES.iter().enumerate() {
        for (p, name) in names.iter().enumerate() {
            let id = IdNumber::from_parts(county, date!(1980 - 05 - 01), (c * 10 + p + 1) as u16)
                .unwrap();
            let village = format!("{county}1002{:02}", p + 1);
            text += &format!(
                "H{c}{p},{name},{},{village},户主,一般贫困户,因病,未脱贫,\n",
                id.as_str()
            );
            ids.push((id.as_str().to_owned(), village));
        }
    }
    app.import_registry_csv(
        &Actor::system(),
        "registry.csv",
        std::io::Cursor::new(text.into_bytes()),
    )
    .await
    .unwrap();
    let national_office = Actor {
        user_id: Some(1),
        name: "oracle".into(),
        roles: vec![Role::Officer],
        affiliation: Affiliation::Government {
            unit_id: 2,
            kind: UnitKind::PovertyOffice,
            region_code: None,
        },
        source: "test".into(),
    };
    let mut persons = BTreeMap::new();
    for (id, village) in ids {
        let row = app
            .find_registry_person(&national_office, &id)
            .await
            .unwrap();
        assert_eq!(row.village_code, village);
        persons.insert(row.id, (village, id));
    }
    persons
}

impl World {
    /// Every kind of actor the platform has, with sensible and senseless role sets.
    pub fn actors(&self) -> Vec<Actor> {
        let actor = |affiliation: Affiliation, roles: &[Role]| Actor {
            user_id: Some(7),
            name: "tester".into(),
            roles: roles.to_vec(),
            affiliation,
            source: "127.0.0.1".into(),
        };
        let mut all = vec![
            Actor::public(),
            Actor::system(),
            actor(Affiliation::Platform, &[Role::SystemAdmin]),
            actor(Affiliation::Platform, &[Role::SecurityAdmin]),
            actor(Affiliation::Platform, &[Role::Auditor]),
        ];
        let org_roles: [&[Role]; 4] = [
            &[],
            &[Role::OrgReporter],
            &[Role::OrgAdmin],
            &[Role::Officer],
        ];
        for org in self.orgs.keys().copied().chain([999]) {
            for roles in org_roles {
                all.push(actor(
                    Affiliation::Organization {
                        organization_id: org,
                    },
                    roles,
                ));
            }
        }
        let unit_roles: [&[Role]; 4] = [&[], &[Role::Officer], &[Role::Leader], &[Role::OrgAdmin]];
        for unit in &self.units {
            for roles in unit_roles {
                let affiliation = Affiliation::Government {
                    unit_id: unit.id,
                    kind: unit.kind,
                    region_code: unit.region.clone(),
                };
                all.push(actor(affiliation, roles));
            }
        }
        all
    }
}
