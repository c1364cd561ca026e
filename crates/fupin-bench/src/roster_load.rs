//! Roster import: `fupin import roster` (read CSV or XLSX, find the header, validate every cell,
//! check every ID number, match villages, refuse duplicates, HMAC + AES-GCM each ID, replace the
//! activity's roster in one transaction) against the database shells' own CSV loaders filling a
//! table of the file's columns (no validation) from the same CSV, with peak memory of each import.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::shell::{peak_rss_kib, psql, remove_sqlite, reset_peak_rss, run_ok, with_database};
use anyhow::Result;
use fupin_app::{Actor, App};
use fupin_domain::{
    ActivityStatus, CreditCode, Field, IdNumber, ManagementMode, Method, Money, OrgLevel, OrgType,
    UnitKind,
};
use fupin_store::activities::{ACTIVITIES, LOCATIONS, NewActivity, NewLocation};
use fupin_store::organizations::{self, NewOrganization};
use fupin_store::units::{self, NewGovUnit};
use fupin_store::{ConnectOptions, Db};
use time::OffsetDateTime;
use time::macros::date;

/// Options of the roster-load benchmark.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Roster rows in the files.
    #[arg(long, default_value_t = 1_000_000)]
    rows: u64,
    /// Working directory for the files and the databases.
    #[arg(long, default_value = "bench-data")]
    dir: PathBuf,
    /// PostgreSQL server (admin URL); the PostgreSQL half is skipped without it.
    #[arg(long, env = "FUPIN_BENCH_POSTGRES_URL")]
    postgres: Option<String>,
}

const HEADER: [&str; 6] = [
    "姓名",
    "身份证号",
    "村",
    "受益类别",
    "帮扶金额（元）",
    "帮扶日期",
];
const SHELL_TABLE: &str = "CREATE TABLE roster_csv (name TEXT NOT NULL, id_number TEXT NOT NULL UNIQUE, \
    village TEXT NOT NULL, category TEXT NOT NULL, aid TEXT NOT NULL, service_date TEXT NOT NULL)";
/// The activity the roster belongs to.
const ACTIVITY: i64 = 1;

/// Runs the benchmark and prints its figures.
pub async fn run(args: &Args) -> Result<()> {
    std::fs::create_dir_all(&args.dir)?;
    let csv = args.dir.join(format!("roster-{}.csv", args.rows));
    if !csv.exists() {
        write_csv(&csv, args.rows)?;
    }
    let xlsx = args.dir.join(format!("roster-{}.xlsx", args.rows));
    if !xlsx.exists() {
        write_xlsx(&xlsx, args.rows)?;
    }
    for file in [&csv, &xlsx] {
        let size = std::fs::metadata(file)?.len();
        println!(
            "file: {} ({} rows, {:.1} MiB)",
            file.display(),
            args.rows,
            size as f64 / 1_048_576.0
        );
    }

    let ours_csv = import_sqlite(&args.dir, &csv).await?;
    let ours_xlsx = import_sqlite(&args.dir, &xlsx).await?;
    let shell = sqlite3_import(&args.dir, &csv)?;
    report("SQLite, CSV", "sqlite3 .import", args.rows, ours_csv, shell);
    report(
        "SQLite, XLSX",
        "sqlite3 .import",
        args.rows,
        ours_xlsx,
        shell,
    );

    if let Some(admin) = &args.postgres {
        let ours = import_postgres(admin, &csv).await?;
        let shell = psql_copy(admin, &csv)?;
        report("PostgreSQL, CSV", "psql \\copy", args.rows, ours, shell);
    } else {
        println!("PostgreSQL: skipped (give --postgres or FUPIN_BENCH_POSTGRES_URL)");
    }
    Ok(())
}

fn report(what: &str, anchor: &str, rows: u64, ours: Duration, theirs: Duration) {
    let rate = |d: Duration| rows as f64 / d.as_secs_f64();
    println!(
        "{what}: fupin import {:>9.0} rows/s ({:.2} s) | {anchor} {:>9.0} rows/s ({:.2} s) | ratio {:.2}×",
        rate(ours),
        ours.as_secs_f64(),
        rate(theirs),
        theirs.as_secs_f64(),
        rate(ours) / rate(theirs)
    );
}

