//! `fupin import list`: an assistance list (低保, 特困, 贫困残疾人) for the system actor.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use fupin_app::Actor;
use fupin_app::import_report::ImportError;
use fupin_domain::AssistanceList;

use crate::DatabaseArgs;
use crate::config::Config;

/// Imports `file` as the new state of `list`, printing the counts, or the report of every
/// problem (exit status 1).
pub async fn run(
    list: AssistanceList,
    file: PathBuf,
    effective: Option<time::Date>,
    database: DatabaseArgs,
) -> Result<ExitCode> {
    let config = Config::load(&database.overrides(), "fupin.db")?;
    let app = super::super::open_app(&config).await?;
    let reader =
        std::fs::File::open(&file).with_context(|| format!("无法打开 {}", file.display()))?;
    let name = file.display().to_string();
    let result = app
        .import_list(
            &Actor::system(),
            list,
            &name,
            effective,
            std::io::BufReader::new(reader),
        )
        .await;
    app.db().close().await;
    match result {
        Ok(done) => {
            let c = done.counts;
            println!(
                "已按 {} 生效导入{}（导入批次 {}）：新增 {} 人、变化 {} 人、退出（名单中已无）{} 人、未变化 {} 人",
                done.effective,
                list.label_zh(),
                done.import_id,
                c.added,
                c.changed,
                c.removed,
                c.unchanged
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::Rejected(report)) => {
            eprint!("{report}");
            Ok(ExitCode::FAILURE)
        }
        Err(ImportError::App(err)) => Err(err.into()),
    }
}

/// Parses `--list`: 低保, 特困, 贫困残疾人 (or the codes rural_dibao, tekun, poor_disabled).
pub fn parse_list(text: &str) -> Result<AssistanceList, String> {
    AssistanceList::parse_label(text).ok_or_else(|| {
        format!("“{text}”不是救助名单：应为 低保、特困 或 贫困残疾人（rural_dibao、tekun、poor_disabled）")
    })
}
