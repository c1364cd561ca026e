//! Public pages under load: the home, a poor county's, an organization's page and the statistics
//! API served by the release `fupin` binary over a demo database, against a floor — a bare axum
//! handler in this process returning the same bytes with the same content type — both driven by
//! Debian's `wrk` with the same threads and connections, one after the other in the same run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use axum::body::Bytes;
use axum::http::HeaderValue;
use fupin_store::{ConnectOptions, Db};

mod serve;
mod wrk;

use serve::{Server, alone, fetch, free_port, start_floor, wait_ready};
use wrk::{Load, wrk};

/// Options of the http-load benchmark.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Demo scale of the database (`fupin demo --scale N`: 20,000 × N activities).
    #[arg(long, default_value_t = 1)]
    scale: u32,
    /// Seconds of load per page and server (after one second of warm-up).
    #[arg(long, default_value_t = 10)]
    duration: u32,
    /// Concurrent connections (`wrk -c`).
    #[arg(long, default_value_t = 64)]
    connections: u32,
    /// Load-generator threads (`wrk -t`).
    #[arg(long, default_value_t = 2)]
    threads: u32,
    /// Seconds before wrk counts a response as a timeout (`wrk --timeout`; its default of 2 s
    /// would drop slow responses from the latency figures instead of counting them).
    #[arg(long, default_value_t = 30)]
    timeout: u32,
    /// Working directory for the demo databases, their keys and the server logs.
    #[arg(long, default_value = "bench-data")]
    dir: PathBuf,
    /// The release `fupin` binary (build it with `cargo build --release -p fupin-cli`).
    #[arg(long, default_value = "target/release/fupin")]
    fupin: PathBuf,
    /// PostgreSQL server (admin URL); the PostgreSQL half is skipped without it.
    #[arg(
        long = "postgres-url",
        visible_alias = "postgres",
        env = "FUPIN_BENCH_POSTGRES_URL"
    )]
    postgres_url: Option<String>,
    /// Skip the SQLite half (measure PostgreSQL only; at scale 59 each half builds its own
    /// database first, which for SQLite alone takes a quarter of an hour).
    #[arg(long, requires = "postgres_url")]
    skip_sqlite: bool,
}

/// The personal-data key of the benchmark's demo databases, given to `fupin` as `FUPIN_PII_KEY`
/// so that a database (a PostgreSQL one outlives the working directory) never meets another key.
fn bench_key() -> String {
    "5a".repeat(64)
}

/// Requests made for a page's first answer before it counts as not served.
const FIRST_ATTEMPTS: u32 = 5;

/// How long the server's start-up work may take before the run gives up (at 10 M registry
/// persons it takes a few minutes on a busy machine).
const WARM_UP_LIMIT: Duration = Duration::from_secs(900);

/// One page's bytes as fupin served them.
struct Page {
    name: &'static str,
    path: String,
    content_type: HeaderValue,
    body: Bytes,
    /// The first request's latency, before anything was cached.
    first: Duration,
}

