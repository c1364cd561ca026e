//! Social organizations of every type and level, with valid credit codes, registered by the
//! authority of their level and linked to a supervisory unit (双重管理) or an industry department
//! (脱钩行业协会商会).
//!
//! Credit codes are `5` + the type's category + the region of registration (`100000` for national
//! organizations, `{省}0000`, `{市}00` or the county code) + an 8-digit body that is unique by
//! construction (an affine permutation of the organization's index modulo 10⁸).

use std::collections::{HashMap, HashSet};

use fupin_domain::{CreditCode, CreditStatus, EvaluationGrade, ManagementMode, OrgLevel, OrgType};
use fupin_store::organizations::{NewOrganization, TABLE};
use fupin_store::{Db, Tx, Value, units};
use rand::Rng;
use time::OffsetDateTime;
use time::macros::{date, datetime};

use crate::geo::Geography;
use crate::org_names::org_name;
use crate::progress::Progress;
use crate::rng::{Cumulative, date_between, pick, purpose, stream, weighted};
use crate::units::{SUPERVISORS, UnitDirectory, industry};
use crate::{DemoError, Sizes, names};

/// What the activity and roster generators need to know about an organization.
#[derive(Debug, Clone)]
pub(crate) struct OrgInfo {
    pub id: i64,
    pub name: String,
    pub credit_code: String,
    pub level: OrgLevel,
    /// Index into [`Geography::provinces`].
    pub province: usize,
    /// Index into [`Geography::prefectures`] (prefectural organizations).
    pub prefecture: Option<usize>,
    /// Index into [`Geography::counties`] (county organizations).
    pub county: Option<usize>,
    pub public_fundraising: bool,
    /// The supervisory unit, for 双重管理 organizations.
    pub supervisor: Option<i64>,
}

/// The organizations generated, with lookups for the activity generator.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrgSet {
    pub orgs: Vec<OrgInfo>,
    /// Supervision links written.
    pub links: u64,
    /// Activity weight by organization (national ones report more).
    pub weights: Cumulative,
    /// County organizations by county index.
    pub by_county: HashMap<usize, Vec<usize>>,
    /// Prefectural organizations by prefecture index.
    pub by_prefecture: HashMap<usize, Vec<usize>>,
    /// Provincial organizations by province index.
    pub by_province: HashMap<usize, Vec<usize>>,
    /// National organizations.
    pub national: Vec<usize>,
}

#[rustfmt::skip]
const TYPES: &[(OrgType, u32)] = &[
    (OrgType::SocialGroup, 45), (OrgType::SocialServiceAgency, 30), (OrgType::Foundation, 23), (OrgType::Other, 2),
];
#[rustfmt::skip]
const LEVELS: &[(OrgLevel, u32)] = &[
    (OrgLevel::National, 4), (OrgLevel::Provincial, 18), (OrgLevel::Prefectural, 28), (OrgLevel::County, 50),
];
#[rustfmt::skip]
const CREDIT: &[(CreditStatus, u32)] = &[
    (CreditStatus::Normal, 940), (CreditStatus::AbnormalActivities, 50), (CreditStatus::SeriousViolation, 10),
];
#[rustfmt::skip]
const GRADES: &[(EvaluationGrade, u32)] = &[
    (EvaluationGrade::Unrated, 40), (EvaluationGrade::A1, 4), (EvaluationGrade::A2, 10),
    (EvaluationGrade::A3, 26), (EvaluationGrade::A4, 14), (EvaluationGrade::A5, 6),
];
#[rustfmt::skip]
const LISTED_GRADES: &[(EvaluationGrade, u32)] =
    &[(EvaluationGrade::Unrated, 80), (EvaluationGrade::A1, 10), (EvaluationGrade::A2, 10)];

/// How organizations of a type are managed.
#[rustfmt::skip]
fn modes(org_type: OrgType) -> &'static [(ManagementMode, u32)] {
    use ManagementMode::*;
    match org_type {
        OrgType::SocialGroup => &[(DecoupledAssociation, 30), (DualManagement, 45), (DirectRegistration, 25)],
        OrgType::Foundation => &[(DualManagement, 50), (DirectRegistration, 50)],
        OrgType::SocialServiceAgency => &[(DualManagement, 60), (DirectRegistration, 40)],
        OrgType::Other => &[(DualManagement, 30), (DirectRegistration, 70)],
    }
}

const BEIJING_DISTRICTS: &[&str] = &["110101", "110102", "110105", "110106", "110108"];

