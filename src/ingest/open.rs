//! Opening and reading the files castgraph is given (show notes, chapters files, taxonomies, PEP metadata,
//! graphs, gold annotations): every one is read through here, so none can hang the program or exhaust its
//! memory.
//!
//! - A regular file is read whole, up to a size limit ([`LARGE_FILE_MAX`] for show notes and graphs,
//!   [`SMALL_FILE_MAX`] for the rest), checked before anything is read.
//! - A pipe (`-` in a pipeline, `<(cmd)`) is read until its writer closes it, up to the same limit.
//! - A named pipe (`mkfifo`) is opened without waiting for a writer; if no program has opened it for
//!   writing within [`WRITER_WAIT`], it is refused instead of blocking forever.
//! - A terminal is read as text typed until end of file; any other device (`/dev/zero`, a disk) is
//!   refused, as is a folder.
//!
//! Refusals are [`InputFileError`]s inside an [`std::io::Error`], which every reader already reports with
//! the file's name.

use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The most read from a file of show notes or a graph: 4 GiB (the 100k-episode archive is 141 MB, its graph
/// 1.05 GB).
pub const LARGE_FILE_MAX: u64 = 4 << 30;
/// The most read from a taxonomy, PEP metadata, a chapters file or gold annotations: 256 MiB (the shipped
/// taxonomy is 60 KB, peps.python.org's metadata 1 MB).
pub const SMALL_FILE_MAX: u64 = 256 << 20;
/// How long a named pipe may go without a writer before it is refused.
pub(crate) const WRITER_WAIT: Duration = Duration::from_secs(5);

/// Why a file given as input is not read. It is the source of an [`io::Error`], whose reader names the
/// file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputFileError {
    /// More than `limit` bytes: the file is larger, or a pipe gave more.
    #[error("it holds more than {}, the most castgraph reads from one file; split it into smaller files", bytes(*.limit))]
    TooLarge { limit: u64 },
    /// A named pipe that no program opened for writing within `waited`.
    #[error(
        "it is a named pipe that no program opened for writing within {} s; start the program that writes to it first, or give a file",
        .waited.as_secs()
    )]
    NoWriter { waited: Duration },
    /// A device other than a terminal (`/dev/zero`, a disk), a socket or a folder.
    #[error("it is {what}, not a file; give a file, a pipe, or `-` for standard input")]
    NotAFile { what: &'static str },
}

impl InputFileError {
    fn into_io(self) -> io::Error {
        let kind = match self {
            InputFileError::TooLarge { .. } => io::ErrorKind::FileTooLarge,
            InputFileError::NoWriter { .. } => io::ErrorKind::TimedOut,
            InputFileError::NotAFile { .. } => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, self)
    }
}

/// A size for people: `4 GiB`, `256 MiB`, `12 bytes`.
fn bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n => format!("{n} bytes"),
    }
}

/// The whole of `path`, up to `max` bytes (see the module's documentation for what is refused).
pub(crate) fn read_bytes(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    read_bytes_waiting(path, max, WRITER_WAIT)
}

/// The whole of `path` as UTF-8 text, up to `max` bytes; not UTF-8 is an [`io::ErrorKind::InvalidData`]
/// error, as [`std::fs::read_to_string`] gives.
pub(crate) fn read_string(path: &Path, max: u64) -> io::Result<String> {
    String::from_utf8(read_bytes(path, max)?).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        )
    })
}

/// `path` opened for reading in blocks when it is a regular file of at most `max` bytes; `None` when it
/// is anything else, which [`read_bytes`] reads (and refuses) whole.
pub(crate) fn open_regular(path: &Path, max: u64) -> io::Result<Option<std::fs::File>> {
    if !std::fs::metadata(path)?.is_file() {
        return Ok(None);
    }
    let file = std::fs::File::open(path)?;
    check_size(file.metadata()?.len(), max)?;
    Ok(Some(file))
}

fn check_size(size: u64, max: u64) -> io::Result<()> {
    if size > max {
        return Err(InputFileError::TooLarge { limit: max }.into_io());
    }
    Ok(())
}

fn read_bytes_waiting(path: &Path, max: u64, wait: Duration) -> io::Result<Vec<u8>> {
    // The type is told without opening: opening a named pipe with no writer, or a tape, blocks.
    let file_type = std::fs::metadata(path)?.file_type();
    if file_type.is_file() {
        let file = std::fs::File::open(path)?;
        let size = file.metadata()?.len();
        check_size(size, max)?;
        // The size is a hint: the file may grow while it is read.
        return read_capped(file, max, size as usize);
    }
    if file_type.is_dir() {
        return Err(InputFileError::NotAFile { what: "a folder" }.into_io());
    }
    unix::read_special(path, &file_type, max, wait)
}

