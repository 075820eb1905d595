//! Command-line cases as data: each `tests/cmd/*.toml` names the arguments and the expected output.
//! Update expectations with `TRYCMD=overwrite cargo test --test cli`. trycmd stores `\` as `/` (it
//! normalises paths), so the cases avoid output with backslashes; the tagger's regex rules have unit tests.

use castgraph::ingest;

/// The synthetic corpus generator, private to the library (it names `crate::ingest`, imported above).
#[path = "../src/synth.rs"]
#[allow(dead_code)]
mod synth;

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}

/// `castgraph episodes | head -1` closes the pipe early: the command still succeeds, and says nothing.
#[test]
fn a_closed_pipe_is_success() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_castgraph"))
        .args(["episodes", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // Closed before anything is read.
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// The manual pages, checked with their backslashes (trycmd compares `\` as `/`): castgraph(1) names every
/// command's page, and each of those pages exists.
#[test]
fn the_manual_names_a_page_for_every_command_and_each_exists() {
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_castgraph"))
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    let main = run(&["man"]);
    assert!(main.contains(".TH castgraph 1 "), "{main}");
    for command in [
        "episodes", "build", "query", "tag", "topics", "check", "eval", "stats",
    ] {
        assert!(
            main.contains(&format!("castgraph\\-{command}(1)")),
            "{command}"
        );
        let page = run(&["man", command]);
        assert!(
            page.contains(&format!(".TH castgraph-{command} 1 ")),
            "{page}"
        );
    }
}

/// `castgraph build > /dev/full`: the error says what was being written to standard output and that it is
/// incomplete.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_standard_output_says_what_was_written() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_castgraph"))
        .args(["build", "--format", "dot"])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with(
            "error: writing the graph (dot) to standard output stopped after 0 bytes; what was written is incomplete: "
        ),
        "{stderr}"
    );
    assert!(stderr.contains("No space left on device"), "{stderr}");
}

/// A named pipe (`mkfifo`) in `dir`.
#[cfg(unix)]
fn make_fifo(dir: &std::path::Path) -> std::path::PathBuf {
    let fifo = dir.join("notes.fifo");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    fifo
}

/// A named pipe that no program writes to, as an input or as `--chapters`, is refused after a wait
/// instead of blocking forever.
#[cfg(unix)]
#[test]
fn a_fifo_without_writer_is_refused_as_input_or_chapters() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = make_fifo(dir.path());
    let fifo = fifo.to_str().unwrap().to_string();
    let run = |args: Vec<String>| {
        std::thread::spawn(move || {
            std::process::Command::new(env!("CARGO_BIN_EXE_castgraph"))
                .args(args)
                .output()
                .unwrap()
        })
    };
    let gil = "tests/fixtures/cli/gil.txt".to_string();
    // Both at once: each waits for a writer for a few seconds.
    let as_input = run(vec!["episodes".into(), fifo.clone()]);
    let as_chapters = run(vec![
        "episodes".into(),
        gil,
        "--chapters".into(),
        fifo.clone(),
    ]);
    let expected = format!(
        "cannot read `{fifo}` (check that it exists and is readable): it is a named pipe that no program opened for writing within 5 s; start the program that writes to it first, or give a file\n"
    );
    let output = as_input.join().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("error: reading show notes: {expected}")
    );
    let output = as_chapters.join().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!("error: reading the chapters file given with --chapters: {expected}")
    );
}

/// A named pipe with a writer, and `<(cmd)`-style pipes, are still read.
#[cfg(unix)]
#[test]
fn a_fifo_with_a_writer_is_read() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let fifo = make_fifo(dir.path());
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_castgraph"))
        .args(["episodes".as_ref(), fifo.as_os_str()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Opening for writing waits for the reader.
    let mut writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    writer
        .write_all(&std::fs::read("tests/fixtures/cli/gil.txt").unwrap())
        .unwrap();
    drop(writer);
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("chapters)"));
}

