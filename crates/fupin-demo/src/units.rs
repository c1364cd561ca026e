//! Government units: 登记管理机关 (民政), 扶贫部门, 业务主管单位 and 行业管理部门.
//!
//! * 民政部 and 国务院扶贫开发领导小组办公室; per province the 民政厅 and 扶贫开发办公室; per prefecture
//!   holding poor counties and per poor county the 民政局 and 扶贫开发办公室.
//! * Supervisory units ([`SUPERVISORS`]) and industry departments ([`INDUSTRIES`]) at national and
//!   provincial level. Names include the region, so they are unique.

use std::collections::{HashMap, HashSet};

use fupin_domain::{OrgLevel, UnitKind};
use fupin_store::Db;
use fupin_store::units::{self, NewGovUnit};

use crate::DemoError;
use crate::geo::{Geography, Province};

/// A department family: national name, provincial name template, municipal template (`{p}` = province).
pub(crate) struct Department {
    pub national: &'static str,
    pub provincial: &'static str,
    pub municipal: &'static str,
}

const fn dept(
    national: &'static str,
    provincial: &'static str,
    municipal: &'static str,
) -> Department {
    Department {
        national,
        provincial,
        municipal,
    }
}

/// 业务主管单位, indexed by the [`supervisor`] constants.
pub(crate) const SUPERVISORS: &[Department] = &[
    dept("教育部", "{p}教育厅", "{p}教育委员会"),
    dept(
        "国家卫生健康委员会",
        "{p}卫生健康委员会",
        "{p}卫生健康委员会",
    ),
    dept("农业农村部", "{p}农业农村厅", "{p}农业农村局"),
    dept(
        "人力资源和社会保障部",
        "{p}人力资源和社会保障厅",
        "{p}人力资源和社会保障局",
    ),
    dept("中华全国妇女联合会", "{p}妇女联合会", "{p}妇女联合会"),
    dept("共青团中央", "共青团{p}委员会", "共青团{p}委员会"),
    dept("中国科学技术协会", "{p}科学技术协会", "{p}科学技术协会"),
    dept("中国残疾人联合会", "{p}残疾人联合会", "{p}残疾人联合会"),
];

/// Indexes into [`SUPERVISORS`].
pub(crate) mod supervisor {
    pub const EDUCATION: usize = 0;
    pub const HEALTH: usize = 1;
    pub const AGRICULTURE: usize = 2;
    pub const LABOUR: usize = 3;
    pub const WOMEN: usize = 4;
    pub const YOUTH: usize = 5;
    pub const SCIENCE: usize = 6;
    pub const DISABLED: usize = 7;
}

/// 行业管理部门 of decoupled associations, indexed by the [`industry`] constants.
pub(crate) const INDUSTRIES: &[Department] = &[
    dept(
        "国家发展和改革委员会",
        "{p}发展和改革委员会",
        "{p}发展和改革委员会",
    ),
    dept("工业和信息化部", "{p}工业和信息化厅", "{p}经济和信息化局"),
    dept("商务部", "{p}商务厅", "{p}商务局"),
    dept(
        "住房和城乡建设部",
        "{p}住房和城乡建设厅",
        "{p}住房和城乡建设委员会",
    ),
    dept("交通运输部", "{p}交通运输厅", "{p}交通委员会"),
];

/// Indexes into [`INDUSTRIES`].
pub(crate) mod industry {
    pub const DEVELOPMENT: usize = 0;
    pub const INDUSTRY: usize = 1;
    pub const COMMERCE: usize = 2;
    pub const HOUSING: usize = 3;
    pub const TRANSPORT: usize = 4;
}

/// The registration authority (民政) and the poverty office (扶贫) of one region.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pair {
    pub civil_affairs: i64,
    pub poverty: i64,
}

/// The units created, by region.
#[derive(Debug, Clone, Default)]
pub(crate) struct UnitDirectory {
    pub national: Option<Pair>,
    /// By province code.
    pub provinces: HashMap<String, Pair>,
    /// By prefecture code.
    pub prefectures: HashMap<String, Pair>,
    /// By county code.
    pub counties: HashMap<String, Pair>,
    /// National supervisory units, in [`SUPERVISORS`] order.
    pub national_supervisors: Vec<i64>,
    /// Provincial supervisory units by province code, in [`SUPERVISORS`] order.
    pub provincial_supervisors: HashMap<String, Vec<i64>>,
    /// National industry departments, in [`INDUSTRIES`] order.
    pub national_industries: Vec<i64>,
    /// Provincial industry departments by province code, in [`INDUSTRIES`] order.
    pub provincial_industries: HashMap<String, Vec<i64>>,
    /// Unit names by id.
    pub names: HashMap<i64, String>,
    /// Units created.
    pub count: u64,
}

struct Creator {
    tx: fupin_store::Tx,
    taken: HashSet<String>,
    dir: UnitDirectory,
}

impl Creator {
    async fn add(
        &mut self,
        kind: UnitKind,
        level: OrgLevel,
        region: Option<&str>,
        name: String,
        qualifier: &str,
    ) -> Result<i64, DemoError> {
        // Names are unique in the schema; a clash (none in today's data) gets a regional prefix.
        let name = if self.taken.contains(&name) {
            format!("{qualifier}{name}")
        } else {
            name
        };
        let unit = NewGovUnit {
            kind,
            level,
            region_code: region.map(str::to_owned),
            name: name.clone(),
        };
        let id = units::insert(&mut self.tx, &unit).await?;
        self.taken.insert(name.clone());
        self.dir.names.insert(id, name);
        self.dir.count += 1;
        Ok(id)
    }

