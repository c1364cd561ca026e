//! One module per subcommand.

pub mod admin;
pub mod audit;
pub mod demo;
pub mod export;
pub mod import;
pub mod migrate;
pub mod serve;
pub mod spot_check;
pub mod verify;

use anyhow::{Context, Result};
use fupin_app::App;
use fupin_store::{ConnectOptions, Db};

use crate::config::{Config, redact_url};

/// Connects to the configured database and applies pending migrations.
pub async fn open_database(config: &Config) -> Result<Db> {
    let options = ConnectOptions {
        max_connections: config.max_connections,
        ..ConnectOptions::default()
    };
    let db = Db::connect(&config.database_url, &options)
        .await
        .with_context(|| format!("无法连接数据库 {}", redact_url(&config.database_url)))?;
    let loaded = fupin_store::migrate::run(&db).await?;
    if loaded.regions > 0 {
        tracing::info!(
            regions = loaded.regions,
            poor_counties = loaded.poor_counties,
            "loaded reference regions"
        );
    }
    Ok(db)
}

/// Opens the database and the keys, checks that they belong together, and applies the configured
/// security policy.
pub async fn open_app(config: &Config) -> Result<App> {
    let policy = config.security_policy()?;
    let db = open_database(config).await?;
    let app = App::new(db, crate::keys::load(config)?).with_policy(policy);
    app.bind_keys().await?;
    Ok(app)
}
