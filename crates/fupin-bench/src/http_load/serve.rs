//! The servers of the benchmark (the `fupin serve` child and the floor) and a plain HTTP/1.0
//! client for the requests made one at a time.

use std::collections::BTreeMap;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use axum::Router;
use axum::body::Bytes;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use super::Page;

/// A free local port.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}

/// The `fupin serve` child, stopped with SIGTERM (graceful shutdown), killed if it lingers.
pub struct Server(pub Child);

impl Server {
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.0.id().to_string())
            .status();
        for _ in 0..50 {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.0.try_wait() {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
}

/// Median latency of 11 sequential requests (one connection each), no other load.
pub async fn alone(port: u16, path: &str) -> Result<Duration> {
    let mut samples = Vec::new();
    for _ in 0..11 {
        let started = Instant::now();
        fetch(port, path).await?;
        samples.push(started.elapsed());
    }
    samples.sort();
    Ok(samples[samples.len() / 2])
}

pub async fn wait_ready(port: u16, limit: Duration) -> Result<()> {
    let started = Instant::now();
    loop {
        if let Ok((200, _, _)) = fetch(port, "/healthz").await {
            return Ok(());
        }
        if started.elapsed() > limit {
            bail!("fupin serve did not answer /healthz on port {port} within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the server's start-up work is done: `fupin serve` builds the verification's
/// registry index in the background (over a minute of one core at 6 M persons), and a page measured
/// meanwhile measures that work too. Done when `log` (the server's) says the index is ready or
/// could not be built; returns how long that took from now.
pub async fn wait_warm_up(log: &std::path::Path, limit: Duration) -> Result<Duration> {
    let started = Instant::now();
    loop {
        let text = std::fs::read_to_string(log).unwrap_or_default();
        if text.contains("registry index ready") || text.contains("registry index not built") {
            return Ok(started.elapsed());
        }
        if started.elapsed() > limit {
            bail!("fupin serve did not finish its start-up work within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// `GET path` over HTTP/1.0 (no chunked encoding, the server closes): status, content type, body.
pub async fn fetch(port: u16, path: &str) -> Result<(u16, String, Bytes)> {
    let mut stream = tokio::net::TcpStream::connect((Ipv4Addr::LOCALHOST, port)).await?;
    stream
        .write_all(format!("GET {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n").as_bytes())
        .await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("response without a header end")?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let body = Bytes::copy_from_slice(&raw[split + 4..]);
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .context("response without a status line")?;
    let content_type = lines
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    Ok((status, content_type, body))
}

/// The floor: one bare axum route per page returning its bytes and content type.
pub async fn start_floor(pages: &[Page]) -> Result<(u16, tokio::sync::oneshot::Sender<()>)> {
    let mut router = Router::new();
    let mut seen = BTreeMap::new();
    for page in pages {
        if seen.insert(page.path.clone(), ()).is_some() {
            continue;
        }
        let content_type = page.content_type.clone();
        let body = page.body.clone();
        router = router.route(
            &page.path,
            get(move || {
                let content_type = content_type.clone();
                let body = body.clone();
                async move { ([(CONTENT_TYPE, content_type)], body) }
            }),
        );
    }
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    let port = listener.local_addr()?.port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    Ok((port, stop))
}
