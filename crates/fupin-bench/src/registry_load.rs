//! Registry bulk load: `fupin import registry` (parse, validate every ID number, HMAC + AES-GCM,
//! insert households and persons) against the database shells' own CSV loaders filling a table of
//! the same columns with the same unique index on the ID column, from the same file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::shell::{psql, remove_sqlite, run_ok, with_database};
use anyhow::Result;
use fupin_app::{Actor, App};
use fupin_domain::IdNumber;
use fupin_store::{ConnectOptions, Db};
use time::Date;
use time::macros::date;

/// Options of the registry-load benchmark.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Registry persons in the file.
    #[arg(long, default_value_t = 1_000_000)]
    persons: u64,
    /// Working directory for the CSV and the databases.
    #[arg(long, default_value = "bench-data")]
    dir: PathBuf,
    /// PostgreSQL server (admin URL); the PostgreSQL half is skipped without it.
    #[arg(long, env = "FUPIN_BENCH_POSTGRES_URL")]
    postgres: Option<String>,
}

const SHELL_TABLE: &str = "CREATE TABLE registry_csv (household_no TEXT NOT NULL, name TEXT NOT NULL, \
    id_number TEXT NOT NULL UNIQUE, village_code TEXT NOT NULL, relation TEXT NOT NULL, attribute TEXT NOT NULL, \
    poverty_cause TEXT NOT NULL, status TEXT NOT NULL, exit_year TEXT)";

/// Runs the benchmark and prints its figures.
pub async fn run(args: &Args) -> Result<()> {
    std::fs::create_dir_all(&args.dir)?;
    let csv = args.dir.join(format!("registry-{}.csv", args.persons));
    if !csv.exists() {
        write_csv(&csv, args.persons)?;
    }
    let size = std::fs::metadata(&csv)?.len();
    println!(
        "file: {} ({} persons, {:.1} MiB)",
        csv.display(),
        args.persons,
        size as f64 / 1048576.0
    );

    let ours = import_sqlite(&args.dir, &csv).await?;
    let shell = sqlite3_import(&args.dir, &csv)?;
    report("SQLite", "sqlite3 .import", args.persons, ours, shell);

    if let Some(admin) = &args.postgres {
        let ours = import_postgres(admin, &csv).await?;
        let shell = psql_copy(admin, &csv)?;
        report("PostgreSQL", "psql \\copy", args.persons, ours, shell);
    } else {
        println!("PostgreSQL: skipped (give --postgres or FUPIN_BENCH_POSTGRES_URL)");
    }
    Ok(())
}

fn report(backend: &str, anchor: &str, rows: u64, ours: Duration, theirs: Duration) {
    let rate = |d: Duration| rows as f64 / d.as_secs_f64();
    println!(
        "{backend}: fupin import {:>10.0} rows/s ({:.2} s) | {anchor} {:>10.0} rows/s ({:.2} s) | ratio {:.2}×",
        rate(ours),
        ours.as_secs_f64(),
        rate(theirs),
        theirs.as_secs_f64(),
        rate(ours) / rate(theirs)
    );
}

/// A registry CSV in the import format: three persons per household, IDs unique by construction
/// (county from the person's index, birth date and sequence from its rank within the county).
fn write_csv(path: &Path, persons: u64) -> Result<()> {
    const COUNTIES: &[&str] = &[
        "130125", "130126", "140121", "150121", "222426", "232721", "341322", "360821",
    ];
    const NAMES: &[&str] = &[
        "张伟", "王芳", "李娜", "刘强", "陈静", "杨洋", "赵磊", "黄丽", "周杰", "吴敏",
    ];
    let mut out = csv::Writer::from_path(path)?;
    out.write_record([
        "户编号",
        "姓名",
        "身份证号",
        "村代码",
        "与户主关系",
        "户属性",
        "主要致贫原因",
        "脱贫状态",
        "脱贫年度",
    ])?;
    let base: Date = date!(1940 - 01 - 01);
    let counties = COUNTIES.len() as u64;
    for i in 0..persons {
        let household = i / 3;
        let county = COUNTIES[(household % counties) as usize];
        let rank = household / counties * 3 + i % 3;
        let birth = base + time::Duration::days((rank / 1000) as i64 % 25_000);
        let seq = u16::try_from(rank % 1000)?;
        let id = IdNumber::from_parts(county, birth, seq)?;
        let relation = ["户主", "配偶", "子女"][(i % 3) as usize];
        out.write_record([
            format!("{county}{household:08}").as_str(),
            NAMES[(i % 10) as usize],
            id.as_str(),
            &format!("{county}100201"),
            relation,
            "一般贫困户",
            "因病",
            if household % 5 == 0 {
                "未脱贫"
            } else {
                "已脱贫享受政策"
            },
            if household % 5 == 0 { "" } else { "2018" },
        ])?;
    }
    out.flush()?;
    Ok(())
}

async fn timed_import(db: Db, csv: &Path) -> Result<Duration> {
    let app = App::new(db, crate::shell::bench_keys()?);
    let file = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(csv)?);
    let started = Instant::now();
    let done = app
        .import_registry(&Actor::system(), &csv.display().to_string(), file)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let elapsed = started.elapsed();
    app.db().close().await;
    println!(
        "  fupin: {} households, {} persons",
        done.households, done.persons
    );
    Ok(elapsed)
}

async fn import_sqlite(dir: &Path, csv: &Path) -> Result<Duration> {
    let path = dir.join("fupin-bench.db");
    remove_sqlite(&path);
    let db = Db::connect(
        &format!("sqlite://{}", path.display()),
        &ConnectOptions::default(),
    )
    .await?;
    fupin_store::migrate::run(&db).await?;
    timed_import(db, csv).await
}

/// The sqlite3 shell with the same durability settings as Fupin's SQLite (WAL, synchronous=FULL).
fn sqlite3_import(dir: &Path, csv: &Path) -> Result<Duration> {
    let path = dir.join("shell-bench.db");
    remove_sqlite(&path);
    let setup = format!("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; {SHELL_TABLE};");
    run_ok(Command::new("sqlite3").arg(&path).arg(&setup))?;
    let started = Instant::now();
    run_ok(
        Command::new("sqlite3")
            .arg(&path)
            .arg("PRAGMA synchronous=FULL;")
            .arg(format!(
                ".import --csv --skip 1 {} registry_csv",
                csv.display()
            )),
    )?;
    Ok(started.elapsed())
}

async fn import_postgres(admin: &str, csv: &Path) -> Result<Duration> {
    psql(admin, "DROP DATABASE IF EXISTS fupin_bench WITH (FORCE)")?;
    psql(admin, "CREATE DATABASE fupin_bench")?;
    let url = with_database(admin, "fupin_bench");
    let db = Db::connect(&url, &ConnectOptions::default()).await?;
    fupin_store::migrate::run(&db).await?;
    timed_import(db, csv).await
}

fn psql_copy(admin: &str, csv: &Path) -> Result<Duration> {
    psql(
        admin,
        "DROP DATABASE IF EXISTS fupin_bench_shell WITH (FORCE)",
    )?;
    psql(admin, "CREATE DATABASE fupin_bench_shell")?;
    let url = with_database(admin, "fupin_bench_shell");
    psql(&url, SHELL_TABLE)?;
    let started = Instant::now();
    psql(
        &url,
        &format!(
            "\\copy registry_csv FROM '{}' WITH (FORMAT csv, HEADER true)",
            csv.display()
        ),
    )?;
    Ok(started.elapsed())
}
