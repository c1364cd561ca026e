//! Helpers of the spot-check tests: the world, officers of its units, a round's spec, and what a
//! stored round holds.

use fupin_app::spot_checks::{RiskWeights, RoundSpec, Seed, Strata};
use fupin_app::{Actor, Affiliation};
use fupin_domain::{Role, UnitKind};
use fupin_store::Db;
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::common::world::{Unit, World};

/// The jurisdiction test's world, from a fixed seed.
pub async fn world(db: &Db) -> World {
    World::seed(db, &mut StdRng::seed_from_u64(2017)).await
}

/// An officer of `unit`; no account (`user_id` is a foreign key of the round and the finding).
pub fn officer(unit: &Unit) -> Actor {
    Actor {
        user_id: None,
        name: "抽查员".into(),
        roles: vec![Role::Officer],
        affiliation: Affiliation::Government {
            unit_id: unit.id,
            kind: unit.kind,
            region_code: unit.region.clone(),
        },
        source: "127.0.0.1".into(),
    }
}

pub fn unit<'w>(w: &'w World, kind: UnitKind, region: Option<&str>) -> &'w Unit {
    w.units
        .iter()
        .find(|u| u.kind == kind && u.region.as_deref() == region)
        .unwrap()
}

pub fn spec(seed: &str, size: usize) -> RoundSpec {
    RoundSpec {
        name: "2019年第1轮".into(),
        region_prefix: String::new(),
        unit_id: None,
        year: Some(2019),
        field: String::new(),
        size,
        strata: Strata::County,
        weights: RiskWeights::default(),
        seed: Seed::from_phrase(seed),
    }
}

pub async fn count(db: &Db, table: &str) -> i64 {
    let sql = match table {
        "rounds" => "SELECT COUNT(*) FROM spot_check_rounds",
        "frame" => "SELECT COUNT(*) FROM spot_check_frame",
        "items" => "SELECT COUNT(*) FROM spot_check_items",
        _ => "SELECT COUNT(*) FROM spot_check_findings",
    };
    db.fetch_i64(sql, &[]).await.unwrap()
}

/// (activity, rank, key) of a stored round, sorted.
pub async fn selection(w: &World, actor: &Actor, round: i64) -> Vec<(i64, i32, String)> {
    let view = w.app.spot_check_round(actor, round).await.unwrap();
    let mut items: Vec<_> = view
        .items
        .into_iter()
        .map(|i| (i.activity_id, i.rank, i.draw_key))
        .collect();
    items.sort();
    items
}

/// The frame file's lines as (activity, stratum, weight).
pub fn frame_lines(csv: &str) -> Vec<(i64, String, u32)> {
    csv.lines()
        .map(|line| {
            let parts: Vec<&str> = line.split(',').collect();
            (
                parts[0].parse().unwrap(),
                parts[1].to_owned(),
                parts[2].parse().unwrap(),
            )
        })
        .collect()
}
