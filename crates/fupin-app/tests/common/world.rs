//! A seeded administrative world for the jurisdiction property test: two real provinces from the
//! regions table with two prefectures each, two counties per prefecture and two townships per
//! county, each with a village (villages are not loaded into a fresh database, so their codes are
//! made from the township's); 民政 and 扶贫 units at every level; 业务主管单位 and 行业管理部门
//! with supervision links (sometimes both relations to one organization); 30 organizations
//! domiciled at county, prefecture and province level; 130 activities located in townships,
//! counties, prefectures and provinces, some of them superseded; registry persons in every village.
//!
//! Besides the records, the world keeps the facts an oracle needs, in its own terms: each region's
//! ancestry comes from the parent links of the regions table (not from code prefixes), each
//! organization's domicile, each link, each activity's places and each person's village.

use std::collections::{BTreeMap, BTreeSet};

use fupin_app::{Actor, App, PiiKeys};
use fupin_domain::{
    ActivityStatus, CreditCode, Field, IdNumber, ManagementMode, Method, Money, OrgLevel, OrgType,
    UnitKind,
};
use fupin_store::activities::{ACTIVITIES, LOCATIONS, NewActivity, NewLocation};
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::{Db, regions, registry};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;
use time::OffsetDateTime;
use time::macros::date;

/// The provinces the world is built in: 河北 and 贵州.
const PROVINCES: [&str; 2] = ["13", "52"];

/// A government unit.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: i64,
    pub kind: UnitKind,
    pub region: Option<String>,
}

/// An organization as the oracle knows it.
#[derive(Debug, Clone)]
pub struct Org {
    pub region: String,
    pub name: String,
    pub credit_code: String,
}

/// An activity as the oracle knows it.
#[derive(Debug, Clone)]
pub struct Activity {
    pub org: i64,
    pub places: Vec<String>,
    pub current: bool,
}

/// A registry person as the oracle knows them.
#[derive(Debug, Clone)]
pub struct Person {
    pub village: String,
    pub id_number: String,
}

/// The seeded records and the facts the oracle needs.
pub struct World {
    pub app: App,
    pub db: Db,
    /// Region code → itself and all its ancestors, from the regions table's parent links.
    pub ancestry: BTreeMap<String, BTreeSet<String>>,
    pub prefectures: Vec<String>,
    pub counties: Vec<String>,
    pub townships: Vec<String>,
    pub villages: Vec<String>,
    pub units: Vec<Unit>,
    pub orgs: BTreeMap<i64, Org>,
    /// (organization id, unit id) supervision links.
    pub links: BTreeSet<(i64, i64)>,
    pub activities: BTreeMap<i64, Activity>,
    pub persons: BTreeMap<i64, Person>,
}

impl World {
    /// Whether the region `within` (None: the whole country) contains `place`.
    pub fn covers(&self, within: Option<&str>, place: &str) -> bool {
        let ancestors = self
            .ancestry
            .get(place)
            .unwrap_or_else(|| panic!("unknown place {place}"));
        within.is_none_or(|r| ancestors.contains(r))
    }

    /// Seeds the world into `db`.
    pub async fn seed(db: &Db, rng: &mut StdRng) -> World {
        let app = App::new(db.clone(), PiiKeys::from_hex(&"cd".repeat(64)).unwrap());
        let mut w = World {
            app,
            db: db.clone(),
            ancestry: BTreeMap::new(),
            prefectures: Vec::new(),
            counties: Vec::new(),
            townships: Vec::new(),
            villages: Vec::new(),
            units: Vec::new(),
            orgs: BTreeMap::new(),
            links: BTreeSet::new(),
            activities: BTreeMap::new(),
            persons: BTreeMap::new(),
        };
        w.walk_regions().await;
        w.seed_units().await;
        w.seed_organizations(rng).await;
        w.seed_activities(rng).await;
        w.seed_registry().await;
        w
    }