/// When the organization records were created on the platform (fixed, for reproducible data).
const CREATED_AT: OffsetDateTime = datetime!(2018-01-15 08:00 UTC);

/// Where an organization is registered.
struct Seat {
    province: usize,
    prefecture: Option<usize>,
    county: Option<usize>,
    /// Prefix of its name (中国, 贵州省, 黔东南苗族侗族自治州, 雷山县).
    place: String,
    /// Domicile county code.
    domicile: String,
    /// Region segment of the credit code.
    credit_region: String,
    /// Region code of its registration authority ("" for national).
    authority_region: String,
}

/// Draws the seat of an organization of `level`.
fn seat(
    rng: &mut impl Rng,
    geo: &Geography,
    level: OrgLevel,
    provinces: &Cumulative,
    prefectures: &[usize],
) -> Seat {
    match level {
        OrgLevel::National => Seat {
            province: geo
                .provinces
                .iter()
                .position(|p| p.code == "11")
                .unwrap_or(0),
            prefecture: None,
            county: None,
            place: weighted(rng, &[("中国", 6), ("中华", 3)]).to_owned(),
            domicile: pick(rng, BEIJING_DISTRICTS)
                .copied()
                .unwrap_or("110101")
                .to_owned(),
            credit_region: "100000".to_owned(),
            authority_region: String::new(),
        },
        OrgLevel::Provincial => {
            let p = provinces.draw(rng).unwrap_or(0);
            let province = &geo.provinces[p];
            Seat {
                province: p,
                prefecture: None,
                county: None,
                place: province.name.clone(),
                domicile: province.seat.clone(),
                credit_region: format!("{}0000", province.code),
                authority_region: province.code.clone(),
            }
        }
        OrgLevel::Prefectural => {
            let f = pick(rng, prefectures).copied().unwrap_or(0);
            let pref = &geo.prefectures[f];
            Seat {
                province: pref.province,
                prefecture: Some(f),
                county: None,
                place: pref.name.clone(),
                domicile: pref.seat.clone(),
                credit_region: format!("{}00", pref.code),
                authority_region: pref.code.clone(),
            }
        }
        OrgLevel::County => {
            let c = rng.random_range(0..geo.counties.len());
            let county = &geo.counties[c];
            Seat {
                province: county.province,
                prefecture: None,
                county: Some(c),
                place: county.name.clone(),
                domicile: county.code.clone(),
                credit_region: county.code.clone(),
                authority_region: county.code.clone(),
            }
        }
    }
}

