//! `fupin demo`: a database full of demo data in the current directory, then served.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use fupin_app::Actor;
use fupin_app::verification::{VerifyOptions, VerifyOutcome};
use fupin_demo::{DEFAULT_SEED, DemoOptions, DemoSummary};
use fupin_domain::Role;

use crate::ServeArgs;
use crate::config::Config;

/// Options of `fupin demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    #[command(flatten)]
    serve: ServeArgs,
    /// Size multiplier: 1 ≈ 2,000 organizations, 20,000 activities, 100,000 registry persons;
    /// 100 ≈ 10 million registry persons.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    scale: u32,
    /// Random seed; the same seed and scale give the same data.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Build the data and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

/// Builds the demo database unless it exists already (recording the generation and the demo
/// accounts in the audit log), prints the demo accounts, serves it.
pub async fn run(args: &DemoArgs) -> Result<ExitCode> {
    let config = Config::load(&args.serve.overrides(), "fupin-demo.db")?;
    let app = super::open_app(&config).await?;
    if fupin_store::organizations::count(app.db()).await? == 0 {
        let mut options = DemoOptions::new(args.scale, args.seed);
        options.progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
        options.manifest_path = Some("fupin-demo-faults.csv".into());
        let summary = fupin_demo::generate_audited(&app, &options).await?;
        // The generator writes published versions in bulk; the rollups are built once after.
        app.rebuild_statistics().await?;
        print_summary(&summary);
        // Every roster is verified once, so the verdicts, the adjudication queue and the
        // anomalies are there to see.
        let verified = app
            .verify_bulk(&Actor::system(), &VerifyOptions::default(), &mut |_| {})
            .await?;
        print_verification(&verified);
    } else {
        println!(
            "演示数据库已存在，直接启动；删除 fupin-demo.db 可重新生成 (demo database exists)"
        );
        print_existing_accounts(app.db()).await?;
    }
    let figures = app.home_figures(&Actor::public()).await?;
    println!(
        "已公开：{} 个社会组织的 {} 个项目，承诺资金 {}，覆盖 {} 个贫困县",
        figures.organizations, figures.activities, figures.committed, figures.poor_counties_reached
    );
    if args.no_serve {
        app.db().close().await;
        return Ok(ExitCode::SUCCESS);
    }
    super::serve::serve(app, &config).await
}

fn print_verification(outcome: &VerifyOutcome) {
    println!(
        "  名单核对：{} 条记录，异常线索 {} 条（fupin verify 可重新核对）",
        outcome.entries, outcome.anomalies
    );
    for (status, count) in outcome.statuses.iter().filter(|(_, n)| *n > 0) {
        println!("    {}：{count}", status.label_zh());
    }
}

fn print_summary(summary: &DemoSummary) {
    println!(
        "演示数据已生成，用时 {:.1} 秒 (demo data built)",
        summary.elapsed.as_secs_f64()
    );
    println!(
        "  政府部门 {} 个，社会组织 {} 个，项目 {} 个（已公开 {} 个）",
        summary.gov_units, summary.organizations, summary.activities, summary.published_activities
    );
    println!(
        "  建档立卡 {} 户、{} 人；受益人名单 {} 份",
        summary.households, summary.persons, summary.rosters
    );
    println!("  预设名单问题清单：fupin-demo-faults.csv");
    print_accounts(&summary.accounts);
}

fn print_accounts(accounts: &[fupin_demo::DemoAccount]) {
    println!("演示账号 (demo accounts)：");
    for account in accounts {
        println!(
            "  {:<22} {:<24} {}：{}",
            account.username,
            account.password,
            account.role.label_zh(),
            account.unit
        );
    }
}

/// The demo accounts of an existing demo database, with the demo password of each one's role
/// (accounts created later, e.g. by `fupin admin create`, are not listed).
async fn print_existing_accounts(db: &fupin_store::Db) -> Result<()> {
    println!("演示账号 (demo accounts)：");
    let demo_users = fupin_store::users::list(db).await?;
    for user in demo_users
        .iter()
        .filter(|u| u.username.starts_with("demo."))
    {
        for code in fupin_store::users::roles(db, user.id).await? {
            if let Some(role) = Role::from_code(&code) {
                let password = fupin_demo::demo_password(role);
                println!(
                    "  {:<22} {:<24} {}",
                    user.username, password, user.display_name
                );
            }
        }
    }
    Ok(())
}
