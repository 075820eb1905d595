//! The `castgraph` command: parse arguments, run, map errors to exit codes (0 done, 1 a query found
//! nothing, 2 an error; clap exits with 2 on a wrong command line).

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::color::Colors;

// Archives of 100k episodes allocate on every core and free on another: jemalloc does that quickly and
// keeps the peak memory near what is live (glibc keeps less but is slower; mimalloc held a third more).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read from this symbol when the program starts: memory freed goes back to the system
/// after 100 ms rather than 10 s. A build reads and frees megabytes of transcripts in a second or two, and
/// with the default a third of its peak was memory already freed (README, Speed).
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: MallocConf = MallocConf(c"dirty_decay_ms:100,muzzy_decay_ms:0".as_ptr());

/// A C string jemalloc reads (`const char *malloc_conf`).
#[cfg(not(target_env = "msvc"))]
#[repr(transparent)]
struct MallocConf(*const std::ffi::c_char);

// SAFETY: the pointer is to a static string that nothing writes.
#[cfg(not(target_env = "msvc"))]
unsafe impl Sync for MallocConf {}

/// Give the pages of memory freed so far back to the system now, not after jemalloc's decay. Called when
/// the tagging threads are done: the pages they freed sit in their own arenas, which the thread writing
/// the graph does not allocate from, so until they decay they add to the peak (Python Bytes' transcripts:
/// 4 MiB of the 41 this build held at its peak; README, Speed).
#[cfg(not(target_env = "msvc"))]
pub fn release_freed_memory() {
    // SAFETY: `arena.<i>.purge` takes and returns nothing (null pointers, no length); 4096 is
    // `MALLCTL_ARENAS_ALL`. A failure only leaves the pages to decay, as before.
    unsafe {
        tikv_jemalloc_sys::mallctl(
            c"arena.4096.purge".as_ptr(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        );
    }
}

/// The system allocator returns what is freed by itself.
#[cfg(target_env = "msvc")]
pub fn release_freed_memory() {}

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    let colors = Colors::detect(args.color);
    // Without it, Ctrl-C would leave the temporary file of a write in flight.
    if let Err(err) = cli::interrupt::install() {
        colors.warn(format_args!(
            "cannot handle Ctrl-C: an interrupted write may leave a hidden `.NAME.XXXXXX.tmp` file: {err}"
        ));
    }
    match cli::run::run(args, colors) {
        Ok(code) => code,
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            colors.error(err);
            ExitCode::from(cli::run::FAILED)
        }
    }
}

/// `castgraph episodes | head` closes the pipe early: that is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<std::io::Error>())
        .any(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}
