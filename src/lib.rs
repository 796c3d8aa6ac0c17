//! planfolio: a static site generator for account plan portfolios.
//!
//! Modules are layered, each using only those below it (README,
//! "Architecture"; checked by tests/suite/architecture.rs). `build` runs the
//! stages in one order for the `check`, `build` and `serve` commands; `cli`
//! only parses arguments and reports.

pub mod build;
pub mod check;
pub mod cli;
pub mod derive;
pub mod diagnostic;
pub mod diff;
pub mod explain;
pub mod format;
pub mod git;
pub mod history;
pub mod keyword;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod timing;
pub mod words;