    async fn walk_regions(&mut self) {
        let db = self.db.clone();
        for province in PROVINCES {
            assert!(regions::get(&db, province).await.unwrap().is_some());
            self.ancestry
                .insert(province.to_owned(), BTreeSet::from([province.to_owned()]));
            for prefecture in regions::children(&db, province)
                .await
                .unwrap()
                .iter()
                .take(2)
            {
                self.child(province, &prefecture.code);
                self.prefectures.push(prefecture.code.clone());
                for county in regions::children(&db, &prefecture.code)
                    .await
                    .unwrap()
                    .iter()
                    .take(2)
                {
                    self.child(&prefecture.code, &county.code);
                    self.counties.push(county.code.clone());
                    let townships = regions::children(&db, &county.code).await.unwrap();
                    for township in townships.iter().take(2) {
                        self.child(&county.code, &township.code);
                        self.townships.push(township.code.clone());
                        // Villages are not in a fresh database's regions table (they load on
                        // demand); registry persons only need their codes.
                        let village = format!("{}001", township.code);
                        self.child(&township.code, &village);
                        self.villages.push(village);
                    }
                }
            }
        }
        assert_eq!((self.counties.len(), self.townships.len()), (8, 16));
    }

    fn child(&mut self, parent: &str, code: &str) {
        let mut ancestors = self.ancestry[parent].clone();
        ancestors.insert(code.to_owned());
        self.ancestry.insert(code.to_owned(), ancestors);
    }

    async fn seed_units(&mut self) {
        let mut plan: Vec<(UnitKind, Option<String>)> = Vec::new();
        let areas: Vec<Option<String>> = std::iter::once(None)
            .chain(PROVINCES.iter().map(|p| Some(p.to_string())))
            .chain(self.prefectures.iter().cloned().map(Some))
            .chain(self.counties.iter().cloned().map(Some))
            .collect();
        for area in &areas {
            plan.push((UnitKind::RegistrationAuthority, area.clone()));
            plan.push((UnitKind::PovertyOffice, area.clone()));
        }
        plan.push((UnitKind::SupervisoryUnit, None));
        plan.push((UnitKind::SupervisoryUnit, Some("13".into())));
        plan.push((UnitKind::SupervisoryUnit, Some(self.counties[0].clone())));
        plan.push((UnitKind::IndustryDepartment, None));
        plan.push((UnitKind::IndustryDepartment, Some("52".into())));
        let mut tx = self.db.begin().await.unwrap();
        for (n, (kind, region)) in plan.into_iter().enumerate() {
            let level = match region.as_ref().map(String::len) {
                None => OrgLevel::National,
                Some(2) => OrgLevel::Provincial,
                Some(4) => OrgLevel::Prefectural,
                _ => OrgLevel::County,
            };
            let unit = NewGovUnit {
                kind,
                level,
                region_code: region.clone(),
                name: format!("测试单位{n}"),
            };
            let id = units::insert(&mut tx, &unit).await.unwrap();
            self.units.push(Unit { id, kind, region });
        }
        tx.commit().await.unwrap();
    }

