//! The national headline figures, computed at most every [`HOME_FRESH_FOR`] per process: the home
//! page and `/api/v1/figures` are the most requested and their sums cover every published activity,
//! so under load they are served from memory (a new publication shows within seconds). They follow
//! the [`PageCache`]'s generation: a write through the site that empties the page cache also makes
//! these figures be computed again, and figures computed across such a write are not reused.

use std::sync::Arc;
use std::time::{Duration, Instant};

use fupin_app::public::HomeFigures;
use fupin_app::{Actor, App, AppError};
use tokio::sync::Mutex;

use crate::page_cache::PageCache;

/// How long computed figures are served before they are computed again.
pub const HOME_FRESH_FOR: Duration = Duration::from_secs(10);

/// Figures and what they are valid for.
#[derive(Debug)]
struct Kept {
    /// When their computation ended (a computation longer than [`HOME_FRESH_FOR`] still serves).
    at: Instant,
    /// The page cache's generation then.
    generation: u64,
    figures: HomeFigures,
}

/// The last figures, valid while fresh and while no write has emptied `pages` since.
#[derive(Debug, Clone)]
pub struct HomeCache {
    pages: PageCache,
    kept: Arc<Mutex<Option<Kept>>>,
}

impl HomeCache {
    /// A cache whose figures are forgotten whenever `pages` is emptied by a write.
    pub fn new(pages: &PageCache) -> Self {
        HomeCache {
            pages: pages.clone(),
            kept: Arc::default(),
        }
    }

    /// The figures, from memory when fresh; otherwise computed once (concurrent requests wait for
    /// that one computation rather than each running the sums).
    pub async fn figures(&self, app: &App) -> Result<HomeFigures, AppError> {
        let mut kept = self.kept.lock().await;
        // Read before computing: a write landing during the sums leaves them marked older.
        let generation = self.pages.generation();
        if let Some(k) = kept.as_ref()
            && k.generation == generation
            && k.at.elapsed() < HOME_FRESH_FOR
        {
            return Ok(k.figures.clone());
        }
        let figures = app.home_figures(&Actor::public()).await?;
        *kept = Some(Kept {
            at: Instant::now(),
            generation,
            figures: figures.clone(),
        });
        Ok(figures)
    }
}
