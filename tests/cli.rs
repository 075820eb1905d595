//! Command-line cases as data: each `tests/cmd/*.toml` names the arguments and the expected output.
//! Update expectations with `TRYCMD=overwrite cargo test --test cli`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
