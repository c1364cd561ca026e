//! Reading rounds: the list, one round with its allocation, items and findings, the frame file,
//! and the recomputation that proves a stored draw reproduces.

use std::collections::BTreeMap;

use fupin_store::regions;
use fupin_store::spot_checks::{self as store, FrameRow, RoundRow};
use fupin_verify::FrameItem;

use super::{
    LIST_LIMIT, Recomputation, RoundView, Seed, Strata, StratumAllocation, may_spot_check,
};
use crate::{Actor, App, AppError};

impl App {
    /// The rounds the actor may see, newest first (at most 200).
    pub async fn spot_check_rounds(&self, actor: &Actor) -> Result<Vec<RoundRow>, AppError> {
        if !may_spot_check(actor) {
            return Err(AppError::Forbidden);
        }
        Ok(store::list_rounds(&self.db, &actor.scope(), LIST_LIMIT).await?)
    }

    /// A round the actor may see.
    async fn visible_round(&self, actor: &Actor, id: i64) -> Result<RoundRow, AppError> {
        if !may_spot_check(actor) {
            return Err(AppError::NotFound);
        }
        store::get_round(&self.db, &actor.scope(), id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// A round with its allocation, items and findings.
    pub async fn spot_check_round(&self, actor: &Actor, id: i64) -> Result<RoundView, AppError> {
        let row = self.visible_round(actor, id).await?;
        let frame = store::frame(&self.db, id).await?;
        let mut items = store::items(&self.db, id).await?;
        // By stratum in byte order (as the draw orders them; SQL collations differ), then rank.
        items.sort_by(|a, b| (a.stratum.as_bytes(), a.rank).cmp(&(b.stratum.as_bytes(), b.rank)));
        let mut allocation: BTreeMap<&str, StratumAllocation> = BTreeMap::new();
        for f in &frame {
            allocation
                .entry(f.stratum.as_str())
                .or_insert_with(|| StratumAllocation {
                    stratum: f.stratum.clone(),
                    frame_items: 0,
                    drawn: 0,
                })
                .frame_items += 1;
        }
        for item in &items {
            if let Some(a) = allocation.get_mut(item.stratum.as_str()) {
                a.drawn += 1;
            }
        }
        let strata = Strata::from_code(&row.strata);
        let mut stratum_names = BTreeMap::new();
        if strata == Some(Strata::County) {
            for stratum in allocation.keys() {
                if let Some(region) = regions::get(&self.db, stratum).await? {
                    stratum_names.insert((*stratum).to_owned(), region.name);
                }
            }
        }
        let region_name = match row.region_prefix.as_str() {
            "" => None,
            code => regions::get(&self.db, code).await?.map(|r| r.name),
        };
        Ok(RoundView {
            strata,
            allocation: allocation.into_values().collect(),
            stratum_names,
            region_name,
            items,
            findings: store::findings_for_round(&self.db, id).await?,
            row,
        })
    }

    /// Recomputes a round from its stored frame and seed and compares with the stored draw.
    pub async fn recompute_spot_check(
        &self,
        actor: &Actor,
        id: i64,
    ) -> Result<Recomputation, AppError> {
        let row = self.visible_round(actor, id).await?;
        let frame = frame_items(store::frame(&self.db, id).await?)?;
        let seed: Seed = row
            .seed
            .parse()
            .map_err(|_| AppError::corrupt("spot_check_rounds.seed", &row.seed))?;
        let size = usize::try_from(row.size).unwrap_or(0);
        let draw = fupin_verify::draw(&frame, &seed, size)
            .map_err(|e| AppError::Invalid(format!("无法重新计算：{e}")))?;
        let mut stored: Vec<(i64, i64, String)> = store::items(&self.db, id)
            .await?
            .into_iter()
            .map(|i| (i.activity_id, i64::from(i.rank), i.draw_key))
            .collect();
        stored.sort();
        let mut recomputed: Vec<(i64, i64, String)> = draw
            .items
            .iter()
            .map(|i| {
                let rank = i64::try_from(i.rank).unwrap_or(i64::MAX);
                (i.item_id, rank, i.key.to_string())
            })
            .collect();
        recomputed.sort();
        Ok(Recomputation {
            digest_matches: draw.frame_digest == row.frame_digest,
            items_match: stored == recomputed,
            stored_digest: row.frame_digest,
            draw,
        })
    }

    /// The round's frozen frame as the canonical frame file (`item_id,stratum,weight_milli`,
    /// no header; `docs/SPOT-CHECKS.md`), whose SHA-256 is the stored frame digest.
    pub async fn spot_check_frame_csv(&self, actor: &Actor, id: i64) -> Result<String, AppError> {
        self.visible_round(actor, id).await?;
        let frame = frame_items(store::frame(&self.db, id).await?)?;
        Ok(fupin_verify::canonical_frame(&frame))
    }
}

fn frame_items(rows: Vec<FrameRow>) -> Result<Vec<FrameItem>, AppError> {
    rows.into_iter()
        .map(|r| {
            let weight_milli = u32::try_from(r.weight_milli).map_err(|_| {
                AppError::corrupt("spot_check_frame.weight_milli", &r.weight_milli.to_string())
            })?;
            Ok(FrameItem {
                item_id: r.activity_id,
                stratum: r.stratum,
                weight_milli,
            })
        })
        .collect()
}
