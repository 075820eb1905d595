//! Files written whole or not at all: every file castgraph writes goes to a temporary file beside its
//! destination and is renamed over it once complete, so a failed run never leaves a half-written file or
//! clobbers a good one.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

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
    let temp = temporary_beside(path).map_err(io_error)?;
    // Large, page-multiple writes: the kernel zeroes the rest of every page a short write leaves partial.
    let mut writer = BufWriter::with_capacity(1 << 20, temp);
    write(&mut writer).map_err(io_error)?;
    let temp = writer.into_inner().map_err(|e| io_error(e.into_error()))?;
    // No fsync: the rename is what keeps a failed run (an error, a kill) from leaving half a file or
    // clobbering a good one. Surviving a power cut is not promised, and syncing a gigabyte took seconds.
    temp.persist(path).map_err(|e| io_error(e.error))?;
    Ok(())
}

/// A temporary file in the folder of `path` (so the rename stays on one file system), named after it.
fn temporary_beside(path: &Path) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{file_name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
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

    #[test]
    fn missing_folder_is_a_clear_error() {
        let err = write_atomically(Path::new("/nonexistent-dir/x.json"), |_| Ok(())).unwrap_err();
        assert!(
            err.to_string().contains("`/nonexistent-dir/x.json`"),
            "{err}"
        );
    }
}
