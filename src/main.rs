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
///
/// On Linux, jemalloc also asks for transparent huge pages (`thp:always`, which is `madvise` where the
/// system leaves them to the program): the build of the bundled corpus faulted in about 2,150 pages of
/// 4 KiB, each zeroed by the kernel, and with huge pages about 900, a fifth less system time (docs/speed.md).
/// They are off until `main` turns them on for that build ([`SMALL_PAGES_FIRST`], [`allow_huge_pages`]):
/// huge pages held 5 MB more at the peak of a folder of transcripts, past twice its size (README, Speed).
#[cfg(all(not(target_env = "msvc"), target_os = "linux"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: MallocConf =
    MallocConf(c"dirty_decay_ms:100,muzzy_decay_ms:0,thp:always".as_ptr());

#[cfg(all(not(target_env = "msvc"), not(target_os = "linux")))]
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

/// Huge pages off from the start, before jemalloc's first allocation (`prctl(PR_SET_THP_DISABLE)`: the
/// kernel then backs every page fault with a small page, whatever jemalloc asked for). Turned off only once
/// the arguments were parsed, a huge page faulted before that was held to the end: 2 MiB more at the peak
/// of a folder of transcripts. A function of `.init_array` runs before `main` and before any allocation.
#[cfg(target_os = "linux")]
#[used]
#[unsafe(link_section = ".init_array")]
static SMALL_PAGES_FIRST: extern "C" fn() = small_pages_first;

#[cfg(target_os = "linux")]
extern "C" fn small_pages_first() {
    // A failure leaves huge pages on: the same output, a larger peak.
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// Huge pages on again, for a run that holds a few megabytes ([`MALLOC_CONF`]).
#[cfg(target_os = "linux")]
fn allow_huge_pages() {
    // A failure leaves them off: the same output, more page faults.
    let _ = rustix::thread::disable_transparent_huge_pages(false);
}

#[cfg(not(target_os = "linux"))]
fn allow_huge_pages() {}

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    if args.builds_the_bundled_corpus() {
        allow_huge_pages();
    }
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