/// Generates and writes the organizations and their supervision links in one transaction.
pub(crate) async fn generate(
    db: &Db,
    geo: &Geography,
    units: &UnitDirectory,
    sizes: Sizes,
    seed: u64,
    progress: &Progress,
) -> Result<OrgSet, DemoError> {
    let bar = progress.bar(sizes.organizations, "社会组织");
    let mut rng = stream(seed, purpose::ORGANIZATIONS, 0);
    let mut set = OrgSet::default();
    let mut taken: HashSet<String> = HashSet::new();
    let mut weights = Vec::with_capacity(sizes.organizations as usize);
    // Provinces with poor counties register more organizations that work in poverty alleviation.
    let provinces = Cumulative::new(
        geo.provinces
            .iter()
            .map(|p| if p.counties.is_empty() { 1 } else { 3 }),
    );
    let prefectures: Vec<usize> = (0..geo.prefectures.len())
        .filter(|&i| geo.prefectures[i].has_units)
        .collect();
    let mut tx = db.begin().await?;
    let batch_rows = crate::loader::batch_rows(db);
    let mut batch = Vec::with_capacity(batch_rows);
    let mut links: Vec<(i64, i64, &'static str)> = Vec::new();
    for index in 0..sizes.organizations {
        let id = index as i64 + 1;
        // The first sixteen cover every type at every level; the rest are drawn.
        let i = index as usize;
        let (org_type, level) = match (TYPES.get(i % TYPES.len()), LEVELS.get(i / TYPES.len())) {
            (Some(t), Some(l)) => (t.0, l.0),
            _ => (weighted(&mut rng, TYPES), weighted(&mut rng, LEVELS)),
        };
        let level = match level {
            OrgLevel::Prefectural if prefectures.is_empty() => OrgLevel::County,
            level => level,
        };
        let seat = seat(&mut rng, geo, level, &provinces, &prefectures);
        let province_code = geo.provinces[seat.province].code.as_str();
        let mode = weighted(&mut rng, modes(org_type));
        let (name, theme_supervisor, theme_industry) =
            org_name(&mut rng, &mut taken, org_type, mode, &seat.place);
        let mut supervisor = None;
        match mode {
            ManagementMode::DualManagement => {
                let which =
                    theme_supervisor.unwrap_or_else(|| rng.random_range(0..SUPERVISORS.len()));
                supervisor = units.supervisor(level, province_code, which);
                links.extend(supervisor.map(|unit| (id, unit, "supervisory")));
            }
            ManagementMode::DecoupledAssociation => {
                let which = theme_industry.unwrap_or(industry::COMMERCE);
                links.extend(
                    units
                        .industry(level, province_code, which)
                        .map(|unit| (id, unit, "industry")),
                );
            }
            ManagementMode::DirectRegistration => {}
        }
        let authority = units
            .authority(level, &seat.authority_region)
            .ok_or_else(|| DemoError::Invalid(format!("{name} 没有登记管理机关")))?;
        let body = index
            .wrapping_mul(48_271)
            .wrapping_add(10_000_019)
            .wrapping_add(seed)
            % 100_000_000;
        let credit_code = CreditCode::from_parts(
            '5',
            org_type.credit_category(),
            &seat.credit_region,
            &format!("{body:08}"),
        )
        .map_err(|e| DemoError::Invalid(format!("信用代码：{e}")))?;
        let earliest = if level == OrgLevel::National {
            date!(1990 - 01 - 01)
        } else {
            date!(1992 - 01 - 01)
        };
        let foundation = org_type == OrgType::Foundation;
        let charity_recognized = rng.random_bool(if foundation { 0.65 } else { 0.2 });
        let public_fundraising =
            charity_recognized && rng.random_bool(if foundation { 0.6 } else { 0.25 });
        let credit = weighted(&mut rng, CREDIT);
        let grade = weighted(
            &mut rng,
            if credit == CreditStatus::Normal {
                GRADES
            } else {
                LISTED_GRADES
            },
        );
        let surname = names::surname(&mut rng);
        let male = rng.random_bool(0.7);
        let row = NewOrganization {
            id,
            credit_code: credit_code.clone(),
            name: name.clone(),
            org_type,
            level,
            region_code: seat.domicile.clone(),
            registration_authority_id: authority,
            management_mode: mode,
            legal_representative: names::full_name(&mut rng, surname, male),
            registered_on: date_between(&mut rng, earliest, date!(2019 - 12 - 31)),
            charity_recognized,
            public_fundraising,
            evaluation_grade: grade.code().to_owned(),
            credit_status: credit.code().to_owned(),
        };
        batch.push(row.values(CREATED_AT));
        let position = set.orgs.len();
        let (list, weight) = match level {
            OrgLevel::National => (&mut set.national, 6),
            OrgLevel::Provincial => (set.by_province.entry(seat.province).or_default(), 3),
            OrgLevel::Prefectural => (
                set.by_prefecture
                    .entry(seat.prefecture.unwrap_or(0))
                    .or_default(),
                2,
            ),
            OrgLevel::County => (
                set.by_county.entry(seat.county.unwrap_or(0)).or_default(),
                1,
            ),
        };
        list.push(position);
        weights.push(weight);
        set.orgs.push(OrgInfo {
            id,
            name,
            credit_code: credit_code.as_str().to_owned(),
            level,
            province: seat.province,
            prefecture: seat.prefecture,
            county: seat.county,
            public_fundraising,
            supervisor,
        });
        if batch.len() >= batch_rows {
            set.links += write_batch(&mut tx, &mut batch, &mut links).await?;
        }
        bar.inc(1);
    }
    set.links += write_batch(&mut tx, &mut batch, &mut links).await?;
    tx.commit().await?;
    set.weights = Cumulative::new(weights);
    bar.finish_and_clear();
    Ok(set)
}

/// Writes a batch of organizations, then their links; returns the links written.
async fn write_batch(
    tx: &mut Tx,
    batch: &mut Vec<Vec<Value>>,
    links: &mut Vec<(i64, i64, &'static str)>,
) -> Result<u64, DemoError> {
    crate::loader::write(tx, TABLE, std::mem::take(batch)).await?;
    let mut written = 0;
    for (org, unit, relation) in links.drain(..) {
        units::link(tx, org, unit, relation).await?;
        written += 1;
    }
    Ok(written)
}
