//! Running the engine and storing its verdicts, activity by activity, in batches.

use std::collections::BTreeMap;

use fupin_store::stats;
use fupin_store::verification::{
    self as store, NewActivityVerification, NewVerdict, adjudication, runs,
};
use fupin_verify::{Reason, Sources, Verdict};

use super::Progress;
use super::load::{ActivityPlaces, LoadedEntries};
use crate::{App, AppError};

/// Activities whose verdicts one transaction stores: small enough that a stop loses little,
/// large enough that commits (an fsync each on SQLite) do not dominate.
const ACTIVITIES_PER_BATCH: usize = 200;

/// Entries stored before the planner's statistics are first refreshed; each refresh after waits
/// for four times as many, so a run of millions refreshes them a handful of times.
const FIRST_ANALYZE_AT: u64 = 10_000;

/// Verdicts for every loaded entry, in the same order. The engine runs on this thread and the
/// ones it spawns: a million entries take well under a second, so the runtime is not starved.
pub(super) fn run_engine(
    loaded: &LoadedEntries,
    sources: &Sources<'_>,
    places: &ActivityPlaces,
) -> Result<Vec<Verdict>, AppError> {
    fupin_verify::verify_against(&loaded.entries, sources, &places.facts)
        .map_err(|e| AppError::Invalid(e.to_string()))
}

/// What [`store_by_activity`] wrote.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Stored {
    /// Entries whose verdicts were stored.
    pub entries: u64,
    /// Activities.
    pub activities: u64,
}

/// Stores the verdicts of the activities in `by_activity` (entry positions per activity) with id
/// above `after`, in id order, recording the run's progress with each batch.
#[allow(clippy::too_many_arguments)] // one call site per trigger; a struct would only rename them
pub(super) async fn store_by_activity(
    app: &App,
    run_id: i64,
    loaded: &LoadedEntries,
    verdicts: &[Verdict],
    places: &ActivityPlaces,
    by_activity: &BTreeMap<i64, Vec<usize>>,
    after: i64,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Stored, AppError> {
    let total: u64 = by_activity.values().map(|v| v.len() as u64).sum();
    let mut done: u64 = by_activity
        .range(..=after)
        .map(|(_, v)| v.len() as u64)
        .sum();
    let mut stored = Stored::default();
    let pending: Vec<(&i64, &Vec<usize>)> = by_activity.range(after.saturating_add(1)..).collect();
    let mut analyze_at = done.saturating_add(FIRST_ANALYZE_AT);
    for batch in pending.chunks(ACTIVITIES_PER_BATCH) {
        let at = app.now();
        let mut rows = Vec::new();
        let mut figures = Vec::new();
        let ids: Vec<i64> = batch.iter().map(|(id, _)| **id).collect();
        for (activity_id, positions) in batch {
            let organization_id = places.facts.organization_of(**activity_id).unwrap_or(0);
            let mut figure = NewActivityVerification {
                activity_id: **activity_id,
                organization_id,
                entries: 0,
                verified: 0,
                quality_points: 0,
                aid_fen: 0,
                verified_aid_fen: 0,
            };
            for &i in positions.iter() {
                let (Some(entry), Some(verdict), Some(id)) =
                    (loaded.entries.get(i), verdicts.get(i), loaded.ids.get(i))
                else {
                    continue;
                };
                figure.entries += 1;
                figure.quality_points += i64::from(verdict.status.quality_points());
                figure.aid_fen = figure.aid_fen.saturating_add(entry.aid_fen);
                if verdict.is_verified() {
                    figure.verified += 1;
                    figure.verified_aid_fen = figure.verified_aid_fen.saturating_add(entry.aid_fen);
                }
                rows.push(new_verdict(*id, verdict));
            }
            figures.push(figure);
        }
        let count = rows.len() as u64;
        let mut tx = app.db().begin().await?;
        // A published activity's verified entries are in the rollups: withdraw it while its old
        // verdicts are still there (so exactly what was added comes off), count it again after.
        let mut counted = Vec::new();
        for id in &ids {
            if stats::apply_withdrawn(&mut tx, *id).await? {
                counted.push(*id);
            }
        }
        store::replace_verdicts(&mut tx, run_id, at, &ids, rows, figures).await?;
        for id in &ids {
            adjudication::open_for_activity(&mut tx, *id, at).await?;
        }
        for id in counted {
            stats::apply_published(&mut tx, id).await?;
        }
        done += count;
        let last = ids.last().copied().unwrap_or(after);
        runs::record_progress(&mut tx, run_id, total as i64, done as i64, last).await?;
        tx.commit().await?;
        stored.entries += count;
        stored.activities += ids.len() as u64;
        progress(Progress::Stored { done, total });
        if done >= analyze_at {
            store::analyze_verdicts(app.db()).await?;
            analyze_at = done.saturating_mul(4);
        }
    }
    // Once for the whole run, not per batch: each pass reads every open item, so per batch a run
    // grew quadratically with the items it opened. Items verified or corrected meanwhile stay in
    // the queue until here (or until a stopped run is resumed), never longer.
    let mut tx = app.db().begin().await?;
    adjudication::close_stale(&mut tx, app.now()).await?;
    tx.commit().await?;
    Ok(stored)
}

fn new_verdict(entry_id: i64, verdict: &Verdict) -> NewVerdict {
    let claims = verdict
        .reasons
        .iter()
        .find_map(|r| match r {
            Reason::ClaimedByOthers { organizations, .. } => Some(*organizations),
            _ => None,
        })
        .unwrap_or(0);
    NewVerdict {
        entry_id,
        activity_id: verdict.activity_id,
        status: verdict.status.code().to_owned(),
        reason_codes: verdict
            .reasons
            .iter()
            .map(Reason::code)
            .collect::<Vec<_>>()
            .join(","),
        reasons_zh: verdict.messages_zh().join("；"),
        name_score: verdict.name.map(|m| i32::from(m.score_bp)),
        claims: i32::try_from(claims).unwrap_or(i32::MAX),
    }
}
