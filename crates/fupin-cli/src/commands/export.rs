//! `fupin export <kind>`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;

use crate::DatabaseArgs;
use crate::config::Config;

/// What to export.
#[derive(Debug, Subcommand)]
pub enum ExportKind {
    /// Administrative divisions as CSV (UTF-8 with BOM, so Excel opens it correctly).
    Regions {
        /// Level: 1 province, 2 prefecture, 3 county, 4 township, 5 village.
        #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=5))]
        level: i32,
        /// Only the 832 national poor counties (level 3).
        #[arg(long)]
        poor_only: bool,
        /// Output file (default: standard output).
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// Runs an export.
pub async fn run(kind: ExportKind) -> Result<ExitCode> {
    match kind {
        ExportKind::Regions {
            level,
            poor_only,
            output,
            database,
        } => {
            let config = Config::load(&database.overrides(), "fupin.db")?;
            let db = super::open_database(&config).await?;
            let rows = fupin_store::regions::at_level(&db, level, poor_only).await?;
            db.close().await;
            let sink: Box<dyn Write> = match &output {
                Some(path) => Box::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("无法写入 {}", path.display()))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut sink = std::io::BufWriter::new(sink);
            sink.write_all("\u{feff}".as_bytes())?;
            let mut out = csv::Writer::from_writer(sink);
            out.write_record(["代码", "名称", "上级代码", "贫困县", "摘帽年份"])?;
            for row in &rows {
                out.write_record([
                    row.code.as_str(),
                    row.name.as_str(),
                    row.parent_code.as_deref().unwrap_or(""),
                    if row.poor_county { "是" } else { "" },
                    &row.poor_exit_year
                        .map(|y| y.to_string())
                        .unwrap_or_default(),
                ])?;
            }
            out.flush()?;
            if let Some(path) = output {
                eprintln!("已导出 {} 行到 {}", rows.len(), path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
