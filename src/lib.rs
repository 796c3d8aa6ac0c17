//! planfolio: a static site generator for account plan portfolios.
//!
//! Data flows `model` → `load` → `check` → `derive` → (`render` → `serve`);
//! `cli` only parses arguments and wires the stages together.

pub mod check;
pub mod cli;
pub mod derive;
pub mod diagnostic;
pub mod diff;
pub mod explain;
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