/// Read `reader` to its end, refusing more than `max` bytes.
fn read_capped(reader: impl Read, max: u64, size_hint: usize) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(size_hint.saturating_add(1));
    reader.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    check_size(bytes.len() as u64, max)?;
    Ok(bytes)
}

#[cfg(unix)]
mod unix {
    use std::fs::{File, FileType};
    use std::io::{self, IsTerminal, Read};
    use std::os::unix::fs::FileTypeExt;
    use std::path::Path;
    use std::time::{Duration, Instant};

    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    use rustix::fs::{Mode, OFlags};

    use super::{InputFileError, check_size, read_capped};

    /// A pipe, a named pipe, a terminal; anything else refused.
    pub(super) fn read_special(
        path: &Path,
        file_type: &FileType,
        max: u64,
        wait: Duration,
    ) -> io::Result<Vec<u8>> {
        if file_type.is_fifo() && !super::is_anonymous_pipe(path) {
            return read_named_pipe(path, max, wait);
        }
        if file_type.is_fifo() {
            // A pipe of a pipeline or `<(cmd)`: its writer exists or has been and gone.
            return read_capped(File::open(path)?, max, 0);
        }
        let what = if file_type.is_char_device() {
            "a device"
        } else if file_type.is_block_device() {
            "a disk device"
        } else {
            "a socket"
        };
        if file_type.is_char_device() {
            // Opening without blocking: a serial line would wait for its carrier.
            let file = File::from(rustix::fs::open(
                path,
                OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK | OFlags::NOCTTY,
                Mode::empty(),
            )?);
            if file.is_terminal() {
                // Text typed (or pasted) until Ctrl-D: opened again, to wait for it.
                drop(file);
                return read_capped(File::open(path)?, max, 0);
            }
        }
        Err(InputFileError::NotAFile { what }.into_io())
    }

    /// A named pipe, opened without waiting for a writer: refused when none has come within `wait`, then
    /// read until the writers close it.
    fn read_named_pipe(path: &Path, max: u64, wait: Duration) -> io::Result<Vec<u8>> {
        let mut file = File::from(rustix::fs::open(
            path,
            OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NONBLOCK,
            Mode::empty(),
        )?);
        let deadline = Instant::now() + wait;
        let mut bytes = Vec::new();
        // A read of nothing is the end only once a writer has come: before, it means none has opened it.
        let mut writer_seen = false;
        let mut block = vec![0; 64 << 10];
        loop {
            match file.read(&mut block) {
                Ok(0) if writer_seen => break,
                Ok(0) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return Err(InputFileError::NoWriter { waited: wait }.into_io());
                    }
                    // Data, or a writer that came and went, ends the wait.
                    writer_seen = wait_readable(&file, Some(left))?;
                }
                Ok(n) => {
                    writer_seen = true;
                    bytes.extend_from_slice(&block[..n]);
                    check_size(bytes.len() as u64, max)?;
                }
                // A writer has the pipe open and has not written yet.
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                    writer_seen = true;
                    wait_readable(&file, None)?;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(bytes)
    }

