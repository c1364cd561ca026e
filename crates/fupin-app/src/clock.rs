//! The time the use cases see: the system clock in production, a hand-moved one in tests (idle
//! timeouts, lockouts and retention are about time and must be tested without sleeping).

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use time::{Duration, OffsetDateTime};

/// A source of the current time (UTC, whole microseconds: what both databases store exactly).
#[derive(Clone)]
pub struct Clock(Source);

#[derive(Clone)]
enum Source {
    System,
    Manual(Arc<Mutex<OffsetDateTime>>),
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Source::System => f.write_str("Clock(system)"),
            Source::Manual(_) => f.write_str("Clock(manual)"),
        }
    }
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock(Source::System)
    }

    /// A clock that stands still at `start` until moved with [`ManualClock`].
    pub fn manual(start: OffsetDateTime) -> (Clock, ManualClock) {
        let cell = Arc::new(Mutex::new(truncate(start)));
        (Clock(Source::Manual(Arc::clone(&cell))), ManualClock(cell))
    }

    /// Now.
    pub fn now(&self) -> OffsetDateTime {
        match &self.0 {
            Source::System => truncate(OffsetDateTime::now_utc()),
            Source::Manual(cell) => *cell.lock().unwrap_or_else(PoisonError::into_inner),
        }
    }
}

/// The handle that moves a manual [`Clock`].
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Mutex<OffsetDateTime>>);

impl ManualClock {
    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now = truncate(*now + by);
    }
}

fn truncate(t: OffsetDateTime) -> OffsetDateTime {
    let micros = t.microsecond();
    t.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(micros * 1000)
        .unwrap_or(t)
}