/// Row `i` of the generated roster: IDs unique by construction (birth date and sequence from the
/// index), villages of 行唐县 by code and by name, every category, amounts and dates varied.
fn row(i: u64) -> Result<[String; 6]> {
    const NAMES: &[&str] = &[
        "张伟", "王芳", "李娜", "刘强", "陈静", "杨洋", "赵磊", "黄丽", "周杰", "吴敏",
    ];
    const VILLAGES: &[&str] = &[
        "130125100209",
        "130125100210",
        "130125101201",
        "130125101202",
    ];
    const CATEGORIES: &[&str] = &[
        "建档立卡贫困人口",
        "农村低保对象",
        "特困人员",
        "贫困残疾人",
        "其他",
    ];
    let birth = date!(1940 - 01 - 01) + time::Duration::days((i / 1000) as i64 % 25_000);
    let id = IdNumber::from_parts("130125", birth, u16::try_from(i % 1000)?)?;
    let served = date!(2018 - 01 - 01) + time::Duration::days((i % 700) as i64);
    Ok([
        NAMES[(i % 10) as usize].to_owned(),
        id.as_str().to_owned(),
        VILLAGES[(i % 4) as usize].to_owned(),
        CATEGORIES[(i % 5) as usize].to_owned(),
        format!("{}.{:02}", 100 + i % 5000, i % 100),
        served.to_string(),
    ])
}

fn write_csv(path: &Path, rows: u64) -> Result<()> {
    let mut out = csv::Writer::from_path(path)?;
    out.write_record(HEADER)?;
    for i in 0..rows {
        out.write_record(row(i)?)?;
    }
    out.flush()?;
    Ok(())
}

/// The same rows as an Excel workbook the way Excel saves one: shared strings, the amount as a
/// number cell, the date as a date cell.
fn write_xlsx(path: &Path, rows: u64) -> Result<()> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let date_format = rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd");
    let sheet = book.add_worksheet_with_low_memory()?;
    for (col, label) in (0_u16..).zip(HEADER) {
        sheet.write_string(0, col, label)?;
    }
    for i in 0..rows {
        let [name, id, village, category, aid, served] = row(i)?;
        let r = u32::try_from(i + 1)?;
        sheet.write_string(r, 0, &name)?;
        sheet.write_string(r, 1, &id)?;
        sheet.write_string(r, 2, &village)?;
        sheet.write_string(r, 3, &category)?;
        sheet.write_number(r, 4, aid.parse::<f64>()?)?;
        let served = time::Date::parse(
            &served,
            time::macros::format_description!("[year]-[month]-[day]"),
        )?;
        let serial = (served - date!(1899 - 12 - 30)).whole_days() as f64;
        sheet.write_number_with_format(r, 5, serial, &date_format)?;
    }
    book.save(path)?;
    Ok(())
}

/// An organization with a draft activity located in 行唐县.
async fn seed(db: &Db) -> Result<()> {
    let now = OffsetDateTime::now_utc();
    let mut tx = db.begin().await?;
    let unit = NewGovUnit {
        kind: UnitKind::RegistrationAuthority,
        level: OrgLevel::County,
        region_code: Some("130125".into()),
        name: "行唐县民政局".into(),
    };
    let unit = units::insert(&mut tx, &unit).await?;
    let org = NewOrganization {
        id: 1,
        credit_code: CreditCode::from_parts('5', '3', "130125", "00000001")?,
        name: "基准测试社会组织".into(),
        org_type: OrgType::SocialGroup,
        level: OrgLevel::County,
        region_code: "130125".into(),
        registration_authority_id: unit,
        management_mode: ManagementMode::DualManagement,
        legal_representative: "张三".into(),
        registered_on: date!(2012 - 03 - 01),
        charity_recognized: false,
        public_fundraising: false,
        evaluation_grade: "unrated".into(),
        credit_status: "normal".into(),
    };
    tx.bulk_insert(organizations::TABLE, vec![org.values(now)])
        .await?;
    let activity = NewActivity {
        id: ACTIVITY,
        organization_id: 1,
        title: "基准测试项目".into(),
        description: String::new(),
        field: Field::Education,
        method: Method::Project,
        status: ActivityStatus::Draft,
        year: 2019,
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        goods_value: Money::from_fen(0),
        volunteer_hours: 0,
        published_at: None,
    };
    tx.bulk_insert(ACTIVITIES, vec![activity.values(now)])
        .await?;
    let location = NewLocation {
        activity_id: ACTIVITY,
        region_code: "130125".into(),
        share_bp: 10_000,
    };
    tx.bulk_insert(LOCATIONS, vec![location.values()]).await?;
    tx.commit().await?;
    Ok(())
}

