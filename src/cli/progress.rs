//! Progress bars on stderr for long runs: only when stderr is a terminal, the run is long and not `--quiet`.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Episodes below which a run is quick enough to need no bar.
const LONG_RUN_EPISODES: usize = 5_000;

/// Whether to draw a progress bar.
pub fn wanted(stderr_is_terminal: bool, quiet: bool, episodes: usize) -> bool {
    stderr_is_terminal && !quiet && episodes >= LONG_RUN_EPISODES
}

/// A count of the episodes tagged, drawn once a run is long: the inputs are read as they are tagged, so
/// how many episodes there are is known only at the end.
pub struct TaggingBar {
    bar: ProgressBar,
    /// Whether a long run may show it (stderr a terminal, not `--quiet`).
    allowed: bool,
    shown: AtomicBool,
}

impl TaggingBar {
    /// The count, hidden until `episodes` reaches [`LONG_RUN_EPISODES`] (from any thread).
    pub fn set_position(&self, episodes: u64) {
        let long = wanted(self.allowed, false, episodes as usize);
        if long && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        self.bar.set_position(episodes);
    }

    pub fn finish_and_clear(&self) {
        self.bar.finish_and_clear();
    }
}

/// The count of episodes tagged by `build`.
pub fn tagging_bar(quiet: bool) -> TaggingBar {
    let bar = ProgressBar::hidden();
    let style = ProgressStyle::with_template("{msg:>8} {human_pos} episodes, {per_sec}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message("tagging");
    TaggingBar {
        bar,
        allowed: std::io::stderr().is_terminal() && !quiet,
        shown: AtomicBool::new(false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_only_on_a_terminal_for_long_runs_without_quiet() {
        assert!(wanted(true, false, 100_000));
        assert!(!wanted(false, false, 100_000), "never on a pipe");
        assert!(!wanted(true, true, 100_000), "never with --quiet");
        assert!(!wanted(true, false, 17), "not for a quick run");
    }
}
