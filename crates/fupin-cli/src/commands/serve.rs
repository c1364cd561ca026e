//! `fupin serve`.

use std::process::ExitCode;

use anyhow::{Context, Result};
use fupin_app::App;

use crate::config::{Config, Overrides};

/// Serves the platform until Ctrl-C or SIGTERM.
pub async fn run(overrides: &Overrides) -> Result<ExitCode> {
    let config = Config::load(overrides, "fupin.db")?;
    tracing::info!(?config, "starting");
    let app = super::open_app(&config).await?;
    serve(app, &config).await
}

/// Serves an opened platform on the configured address.
pub async fn serve(app: App, config: &Config) -> Result<ExitCode> {
    let listener = tokio::net::TcpListener::bind(config.listen)
        .await
        .with_context(|| format!("无法监听 {}", config.listen))?;
    let db = app.db().clone();
    // The registry index is built before the first roster is submitted, not during that request
    // (10 million persons take tens of seconds to read).
    let warm = app.clone();
    tokio::spawn(async move {
        match warm.warm_verification().await {
            Ok(persons) => tracing::info!(persons, "registry index ready for verification"),
            Err(err) => tracing::warn!("registry index not built: {err}"),
        }
    });
    println!("Fupin 已启动：http://{}/", listener.local_addr()?);
    let mut state = fupin_web::WebState::new(app);
    state.secure_cookies = config.secure_cookies;
    fupin_web::serve(state, listener, shutdown_signal()).await?;
    db.close().await;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
