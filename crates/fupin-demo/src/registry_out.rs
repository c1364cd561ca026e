//! Writers of the registry: into the database ([`write()`]) and into a CSV file for benchmarks (e.g.
//! against `sqlite3 .import`, [`write_registry_csv`]).
//!
//! Both use the same generator: the same seed and sizes give exactly the persons
//! [`generate`](crate::generate) writes. Format: UTF-8, comma-separated, one header row
//! ([`REGISTRY_CSV_COLUMNS`]), one row per person, fields quoted only when needed (never, in
//! practice):
//!
//! | column | example | meaning |
//! |---|---|---|
//! | `household_no` | `52262800000017` | county code + 8-digit household number |
//! | `name` | `王秀英` | synthetic name |
//! | `id_number` | `522628…` (18 characters) | synthetic, checksum-valid ID number made at run time, in clear |
//! | `village_code` | `522628101203` | 12-digit village code |
//! | `relation` | `户主` | relation to the household head |
//! | `status` | `lifted_with_policy` | `RegistryStatus` code |
//! | `exit_year` | `2019` | year of exit, empty if none |
//!
//! The ID numbers are synthetic (no real person has them by intent, though a real number may
//! coincide): treat the file as test data, not as personal data, and never mix it with real data.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use fupin_app::PiiKeys;
use fupin_store::registry::{HOUSEHOLDS, NewHousehold, NewPerson, PERSONS};
use fupin_store::{ConnectOptions, Db};

use crate::geo::Geography;
use crate::loader::Loader;
use crate::progress::Progress;
use crate::registry::RegistryPlan;
use crate::{DemoError, DemoOptions};

/// Header of the registry CSV.
pub const REGISTRY_CSV_COLUMNS: [&str; 7] = [
    "household_no",
    "name",
    "id_number",
    "village_code",
    "relation",
    "status",
    "exit_year",
];

/// Writes the registry of `scale` and `seed` to `path` and returns the number of persons. Builds
/// the region tree in a temporary SQLite database first (a few seconds).
pub async fn write_registry_csv(path: &Path, scale: u32, seed: u64) -> Result<u64, DemoError> {
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("regions.db").display());
    let db = Db::connect(&url, &ConnectOptions::default()).await?;
    fupin_store::migrate::run(&db).await?;
    let result = write_registry_csv_with(&db, path, &DemoOptions::new(scale, seed)).await;
    db.close().await;
    result
}

/// Writes the registry of `options` (sizes, seed; progress bar if asked) to `path`, reading the
/// region tree from `db` (a migrated database; village-level regions are loaded if missing).
pub async fn write_registry_csv_with(
    db: &Db,
    path: &Path,
    options: &DemoOptions,
) -> Result<u64, DemoError> {
    fupin_store::reference::load_villages(db).await?;
    let geo = Geography::load(db).await?;
    let plan = RegistryPlan::new(&geo, options.sizes(), options.seed)?;
    let bar = Progress::new(options.progress).bar(plan.total_households, "建档立卡 CSV");
    let mut out = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, File::create(path)?));
    out.write_record(REGISTRY_CSV_COLUMNS)?;
    let mut persons = 0;
    for (c, county) in plan.counties.iter().enumerate() {
        for j in 0..county.households {
            let household = plan.household(c, j)?;
            let village = format!("{:012}", household.village);
            for member in &household.members {
                let exit = member.exit_year.map(|y| y.to_string()).unwrap_or_default();
                out.write_record([
                    household.number.as_str(),
                    member.name.as_str(),
                    member.id.as_str(),
                    village.as_str(),
                    member.relation,
                    member.status.code(),
                    exit.as_str(),
                ])?;
                persons += 1;
            }
            bar.inc(1);
        }
    }
    out.flush()?;
    bar.finish_and_clear();
    Ok(persons)
}

/// Rows written by [`write()`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Written {
    pub households: u64,
    pub persons: u64,
}

/// Writes the whole registry, county by county, protecting every ID number.
pub(crate) async fn write(
    db: &Db,
    keys: &PiiKeys,
    plan: &RegistryPlan,
    progress: &Progress,
) -> Result<Written, DemoError> {
    let bar = progress.bar(plan.total_households, "建档立卡户");
    let mut loader = Loader::new(db, &[HOUSEHOLDS, PERSONS]);
    for (c, county) in plan.counties.iter().enumerate() {
        for j in 0..county.households {
            let household = plan.household(c, j)?;
            let id = (county.first + j + 1) as i64;
            let village_code = format!("{:012}", household.village);
            let row = NewHousehold {
                id,
                household_no: household.number,
                village_code: village_code.clone(),
                attribute: household.attribute,
                poverty_cause: household.cause,
                status: household.status,
                exit_year: household.exit_year,
            };
            loader.push(0, row.values()).await?;
            for member in household.members {
                let protected = keys.protect(&member.id);
                let person = NewPerson {
                    household_id: id,
                    name: member.name,
                    id_hash: protected.hash.unwrap_or_default(),
                    id_cipher: protected.cipher,
                    id_masked: protected.masked,
                    relation: member.relation.to_owned(),
                    status: member.status,
                    exit_year: member.exit_year,
                    village_code: village_code.clone(),
                };
                loader.push(1, person.values()).await?;
            }
            bar.inc(1);
        }
    }
    let written = loader.finish().await?;
    bar.finish_and_clear();
    Ok(Written {
        households: written[0],
        persons: written[1],
    })
}
