//! `fupin import <kind>`.

use std::process::ExitCode;

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Subcommand;
use fupin_app::Actor;
use fupin_app::registry_import::RegistryImportError;

use crate::DatabaseArgs;
use crate::config::Config;

#[path = "import_activities.rs"]
mod activities;
#[path = "import_list.rs"]
mod list;
#[path = "import_roster.rs"]
mod roster;

/// What to import.
#[derive(Debug, Subcommand)]
pub enum ImportKind {
    /// Administrative divisions beyond those `migrate` loads.
    Regions {
        /// Load the 620,573 village-level units (村/居委会) shipped in the binary.
        #[arg(long)]
        villages: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// The 建档立卡 registry from a CSV (UTF-8, BOM, GBK) or Excel file: into an empty registry a
    /// load; otherwise an update
    /// whose differences (new persons, changes, exits, deaths, persons absent from the file marked
    /// removed) take effect on the effective date and are kept as history (all or nothing; exit
    /// status 1 and a report by row and column when the file is refused).
    Registry {
        /// CSV or Excel file (.xlsx, .xls; first worksheet): 户编号, 姓名, 身份证号, 村代码,
        /// 与户主关系, 户属性, 主要致贫原因, 脱贫状态, 脱贫年度.
        file: PathBuf,
        /// The date from which the file's statuses hold (YYYY-MM-DD; default: today).
        #[arg(long, value_parser = parse_date)]
        effective: Option<time::Date>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// An assistance list (低保, 特困, 贫困残疾人) that roster entries of its category are verified
    /// against, from a CSV or Excel file: the list's new state in the region as of the effective
    /// date (new members added, changes applied, members absent from the file marked as having
    /// left; all or nothing, exit status 1 and a report by row and column when refused).
    List {
        /// Which list: 低保, 特困 or 贫困残疾人.
        #[arg(long, value_parser = list::parse_list)]
        list: fupin_domain::AssistanceList,
        /// CSV or Excel file: 姓名, 身份证号, 村代码, 名单状态 (在册/已退出/已死亡), 退出年度.
        file: PathBuf,
        /// The date from which the file holds (YYYY-MM-DD; default: today).
        #[arg(long, value_parser = parse_date)]
        effective: Option<time::Date>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Many organizations' activities from one workbook, for a government unit: each row a draft
    /// of its organization, which must lie in the unit's jurisdiction (all or nothing; exit status
    /// 1 and a report by row and column when the file is refused).
    Activities {
        /// Id of the government unit the import is made for.
        #[arg(long)]
        as_unit: i64,
        /// CSV or Excel file with the columns of the template (统一社会信用代码, 项目名称, …).
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// An activity's roster of persons helped, from CSV (UTF-8, BOM, GBK) or Excel (all or
    /// nothing; exit status 1 and a report by row and column when the file is refused).
    Roster {
        /// Activity id (a draft or returned activity).
        #[arg(long)]
        activity: i64,
        /// Refuse unless the activity belongs to the organization with this credit code.
        #[arg(long)]
        as_org: Option<String>,
        /// CSV or Excel file: 姓名, 身份证号, 村, 受益类别, 帮扶金额（元）, 帮扶日期.
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

/// Runs an import.
pub async fn run(kind: ImportKind) -> Result<ExitCode> {
    match kind {
        ImportKind::Activities {
            as_unit,
            file,
            database,
        } => activities::run(as_unit, file, database).await,
        ImportKind::Roster {
            activity,
            as_org,
            file,
            database,
        } => roster::run(activity, file, as_org, database).await,
        ImportKind::List {
            list,
            file,
            effective,
            database,
        } => list::run(list, file, effective, database).await,
        ImportKind::Regions { villages, database } => {
            if !villages {
                println!("省、地、县、乡四级区划由 fupin migrate 载入；村级区划请加 --villages");
                return Ok(ExitCode::from(2));
            }
            let config = Config::load(&database.overrides(), "fupin.db")?;
            let db = super::open_database(&config).await?;
            let written = fupin_store::reference::load_villages(&db).await?;
            let total = fupin_store::regions::count_at_level(&db, 5).await?;
            println!("已导入村级区划 {written} 个，共 {total} 个 (villages loaded)");
            db.close().await;
            Ok(ExitCode::SUCCESS)
        }
        ImportKind::Registry {
            file,
            effective,
            database,
        } => {
            let config = Config::load(&database.overrides(), "fupin.db")?;
            let app = super::open_app(&config).await?;
            let reader = std::fs::File::open(&file)
                .with_context(|| format!("无法打开 {}", file.display()))?;
            let name = file.display().to_string();
            let started = std::time::Instant::now();
            let result = app
                .update_registry(
                    &Actor::system(),
                    &name,
                    effective,
                    std::io::BufReader::new(reader),
                )
                .await;
            app.db().close().await;
            match result {
                Ok(done) if done.update => {
                    let c = done.counts;
                    println!(
                        "已按 {} 生效更新建档立卡名单（导入批次 {}）：新增 {} 人、状态变化 {} 人、\
                         脱贫 {} 人、死亡 {} 人、注销（名单中已无）{} 人、未变化 {} 人；新建 {} 户，用时 {:.1} 秒",
                        done.effective,
                        done.import_id,
                        c.added,
                        c.changed,
                        c.exited,
                        c.deceased,
                        c.removed,
                        c.unchanged,
                        done.households,
                        started.elapsed().as_secs_f64()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Ok(done) => {
                    let seconds = started.elapsed().as_secs_f64();
                    println!(
                        "已导入 {} 户、{} 人，用时 {:.1} 秒（{:.0} 人/秒）",
                        done.households,
                        done.persons,
                        seconds,
                        done.persons as f64 / seconds.max(1e-9)
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(RegistryImportError::Rejected(report)) => {
                    eprint!("{report}");
                    Ok(ExitCode::FAILURE)
                }
                Err(RegistryImportError::App(err)) => Err(err.into()),
            }
        }
    }
}

/// Parses `--effective` (YYYY-MM-DD).
fn parse_date(text: &str) -> Result<time::Date, String> {
    time::Date::parse(
        text.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| format!("日期应写作 YYYY-MM-DD，如 2024-06-30，实际为“{text}”"))
}
