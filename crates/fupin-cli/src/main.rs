//! `fupin`: the one binary of the platform.
//!
//! `serve` runs the web platform, `migrate` brings a database up to date, `demo` builds a database
//! full of demo data and serves it, `import` and `export` move data in and out, `admin` creates the
//! platform administrators, `audit` verifies and trims the audit log, and `verify` checks the
//! rosters against the registry.
//! `spot-check` draws spot-check rounds (抽查) reproducibly from a published seed.

mod commands;
mod config;
mod keys;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::Overrides;

/// 社会组织参与脱贫攻坚信息服务平台 — Fupin.
#[derive(Debug, Parser)]
#[command(name = "fupin", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the platform (migrating the database first).
    Serve(ServeArgs),
    /// Apply pending migrations and load the reference regions.
    Migrate(DatabaseArgs),
    /// Build a database full of demo data in the current directory, then serve it.
    Demo(commands::demo::DemoArgs),
    /// Import data.
    #[command(subcommand)]
    Import(commands::import::ImportKind),
    /// Export data.
    #[command(subcommand)]
    Export(commands::export::ExportKind),
    /// Platform administrator accounts.
    #[command(subcommand)]
    Admin(commands::admin::AdminCommand),
    /// The audit log: verify its hash chain, purge old entries.
    #[command(subcommand)]
    Audit(commands::audit::AuditCommand),
    /// Verify the reported rosters against the 建档立卡 registry (progress, resumable, counts per
    /// status; `--json` for machines).
    Verify(commands::verify::VerifyArgs),
    /// Spot-check rounds (抽查): draw a round reproducibly from a seed, show it, print its frame.
    #[command(subcommand)]
    SpotCheck(commands::spot_check::SpotCheckCommand),
}

/// Where the database is.
#[derive(Debug, Args, Clone)]
pub struct DatabaseArgs {
    /// Database URL: sqlite://path (default ./fupin.db) or postgres://user@host/db.
    #[arg(long, env = "FUPIN_DATABASE_URL")]
    database_url: Option<String>,
    /// Configuration file (TOML); default ./fupin.toml when present.
    #[arg(long, env = "FUPIN_CONFIG")]
    config: Option<PathBuf>,
}

/// Options of `serve` (and of `demo`, which serves too).
#[derive(Debug, Args, Clone)]
pub struct ServeArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "FUPIN_LISTEN")]
    listen: Option<SocketAddr>,
}

impl DatabaseArgs {
    fn overrides(&self) -> Overrides {
        Overrides {
            config_file: self.config.clone(),
            database_url: self.database_url.clone(),
            listen: None,
        }
    }
}

impl ServeArgs {
    fn overrides(&self) -> Overrides {
        Overrides {
            listen: self.listen,
            ..self.database.overrides()
        }
    }
}

fn main() -> ExitCode {
    init_tracing();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("无法启动运行时：{err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => commands::serve::run(&args.overrides()).await,
            Command::Migrate(args) => commands::migrate::run(&args.overrides()).await,
            Command::Demo(args) => commands::demo::run(&args).await,
            Command::Import(kind) => commands::import::run(kind).await,
            Command::Export(kind) => commands::export::run(kind).await,
            Command::Admin(command) => commands::admin::run(command).await,
            Command::Audit(command) => commands::audit::run(command).await,
            Command::Verify(args) => commands::verify::run(args).await,
            Command::SpotCheck(command) => commands::spot_check::run(command).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("错误：{err:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
