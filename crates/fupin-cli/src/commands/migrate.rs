//! `fupin migrate`.

use std::process::ExitCode;

use anyhow::Result;

use crate::config::{Config, Overrides};

/// Applies pending migrations and loads reference regions, then reports the schema version.
pub async fn run(overrides: &Overrides) -> Result<ExitCode> {
    let config = Config::load(overrides, "fupin.db")?;
    let db = super::open_database(&config).await?;
    let applied = fupin_store::migrate::applied_versions(&db).await?;
    let regions = fupin_store::regions::count_at_level(&db, 3).await?;
    println!(
        "数据库已是最新：迁移 {:?}；县级区划 {} 个 (database up to date)",
        applied, regions
    );
    db.close().await;
    Ok(ExitCode::SUCCESS)
}
