//! The single flight behind [`PageCache`]: per key the kept answer and the render in progress,
//! the render's duty to its waiters ([`Lead`]), and the bounds.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::http::response::Parts;
use axum::response::Response;
use tokio::sync::watch;

use super::{BUDGET, CAPACITY, PageCache};

/// One rendered answer.
pub(super) struct Cached {
    /// When its render ended.
    pub(super) at: Instant,
    pub(super) parts: Parts,
    pub(super) body: Bytes,
}

impl Cached {
    pub(super) fn response(&self) -> Response {
        Response::from_parts(self.parts.clone(), Body::from(self.body.clone()))
    }

    fn size(&self, key: &str) -> usize {
        key.len() + self.body.len()
    }
}

/// What a render tells the requests waiting for it.
#[derive(Clone)]
pub(super) enum Outcome {
    /// Still rendering.
    Pending,
    /// Its answer, for everyone who waited.
    Shared(Arc<Cached>),
    /// An answer that cannot be shared (a stream, a cookie): each renders its own.
    RenderYourself,
}

/// The render in progress for a key.
struct Flight {
    id: u64,
    outcome: watch::Receiver<Outcome>,
}

#[derive(Default)]
pub(super) struct Slot {
    pub(super) ready: Option<Arc<Cached>>,
    flight: Option<Flight>,
}

#[derive(Default)]
pub(super) struct Entries {
    pub(super) slots: HashMap<String, Slot>,
    /// Sum of [`Cached::size`] of the ready answers.
    pub(super) bytes: usize,
    next_flight: u64,
}

impl Entries {
    fn drop_ready(&mut self, key: &str) {
        if let Some(slot) = self.slots.get_mut(key)
            && let Some(old) = slot.ready.take()
        {
            self.bytes = self.bytes.saturating_sub(old.size(key));
        }
    }

    /// Makes room: first what can no longer be served (older than `servable`), then the oldest
    /// answers, down to three quarters of the limits so that a crawler does not make every insert
    /// pay for a sweep.
    fn evict(&mut self, servable: Duration) {
        let over = |e: &Entries, n: usize, b: usize| e.slots.len() > n || e.bytes > b;
        if !over(self, CAPACITY, BUDGET) {
            return;
        }
        let expired: Vec<String> = self
            .slots
            .iter()
            .filter(|(_, s)| s.ready.as_ref().is_some_and(|c| c.at.elapsed() >= servable))
            .map(|(k, _)| k.clone())
            .collect();
        for key in expired {
            self.drop_ready(&key);
        }
        self.slots
            .retain(|_, s| s.ready.is_some() || s.flight.is_some());
        let (count, bytes) = (CAPACITY * 3 / 4, BUDGET * 3 / 4);
        if !over(self, count, bytes) {
            return;
        }
        let mut oldest: Vec<(Instant, String)> = self
            .slots
            .iter()
            .filter_map(|(k, s)| s.ready.as_ref().map(|c| (c.at, k.clone())))
            .collect();
        oldest.sort_unstable();
        for (_, key) in oldest {
            if !over(self, count, bytes) {
                break;
            }
            self.drop_ready(&key);
            if self.slots.get(&key).is_some_and(|s| s.flight.is_none()) {
                self.slots.remove(&key);
            }
        }
    }
}

/// What a request does after looking its key up.
pub(super) enum Step {
    /// Serve this answer.
    Hit(Arc<Cached>),
    /// Wait for the render in progress.
    Wait(watch::Receiver<Outcome>),
    /// Render, for everyone.
    Lead(Lead),
    /// Serve this expired answer, and render its replacement for everyone in the background.
    Refresh(Arc<Cached>, Lead),
}

/// The right, and duty, to render a key for everyone: when dropped unfinished (the handler
/// panicked or ran out of time), the waiters are released to try again.
pub(super) struct Lead {
    pub(super) cache: PageCache,
    key: String,
    id: u64,
    generation: u64,
    outcome: watch::Sender<Outcome>,
    finished: bool,
}

impl Lead {
    /// Releases the waiters with `outcome`; keeps the answer when `keep` and no write came since
    /// the render started.
    pub(super) fn finish(mut self, outcome: Outcome, keep: bool) {
        {
            let mut entries = self.cache.lock();
            let ours = entries
                .slots
                .get(&self.key)
                .and_then(|s| s.flight.as_ref())
                .is_some_and(|f| f.id == self.id);
            let unchanged = self.cache.generation() == self.generation;
            if ours {
                entries.drop_ready(&self.key);
                let kept = match (&outcome, keep && unchanged) {
                    (Outcome::Shared(cached), true) => Some(cached.clone()),
                    _ => None,
                };
                if let Some(cached) = kept {
                    entries.bytes += cached.size(&self.key);
                    if let Some(slot) = entries.slots.get_mut(&self.key) {
                        slot.flight = None;
                        slot.ready = Some(cached);
                    }
                    entries.evict(self.cache.0.fresh + self.cache.0.stale);
                } else {
                    entries.slots.remove(&self.key);
                }
            }
        }
        self.outcome.send_replace(outcome);
        self.finished = true;
    }
}

impl Drop for Lead {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        // The sender goes right after this: waiters then find no flight and one of them leads.
        let mut entries = self.cache.lock();
        if let Some(slot) = entries.slots.get_mut(&self.key)
            && slot.flight.as_ref().is_some_and(|f| f.id == self.id)
        {
            slot.flight = None;
            if slot.ready.is_none() {
                entries.slots.remove(&self.key);
            }
        }
    }
}

impl PageCache {
    /// Looks `key` up: a fresh answer (or an expired one while it is being rendered again), the
    /// render in progress to wait for, or the duty to render it (in the background when an
    /// expired answer can be served meanwhile).
    pub(super) fn step(&self, key: &str) -> Step {
        let mut entries = self.lock();
        let servable = self.0.fresh + self.0.stale;
        let mut stale = None;
        if let Some(slot) = entries.slots.get(key) {
            let age = slot.ready.as_ref().map(|c| (c.at.elapsed(), c));
            match (age, &slot.flight) {
                (Some((age, c)), _) if age < self.0.fresh => {
                    Self::count(&self.0.hits);
                    return Step::Hit(c.clone());
                }
                (Some((age, c)), Some(_)) if age < servable => {
                    Self::count(&self.0.stale_hits);
                    return Step::Hit(c.clone());
                }
                (_, Some(flight)) => {
                    Self::count(&self.0.joined);
                    return Step::Wait(flight.outcome.clone());
                }
                (Some((age, c)), None) if age < servable => {
                    Self::count(&self.0.stale_hits);
                    stale = Some(c.clone());
                }
                _ => {}
            }
        }
        let id = entries.next_flight;
        entries.next_flight += 1;
        let (outcome, receiver) = watch::channel(Outcome::Pending);
        let flight = Flight {
            id,
            outcome: receiver,
        };
        // An expired answer stays, for the others while this render runs.
        entries.slots.entry(key.to_owned()).or_default().flight = Some(flight);
        let lead = Lead {
            cache: self.clone(),
            key: key.to_owned(),
            id,
            generation: self.generation(),
            outcome,
            finished: false,
        };
        match stale {
            Some(stale) => Step::Refresh(stale, lead),
            None => Step::Lead(lead),
        }
    }
}
