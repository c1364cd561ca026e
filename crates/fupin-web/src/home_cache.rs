//! The national headline figures, computed at most every [`HOME_FRESH_FOR`] per process: the home
//! page and `/api/v1/figures` are the most requested and their sums cover every published activity,
//! so under load they are served from memory (a new publication shows within seconds).

use std::sync::Arc;
use std::time::{Duration, Instant};

use fupin_app::public::HomeFigures;
use fupin_app::{Actor, App, AppError};
use tokio::sync::Mutex;

/// How long computed figures are served before they are computed again.
pub const HOME_FRESH_FOR: Duration = Duration::from_secs(10);

/// The last figures and when they were computed.
#[derive(Debug, Clone, Default)]
pub struct HomeCache(Arc<Mutex<Option<(Instant, HomeFigures)>>>);

impl HomeCache {
    /// The figures, from memory when fresh; otherwise computed once (concurrent requests wait for
    /// that one computation rather than each running the sums).
    pub async fn figures(&self, app: &App) -> Result<HomeFigures, AppError> {
        let mut slot = self.0.lock().await;
        if let Some((at, figures)) = slot.as_ref()
            && at.elapsed() < HOME_FRESH_FOR
        {
            return Ok(figures.clone());
        }
        let figures = app.home_figures(&Actor::public()).await?;
        *slot = Some((Instant::now(), figures.clone()));
        Ok(figures)
    }
}