/// Runs the benchmark and prints its figures.
pub async fn run(args: &Args) -> Result<()> {
    check_wrk()?;
    let fupin = std::fs::canonicalize(&args.fupin).with_context(|| {
        format!(
            "{} not found: build it first with `cargo build --release -p fupin-cli`",
            args.fupin.display()
        )
    })?;
    std::fs::create_dir_all(&args.dir)?;
    let dir = std::fs::canonicalize(&args.dir)?;
    println!(
        "wrk -t{} -c{} -d{}s --timeout {}s --latency (after a 1 s warm-up), demo scale {}, {} cores",
        args.threads,
        args.connections,
        args.duration,
        args.timeout,
        args.scale,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let sqlite_dir = dir.join(format!("http-sqlite-scale{}", args.scale));
    let sqlite = Backend {
        label: "SQLite",
        dir: sqlite_dir.clone(),
        url: format!("sqlite://{}", sqlite_dir.join("fupin-demo.db").display()),
        demo_url: None,
    };
    if args.skip_sqlite {
        println!("SQLite: skipped (--skip-sqlite)");
    } else {
        bench_backend(args, &fupin, &sqlite).await?;
    }

    match &args.postgres_url {
        Some(admin) => {
            let name = format!("fupin_bench_http_s{}", args.scale);
            ensure_database(admin, &name)?;
            let url = crate::shell::with_database(admin, &name);
            let pg = Backend {
                label: "PostgreSQL",
                dir: dir.join(format!("http-postgres-scale{}", args.scale)),
                url: url.clone(),
                demo_url: Some(url),
            };
            bench_backend(args, &fupin, &pg).await?;
        }
        None => println!("PostgreSQL: skipped (give --postgres-url or FUPIN_BENCH_POSTGRES_URL)"),
    }
    Ok(())
}

struct Backend {
    label: &'static str,
    /// Working directory of `fupin demo` / `fupin serve` (the key file lives here).
    dir: PathBuf,
    /// Database URL for `fupin serve` and for picking the pages.
    url: String,
    /// `--database-url` for `fupin demo` (None: its default `fupin-demo.db` in `dir`).
    demo_url: Option<String>,
}

fn check_wrk() -> Result<()> {
    match Command::new("wrk")
        .arg("-v")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("wrk is not installed: install Debian's package with `apt-get install -y wrk`")
        }
        Err(e) => Err(e).context("cannot run wrk"),
    }
}

/// Creates database `name` on the server unless it exists (a populated one is reused).
fn ensure_database(admin: &str, name: &str) -> Result<()> {
    if !crate::shell::database_exists(admin, name)? {
        crate::shell::psql(admin, &format!("CREATE DATABASE {name}"))?;
    }
    Ok(())
}

