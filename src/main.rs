//! The `castgraph` command: parse arguments, run, map errors to exit codes.

mod cli;

use std::process::ExitCode;

use clap::Parser;

// Archives of 100k episodes allocate on every core and free on another: jemalloc does that quickly and
// keeps the peak memory near what is live (glibc keeps less but is slower; mimalloc held a third more).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    match cli::run::run(args) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// `castgraph episodes | head` closes the pipe early: that is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
