//! Progress bars on stderr for long runs: only when stderr is a terminal, the run is long and not `--quiet`.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Episodes below which a run is quick enough to need no bar.
const LONG_RUN_EPISODES: usize = 5_000;

/// Whether to draw a progress bar.
pub fn wanted(stderr_is_terminal: bool, quiet: bool, episodes: usize) -> bool {
    stderr_is_terminal && !quiet && episodes >= LONG_RUN_EPISODES
}

/// A bar over `episodes`, or a hidden one when it is not wanted.
pub fn episodes_bar(quiet: bool, episodes: usize, message: &'static str) -> ProgressBar {
    if !wanted(std::io::stderr().is_terminal(), quiet, episodes) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(episodes as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{msg:>8} [{bar:40}] {human_pos}/{human_len} episodes, {eta} left",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar())
    .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(message);
    bar
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