#[cfg(target_os = "linux")]
mod signals {
    use std::io::Write;
    use std::path::Path;
    use std::process::{Child, Command, Stdio};
    use std::time::Duration;

    const SIGHUP: u32 = 1;
    const SIGINT: u32 = 2;
    const SIGTERM: u32 = 15;

    /// Wait (at most a minute, then fail) until `ready` holds.
    fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
        for _ in 0..6000 {
            if ready() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("gave up waiting until {what}");
    }

    /// Whether the process has its handlers of SIGHUP, SIGINT and SIGTERM in place (`SigCgt` in
    /// /proc/PID/status): a signal sent before would end it as the default does.
    fn handles_signals(child: &Child) -> bool {
        let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
        let caught = status
            .lines()
            .find_map(|l| l.strip_prefix("SigCgt:"))
            .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
            .unwrap_or(0);
        [SIGHUP, SIGINT, SIGTERM]
            .iter()
            .all(|s| caught & (1 << (s - 1)) != 0)
    }

    fn send(child: &Child, signal: &str) {
        let status = Command::new("kill")
            .args(["-s", signal, &child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn temporaries(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    /// Ctrl-C, SIGTERM and SIGHUP in the middle of a run (reading a slow standard input): the exit status
    /// is 128 + the signal, the previous output is untouched and no temporary file is left.
    #[test]
    fn an_interrupted_run_exits_with_128_plus_the_signal_and_keeps_the_old_output() {
        for (name, number) in [("INT", SIGINT), ("TERM", SIGTERM), ("HUP", SIGHUP)] {
            let dir = tempfile::tempdir().unwrap();
            let output = dir.path().join("graph.json");
            std::fs::write(&output, "old").unwrap();
            let mut child = Command::new(env!("CARGO_BIN_EXE_castgraph"))
                .args([
                    "build".as_ref(),
                    "-".as_ref(),
                    "-o".as_ref(),
                    output.as_os_str(),
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            // Half an input, and standard input kept open: the run waits for the rest.
            let mut stdin = child.stdin.take().unwrap();
            let corpus = castgraph::ingest::BUNDLED_CORPUS;
            stdin
                .write_all(&corpus.as_bytes()[..corpus.len() / 2])
                .unwrap();
            wait_until("castgraph handles signals", || handles_signals(&child));
            send(&child, name);
            let status = child.wait().unwrap();
            drop(stdin);
            assert_eq!(status.code(), Some(128 + number as i32), "SIG{name}");
            assert_eq!(std::fs::read_to_string(&output).unwrap(), "old");
            assert_eq!(temporaries(dir.path()), Vec::<String>::new(), "SIG{name}");
        }
    }

    /// A signal while the output is being written: the temporary file is removed, the previous output
    /// untouched. The run is stopped (SIGSTOP) once its temporary file exists, so the signal surely comes
    /// while the write is in flight.
    #[test]
    fn an_interrupted_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("notes.txt");
        std::fs::write(&input, crate::synth::show_notes(2000, 7)).unwrap();
        let output = dir.path().join("graph.json");
        std::fs::write(&output, "old").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_castgraph"))
            .args([
                "build".as_ref(),
                input.as_os_str(),
                "-q".as_ref(),
                "-o".as_ref(),
                output.as_os_str(),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        wait_until("the output's temporary file exists", || {
            !temporaries(dir.path()).is_empty()
        });
        send(&child, "STOP");
        assert_eq!(
            temporaries(dir.path()).len(),
            1,
            "the write ended before it could be interrupted; make the input larger"
        );
        send(&child, "TERM");
        send(&child, "CONT");
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(128 + SIGTERM as i32));
        assert_eq!(std::fs::read_to_string(&output).unwrap(), "old");
        assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    }
}

/// An error that cannot be printed (`2>/dev/full`) still gives the error's exit status, not a panic's.
#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_error_still_gives_the_error_status() {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_castgraph"))
        .args(["episodes", "no-such-file.txt"])
        .stderr(full)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(2));
}