    /// Wait until `file` has data or its writer has gone; `false` when `timeout` passed first.
    fn wait_readable(file: &File, timeout: Option<Duration>) -> io::Result<bool> {
        let timeout = timeout
            .map(|t| Timespec::try_from(t).map_err(io::Error::other))
            .transpose()?;
        let mut fds = [PollFd::new(file, PollFlags::IN)];
        match poll(&mut fds, timeout.as_ref()) {
            Ok(ready) => Ok(ready > 0),
            Err(rustix::io::Errno::INTR) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(not(unix))]
mod unix {
    use std::fs::FileType;
    use std::io;
    use std::path::Path;
    use std::time::Duration;

    use super::{InputFileError, read_capped};

    pub(super) fn read_special(
        path: &Path,
        _: &FileType,
        max: u64,
        _: Duration,
    ) -> io::Result<Vec<u8>> {
        read_capped(std::fs::File::open(path)?, max, 0)
    }
}

/// Whether `path` leads to a pipe made by a shell (`-` as `/dev/stdin`, `<(cmd)` as `/dev/fd/63`) rather
/// than a named pipe on disk: on Linux those links end in `pipe:[inode]`.
fn is_anonymous_pipe(path: &Path) -> bool {
    let mut path = PathBuf::from(path);
    for _ in 0..8 {
        let Ok(target) = std::fs::read_link(&path) else {
            return false;
        };
        if target.as_os_str().as_encoded_bytes().starts_with(b"pipe:[") {
            return true;
        }
        path = match path.parent() {
            Some(dir) => dir.join(target),
            None => target,
        };
    }
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::io::Write;

    fn make_fifo(dir: &Path) -> PathBuf {
        let path = dir.join("pipe");
        rustix::fs::mknodat(
            rustix::fs::CWD,
            &path,
            rustix::fs::FileType::Fifo,
            rustix::fs::Mode::from_raw_mode(0o600),
            0,
        )
        .unwrap();
        path
    }

    /// A thread that opens `fifo` for writing (which waits for a reader) and writes.
    fn write_to(
        fifo: &Path,
        write: impl FnOnce(&mut std::fs::File) + Send + 'static,
    ) -> std::thread::JoinHandle<()> {
        let fifo = fifo.to_path_buf();
        std::thread::spawn(move || {
            write(&mut std::fs::OpenOptions::new().write(true).open(fifo).unwrap())
        })
    }

    fn refusal(error: &io::Error) -> &InputFileError {
        error
            .get_ref()
            .and_then(|e| e.downcast_ref::<InputFileError>())
            .unwrap_or_else(|| panic!("not a refusal: {error}"))
    }

    #[test]
    fn a_named_pipe_without_writer_is_refused_after_the_wait() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = make_fifo(dir.path());
        let error = read_bytes_waiting(&fifo, 100, Duration::from_millis(50)).unwrap_err();
        assert!(
            matches!(refusal(&error), InputFileError::NoWriter { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("no program opened"), "{error}");
    }

    #[test]
    fn a_named_pipe_with_a_writer_is_read_to_its_end() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = make_fifo(dir.path());
        let writer = write_to(&fifo, |out| {
            out.write_all(b"first ").unwrap();
            std::thread::sleep(Duration::from_millis(20));
            out.write_all(b"second").unwrap();
        });
        let read = read_bytes_waiting(&fifo, 100, Duration::from_secs(60)).unwrap();
        writer.join().unwrap();
        assert_eq!(read, b"first second");
    }

    #[test]
    fn a_pipe_giving_more_than_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = make_fifo(dir.path());
        // The reader stops at the limit: the rest of the write finds no reader.
        let writer = write_to(&fifo, |out| drop(out.write_all(&[b'x'; 1000])));
        let error = read_bytes_waiting(&fifo, 100, Duration::from_secs(60)).unwrap_err();
        writer.join().unwrap();
        assert!(
            matches!(refusal(&error), InputFileError::TooLarge { limit: 100 }),
            "{error}"
        );
        assert!(error.to_string().contains("more than 100 bytes"), "{error}");
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.txt");
        // Sparse: no disk space used.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(LARGE_FILE_MAX + 1)
            .unwrap();
        let error = read_bytes(&path, LARGE_FILE_MAX).unwrap_err();
        assert!(error.to_string().contains("more than 4 GiB"), "{error}");
        let error = open_regular(&path, LARGE_FILE_MAX).unwrap_err();
        assert!(
            matches!(refusal(&error), InputFileError::TooLarge { .. }),
            "{error}"
        );
        std::fs::write(&path, "small").unwrap();
        assert_eq!(read_bytes(&path, 5).unwrap(), b"small");
        assert!(read_bytes(&path, 4).is_err());
    }

    #[test]
    fn dev_zero_and_folders_are_refused_without_reading() {
        let error = read_bytes(Path::new("/dev/zero"), LARGE_FILE_MAX).unwrap_err();
        assert!(
            matches!(
                refusal(&error),
                InputFileError::NotAFile { what: "a device" }
            ),
            "{error}"
        );
        let dir = tempfile::tempdir().unwrap();
        let error = read_bytes(dir.path(), LARGE_FILE_MAX).unwrap_err();
        assert!(error.to_string().contains("a folder"), "{error}");
        assert!(open_regular(Path::new("/dev/zero"), 1).unwrap().is_none());
    }

    #[test]
    fn sizes_are_named_in_their_unit() {
        assert_eq!(bytes(LARGE_FILE_MAX), "4 GiB");
        assert_eq!(bytes(SMALL_FILE_MAX), "256 MiB");
        assert_eq!(bytes(100), "100 bytes");
    }
}
