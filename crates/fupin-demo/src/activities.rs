//! Activities 2016–2020 in the poor counties: every field and method, mostly published.
//!
//! Each activity has its own random stream (so it can be regenerated alone) and one to three
//! locations in distinct poor counties, at county, township or village level, with shares summing
//! to exactly 10,000 basis points. Where an organization works follows its level: a county
//! organization in its county and neighbours, a prefectural one in its prefecture, a provincial one
//! in its province (eastern provinces without poor counties in their 东西部扶贫协作 partners), a
//! national one anywhere.
//!
//! A share of published activities of 2017–2020 (the platform's years) gets a beneficiary roster;
//! their locations are whole registry counties, so every registry person of those counties lies
//! inside the activity's area. In a few years some of them are sited in one *hub* county, each for
//! another organization (see [`crate::anomalies`]).

use fupin_domain::{ActivityStatus, Field, FundingSource, Method};
use fupin_store::Db;
use fupin_store::activities::{
    ACTIVITIES, BENEFICIARIES, INDICATORS, LOCATIONS, NewActivity, NewLocation, TRANSACTIONS,
};
use rand::Rng;
use time::macros::{date, time};
use time::{Date, Duration};

use crate::anomalies::{Hub, Hubs};
use crate::finance::{Ctx, finance};
use crate::geo::Geography;
use crate::loader::Loader;
use crate::organizations::OrgSet;
use crate::places::{location_code, provincial_domains, roster_site, shares, sites};
use crate::progress::Progress;
use crate::registry::RegistryPlan;
use crate::rng::{date_between, pick, purpose, stream, weighted};
use crate::rosters::RosterPlan;
use crate::{DemoError, Sizes};

#[rustfmt::skip]
const STATUSES: &[(ActivityStatus, u32)] = &[
    (ActivityStatus::Published, 85), (ActivityStatus::Accepted, 4), (ActivityStatus::Submitted, 4),
    (ActivityStatus::Returned, 3), (ActivityStatus::Draft, 4),
];
#[rustfmt::skip]
const YEARS: &[(i32, u32)] = &[
    (2016, 12), (2017, 18), (2018, 24), (2019, 25), (2020, 21),
];
#[rustfmt::skip]
const FIELDS: &[(Field, u32)] = &[
    (Field::Industry, 22), (Field::Education, 18), (Field::Health, 14), (Field::Relocation, 5),
    (Field::Volunteer, 8), (Field::LaborExport, 6), (Field::Infrastructure, 7), (Field::HousingRenovation, 4),
    (Field::Culture, 4), (Field::Ecology, 3), (Field::Technology, 4), (Field::PolicyAdvice, 2),
    (Field::Other, 3),
];
#[rustfmt::skip]
const METHODS: &[(Method, u32)] = &[
    (Method::CharitableTrust, 4), (Method::Project, 40), (Method::Pairing, 14),
    (Method::Donation, 26), (Method::Consumption, 9), (Method::FundingLocalCharities, 7),
];
/// Mean roster size (uniform 10–200).
const ROSTER_MEAN: f64 = 105.0;
/// Share of activities that can have a roster: published (85%) of 2017–2020 (88%).
const ROSTER_ELIGIBLE: f64 = 0.85 * 0.88;

/// What the activity generator wrote.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ActivityCounts {
    pub activities: u64,
    pub published: u64,
    pub locations: u64,
    pub transactions: u64,
    pub beneficiary_rows: u64,
    pub indicators: u64,
    pub overspent: u64,
    pub committed_fen: i64,
}

/// Counts, the activities that get a roster, and the hubs where one person will be on the
/// rosters of many organizations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outcome {
    pub counts: ActivityCounts,
    pub rosters: Vec<RosterPlan>,
    pub hubs: Vec<Hub>,
}

