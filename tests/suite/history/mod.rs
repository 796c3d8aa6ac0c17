//! Git: `last_updated`, history at every commit, `log`, `diff`,
//! `check --since`, and git edge cases.

mod changes;
mod git;
mod git_edge_cases;
mod inert_output;
mod log;
mod trends;
