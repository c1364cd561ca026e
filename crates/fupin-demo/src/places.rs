//! Where activities take place: one to three distinct poor counties chosen by the organization's
//! level (a county organization in its county and neighbours, a prefectural one in its prefecture, a
//! provincial one in its province, or for eastern provinces without poor counties in their
//! 东西部扶贫协作 partners, a national one anywhere), at county, township or village level, with
//! shares summing to exactly 10,000 basis points.

use fupin_domain::OrgLevel;
use rand::Rng;

use crate::DemoError;
use crate::geo::Geography;
use crate::organizations::OrgSet;
use crate::registry::RegistryPlan;
use crate::rng::{pick, weighted};

/// 东西部扶贫协作: eastern provinces without poor counties and their western partners.
#[rustfmt::skip]
const PARTNERS: &[(&str, &[&str])] = &[
    ("11", &["15", "13"]),
    ("12", &["62", "13"]),
    ("21", &["52"]),
    ("31", &["53", "52"]),
    ("32", &["61", "63"]),
    ("33", &["51", "52", "22"]),
    ("35", &["64", "62"]),
    ("37", &["50", "62"]),
    ("44", &["45", "51", "52", "53"]),
];

/// Poor counties a provincial organization works in, by province index.
pub(crate) fn provincial_domains(geo: &Geography) -> Vec<Vec<usize>> {
    geo.provinces
        .iter()
        .map(|p| {
            if !p.counties.is_empty() {
                return p.counties.clone();
            }
            let partners = PARTNERS
                .iter()
                .find(|(code, _)| *code == p.code)
                .map_or(&[][..], |(_, list)| *list);
            geo.provinces
                .iter()
                .filter(|q| partners.contains(&q.code.as_str()))
                .flat_map(|q| q.counties.iter().copied())
                .collect()
        })
        .collect()
}

/// Shares of `n` locations in basis points, summing to exactly 10,000.
pub(crate) fn shares(rng: &mut impl Rng, n: usize) -> Vec<i32> {
    let weights: Vec<i32> = (0..n.max(1)).map(|_| rng.random_range(1..=9)).collect();
    let total: i32 = weights.iter().sum();
    let mut out: Vec<i32> = weights.iter().map(|w| 10_000 * w / total).collect();
    let rest = 10_000 - out.iter().sum::<i32>();
    if let Some(first) = out.first_mut() {
        *first += rest;
    }
    out
}

/// A location inside poor county `c`: the county itself, one of its townships or one of its villages.
pub(crate) fn location_code(rng: &mut impl Rng, geo: &Geography, c: usize) -> String {
    let county = &geo.counties[c];
    match rng.random_range(0..10) {
        0..4 => county.code.clone(),
        4..7 => {
            pick(rng, &county.townships).map_or_else(|| county.code.clone(), |t| format!("{t:09}"))
        }
        _ => {
            pick(rng, &county.villages).map_or_else(|| county.code.clone(), |v| format!("{v:012}"))
        }
    }
}

/// One to three distinct poor counties where organization `o` works.
pub(crate) fn sites(
    rng: &mut impl Rng,
    geo: &Geography,
    orgs: &OrgSet,
    o: usize,
    domains: &[Vec<usize>],
) -> Vec<usize> {
    let n = weighted(rng, &[(1_usize, 60), (2, 28), (3, 12)]);
    let org = &orgs.orgs[o];
    let all: Vec<usize>;
    let (own, domain): (Option<usize>, &[usize]) = match (org.county, org.prefecture) {
        (Some(c), _) => (
            Some(c),
            &geo.prefectures[geo.counties[c].prefecture].counties,
        ),
        (None, Some(f)) => (None, &geo.prefectures[f].counties),
        (None, None) if org.level == OrgLevel::Provincial && !domains[org.province].is_empty() => {
            (None, &domains[org.province])
        }
        _ => {
            all = (0..geo.counties.len()).collect();
            (None, &all)
        }
    };
    let mut out: Vec<usize> = own.into_iter().collect();
    for _ in 0..n * 4 {
        if out.len() >= n.min(domain.len().max(1)) {
            break;
        }
        if let Some(&c) = pick(rng, domain)
            && !out.contains(&c)
        {
            out.push(c);
        }
    }
    if out.is_empty() {
        out.push(rng.random_range(0..geo.counties.len()));
    }
    out
}

/// The organization and registry counties of an activity with a roster: a registry county drawn by
/// households, up to two more of its province, and an organization working there. With a `hub`
/// (county, organizations already there; see [`crate::anomalies`]) the first county is the hub's
/// and the organization one not yet in it.
pub(crate) fn roster_site<R: Rng>(
    rng: &mut R,
    geo: &Geography,
    orgs: &OrgSet,
    plan: &RegistryPlan,
    plan_by_province: &[Vec<usize>],
    hub: Option<(usize, &[usize])>,
) -> Result<(usize, Vec<usize>), DemoError> {
    let drawn = plan
        .weights
        .draw(rng)
        .ok_or_else(|| DemoError::Invalid("没有建档立卡县".to_owned()))?;
    let (c0, taken) = hub.unwrap_or((drawn, &[]));
    let county = &geo.counties[plan.counties[c0].geo];
    let mut counties = vec![c0];
    let n = weighted(rng, &[(1_usize, 70), (2, 20), (3, 10)]);
    let neighbours = &plan_by_province[county.province];
    for _ in 0..n * 4 {
        if counties.len() >= n.min(neighbours.len().max(1)) {
            break;
        }
        if let Some(&c) = pick(rng, neighbours)
            && !counties.contains(&c)
        {
            counties.push(c);
        }
    }
    let empty = Vec::new();
    let tiers = [
        (
            orgs.by_county.get(&plan.counties[c0].geo).unwrap_or(&empty),
            30,
        ),
        (
            orgs.by_prefecture.get(&county.prefecture).unwrap_or(&empty),
            20,
        ),
        (orgs.by_province.get(&county.province).unwrap_or(&empty), 25),
        (&orgs.national, 25),
    ];
    let available: Vec<(usize, u32)> = tiers
        .iter()
        .enumerate()
        .filter(|(_, (list, _))| !list.is_empty())
        .map(|(i, (_, w))| (i, *w))
        .collect();
    let draw = |rng: &mut R| {
        if available.is_empty() {
            orgs.weights.draw(rng).unwrap_or(0)
        } else {
            let tier = weighted(rng, &available);
            *pick(rng, tiers[tier].0).unwrap_or(&0)
        }
    };
    let mut org = draw(rng);
    // In a hub, another organization working there; failing that, a national one.
    for _ in 0..HUB_TRIES {
        if !taken.contains(&org) {
            break;
        }
        org = draw(rng);
    }
    if taken.contains(&org)
        && let Some(&o) = orgs.national.iter().find(|o| !taken.contains(o))
    {
        org = o;
    }
    Ok((org, counties))
}

/// Draws of an organization for a hub activity before falling back to a national one.
const HUB_TRIES: usize = 16;
