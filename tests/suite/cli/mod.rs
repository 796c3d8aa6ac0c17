//! The command line: exit codes, output formats, `init`, `new account`,
//! `schema`, `explain`, and the CI workflow `init` writes.

mod commands;
mod explain;
mod init_workflow;
