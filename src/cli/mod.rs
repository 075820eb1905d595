//! The command-line front end: arguments, checked settings, dispatch, colour and human-readable reports.
//! It is the binary's alone (the `cli` feature): the library never sees clap, anyhow or indicatif.

pub mod args;
mod atomic;
pub mod color;
pub mod interrupt;
mod progress;
mod report;
pub mod run;
mod settings;
mod stdin;
mod warnings;
