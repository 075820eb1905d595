//! Ctrl-C, SIGTERM and SIGHUP: the temporary files of writes in flight are removed and castgraph exits
//! with 128 + the signal's number (130 for Ctrl-C), as a shell reports a process the signal ended. The
//! destination of a write is untouched: it is replaced only by the rename that ends a write.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The temporary files being written.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The temporary files being written, locked: a signal's cleanup waits while a temporary file is created
/// and listed, or renamed and unlisted, so it never misses one.
pub fn in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_FLIGHT.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Remove a temporary file from the list (it was renamed, or removed on an error).
pub fn forget(list: &mut Vec<PathBuf>, path: &Path) {
    list.retain(|p| p != path);
}

/// Remove the temporary files being written; the list stays locked, so no write starts or ends after.
fn remove_in_flight() -> MutexGuard<'static, Vec<PathBuf>> {
    let list = in_flight();
    for path in list.iter() {
        let _ = std::fs::remove_file(path);
    }
    list
}

/// Handle SIGINT, SIGTERM and SIGHUP on a thread of their own for the rest of the run.
#[cfg(unix)]
pub fn install() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _held = remove_in_flight();
                std::process::exit(128 + signal);
            }
        })?;
    Ok(())
}

#[cfg(not(unix))]
pub fn install() -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signal_removes_the_temporary_files_in_flight() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".graph.json.abcdef.tmp");
        std::fs::write(&temp, "half").unwrap();
        in_flight().push(temp.clone());
        drop(remove_in_flight());
        assert!(!temp.exists());
        forget(&mut in_flight(), &temp);
        assert!(!in_flight().contains(&temp));
    }
}
