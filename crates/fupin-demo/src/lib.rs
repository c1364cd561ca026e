//! Deterministic demo and benchmark data for Fupin (`fupin demo`).
//!
//! [`generate`] fills an empty, migrated database with a realistic data set built from one seed:
//!
//! * government units: 民政部 and 国务院扶贫办, per province the 民政厅 and 扶贫开发办公室, per prefecture
//!   and per poor county the 民政局 and 扶贫开发办公室, supervisory units (业务主管单位) and industry
//!   departments (行业管理部门) at national and provincial level;
//! * social organizations of every type and level with valid 统一社会信用代码, each registered by the
//!   authority of its level and linked to its supervisory unit or industry department;
//! * activities 2016–2020 in the 832 poor counties, in every field and by every method, with locations,
//!   transactions, beneficiary counts and effect indicators;
//! * a synthetic 建档立卡 registry (valid ID numbers whose region and birth date fit, households of 1–6);
//! * beneficiary rosters with planted faults at documented rates ([`faults::FAULT_RATES`]), and a
//!   few planted anomalies ([`anomalies`]: persons aided by many organizations in a year, evidence
//!   files shared across organizations), listed in a manifest file without clear ID numbers;
//! * one demo account per role ([`DemoAccount`]).
//!
//! Everything is generated and written in batches: at `--scale 100` the registry holds 10 million
//! persons and memory stays bounded (a bitset of used registry slots, per-county pools of a few
//! dozen entries, and one batch of rows per table). The same seed and sizes give the same data;
//! only the ciphertexts of ID numbers (random nonces) and password hashes (random salts) differ.
//!
//! [`generate_audited`] does the same through the platform's [`App`] and records it in the audit
//! log (one `account.create` per demo account and a closing `demo.generate`), as `fupin demo` does,
//! so that the demo's audit chain verifies.
//!
//! [`write_registry_csv`] streams the same registry to a CSV file for benchmarks.
//!
//! # Sizes and cost (release build, 2 cores, SQLite)
//!
//! | scale | organizations | activities | registry persons | roster entries | time | peak RSS |
//! |---|---|---|---|---|---|---|
//! | 1 | 2,000 | 20,000 | ≈100,000 | ≈47,000 | ≈8 s (5 s of it loading villages) | ≈0.3 GB |
//! | 10 | 20,000 | 200,000 | ≈1,000,000 | ≈500,000 | ≈1 min | 0.13 GB (1 connection) |
//! | 100 | 50,000 | 2,000,000 | ≈10,000,000 | ≈5,000,000 | 10–15 min | 0.14 GB (1 connection) |
//!
//! Generation uses one connection at a time, but every connection of a pool caches its own copies
//! of the large multi-row `INSERT` statements: with the default pool of 8, peak RSS at scale 100
//! reaches ≈0.7 GB; connect with `max_connections: 1` for large scales (the generator's own memory
//! is a few tens of MB whatever the scale: a bit per registry slot, small per-county pools).
//!
//! Registry IDs are unique by construction up to about scale 350 (700 birth-date residue classes
//! per county, see the `registry` module); beyond that [`generate`] refuses with
//! [`DemoError::Options`].

mod accounts;
mod activities;
pub mod anomalies;
mod claims;
mod family;
pub mod faults;
mod finance;
mod geo;
mod lists;
mod loader;
mod names;
mod org_names;
mod organizations;
mod places;
mod progress;
mod registry;
mod registry_out;
mod rng;
mod rosters;
mod units;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use fupin_app::{Actor, App, AppError, AuditEvent, PiiKeys};
use fupin_domain::Role;
use fupin_store::{Db, StoreError};
use thiserror::Error;

pub use accounts::password as demo_password;
pub use anomalies::{AnomalyKind, PlantedAnomalies};
pub use faults::{FaultCounts, FaultKind};
pub use registry::FIRST_UNREGISTERED_SEQUENCE;
pub use registry_out::{REGISTRY_CSV_COLUMNS, write_registry_csv, write_registry_csv_with};

/// How much data to generate. [`Sizes::for_scale`] gives the public `--scale` sizes; tests shrink them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sizes {
    /// Social organizations.
    pub organizations: u64,
    /// Activities (all statuses).
    pub activities: u64,
    /// Registry persons (approximate: households are drawn with 1–6 members).
    pub registry_persons: u64,
    /// Roster entries (approximate: whole rosters of 10–200 entries).
    pub roster_entries: u64,
    /// Poor counties that get a registry (rosters are drawn from them); at most 831.
    pub registry_counties: u32,
}

impl Sizes {
    /// The sizes of `--scale N`: registry persons N×100,000, activities N×20,000, organizations
    /// 2,000×N capped at 50,000, roster entries N×50,000, registry counties 50×N capped at 831.
    pub fn for_scale(scale: u32) -> Sizes {
        let n = u64::from(scale.max(1));
        Sizes {
            organizations: (2_000 * n).min(50_000),
            activities: 20_000 * n,
            registry_persons: 100_000 * n,
            roster_entries: 50_000 * n,
            registry_counties: scale.max(1).saturating_mul(50).min(831),
        }
    }
}

