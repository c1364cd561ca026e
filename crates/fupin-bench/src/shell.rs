//! Helpers shared by the benchmarks: the PostgreSQL shell, other tools, SQLite files, memory and
//! the fixed personal-data key.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use fupin_app::PiiKeys;

/// Runs `command` in `psql` against `url`, stopping at the first error.
pub fn psql(url: &str, command: &str) -> Result<()> {
    run_ok(
        Command::new("psql")
            .arg(url)
            .arg("-v")
            .arg("ON_ERROR_STOP=1")
            .arg("-qc")
            .arg(command),
    )
}

/// `admin` (a server URL naming any database) with database `name` instead.
pub fn with_database(admin: &str, name: &str) -> String {
    match admin.rsplit_once('/') {
        Some((server, _)) if server.contains("://") && !server.ends_with('/') => {
            format!("{server}/{name}")
        }
        _ => format!("{}/{name}", admin.trim_end_matches('/')),
    }
}

/// Whether database `name` exists on the server at `admin`.
pub fn database_exists(admin: &str, name: &str) -> Result<bool> {
    let output = Command::new("psql")
        .arg(admin)
        .arg("-Atqc")
        .arg(format!(
            "SELECT 1 FROM pg_database WHERE datname = '{name}'"
        ))
        .output()
        .context("cannot run psql")?;
    if !output.status.success() {
        bail!(
            "PostgreSQL at {admin} is not reachable: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim() == "1")
}

/// Runs `command`, failing with its standard error unless it succeeds.
pub fn run_ok(command: &mut Command) -> Result<()> {
    let output = command
        .output()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Peak resident memory of this process since the last [`reset_peak_rss`], in KiB (Linux).
pub fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Resets the peak-memory mark to the current resident size (Linux `clear_refs`).
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Removes a SQLite database with its WAL and shared-memory files, if they exist.
/// Reads the files that exist of `paths` through once, so that what is timed next finds them in
/// the operating system's page cache whatever ran before (DuckDB's run can take enough memory to
/// push a database out of it); returns the bytes read. Both sides of a comparison are warmed
/// this way: the CSV before DuckDB loads it, the database file before each rebuild.
pub fn read_through(paths: &[std::path::PathBuf]) -> Result<u64> {
    use std::io::Read;
    let mut total = 0;
    let mut buffer = vec![0u8; 1 << 20];
    for path in paths.iter().filter(|p| p.exists()) {
        let mut file =
            std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
        loop {
            let n = file.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            total += n as u64;
        }
    }
    Ok(total)
}

pub fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// The fixed personal-data key the benchmarks use (their data is synthetic), as hex: 32 bytes of
/// cipher key, then 32 bytes of matching (HMAC) key.
const BENCH_KEY_HEX_BYTE: &str = "5a";

/// The fixed personal-data key the import benchmarks use (their data is synthetic).
pub fn bench_keys() -> Result<PiiKeys> {
    Ok(PiiKeys::from_hex(&BENCH_KEY_HEX_BYTE.repeat(64))?)
}

/// The matching (HMAC) half of [`bench_keys`], for a hasher keyed once and cloned per ID; whoever
/// uses it checks it against `PiiKeys::id_hash`.
pub fn bench_mac_key() -> Result<[u8; 32]> {
    let byte = u8::from_str_radix(BENCH_KEY_HEX_BYTE, 16)?;
    Ok([byte; 32])
}

/// CPU time (user + system) this process has used so far, all threads (Linux `/proc/self/stat`,
/// in clock ticks of 10 ms).
pub fn cpu_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at field 3.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(std::time::Duration::from_millis((user + system) * 10))
}
