//! `fupin spot-check draw | show | frame`: spot-check rounds (抽查) from the command line
//! ([`fupin_app::spot_checks`]; the algorithm in `docs/SPOT-CHECKS.md`).
//!
//! Like `fupin import activities`, each command acts as an officer of the unit given by
//! `--as-unit` (its id, as `fupin admin` lists units), recorded in the audit log as
//! `system (unit N)` from `cli`: the operator gains no jurisdiction the unit does not have, so a
//! county office draws only over its county and sees only its rounds.
//!
//! `draw` prints the round id, the seed, the frame digest, the allocation per stratum and the
//! selection (or all of it as JSON with `--json`); `show` prints a stored round the same way;
//! `frame` writes the round's canonical frame file to standard output, the file that with the
//! seed lets anyone recompute the selection.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{ArgGroup, Args, Subcommand, ValueEnum};
use fupin_app::spot_checks::{RiskWeights, RoundSpec, RoundView, Seed, Strata, parse_weights};
use fupin_app::{Actor, Affiliation, App};
use fupin_domain::{Role, UnitKind};

use crate::DatabaseArgs;
use crate::config::Config;

/// `fupin spot-check …`.
#[derive(Debug, Subcommand)]
pub enum SpotCheckCommand {
    /// Define a round, freeze its frame and draw it; prints the selection.
    Draw(DrawArgs),
    /// Print a stored round: scope, seed, frame digest, allocation and selection.
    Show(RoundArgs),
    /// Write a round's frame file (`item_id,stratum,weight_milli`, no header) to stdout.
    Frame(RoundArgs),
}

/// How a round is divided.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StrataArg {
    /// One stratum per county.
    County,
    /// One stratum per field.
    Field,
    /// No strata.
    None,
}