async fn timed_import(db: Db, file: &Path) -> Result<Duration> {
    seed(&db).await?;
    let app = App::new(db, crate::shell::bench_keys()?);
    let reader = std::io::BufReader::with_capacity(1 << 20, std::fs::File::open(file)?);
    reset_peak_rss();
    let started = Instant::now();
    let done = app
        .import_roster(
            &Actor::system(),
            ACTIVITY,
            &file.display().to_string(),
            reader,
        )
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let elapsed = started.elapsed();
    let peak = peak_rss_kib().unwrap_or(0);
    app.db().close().await;
    println!(
        "  fupin ({}): {} rows in {:.2} s, peak RSS {:.1} MiB",
        done.format.name(),
        done.rows,
        elapsed.as_secs_f64(),
        peak as f64 / 1024.0
    );
    Ok(elapsed)
}

async fn import_sqlite(dir: &Path, file: &Path) -> Result<Duration> {
    let path = dir.join("fupin-roster-bench.db");
    remove_sqlite(&path);
    let url = format!("sqlite://{}", path.display());
    let db = Db::connect(&url, &ConnectOptions::default()).await?;
    fupin_store::migrate::run(&db).await?;
    timed_import(db, file).await
}

/// The sqlite3 shell with the same durability settings as Fupin's SQLite (WAL, synchronous=FULL).
fn sqlite3_import(dir: &Path, csv: &Path) -> Result<Duration> {
    let path = dir.join("shell-roster-bench.db");
    remove_sqlite(&path);
    let setup = format!("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; {SHELL_TABLE};");
    run_ok(Command::new("sqlite3").arg(&path).arg(&setup))?;
    let started = Instant::now();
    run_ok(
        Command::new("sqlite3")
            .arg(&path)
            .arg("PRAGMA synchronous=FULL;")
            .arg(format!(
                ".import --csv --skip 1 {} roster_csv",
                csv.display()
            )),
    )?;
    Ok(started.elapsed())
}

async fn import_postgres(admin: &str, file: &Path) -> Result<Duration> {
    psql(
        admin,
        "DROP DATABASE IF EXISTS fupin_roster_bench WITH (FORCE)",
    )?;
    psql(admin, "CREATE DATABASE fupin_roster_bench")?;
    let url = with_database(admin, "fupin_roster_bench");
    let db = Db::connect(&url, &ConnectOptions::default()).await?;
    fupin_store::migrate::run(&db).await?;
    timed_import(db, file).await
}

fn psql_copy(admin: &str, csv: &Path) -> Result<Duration> {
    psql(
        admin,
        "DROP DATABASE IF EXISTS fupin_roster_bench_shell WITH (FORCE)",
    )?;
    psql(admin, "CREATE DATABASE fupin_roster_bench_shell")?;
    let url = with_database(admin, "fupin_roster_bench_shell");
    psql(&url, SHELL_TABLE)?;
    let started = Instant::now();
    psql(
        &url,
        &format!(
            "\\copy roster_csv FROM '{}' WITH (FORMAT csv, HEADER true)",
            csv.display()
        ),
    )?;
    Ok(started.elapsed())
}
