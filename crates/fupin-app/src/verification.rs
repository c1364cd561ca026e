//! Verification (信息核对) as a use case: roster entries against the 建档立卡 registry with the
//! `fupin-verify` engine, on a roster's submission and in bulk (`fupin verify`).
//!
//! A run reads the registry index (cached per process until the registry changes), the entries
//! and the activities' locations, verifies everything in memory, then stores the verdicts activity
//! by activity in batches, each batch one transaction that also records the run's progress. A bulk
//! run that stops resumes after the last stored activity: verifying again is cheap (seconds for a
//! million entries); the writes are what take time. Doubtful entries open adjudication items
//! (`adjudication`), and a bulk run over everything stores the anomalies (`anomalies`). The
//! public reads each organization's quality score (`quality`).

pub mod adjudication;
pub mod anomalies;
mod lists;
mod load;
pub mod quality;
mod write;

use std::collections::BTreeMap;

use fupin_store::Scope;
use fupin_store::verification::{self as store, runs};
pub use fupin_verify::Status;

use crate::{Actor, App, AppError, AuditEvent};

pub(crate) use lists::ListIndexCache;
pub(crate) use load::IndexCache;

/// What a bulk run covers.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// Region prefix whose activities' verdicts are stored ('' for all within the actor's reach).
    pub region: String,
    /// Service year (all years when `None`).
    pub year: Option<i32>,
    /// Continue the last unfinished run of the same scope instead of starting again.
    pub resume: bool,
}

/// Where a run is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Registry persons read into the index so far.
    Registry(u64),
    /// Roster entries read so far.
    Entries(u64),
    /// Entries verified in memory.
    Verified(u64),
    /// Entries whose verdicts are stored, of the total.
    Stored {
        /// Stored so far (including those of a resumed run).
        done: u64,
        /// Entries in scope.
        total: u64,
    },
}

/// What a bulk run did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOutcome {
    /// The run's id.
    pub run_id: i64,
    /// Whether it continued an unfinished run.
    pub resumed: bool,
    /// Registry persons in the index.
    pub registry_persons: u64,
    /// Entries whose verdicts the run stored (in scope).
    pub entries: u64,
    /// Activities whose verdicts the run stored.
    pub activities: u64,
    /// Entries per status in scope, every status listed.
    pub statuses: Vec<(Status, u64)>,
    /// Anomalies stored (0 when the run did not cover everything).
    pub anomalies: u64,
}

impl App {
    /// Verifies the reported rosters of the scope in bulk. Allowed to the command line's system
    /// actor and to 民政/扶贫 staff within their region.
    pub async fn verify_bulk(
        &self,
        actor: &Actor,
        options: &VerifyOptions,
        progress: &mut (dyn FnMut(Progress) + Send),
    ) -> Result<VerifyOutcome, AppError> {
        let event = AuditEvent::new("verification.run", "region", &options.region);
        let region = match self.verification_region(actor, &options.region) {
            Ok(region) => region,
            Err(err) => return Err(self.deny(actor, event, err).await),
        };
        let index = self
            .registry_index(&mut |n| progress(Progress::Registry(n)))
            .await?;
        let loaded = load::reported_entries(&self.db, options.year, &mut |n| {
            progress(Progress::Entries(n))
        })
        .await?;
        let facts = load::activity_facts(&self.db).await?;
        let lists = self.list_indexes().await?;
        let verdicts = write::run_engine(&loaded, &lists.sources(&index), &facts)?;
        progress(Progress::Verified(verdicts.len() as u64));

        let resumable = if options.resume {
            runs::unfinished_bulk(&self.db, &region, options.year).await?
        } else {
            None
        };
        let resumed = resumable.is_some();
        let (run_id, after) = match resumable {
            Some(run) => (run.id, run.last_activity_id),
            None => {
                let mut tx = self.db.begin().await?;
                let id = runs::start(
                    &mut tx,
                    runs::Trigger::Bulk,
                    &region,
                    options.year,
                    &actor.name,
                    self.now(),
                )
                .await?;
                tx.commit().await?;
                (id, 0)
            }
        };
        let mut by_activity: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
        for (i, entry) in loaded.entries.iter().enumerate() {
            if facts.lies_in(entry.activity_id, &region) {
                by_activity.entry(entry.activity_id).or_default().push(i);
            }
        }
        let stored = write::store_by_activity(
            self,
            run_id,
            &loaded,
            &verdicts,
            &facts,
            &by_activity,
            after,
            progress,
        )
        .await?;
        let anomalies = if region.is_empty() && options.year.is_none() {
            self.store_anomalies(run_id, &loaded).await?
        } else {
            0
        };
        runs::finish(&self.db, run_id, self.now()).await?;
        let counts: BTreeMap<String, i64> = store::status_counts(&self.db, &region, options.year)
            .await?
            .into_iter()
            .collect();
        let statuses = Status::ALL
            .iter()
            .map(|s| {
                let n = counts.get(s.code()).copied().unwrap_or(0);
                (*s, u64::try_from(n).unwrap_or(0))
            })
            .collect();
        self.audit(
            actor,
            event.detail(format!(
                "run {run_id}, year {:?}, {} entries, {} activities, resumed {resumed}",
                options.year, stored.entries, stored.activities
            )),
        )
        .await?;
        Ok(VerifyOutcome {
            run_id,
            resumed,
            registry_persons: index.len() as u64,
            entries: stored.entries,
            activities: stored.activities,
            statuses,
            anomalies,
        })
    }