/// Options of `fupin spot-check draw`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("seed_source").required(true).args(["seed", "seed_phrase"])))]
pub struct DrawArgs {
    /// Act as an officer of this government unit (its id).
    #[arg(long)]
    as_unit: i64,
    /// The round's name, e.g. "2020年第1轮".
    #[arg(long)]
    name: String,
    /// How many activities to draw.
    #[arg(long)]
    size: usize,
    /// Region code prefix of the activities' locations (default: the unit's region).
    #[arg(long)]
    region: Option<String>,
    /// Only this supervisory unit's or industry department's organizations (its id).
    #[arg(long)]
    unit: Option<i64>,
    /// Reporting year.
    #[arg(long)]
    year: Option<i32>,
    /// Field code (e.g. education) or label.
    #[arg(long)]
    field: Option<String>,
    /// Strata.
    #[arg(long, value_enum, default_value = "county")]
    strata: StrataArg,
    /// The seed as 64 hexadecimal digits.
    #[arg(long)]
    seed: Option<String>,
    /// The seed as a phrase announced in advance (its SHA-256, exactly as written).
    #[arg(long)]
    seed_phrase: Option<String>,
    /// Risk weights, e.g. "per_anomaly=2000;new_organization=0" (others keep their default).
    #[arg(long)]
    weights: Option<String>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// Options of `fupin spot-check show` and `frame`.
#[derive(Debug, Args)]
pub struct RoundArgs {
    /// The round's id.
    round: i64,
    /// Act as an officer of this government unit (its id).
    #[arg(long)]
    as_unit: i64,
    /// Print JSON instead of text (`show` only).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    database: DatabaseArgs,
}

/// Runs a `fupin spot-check` command.
pub async fn run(command: SpotCheckCommand) -> Result<ExitCode> {
    match command {
        SpotCheckCommand::Draw(args) => draw(args).await,
        SpotCheckCommand::Show(args) => {
            let (app, actor) = open(&args.database, args.as_unit).await?;
            let view = app.spot_check_round(&actor, args.round).await;
            app.db().close().await;
            print_round(&view?, args.json)?;
            Ok(ExitCode::SUCCESS)
        }
        SpotCheckCommand::Frame(args) => {
            let (app, actor) = open(&args.database, args.as_unit).await?;
            let csv = app.spot_check_frame_csv(&actor, args.round).await;
            app.db().close().await;
            std::io::stdout().write_all(csv?.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn draw(args: DrawArgs) -> Result<ExitCode> {
    let seed = match (&args.seed, &args.seed_phrase) {
        (Some(hex), _) => hex.parse::<Seed>()?,
        (None, Some(phrase)) => Seed::from_phrase(phrase),
        (None, None) => bail!("请用 --seed 或 --seed-phrase 给出随机种子"),
    };
    let weights = match &args.weights {
        Some(text) => parse_weights(text)?,
        None => RiskWeights::default(),
    };
    let spec = RoundSpec {
        name: args.name.clone(),
        region_prefix: args.region.clone().unwrap_or_default(),
        unit_id: args.unit,
        year: args.year,
        field: args.field.clone().unwrap_or_default(),
        size: args.size,
        strata: match args.strata {
            StrataArg::County => Strata::County,
            StrataArg::Field => Strata::Field,
            StrataArg::None => Strata::None,
        },
        weights,
        seed,
    };
    let (app, actor) = open(&args.database, args.as_unit).await?;
    let result = async {
        let outcome = app.draw_spot_check(&actor, spec).await?;
        app.spot_check_round(&actor, outcome.round_id).await
    }
    .await;
    app.db().close().await;
    print_round(&result?, args.json)?;
    Ok(ExitCode::SUCCESS)
}

/// The app and an officer of unit `unit` (see the module documentation).
async fn open(database: &DatabaseArgs, unit: i64) -> Result<(App, Actor)> {
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
            region_code: row.region_code,
        },
        source: "cli".to_owned(),
    };
    Ok((app, actor))
}

fn or_all(text: &str) -> &str {
    if text.is_empty() { "全部" } else { text }
}

fn print_round(view: &RoundView, json: bool) -> Result<()> {
    let row = &view.row;
    let mut out = std::io::stdout().lock();
    if json {
        let value = serde_json::json!({
            "round_id": row.id,
            "name": row.name,
            "region_prefix": row.region_prefix,
            "unit_id": row.unit_id,
            "year": row.year,
            "field": row.field,
            "strata": row.strata,
            "weights": row.weights,
            "size": row.size,
            "seed": row.seed,
            "frame_digest": row.frame_digest,
            "frame_items": row.frame_items,
            "allocation": view.allocation.iter().map(|a| serde_json::json!({
                "stratum": a.stratum, "frame_items": a.frame_items, "drawn": a.drawn,
            })).collect::<Vec<_>>(),
            "items": view.items.iter().map(|i| serde_json::json!({
                "stratum": i.stratum,
                "rank": i.rank,
                "activity_id": i.activity_id,
                "title": i.title,
                "organization_id": i.organization_id,
                "organization": i.organization_name,
                "weight_milli": i.weight_milli,
                "key": i.draw_key,
            })).collect::<Vec<_>>(),
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    let region = match (&view.region_name, row.region_prefix.as_str()) {
        (_, "") => "全部".to_owned(),
        (Some(name), code) => format!("{code}（{name}）"),
        (None, code) => code.to_owned(),
    };
    let unit = row.unit_name.clone().unwrap_or_else(|| "全部".to_owned());
    let year = row
        .year
        .map_or_else(|| "全部".to_owned(), |y| y.to_string());
    let strata = view.strata.map_or(row.strata.as_str(), |s| s.label_zh());
    writeln!(out, "抽查轮次 {}：{}", row.id, row.name)?;
    writeln!(
        out,
        "范围：区划 {region}；主管单位 {unit}；年度 {year}；领域 {}",
        or_all(&row.field)
    )?;
    writeln!(out, "分层：{strata}；风险权重：{}", row.weights)?;
    writeln!(out, "随机种子：{}", row.seed)?;
    writeln!(
        out,
        "名单摘要（SHA-256）：{}（名单 {} 项，抽取 {} 项）",
        row.frame_digest, row.frame_items, row.size
    )?;
    writeln!(out, "分层分配：")?;
    for a in &view.allocation {
        let name = view
            .stratum_names
            .get(&a.stratum)
            .map_or("", String::as_str);
        writeln!(
            out,
            "  {} {name}\t名单 {} 项\t抽取 {} 项",
            a.stratum, a.frame_items, a.drawn
        )?;
    }
    writeln!(
        out,
        "抽中名单（分层\t序号\t项目编号\t项目名称\t社会组织\t抽取键）："
    )?;
    for i in &view.items {
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            i.stratum, i.rank, i.activity_id, i.title, i.organization_name, i.draw_key
        )?;
    }
    Ok(())
}
