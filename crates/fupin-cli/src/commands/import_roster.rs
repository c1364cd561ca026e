//! `fupin import roster --activity ID FILE`: an activity's roster of persons helped, from CSV
//! (UTF-8, UTF-8 with BOM, GBK/GB18030) or Excel (XLSX, XLS).
//!
//! The command line acts as the platform itself ([`Actor::system`]), recorded in the audit log as
//! `system` from `cli`: an operator with access to the server and the key file may replace the
//! roster of any activity that is still a draft or returned. `--as-org` does not change who acts:
//! it is a guard that refuses the import unless the activity belongs to that organization, so a
//! script run for one organization cannot touch another's activity by a mistyped id.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use fupin_app::Actor;
use fupin_app::roster_import::RosterImportError;
use fupin_domain::CreditCode;
use fupin_store::{Scope, activities, organizations};

use crate::DatabaseArgs;
use crate::config::Config;

/// Imports a roster; exit status 1 with the report when the file is refused.
pub async fn run(
    activity: i64,
    file: PathBuf,
    as_org: Option<String>,
    database: DatabaseArgs,
) -> Result<ExitCode> {
    let config = Config::load(&database.overrides(), "fupin.db")?;
    let app = crate::commands::open_app(&config).await?;
    if let Some(code) = as_org {
        let code = CreditCode::parse(&code).map_err(|e| anyhow::anyhow!("--as-org：{e}"))?;
        let Some(org) = organizations::by_credit_code(app.db(), &code).await? else {
            bail!("--as-org：统一社会信用代码为 {code} 的社会组织不存在");
        };
        let owner = activities::scoped::get_scoped(app.db(), &Scope::All, activity)
            .await?
            .map(|a| a.organization_id);
        if owner != Some(org.id) {
            bail!("项目 {activity} 不属于 {}（{code}），未导入", org.name);
        }
    }
    let reader =
        std::fs::File::open(&file).with_context(|| format!("无法打开 {}", file.display()))?;
    let name = file.display().to_string();
    let started = std::time::Instant::now();
    let result = app
        .import_roster(
            &Actor::system(),
            activity,
            &name,
            std::io::BufReader::new(reader),
        )
        .await;
    app.db().close().await;
    match result {
        Ok(done) => {
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "已导入项目 {activity} 的受益人名单 {} 行（{}，替换原有 {} 行），用时 {:.1} 秒（{:.0} 行/秒）",
                done.rows,
                done.format.name(),
                done.replaced,
                seconds,
                done.rows as f64 / seconds.max(1e-9)
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(RosterImportError::Rejected(report)) => {
            eprint!("{report}");
            Ok(ExitCode::FAILURE)
        }
        Err(RosterImportError::App(err)) => Err(err.into()),
    }
}