/// Titles by field (prefixed with the first county's name).
#[rustfmt::skip]
fn nouns(field: Field) -> &'static [&'static str] {
    match field {
        Field::Industry => &["特色种植产业扶贫项目", "养殖合作社帮扶项目", "电商扶贫项目", "光伏扶贫电站项目", "食用菌产业扶贫项目"],
        Field::Education => &["教育扶贫助学项目", "乡村教师培训项目", "学生营养改善项目", "留守儿童关爱项目"],
        Field::Health => &["大病救助项目", "乡村医生培训项目", "健康扶贫义诊活动", "先天性心脏病患儿救治项目"],
        Field::Relocation => &["易地扶贫搬迁安置点配套项目", "搬迁群众就业帮扶项目"],
        Field::Volunteer => &["志愿者支教活动", "扶贫志愿服务活动"],
        Field::LaborExport => &["劳务输出技能培训项目", "转移就业帮扶项目"],
        Field::Infrastructure => &["村道硬化项目", "安全饮水工程", "便民桥建设项目"],
        Field::HousingRenovation => &["农村危房改造项目"],
        Field::Culture => &["农家书屋建设项目", "乡村文化活动中心建设项目"],
        Field::Ecology => &["生态护林员培训项目", "植树造林扶贫项目"],
        Field::Technology => &["农业科技培训项目", "科技特派员服务项目"],
        Field::PolicyAdvice => &["精准扶贫政策调研项目", "脱贫成效第三方评估项目"],
        Field::Other => &["贫困户节日慰问活动", "扶贫济困帮扶活动"],
    }
}

