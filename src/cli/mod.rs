//! The command-line front end: arguments, checked settings, dispatch and human-readable reports.

pub mod args;
pub mod progress;
pub mod report;
pub mod run;
pub mod settings;
