//! `fupin verify [--region CODE] [--year Y] [--resume] [--json]`: verifies the reported rosters
//! against the 建档立卡 registry in bulk (see [`fupin_app::verification`]), with a progress bar on
//! a terminal, and ends by printing the entries in each status.
//!
//! The operator acts as the system (`Actor::system`, recorded in the audit log from `cli`). A run
//! that stops (Ctrl-C, a crash) leaves its stored batches; `--resume` continues after them.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use fupin_app::Actor;
use fupin_app::verification::{Progress, VerifyOptions, VerifyOutcome};
use indicatif::{ProgressBar, ProgressStyle};

use crate::DatabaseArgs;
use crate::config::Config;

/// Options of `fupin verify`.
#[derive(Debug, Args, Clone)]
pub struct VerifyArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Only activities with a location under this region code (e.g. 530102); all by default.
    #[arg(long, default_value = "")]
    region: String,
    /// Only entries whose service date falls in this year.
    #[arg(long)]
    year: Option<i32>,
    /// Continue the last unfinished run of the same region and year.
    #[arg(long)]
    resume: bool,
    /// Print the outcome as JSON (for machines) instead of a table.
    #[arg(long)]
    json: bool,
}

/// Runs the verification and prints the counts per status.
pub async fn run(args: VerifyArgs) -> Result<ExitCode> {
    let config = Config::load(&args.database.overrides(), "fupin.db")?;
    let app = crate::commands::open_app(&config).await?;
    let options = VerifyOptions {
        region: args.region.clone(),
        year: args.year,
        resume: args.resume,
    };
    let bar = progress_bar(!args.json && std::io::stderr().is_terminal());
    let outcome = app
        .verify_bulk(&Actor::system(), &options, &mut |p| show(&bar, p))
        .await;
    bar.finish_and_clear();
    app.db().close().await;
    let outcome = outcome?;
    if args.json {
        println!("{}", json(&outcome));
    } else {
        print!("{}", table(&outcome));
    }
    Ok(ExitCode::SUCCESS)
}

fn progress_bar(visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{elapsed_precise}]") {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

fn show(bar: &ProgressBar, progress: Progress) {
    let message = match progress {
        Progress::Registry(n) => format!("读取建档立卡登记 {n} 人"),
        Progress::Entries(n) => format!("读取名单 {n} 条"),
        Progress::Verified(n) => format!("已核对 {n} 条，正在保存"),
        Progress::Stored { done, total } => {
            bar.set_length(total);
            bar.set_position(done);
            format!("保存核对结果 {done}/{total}")
        }
    };
    bar.set_message(message);
}

fn table(outcome: &VerifyOutcome) -> String {
    let mut out = format!(
        "核对批次 {}{}：登记 {} 人，本次保存 {} 个项目的 {} 条名单记录，异常线索 {} 条\n",
        outcome.run_id,
        if outcome.resumed { "（续跑）" } else { "" },
        outcome.registry_persons,
        outcome.activities,
        outcome.entries,
        outcome.anomalies
    );
    for (status, count) in &outcome.statuses {
        out.push_str(&format!(
            "{}\t{}\t{count}\n",
            status.code(),
            status.label_zh()
        ));
    }
    out
}

fn json(outcome: &VerifyOutcome) -> String {
    let statuses: serde_json::Map<String, serde_json::Value> = outcome
        .statuses
        .iter()
        .map(|(s, n)| (s.code().to_owned(), serde_json::Value::from(*n)))
        .collect();
    serde_json::json!({
        "run_id": outcome.run_id,
        "resumed": outcome.resumed,
        "registry_persons": outcome.registry_persons,
        "activities": outcome.activities,
        "entries": outcome.entries,
        "anomalies": outcome.anomalies,
        "statuses": statuses,
    })
    .to_string()
}
