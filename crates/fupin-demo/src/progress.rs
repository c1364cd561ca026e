//! Progress bars (indicatif), hidden unless asked for.

use indicatif::{ProgressBar, ProgressStyle};

/// Makes one bar per phase; every bar is hidden when progress display is off.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Progress {
    enabled: bool,
}

impl Progress {
    /// Bars shown on the terminal when `enabled`.
    pub(crate) fn new(enabled: bool) -> Progress {
        Progress { enabled }
    }

    /// A bar for a phase of `len` items.
    pub(crate) fn bar(&self, len: u64, message: &'static str) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let style = ProgressStyle::with_template(
            "{msg:<14} [{bar:40.cyan/blue}] {human_pos:>11}/{human_len:11} {per_sec:>12} 剩余 {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        let bar = ProgressBar::new(len).with_style(style);
        bar.set_message(message);
        bar
    }

    /// A spinner for a phase of unknown length.
    pub(crate) fn spinner(&self, message: &'static str) -> ProgressBar {
        if !self.enabled {
            return ProgressBar::hidden();
        }
        let bar = ProgressBar::new_spinner();
        bar.set_message(message);
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        bar
    }
}