/// Options of [`generate`].
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Size factor, at least 1 (see [`Sizes::for_scale`]).
    pub scale: u32,
    /// Seed of every random choice.
    pub seed: u64,
    /// Show progress bars on the terminal.
    pub progress: bool,
    /// Explicit sizes instead of those of `scale` (tests and benchmarks use smaller or odd sizes).
    pub sizes: Option<Sizes>,
    /// Where to write the manifest of planted roster faults (CSV, see [`faults::MANIFEST_COLUMNS`]).
    pub manifest_path: Option<PathBuf>,
}

impl DemoOptions {
    /// Options for `scale` and `seed`, without progress bars or manifest.
    pub fn new(scale: u32, seed: u64) -> DemoOptions {
        DemoOptions {
            scale,
            seed,
            progress: false,
            sizes: None,
            manifest_path: None,
        }
    }

    /// The sizes in effect.
    pub fn sizes(&self) -> Sizes {
        self.sizes.unwrap_or_else(|| Sizes::for_scale(self.scale))
    }

    fn validate(&self) -> Result<Sizes, DemoError> {
        if self.scale == 0 {
            return Err(DemoError::Options("规模（--scale）至少为 1".to_owned()));
        }
        let sizes = self.sizes();
        if sizes.organizations == 0 || sizes.activities == 0 || sizes.registry_counties == 0 {
            return Err(DemoError::Options(
                "社会组织、活动和建档立卡县的数量都必须大于 0".to_owned(),
            ));
        }
        if sizes.organizations > 99_999_999 {
            return Err(DemoError::Options(
                "社会组织数量过大：信用代码主体只有 8 位".to_owned(),
            ));
        }
        Ok(sizes)
    }
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions::new(1, DEFAULT_SEED)
    }
}

/// The seed `fupin demo` uses unless told otherwise (the notice's publication date).
pub const DEFAULT_SEED: u64 = 20_171_204;

/// A demo account, with its clear password (demo data only: print it once, then change it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoAccount {
    /// Sign-in name.
    pub username: String,
    /// Clear password (≥ 8 characters: upper and lower case letters, digits and a symbol).
    pub password: String,
    /// The role granted.
    pub role: Role,
    /// The organization or government unit the account works for (`平台` for platform accounts).
    pub unit: String,
}

