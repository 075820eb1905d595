//! Files written whole or not at all: every file castgraph writes goes to a temporary file beside its
//! destination and is renamed over it once complete, so a failed run never leaves a half-written file or
//! clobbers a good one. A temporary file is removed when the write fails, when castgraph is interrupted
//! (Ctrl-C, SIGTERM, SIGHUP: see `interrupt`), and, for one left by a run that was killed outright
//! (`kill -9`, a power cut), by the next write to the same destination once it is an hour old.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::interrupt;

/// A temporary file not written to for this long belongs to a run that was killed: a live run writes its
/// output in seconds, without a pause. (A run stopped with Ctrl-Z for longer loses its temporary file and
/// fails to rename it; the destination is untouched.)
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// How many random characters tempfile puts in a name (`.graph.json.` + `a1B2c3` + `.tmp`).
const RANDOM_CHARS: usize = 6;

/// Errors writing an output file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum OutputError {
    #[error("cannot write `{path}`; check that its folder exists and is writable")]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(
        "`{path}` is not a regular file (a folder or a device); give the path of a file to write, or `-o -` for standard output"
    )]
    NotAFile { path: PathBuf },
}

/// Write `path` atomically: `write` fills a temporary file in the same folder, which replaces `path` only
/// when `write` succeeds. On error the temporary file is removed and `path` is untouched.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), OutputError> {
    let io_error = |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    };
    // The rename would replace a device node or fail on a folder: say so before writing anything.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(OutputError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    remove_stale_temporaries(path, STALE_AFTER);
    // Listed as soon as it exists, so that a signal's cleanup finds it; unlisted after it is renamed or
    // removed (`listed` is dropped after `temp`).
    let listed;
    let temp = {
        let mut in_flight = interrupt::in_flight();
        let temp = temporary_beside(path).map_err(io_error)?;
        in_flight.push(temp.path().to_path_buf());
        listed = Listed(temp.path().to_path_buf());
        temp
    };
    // Large, page-multiple writes: the kernel zeroes the rest of every page a short write leaves partial.
    let mut writer = BufWriter::with_capacity(1 << 20, temp);
    write(&mut writer).map_err(io_error)?;
    let temp = writer.into_inner().map_err(|e| io_error(e.into_error()))?;
    // No fsync: the rename is what keeps a failed run (an error, a kill) from leaving half a file or
    // clobbering a good one. Surviving a power cut is not promised, and syncing a gigabyte took seconds.
    temp.persist(path).map_err(|e| io_error(e.error))?;
    drop(listed);
    Ok(())
}

/// A temporary file listed for removal on a signal, unlisted when dropped.
struct Listed(PathBuf);

impl Drop for Listed {
    fn drop(&mut self) {
        interrupt::forget(&mut interrupt::in_flight(), &self.0);
    }
}

/// The parts of the name of a temporary file for `path`: its folder and `.NAME.`.
fn temporary_name(path: &Path) -> (&Path, String) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (dir, format!(".{file_name}."))
}

/// Remove the temporary files of earlier writes to `path` that have not been written to for `age`: those of
/// runs killed outright. Only names tempfile makes (`.NAME.` + 6 letters or digits + `.tmp`) are touched;
/// what cannot be removed is left.
fn remove_stale_temporaries(path: &Path, age: Duration) {
    let (dir, prefix) = temporary_name(path);
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(random) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix.as_str()))
            .and_then(|n| n.strip_suffix(".tmp"))
        else {
            continue;
        };
        if random.len() != RANDOM_CHARS || !random.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let stale = entry.metadata().is_ok_and(|m| {
            m.is_file()
                && m.modified()
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|elapsed| elapsed >= age)
        });
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A temporary file in the folder of `path` (so the rename stays on one file system), named after it.
fn temporary_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let (dir, prefix) = temporary_name(path);
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(RANDOM_CHARS);
    // Temporary files are private (0600); the output should get the mode of the file it replaces, or
    // the ordinary mode for a new file (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    builder.tempfile_in(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_bytes(bytes: &'static [u8]) -> impl FnOnce(&mut dyn Write) -> io::Result<()> {
        move |out| out.write_all(bytes)
    }

    #[test]
    fn failed_write_keeps_the_old_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graph.json");
        std::fs::write(&path, "good").unwrap();
        let result = write_atomically(&path, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("failed"))
        });
        match result {
            Err(OutputError::Io { source, .. }) => assert_eq!(source.to_string(), "failed"),
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "good");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// As root, a rename replaces even a device node (`-o /dev/full`); anything but a regular file is
    /// refused before writing. (Tested on a folder: a device would be replaced if the check broke.)
    #[test]
    fn a_folder_or_device_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("out");
        std::fs::create_dir(&folder).unwrap();
        match write_atomically(&folder, write_bytes(b"x")) {
            Err(e @ OutputError::NotAFile { .. }) => {
                assert!(e.to_string().contains("not a regular file"), "{e}")
            }
            other => panic!("{other:?}"),
        }
        assert!(folder.is_dir());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary left"
        );
    }

    #[test]
    fn successful_write_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graph.json");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, write_bytes(b"new")).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_ordinary_permissions_and_replaced_files_keep_theirs() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.json");
        write_atomically(&fresh, write_bytes(b"x")).unwrap();
        let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
        assert_ne!(
            mode & 0o044,
            0,
            "a new output must be readable by others as umask allows, got {mode:o}"
        );
        let kept = dir.path().join("kept.json");
        std::fs::write(&kept, "old").unwrap();
        std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&kept, write_bytes(b"new")).unwrap();
        assert_eq!(
            std::fs::metadata(&kept).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    /// `kill -9` cannot be caught: the next write removes what such a run left, once it is stale, and
    /// nothing else.
    #[test]
    fn stale_temporaries_of_killed_runs_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("graph.json");
        let file = |name: &str| {
            let file = dir.path().join(name);
            std::fs::write(&file, "x").unwrap();
            file
        };
        let stale = file(".graph.json.a1B2c3.tmp");
        let fresh = file(".graph.json.d4E5f6.tmp");
        let other_output = file(".other.json.a1B2c3.tmp");
        let not_ours = file(".graph.json.notes.tmp");
        let hour_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 60 * 60);
        for old in [&stale, &other_output, &not_ours] {
            std::fs::File::options()
                .write(true)
                .open(old)
                .unwrap()
                .set_modified(hour_ago)
                .unwrap();
        }
        write_atomically(&path, write_bytes(b"new")).unwrap();
        assert!(
            !stale.exists(),
            "a stale temporary of this output is removed"
        );
        assert!(fresh.exists(), "a temporary being written is kept");
        assert!(other_output.exists(), "another output's is kept");
        assert!(not_ours.exists(), "a name tempfile does not make is kept");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn the_temporary_file_is_listed_while_written_and_unlisted_after() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("listed.json");
        let mut seen = Vec::new();
        write_atomically(&path, |out| {
            seen = interrupt::in_flight()
                .iter()
                .filter(|p| p.starts_with(dir.path()))
                .cloned()
                .collect();
            out.write_all(b"x")
        })
        .unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(!interrupt::in_flight().contains(&seen[0]));
        let _ = write_atomically(&path, |_| Err(io::Error::other("failed")));
        assert!(
            !interrupt::in_flight()
                .iter()
                .any(|p| p.starts_with(dir.path()))
        );
    }

    #[test]
    fn missing_folder_is_a_clear_error() {
        let err = write_atomically(Path::new("/nonexistent-dir/x.json"), |_| Ok(())).unwrap_err();
        assert!(
            err.to_string().contains("`/nonexistent-dir/x.json`"),
            "{err}"
        );
    }
}