    /// Verifies one activity's roster on its submission, against the registry and the other
    /// reported entries naming the same persons. The others' verdicts are refreshed by the next
    /// bulk run.
    pub async fn verify_submitted(&self, activity_id: i64) -> Result<(), AppError> {
        let index = self.registry_index(&mut |_| {}).await?;
        let mut loaded = load::LoadedEntries::default();
        for row in store::inputs::entries_of_activity(&self.db, activity_id).await? {
            loaded.push(row)?;
        }
        if loaded.entries.is_empty() {
            return Ok(());
        }
        let own = loaded.entries.len();
        for row in store::inputs::entries_sharing_persons(&self.db, activity_id).await? {
            loaded.push(row)?;
        }
        let facts = load::facts_for(&self.db, &loaded).await?;
        let lists = self.list_indexes().await?;
        let verdicts = write::run_engine(&loaded, &lists.sources(&index), &facts)?;
        let mut tx = self.db.begin().await?;
        let run_id = runs::start(
            &mut tx,
            runs::Trigger::Submission,
            "",
            None,
            "submission",
            self.now(),
        )
        .await?;
        tx.commit().await?;
        let by_activity = BTreeMap::from([(activity_id, (0..own).collect())]);
        write::store_by_activity(
            self,
            run_id,
            &loaded,
            &verdicts,
            &facts,
            &by_activity,
            0,
            &mut |_| {},
        )
        .await?;
        runs::finish(&self.db, run_id, self.now()).await?;
        Ok(())
    }

    /// Builds (or confirms) the cached registry index, so the first submission does not wait for
    /// it; returns the persons indexed.
    pub async fn warm_verification(&self) -> Result<usize, AppError> {
        self.list_indexes().await?;
        Ok(self.registry_index(&mut |_| {}).await?.len())
    }

    /// The region prefix a run may cover: the system actor anything, 民政/扶贫 staff their region.
    fn verification_region(&self, actor: &Actor, asked: &str) -> Result<String, AppError> {
        if !asked.chars().all(|c| c.is_ascii_digit()) || asked.len() > 12 {
            return Err(AppError::Invalid(format!(
                "地区代码“{asked}”无效：应为行政区划代码（数字）"
            )));
        }
        // The command line's operator (`Actor::system`, no account) runs any scope.
        if matches!(actor.affiliation, crate::Affiliation::Platform) && actor.user_id.is_none() {
            return Ok(asked.to_owned());
        }
        match actor.registry_scope() {
            Scope::All => Ok(asked.to_owned()),
            Scope::Region(own) if asked.starts_with(&own) => Ok(asked.to_owned()),
            Scope::Region(own) if asked.is_empty() => Ok(own),
            _ => Err(AppError::Forbidden),
        }
    }
}