/// What [`generate`] wrote.
#[derive(Debug, Clone, Default)]
pub struct DemoSummary {
    /// Village-level regions loaded (0 when they were there already).
    pub villages_loaded: u64,
    /// Government units.
    pub gov_units: u64,
    /// Social organizations.
    pub organizations: u64,
    /// Supervision links (supervisory unit or industry department).
    pub supervision_links: u64,
    /// Activities (all statuses).
    pub activities: u64,
    /// Published activities.
    pub published_activities: u64,
    /// Activity locations.
    pub locations: u64,
    /// Transactions.
    pub transactions: u64,
    /// Beneficiary-count rows.
    pub beneficiary_rows: u64,
    /// Effect indicators.
    pub indicators: u64,
    /// Published activities whose expenditure was planted above their commitment.
    pub overspent_activities: u64,
    /// Money committed over all activities, in fen.
    pub committed_fen: i64,
    /// Registry households.
    pub households: u64,
    /// Registry persons.
    pub persons: u64,
    /// Activities with a roster.
    pub rosters: u64,
    /// Roster entries and planted faults.
    pub faults: FaultCounts,
    /// Anomalies planted besides the roster faults.
    pub anomalies: PlantedAnomalies,
    /// The demo accounts.
    pub accounts: Vec<DemoAccount>,
    /// Wall-clock time per phase (regions, units, organizations, activities, registry, rosters,
    /// accounts, and on PostgreSQL analyze), in order.
    pub phases: Vec<(&'static str, Duration)>,
    /// Wall-clock time.
    pub elapsed: Duration,
}

/// Why generation failed.
#[derive(Debug, Error)]
pub enum DemoError {
    /// The database already holds organizations.
    #[error("数据库中已有 {0} 个社会组织：演示数据只能写入刚迁移的空数据库 (database not empty)")]
    NotEmpty(i64),
    /// The options are unusable.
    #[error("演示数据参数无效：{0}")]
    Options(String),
    /// Reference data needed by the generator is missing.
    #[error("缺少参考数据：{0}（请先运行 fupin migrate）")]
    MissingReference(String),
    /// A generated value failed domain validation (a generator defect).
    #[error("生成的数据无效：{0}")]
    Invalid(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A use case (password hashing) failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// Writing a file failed.
    #[error("写文件失败：{0}")]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error("写 CSV 失败：{0}")]
    Csv(#[from] csv::Error),
}

/// Fills an empty, migrated database with the demo data set; refuses a database that already holds
/// organizations. Loads the village-level regions first if they are missing.
///
/// Writes in transactions of about 100,000 rows, phase by phase (units, organizations,
/// activities, registry, rosters, accounts): a failure leaves the phases already committed. Use a
/// fresh database (or delete it) to start again.
///
/// Writes nothing to the audit log; [`generate_audited`] does.
pub async fn generate(
    db: &Db,
    keys: &PiiKeys,
    options: &DemoOptions,
) -> Result<DemoSummary, DemoError> {
    run(db, keys, None, options).await
}

/// [`generate`] over `app`'s database and keys, recording each demo account (`account.create`)
/// and the generation itself (`demo.generate`) in the audit log as the platform
/// ([`Actor::system`]).
pub async fn generate_audited(app: &App, options: &DemoOptions) -> Result<DemoSummary, DemoError> {
    let summary = run(app.db(), app.pii(), Some(app), options).await?;
    let event = AuditEvent::new("demo.generate", "database", "demo").detail(format!(
        "scale {} seed {}: {} organizations, {} activities, {} registry persons, {} accounts",
        options.scale,
        options.seed,
        summary.organizations,
        summary.activities,
        summary.persons,
        summary.accounts.len()
    ));
    app.audit(&Actor::system(), event).await?;
    Ok(summary)
}

async fn run(
    db: &Db,
    keys: &PiiKeys,
    audit: Option<&App>,
    options: &DemoOptions,
) -> Result<DemoSummary, DemoError> {
    let started = Instant::now();
    let sizes = options.validate()?;
    let existing = fupin_store::organizations::count(db).await?;
    if existing > 0 {
        return Err(DemoError::NotEmpty(existing));
    }
    let progress = progress::Progress::new(options.progress);
    let mut summary = DemoSummary::default();

    let mut clock = Instant::now();
    let mut lap = |summary: &mut DemoSummary, phase: &'static str| {
        let now = Instant::now();
        summary.phases.push((phase, now - clock));
        tracing::info!(
            phase,
            elapsed_ms = (now - clock).as_millis() as u64,
            "demo: phase done"
        );
        clock = now;
    };

    let spinner = progress.spinner("载入行政区划（含村级）");
    summary.villages_loaded = fupin_store::reference::load_villages(db).await?;
    let geo = geo::Geography::load(db).await?;
    spinner.finish_and_clear();
    lap(&mut summary, "regions");

    let units = units::create(db, &geo).await?;
    summary.gov_units = units.count;
    lap(&mut summary, "units");
    let orgs = organizations::generate(db, &geo, &units, sizes, options.seed, &progress).await?;
    summary.organizations = orgs.orgs.len() as u64;
    summary.supervision_links = orgs.links;
    lap(&mut summary, "organizations");

    let plan = registry::RegistryPlan::new(&geo, sizes, options.seed)?;
    let outcome =
        activities::generate(db, &geo, &orgs, &plan, sizes, options.seed, &progress).await?;
    let counts = &outcome.counts;
    summary.activities = counts.activities;
    summary.published_activities = counts.published;
    summary.locations = counts.locations;
    summary.transactions = counts.transactions;
    summary.beneficiary_rows = counts.beneficiary_rows;
    summary.indicators = counts.indicators;
    summary.overspent_activities = counts.overspent;
    summary.committed_fen = counts.committed_fen;
    summary.rosters = outcome.rosters.len() as u64;
    lap(&mut summary, "activities");

    let written = registry_out::write(db, keys, &plan, &progress).await?;
    summary.households = written.households;
    summary.persons = written.persons;
    lap(&mut summary, "registry");

    let manifest = options.manifest_path.as_deref();
    let (faults, persons) = rosters::generate(
        db,
        keys,
        &plan,
        &outcome.rosters,
        &outcome.hubs,
        options.seed,
        manifest,
        &progress,
    )
    .await?;
    summary.faults = faults;
    let (files, activities) =
        anomalies::plant_shared_evidence(db, &outcome.rosters, options.seed, manifest).await?;
    summary.anomalies = PlantedAnomalies {
        shared_evidence_files: files,
        shared_evidence_activities: activities,
        many_organizations_persons: persons,
    };
    lap(&mut summary, "rosters");

    summary.accounts =
        accounts::create(db, audit, &geo, &units, &orgs, &plan, &outcome.rosters).await?;
    lap(&mut summary, "accounts");
    if db.backend() == fupin_store::Backend::Postgres {
        // The tables have never been analyzed, so what runs next (the rollups' rebuild, the
        // verification) would be planned without statistics unless autovacuum got there first
        // (never, where it is off): at scale 2 those took 38 s instead of 13 s. SQLite is left
        // as it was.
        db.execute("ANALYZE", &[]).await?;
        lap(&mut summary, "analyze");
    }
    summary.elapsed = started.elapsed();
    tracing::info!(
        elapsed_ms = summary.elapsed.as_millis() as u64,
        "demo: done"
    );
    Ok(summary)
}
