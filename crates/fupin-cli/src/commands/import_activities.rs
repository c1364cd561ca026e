//! `fupin import activities --as-unit ID FILE`: many organizations' activities from one workbook,
//! imported for a government unit (all or nothing; see [`fupin_app::activity_import`]).
//!
//! The use case admits only an officer of a government unit and checks every row's organization
//! against that unit's jurisdiction. The command line therefore acts as an officer of the unit
//! given by `--as-unit` (its id, as `fupin admin` lists units), recorded in the audit log as
//! `system (unit N)` from `cli`: the operator gains no jurisdiction the unit does not have.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use fupin_app::import_report::ImportError;
use fupin_app::{Actor, Affiliation};
use fupin_domain::{Role, UnitKind};

use crate::DatabaseArgs;
use crate::config::Config;

/// Imports the activities of `file` for unit `unit`; exit status 1 with the report when the file
/// is refused.
pub async fn run(unit: i64, file: PathBuf, database: DatabaseArgs) -> Result<ExitCode> {
    let config = Config::load(&database.overrides(), "fupin.db")?;
    let app = crate::commands::open_app(&config).await?;
    let Some(row) = fupin_store::units::get(app.db(), unit).await? else {
        bail!("--as-unit：编号为 {unit} 的政府单位不存在");
    };
    let Some(kind) = UnitKind::from_code(&row.kind) else {
        bail!("--as-unit：单位 {unit} 的类型“{}”无法识别", row.kind);
    };
    let actor = Actor {
        user_id: None,
        name: format!("system (unit {unit})"),
        roles: vec![Role::Officer],
        affiliation: Affiliation::Government {
            unit_id: row.id,
            kind,
            region_code: row.region_code.clone(),
        },
        source: "cli".to_owned(),
    };
    let reader =
        std::fs::File::open(&file).with_context(|| format!("无法打开 {}", file.display()))?;
    let name = file.display().to_string();
    let result = app
        .import_activities(&actor, &name, std::io::BufReader::new(reader))
        .await;
    app.db().close().await;
    match result {
        Ok(done) => {
            println!(
                "已为 {} 导入 {} 个项目草稿（{}，涉及 {} 个社会组织）",
                row.name,
                done.ids.len(),
                done.format.name(),
                done.organizations
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
