//! `fupin demo`: a database full of demo data in the current directory, then served.

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use fupin_app::Actor;
use fupin_demo::{DemoOptions, DemoSummary};

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
    #[arg(long, default_value_t = 2017)]
    seed: u64,
    /// Build the data and exit without serving.
    #[arg(long)]
    no_serve: bool,
}

/// Builds the demo database unless it exists already, prints the demo accounts, serves it.
pub async fn run(args: &DemoArgs) -> Result<ExitCode> {
    let config = Config::load(&args.serve.overrides(), "fupin-demo.db")?;
    let app = super::open_app(&config).await?;
    let options = DemoOptions {
        scale: args.scale,
        seed: args.seed,
        progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
        ..DemoOptions::default()
    };
    if fupin_store::organizations::count(app.db()).await? == 0 {
        let started = std::time::Instant::now();
        let summary = fupin_demo::generate(app.db(), app.pii(), &options).await?;
        print_summary(&summary, started.elapsed());
    } else {
        println!("演示数据库已存在，直接启动 (demo database exists; delete it to rebuild)");
    }
    print_accounts(&options);
    let figures = app.home_figures(&Actor::public()).await?;
    println!(
        "已公开：{} 个社会组织，{} 个项目，承诺资金 {}",
        figures.organizations, figures.activities, figures.committed
    );
    if args.no_serve {
        app.db().close().await;
        return Ok(ExitCode::SUCCESS);
    }
    super::serve::serve(app, &config).await
}

fn print_summary(summary: &DemoSummary, elapsed: std::time::Duration) {
    println!("演示数据已生成，用时 {:.1} 秒 (demo data built)：", elapsed.as_secs_f64());
    println!("{summary}");
}

fn print_accounts(options: &DemoOptions) {
    println!("演示账号 (demo accounts)：");
    for account in fupin_demo::accounts(options) {
        println!("  {:<24} {:<20} {}（{}）", account.username, account.password, account.role_label, account.unit);
    }
}
