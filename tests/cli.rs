//! Command-line cases as data: each `tests/cmd/*.toml` names the arguments and the expected output.
//! Update expectations with `TRYCMD=overwrite cargo test --test cli`. trycmd stores `\` as `/` (it
//! normalises paths), so the cases avoid output with backslashes; the tagger's regex rules have unit tests.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