/// Generates and writes the activities; returns counts and the roster plans.
pub(crate) async fn generate(
    db: &Db,
    geo: &Geography,
    orgs: &OrgSet,
    plan: &RegistryPlan,
    sizes: Sizes,
    seed: u64,
    progress: &Progress,
) -> Result<Outcome, DemoError> {
    let bar = progress.bar(sizes.activities, "扶贫项目");
    let domains = provincial_domains(geo);
    let mut plan_by_province: Vec<Vec<usize>> = vec![Vec::new(); geo.provinces.len()];
    for (i, c) in plan.counties.iter().enumerate() {
        plan_by_province[c.province].push(i);
    }
    let roster_chance =
        (sizes.roster_entries as f64 / ROSTER_MEAN / (sizes.activities as f64 * ROSTER_ELIGIBLE))
            .clamp(0.0, 1.0);
    let mut loader = Loader::new(
        db,
        &[
            ACTIVITIES,
            LOCATIONS,
            TRANSACTIONS,
            BENEFICIARIES,
            INDICATORS,
        ],
    );
    let mut outcome = Outcome::default();
    let mut hubs = Hubs::default();
    for index in 0..sizes.activities {
        let mut rng = stream(seed, purpose::ACTIVITIES, index);
        let id = index as i64 + 1;
        // The first activities cover every status, year, field and method; the rest are drawn.
        let i = index as usize;
        let status = STATUSES
            .get(i)
            .map_or_else(|| weighted(&mut rng, STATUSES), |s| s.0);
        let year = YEARS
            .get(i)
            .map_or_else(|| weighted(&mut rng, YEARS), |y| y.0);
        let field = FIELDS
            .get(i)
            .map_or_else(|| weighted(&mut rng, FIELDS), |f| f.0);
        let method = METHODS
            .get(i)
            .map_or_else(|| weighted(&mut rng, METHODS), |m| m.0);
        // Activities 6–10 cover every funding source (online fundraising by a qualified organization).
        let forced_source = i
            .checked_sub(METHODS.len())
            .and_then(|k| FundingSource::ALL.get(k))
            .copied();
        let with_roster = status == ActivityStatus::Published
            && year >= 2017
            && !plan.counties.is_empty()
            && rng.random_bool(roster_chance);
        // Where: (organization index, counties as geography indexes, registry-county indexes for rosters).
        let (org_index, counties, roster_counties) = if with_roster {
            let hub = hubs.wanted(year);
            let (o, plan_counties) =
                roster_site(&mut rng, geo, orgs, plan, &plan_by_province, hub)?;
            hubs.record(year, id, o, &plan_counties);
            let counties = plan_counties
                .iter()
                .map(|&c| plan.counties[c].geo)
                .collect();
            (o, counties, plan_counties)
        } else {
            let mut o = orgs.weights.draw(&mut rng).unwrap_or(0);
            if forced_source == Some(FundingSource::OnlineFundraising) {
                o = orgs
                    .orgs
                    .iter()
                    .position(|org| org.public_fundraising)
                    .unwrap_or(o);
            }
            (o, sites(&mut rng, geo, orgs, o, &domains), Vec::new())
        };
        let org = orgs
            .orgs
            .get(org_index)
            .ok_or_else(|| DemoError::Invalid("没有社会组织".to_owned()))?;
        let Some(&first) = counties.first() else {
            return Err(DemoError::Invalid(format!("{} 没有可去的贫困县", org.name)));
        };
        let county = &geo.counties[first];

        let year_start = Date::from_ordinal_date(year, 1).unwrap_or(date!(2018 - 01 - 01));
        let start = date_between(&mut rng, year_start, year_start + Duration::days(300));
        let year_end = Date::from_ordinal_date(year, 365).unwrap_or(date!(2018 - 12 - 31));
        let end = (start + Duration::days(rng.random_range(30..=300))).min(year_end);
        let done = matches!(status, ActivityStatus::Accepted | ActivityStatus::Published);
        let published_at = (status == ActivityStatus::Published).then(|| {
            let after_end = end + Duration::days(rng.random_range(10..=60));
            let platform_open = date!(2018 - 01 - 10) + Duration::days(rng.random_range(0..=60));
            after_end
                .max(platform_open)
                .with_time(time!(10:00))
                .assume_utc()
        });
        let roster_entries = with_roster.then(|| rng.random_range(10..=200_u32));
        let noun = pick(&mut rng, nouns(field)).copied().unwrap_or("扶贫项目");
        let title = format!("{}{noun}", county.name);
        let where_text: Vec<&str> = counties
            .iter()
            .map(|&c| geo.counties[c].name.as_str())
            .collect();
        let description = format!(
            "{}于{year}年在{}开展{}，帮扶方式：{}。",
            org.name,
            where_text.join("、"),
            field.label_zh(),
            method.label_zh()
        );
        let province_code = &geo.provinces[county.province].code;
        let ctx = Ctx {
            id,
            org,
            field,
            method,
            status,
            year,
            start,
            end,
            county_name: &county.name,
            county_code: &county.code,
            province_code,
            roster: roster_entries,
            source: forced_source,
        };
        let money = finance(&mut rng, &ctx);
        let activity = NewActivity {
            id,
            organization_id: org.id,
            title,
            description,
            field,
            method,
            status,
            year,
            planned_start: Some(start),
            planned_end: Some(end),
            actual_start: (status != ActivityStatus::Draft).then_some(start),
            actual_end: done.then_some(end),
            goods_value: money.goods,
            volunteer_hours: money.volunteer_hours,
            published_at,
        };
        loader.push(0, activity.values(created_at(start))).await?;
        let shares = shares(&mut rng, counties.len());
        for (&c, share_bp) in counties.iter().zip(shares) {
            let code = if with_roster {
                geo.counties[c].code.clone()
            } else {
                location_code(&mut rng, geo, c)
            };
            loader
                .push(
                    1,
                    NewLocation {
                        activity_id: id,
                        region_code: code,
                        share_bp,
                    }
                    .values(),
                )
                .await?;
        }
        for t in &money.transactions {
            loader.push(2, t.values()).await?;
        }
        for b in &money.beneficiaries {
            loader.push(3, b.values()).await?;
        }
        for i in &money.indicators {
            loader.push(4, i.values()).await?;
        }
        let counts = &mut outcome.counts;
        counts.activities += 1;
        counts.published += u64::from(status == ActivityStatus::Published);
        counts.overspent += u64::from(money.overspent);
        counts.committed_fen += money.committed_fen;
        if let Some(entries) = roster_entries {
            outcome.rosters.push(RosterPlan {
                activity_id: id,
                organization_id: org.id,
                org_index,
                year,
                counties: roster_counties,
                start,
                end,
                entries,
            });
        }
        bar.inc(1);
    }
    let written = loader.finish().await?;
    let counts = &mut outcome.counts;
    counts.locations = written[1];
    counts.transactions = written[2];
    counts.beneficiary_rows = written[3];
    counts.indicators = written[4];
    outcome.hubs = hubs.into_full();
    bar.finish_and_clear();
    Ok(outcome)
}

/// When the record was entered: a few days after the activity started (fixed, so data reproduce).
fn created_at(start: Date) -> time::OffsetDateTime {
    (start + Duration::days(7))
        .max(date!(2018 - 01 - 05))
        .with_time(time!(09:00))
        .assume_utc()
}
