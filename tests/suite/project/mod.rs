//! The project around the code: release archives and workflow, the
//! publishable crate, the oldest Rust, README and `.ci/run`.

mod packaging;
mod release;