    async fn pair(
        &mut self,
        level: OrgLevel,
        region: Option<&str>,
        names: [String; 2],
        qualifier: &str,
    ) -> Result<Pair, DemoError> {
        let [civil, poverty] = names;
        let civil_affairs = self
            .add(
                UnitKind::RegistrationAuthority,
                level,
                region,
                civil,
                qualifier,
            )
            .await?;
        let poverty = self
            .add(UnitKind::PovertyOffice, level, region, poverty, qualifier)
            .await?;
        Ok(Pair {
            civil_affairs,
            poverty,
        })
    }

    async fn departments(
        &mut self,
        kind: UnitKind,
        list: &[Department],
        province: Option<&Province>,
    ) -> Result<Vec<i64>, DemoError> {
        let mut ids = Vec::with_capacity(list.len());
        for d in list {
            let id = match province {
                None => {
                    self.add(kind, OrgLevel::National, None, d.national.to_owned(), "")
                        .await?
                }
                Some(p) => {
                    let template = if p.is_municipality() {
                        d.municipal
                    } else {
                        d.provincial
                    };
                    let name = template.replace("{p}", &p.name);
                    self.add(kind, OrgLevel::Provincial, Some(&p.code), name, &p.name)
                        .await?
                }
            };
            ids.push(id);
        }
        Ok(ids)
    }
}

/// Creates every unit in one transaction.
pub(crate) async fn create(db: &Db, geo: &Geography) -> Result<UnitDirectory, DemoError> {
    let mut c = Creator {
        tx: db.begin().await?,
        taken: HashSet::new(),
        dir: UnitDirectory::default(),
    };
    let names = [
        "中华人民共和国民政部".to_owned(),
        "国务院扶贫开发领导小组办公室".to_owned(),
    ];
    c.dir.national = Some(c.pair(OrgLevel::National, None, names, "").await?);
    c.dir.national_supervisors = c
        .departments(UnitKind::SupervisoryUnit, SUPERVISORS, None)
        .await?;
    c.dir.national_industries = c
        .departments(UnitKind::IndustryDepartment, INDUSTRIES, None)
        .await?;
    for p in &geo.provinces {
        let civil = if p.is_municipality() {
            "民政局"
        } else {
            "民政厅"
        };
        let names = [
            format!("{}{civil}", p.name),
            format!("{}扶贫开发办公室", p.name),
        ];
        let pair = c
            .pair(OrgLevel::Provincial, Some(&p.code), names, "")
            .await?;
        c.dir.provinces.insert(p.code.clone(), pair);
        let sup = c
            .departments(UnitKind::SupervisoryUnit, SUPERVISORS, Some(p))
            .await?;
        c.dir.provincial_supervisors.insert(p.code.clone(), sup);
        let ind = c
            .departments(UnitKind::IndustryDepartment, INDUSTRIES, Some(p))
            .await?;
        c.dir.provincial_industries.insert(p.code.clone(), ind);
    }
    for f in geo.prefectures.iter().filter(|f| f.has_units) {
        let q = geo
            .provinces
            .get(f.province)
            .map(|p| p.name.as_str())
            .unwrap_or_default();
        let names = [
            format!("{}民政局", f.name),
            format!("{}扶贫开发办公室", f.name),
        ];
        let pair = c
            .pair(OrgLevel::Prefectural, Some(&f.code), names, q)
            .await?;
        c.dir.prefectures.insert(f.code.clone(), pair);
    }
    for county in &geo.counties {
        let q = geo
            .prefectures
            .get(county.prefecture)
            .map(|f| f.name.as_str())
            .unwrap_or_default();
        let names = [
            format!("{}民政局", county.name),
            format!("{}扶贫开发办公室", county.name),
        ];
        let pair = c
            .pair(OrgLevel::County, Some(&county.code), names, q)
            .await?;
        c.dir.counties.insert(county.code.clone(), pair);
    }
    c.tx.commit().await?;
    Ok(c.dir)
}

impl UnitDirectory {
    /// The registration authority of an organization registered at `level` in `region` (province,
    /// prefecture or county code; ignored for national ones).
    pub(crate) fn authority(&self, level: OrgLevel, region: &str) -> Option<i64> {
        let pair = match level {
            OrgLevel::National => self.national,
            OrgLevel::Provincial => self.provinces.get(region).copied(),
            OrgLevel::Prefectural => self.prefectures.get(region).copied(),
            OrgLevel::County => self.counties.get(region).copied(),
        };
        pair.map(|p| p.civil_affairs)
    }

    /// Supervisory unit `index` for an organization of `level` in province `province`: the national
    /// department for national organizations, the provincial one otherwise.
    pub(crate) fn supervisor(&self, level: OrgLevel, province: &str, index: usize) -> Option<i64> {
        match level {
            OrgLevel::National => self.national_supervisors.get(index).copied(),
            _ => self
                .provincial_supervisors
                .get(province)?
                .get(index)
                .copied(),
        }
    }

    /// Industry department `index`, like [`UnitDirectory::supervisor`].
    pub(crate) fn industry(&self, level: OrgLevel, province: &str, index: usize) -> Option<i64> {
        match level {
            OrgLevel::National => self.national_industries.get(index).copied(),
            _ => self
                .provincial_industries
                .get(province)?
                .get(index)
                .copied(),
        }
    }

    /// A unit's name.
    pub(crate) fn name(&self, id: i64) -> String {
        self.names.get(&id).cloned().unwrap_or_default()
    }
}
