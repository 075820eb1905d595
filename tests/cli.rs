//! Command-line cases as data: each `tests/cmd/*.toml` names the arguments and the expected output.
//! Update expectations with `TRYCMD=overwrite cargo test --test cli`. trycmd stores `\` as `/` (it
//! normalises paths), so the cases avoid output with backslashes; the tagger's regex rules have unit tests.

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