async fn bench_backend(args: &Args, fupin: &Path, backend: &Backend) -> Result<()> {
    std::fs::create_dir_all(&backend.dir)?;
    let started = Instant::now();
    let mut demo = Command::new(fupin);
    demo.current_dir(&backend.dir)
        .env("FUPIN_PII_KEY", bench_key())
        .args(["demo", "--no-serve", "--scale", &args.scale.to_string()]);
    if let Some(url) = &backend.demo_url {
        demo.args(["--database-url", url]);
    }
    let output = demo
        .output()
        .with_context(|| format!("cannot run {}", fupin.display()))?;
    if !output.status.success() {
        bail!(
            "fupin demo failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!(
        "\n{}: demo database ready in {:.1} s ({})",
        backend.label,
        started.elapsed().as_secs_f64(),
        stdout
            .lines()
            .find(|l| l.starts_with("已公开"))
            .unwrap_or("")
            .trim()
    );

    let (county, organization) = pick_targets(&backend.url).await?;
    let port = free_port()?;
    let log = std::fs::File::create(backend.dir.join("serve.log"))?;
    let child = Command::new(fupin)
        .current_dir(&backend.dir)
        .env("FUPIN_PII_KEY", bench_key())
        .args(["serve", "--database-url", &backend.url, "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .context("cannot start fupin serve")?;
    let server = Server(child);
    wait_ready(port, Duration::from_secs(60)).await?;
    let warm_up = serve::wait_warm_up(&backend.dir.join("serve.log"), WARM_UP_LIMIT).await?;
    println!(
        "  start-up work (the verification's registry index) done {} after the server answered",
        ms(warm_up)
    );

    let mut pages = Vec::new();
    'pages: for (name, path) in [
        ("home /", "/".to_owned()),
        ("poor county", format!("/region/{county}")),
        ("organization", format!("/organization/{organization}")),
        ("statistics API", "/api/v1/statistics/region/cn".to_owned()),
    ] {
        // A render longer than the site's request timeout answers 408 and is not kept; the next
        // attempt may be quicker (the server's start-up work done, the database file cached). A
        // page never served is reported and left out of the load runs; the others are measured.
        let mut attempt = 1;
        let (status, content_type, body, first) = loop {
            let started = Instant::now();
            let (status, content_type, body) = fetch(port, &path).await?;
            let first = started.elapsed();
            if status == 200 {
                break (status, content_type, body, first);
            }
            println!(
                "  {name:<15} {path:<28} attempt {attempt}: answered {status}, not 200, after {}",
                ms(first)
            );
            if attempt == FIRST_ATTEMPTS {
                println!("  {name:<15} {path:<28} NOT served: left out of the load runs");
                continue 'pages;
            }
            attempt += 1;
        };
        debug_assert_eq!(status, 200);
        let content_type = HeaderValue::from_str(&content_type)
            .with_context(|| format!("content type of {path}"))?;
        pages.push(Page {
            name,
            path,
            content_type,
            body,
            first,
        });
    }
    for page in &pages {
        let alone = alone(port, &page.path).await?;
        println!(
            "  {:<15} {:<28} {:>8} bytes  {:<32} first request (not cached) {}; then one at a time: median {}",
            page.name,
            page.path,
            page.body.len(),
            page.content_type.to_str().unwrap_or("?"),
            ms(page.first),
            ms(alone)
        );
    }

    let (floor_port, stop_floor) = start_floor(&pages).await?;
    println!(
        "  {:<15} {:>12} {:>9} {:>9} | {:>12} {:>9} {:>9} | {:>7}  goal (p99 < 20 ms, ≥ 0.3×)",
        "page", "fupin req/s", "p50", "p99", "floor req/s", "p50", "p99", "ratio"
    );
    for page in &pages {
        // Start warm, as under steady traffic (the render without the cache is the first request
        // above): a page left cold for long stalls every connection for one render, which wrk
        // then counts as requests it could not send (its correction for coordinated omission).
        fetch(port, &page.path).await?;
        let ours = wrk(args, port, &page.path)?;
        let floor = wrk(args, floor_port, &page.path)?;
        let ratio = ours.requests_per_s / floor.requests_per_s;
        let met = ours.requests > 0 && ours.p99 < Duration::from_millis(20) && ratio >= 0.3;
        // No response completed: every latency exceeded the run, which wrk reports as zeros.
        let latency = |load: &Load, d: Duration| {
            if load.requests == 0 {
                format!("> {} s", args.duration)
            } else {
                ms(d)
            }
        };
        println!(
            "  {:<15} {:>12.0} {:>9} {:>9} | {:>12.0} {:>9} {:>9} | {:>6.2}×  {}",
            page.name,
            ours.requests_per_s,
            latency(&ours, ours.p50),
            latency(&ours, ours.p99),
            floor.requests_per_s,
            latency(&floor, floor.p50),
            latency(&floor, floor.p99),
            ratio,
            if met { "met" } else { "NOT met" }
        );
        for (who, load) in [("fupin", ours), ("floor", floor)] {
            if load.requests < 100 {
                println!(
                    "    note: {who} completed {} responses in {} s",
                    load.requests, args.duration
                );
            }
            if load.errors > 0 {
                println!(
                    "    warning: {who}: {} of {} responses were errors or failed sockets",
                    load.errors, load.requests
                );
            }
        }
    }
    let _ = stop_floor.send(());
    server.stop();
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// The busiest poor county (most published activities) and the organization with the most
/// published activities: the heaviest pages of their kind.
async fn pick_targets(url: &str) -> Result<(String, i64)> {
    let db = Db::connect(
        url,
        &ConnectOptions {
            max_connections: 1,
            ..ConnectOptions::default()
        },
    )
    .await
    .context("cannot open the demo database")?;
    let county: Option<(String,)> = db
        .fetch_optional(
            "SELECT l.county_code FROM activity_locations l \
             JOIN activities a ON a.id = l.activity_id \
             JOIN regions r ON r.code = l.county_code \
             WHERE a.status = 'published' AND a.is_current AND r.poor_county \
             GROUP BY l.county_code ORDER BY COUNT(*) DESC, l.county_code LIMIT 1",
            &[],
        )
        .await?;
    let organization: Option<(i64,)> = db
        .fetch_optional(
            "SELECT organization_id FROM activities WHERE status = 'published' AND is_current \
             GROUP BY organization_id ORDER BY COUNT(*) DESC, organization_id LIMIT 1",
            &[],
        )
        .await?;
    db.close().await;
    match (county, organization) {
        (Some((county,)), Some((organization,))) => Ok((county, organization)),
        _ => bail!("the demo database has no published activity"),
    }
}
