//! Driving Debian's `wrk` and reading its `--latency` report.

use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use super::Args;

/// What `wrk --latency` reported.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    /// `Requests/sec`.
    pub requests_per_s: f64,
    /// The 50 % latency line.
    pub p50: Duration,
    /// The 99 % latency line.
    pub p99: Duration,
    /// Responses completed in the run.
    pub requests: u64,
    /// Non-2xx/3xx responses plus socket errors (connect, read, write, timeout).
    pub errors: u64,
}

/// One second of warm-up, then the measured run.
pub fn wrk(args: &Args, port: u16, path: &str) -> Result<Load> {
    let url = format!("http://127.0.0.1:{port}{path}");
    run_wrk(args, 1, &url)?;
    run_wrk(args, args.duration, &url)
}

fn run_wrk(args: &Args, seconds: u32, url: &str) -> Result<Load> {
    let output = Command::new("wrk")
        .arg(format!("-t{}", args.threads))
        .arg(format!("-c{}", args.connections))
        .arg(format!("-d{seconds}s"))
        .arg(format!("--timeout={}s", args.timeout))
        .arg("--latency")
        .arg(url)
        .output()
        .context("cannot run wrk (apt-get install -y wrk)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "wrk {url} failed: {}{text}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    parse_wrk(&text).with_context(|| format!("cannot read wrk's report:\n{text}"))
}

fn parse_wrk(text: &str) -> Result<Load> {
    let mut requests_per_s = None;
    let mut p50 = None;
    let mut p99 = None;
    let mut requests = 0;
    let mut errors = 0;
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", n] => requests_per_s = Some(n.parse::<f64>()?),
            ["50%", t] => p50 = Some(duration(t)?),
            ["99%", t] => p99 = Some(duration(t)?),
            [n, "requests", "in", ..] => requests = n.parse()?,
            ["Non-2xx", "or", "3xx", "responses:", n] => errors += n.parse::<u64>()?,
            ["Socket", "errors:", rest @ ..] => {
                // connect 0, read 0, write 0, timeout 0
                for n in rest.iter().skip(1).step_by(2) {
                    errors += n.trim_end_matches(',').parse::<u64>()?;
                }
            }
            _ => {}
        }
    }
    match (requests_per_s, p50, p99) {
        (Some(requests_per_s), Some(p50), Some(p99)) => Ok(Load {
            requests_per_s,
            p50,
            p99,
            requests,
            errors,
        }),
        _ => bail!("no Requests/sec or latency distribution"),
    }
}

/// wrk's durations: `812.00us`, `1.25ms`, `2.01s`, `1.50m`.
fn duration(text: &str) -> Result<Duration> {
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .with_context(|| format!("duration without unit: {text}"))?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse()?;
    let seconds = match unit {
        "us" => value / 1e6,
        "ms" => value / 1e3,
        "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => bail!("unknown duration unit in {text}"),
    };
    Ok(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn reads_wrk_reports() {
        let report = "Running 5s test @ http://127.0.0.1:8080/
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.10ms    1.20ms  30.00ms   80.00%
    Req/Sec    10.50k     1.00k   12.00k    70.00%
  Latency Distribution
     50%  812.00us
     75%    3.00ms
     90%    4.00ms
     99%    1.02s
  104500 requests in 5.00s, 1.20GB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:  20900.12
Transfer/sec:    245.00MB
";
        let load = parse_wrk(report).unwrap();
        assert!((load.requests_per_s - 20900.12).abs() < 1e-6);
        assert_eq!(load.p50.as_micros(), 812);
        assert!((load.p99.as_secs_f64() - 1.02).abs() < 1e-9);
        assert_eq!(load.requests, 104_500);
        assert_eq!(load.errors, 12);
    }
}