    async fn seed_organizations(&mut self, rng: &mut StdRng) {
        let now = OffsetDateTime::now_utc();
        let mut rows = Vec::new();
        for id in 1..=30_i64 {
            let region = match rng.random_range(0..20) {
                0..=2 => PROVINCES.choose(rng).unwrap().to_string(),
                3..=5 => self.prefectures.choose(rng).unwrap().clone(),
                _ => self.counties.choose(rng).unwrap().clone(),
            };
            let code_region = self.counties.choose(rng).unwrap();
            let credit_code =
                CreditCode::from_parts('5', '3', code_region, &format!("{id:08}")).unwrap();
            let org = Org {
                region: region.clone(),
                name: format!("测试社会组织{id}"),
                credit_code: credit_code.as_str().to_owned(),
            };
            rows.push(
                NewOrganization {
                    id,
                    credit_code,
                    name: org.name.clone(),
                    org_type: OrgType::SocialGroup,
                    level: OrgLevel::County,
                    region_code: region,
                    registration_authority_id: self.units[0].id,
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
            self.orgs.insert(id, org);
        }
        let mut tx = self.db.begin().await.unwrap();
        tx.bulk_insert(organizations::TABLE, rows).await.unwrap();
        let supervisors: Vec<i64> = self
            .units
            .iter()
            .filter(|u| {
                matches!(
                    u.kind,
                    UnitKind::SupervisoryUnit | UnitKind::IndustryDepartment
                )
            })
            .map(|u| u.id)
            .collect();
        for &org in self.orgs.keys() {
            for &unit in &supervisors {
                match rng.random_range(0..6) {
                    0 | 1 => units::link(&mut tx, org, unit, "supervisory")
                        .await
                        .unwrap(),
                    2 => units::link(&mut tx, org, unit, "industry").await.unwrap(),
                    3 => {
                        // Both relations to one unit: still one organization in its lists.
                        units::link(&mut tx, org, unit, "supervisory")
                            .await
                            .unwrap();
                        units::link(&mut tx, org, unit, "industry").await.unwrap();
                    }
                    _ => continue,
                }
                self.links.insert((org, unit));
            }
        }
        tx.commit().await.unwrap();
    }

    async fn seed_activities(&mut self, rng: &mut StdRng) {
        let now = OffsetDateTime::now_utc();
        let mut activity_rows = Vec::new();
        let mut location_rows = Vec::new();
        for id in 1..=130_i64 {
            let org = rng.random_range(1..=self.orgs.len() as i64);
            let mut places: Vec<String> = Vec::new();
            for _ in 0..rng.random_range(1..=3) {
                let place = match rng.random_range(0..10) {
                    0 => PROVINCES.choose(rng).unwrap().to_string(),
                    1 => self.prefectures.choose(rng).unwrap().clone(),
                    2..=5 => self.counties.choose(rng).unwrap().clone(),
                    _ => self.townships.choose(rng).unwrap().clone(),
                };
                if !places.contains(&place) {
                    places.push(place);
                }
            }
            let share = 10_000 / places.len() as i32;
            for (n, place) in places.iter().enumerate() {
                let extra = if n == 0 {
                    10_000 - share * places.len() as i32
                } else {
                    0
                };
                let location = NewLocation {
                    activity_id: id,
                    region_code: place.clone(),
                    share_bp: share + extra,
                };
                location_rows.push(location.values());
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
            let current = id % 9 != 0;
            self.activities.insert(
                id,
                Activity {
                    org,
                    places,
                    current,
                },
            );
        }
        let mut tx = self.db.begin().await.unwrap();
        tx.bulk_insert(ACTIVITIES, activity_rows).await.unwrap();
        tx.bulk_insert(LOCATIONS, location_rows).await.unwrap();
        tx.commit().await.unwrap();
        // Superseded versions: readable in detail, never listed or counted. (Test setup only:
        // the workflow that supersedes versions is not what this test is about.)
        for (&id, activity) in &self.activities {
            if !activity.current {
                self.db
                    .execute(
                        "UPDATE activities SET is_current = FALSE WHERE id = $1",
                        &[id.into()],
                    )
                    .await
                    .unwrap();
            }
        }
    }

    /// Two registry persons per village, imported as the system would.
    async fn seed_registry(&mut self) {
        let mut text =
            "户编号,姓名,身份证号,村代码,与户主关系,户属性,主要致贫原因,脱贫状态,脱贫年度\n"
                .to_owned();
        let mut planted = Vec::new();
        for (v, village) in self.villages.iter().enumerate() {
            for (p, name) in ["张三", "李四"].iter().enumerate() {
                let seq = (100 + v * 2 + p) as u16;
                let id = IdNumber::from_parts(&village[..6], date!(1980 - 05 - 01), seq).unwrap();
                text += &format!(
                    "H{v}-{p},{name},{},{village},户主,一般贫困户,因病,未脱贫,\n",
                    id.as_str()
                );
                planted.push((id, village.clone()));
            }
        }
        let reader = std::io::Cursor::new(text.into_bytes());
        self.app
            .import_registry(&Actor::system(), "registry.csv", reader)
            .await
            .unwrap();
        for (id, village) in planted {
            let hash = self.app.pii().id_hash(&id);
            let row = registry::person_by_hash(&self.db, &hash)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.village_code, village);
            let person = Person {
                village,
                id_number: id.as_str().to_owned(),
            };
            self.persons.insert(row.id, person);
        }
    }
}
