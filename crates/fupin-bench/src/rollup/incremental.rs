//! The incremental half of the rollup benchmark: `stats::publish` timed in the transaction that
//! publishes a new activity or a correction, alone and with the commit.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use fupin_store::{Db, Value};

/// A duration in milliseconds, two decimals.
pub(super) fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The `p`-th percentile (nearest rank) of `samples`.
pub(super) fn percentile(samples: &[Duration], p: usize) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len()).div_ceil(100).clamp(1, sorted.len());
    sorted[rank - 1]
}

pub(super) type Timings = Vec<(&'static str, Vec<Duration>, Vec<Duration>)>;

/// Publishes `runs` versions one transaction each: even runs a new activity (a copy of a
/// published one), odd runs a correction of a published one (amounts changed). Times
/// `stats::publish` alone and with the commit.
pub(super) async fn incremental(db: &Db, activities: u64, runs: usize) -> Result<Timings> {
    let base = i64::try_from(activities)?;
    let ids: Vec<(i64,)> = db
        .fetch_all(
            "SELECT id FROM activities WHERE status = 'published' AND is_current AND id <= $1 \
             ORDER BY id",
            &[Value::from(base)],
        )
        .await?;
    if ids.len() < runs.max(1) {
        bail!("only {} published activities for {runs} runs", ids.len());
    }
    let step = ids.len() / runs.max(1);
    let mut publish = (Vec::new(), Vec::new());
    let mut correct = (Vec::new(), Vec::new());
    for run in 0..runs {
        let source = ids[run * step].0;
        let correction = run % 2 == 1;
        let mut tx = db.begin().await?;
        let id = tx
            .fetch_i64("SELECT COALESCE(MAX(id), 0) + 1 FROM activities", &[])
            .await?;
        let supersedes = correction.then_some(source);
        tx.execute(
            "INSERT INTO activities (id, organization_id, supersedes_id, version, correction_note, \
             title, description, field, method, status, is_current, year, planned_start, \
             planned_end, actual_start, actual_end, goods_value_fen, volunteer_hours, created_at, \
             published_at, submitted_at, reviewer_unit_id) \
             SELECT $2, organization_id, $3, version + $4, $5, title, description, field, method, \
             'published', TRUE, year, planned_start, planned_end, actual_start, actual_end, \
             goods_value_fen, volunteer_hours, created_at, published_at, submitted_at, \
             reviewer_unit_id FROM activities WHERE id = $1",
            &[
                Value::from(source),
                Value::from(id),
                Value::from(supersedes),
                Value::from(i32::from(correction)),
                Value::from(correction.then_some("基准测试：更正金额")),
            ],
        )
        .await?;
        tx.execute(
            "INSERT INTO activity_locations (activity_id, region_code, share_bp, province_code, \
             prefecture_code, county_code) SELECT $2, region_code, share_bp, province_code, \
             prefecture_code, county_code FROM activity_locations WHERE activity_id = $1",
            &[Value::from(source), Value::from(id)],
        )
        .await?;
        tx.execute(
            "INSERT INTO activity_transactions (activity_id, kind, occurred_on, amount_fen, \
             funding_source, platform, filing_number, contract_number, provider, receiver, \
             provider_org_id) SELECT $2, kind, occurred_on, amount_fen + $3, funding_source, \
             platform, filing_number, contract_number, provider, receiver, provider_org_id \
             FROM activity_transactions WHERE activity_id = $1",
            &[
                Value::from(source),
                Value::from(id),
                Value::from(if correction { 100_i64 } else { 0 }),
            ],
        )
        .await?;
        tx.execute(
            "INSERT INTO activity_beneficiaries (activity_id, category, households, persons) \
             SELECT $2, category, households, persons FROM activity_beneficiaries \
             WHERE activity_id = $1",
            &[Value::from(source), Value::from(id)],
        )
        .await?;
        if correction {
            tx.execute(
                "UPDATE activities SET is_current = FALSE WHERE id = $1",
                &[Value::from(source)],
            )
            .await?;
        }
        let started = Instant::now();
        fupin_store::stats::publish(&mut tx, id).await?;
        let update = started.elapsed();
        tx.commit().await?;
        let total = started.elapsed();
        let into = if correction {
            &mut correct
        } else {
            &mut publish
        };
        into.0.push(update);
        into.1.push(total);
    }
    Ok(vec![
        ("publish a new activity", publish.0, publish.1),
        ("correct a published one", correct.0, correct.1),
    ])
}
