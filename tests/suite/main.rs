//! planfolio's integration tests: one test binary (`cargo test --test suite`)
//! with a module per feature. A test for X goes in the module of the feature
//! it tests, never in one named after the issue or SPEC version that asked
//! for it:
//!
//! - [`architecture`]: the layering of `src/` (which module may import
//!   which) and README's Architecture section.
//! - [`load`]: reading files and YAML: the fast path against saphyr-parser
//!   (`load::fast_path`), the official YAML test suite
//!   (`load::yaml_test_suite`), property tests of the loader and validator
//!   (`load::properties`).
//! - [`markdown`]: Markdown rendering against the CommonMark spec.
//! - [`check`]: `planfolio check` and its diagnostics: one fixture per code
//!   (`check::diagnostics`), the findings of SPEC §5 and §7
//!   (`check::findings`), broken input (`check::bad_input`) and hostile
//!   input: symlinks, FIFOs, control characters (`check::hostile_input`),
//!   and how findings read on the site: titles, owners, plain English
//!   (`check::wording`).
//! - [`derive`]: derived values: scores, segments, SWOT, money figures.
//! - [`build`]: `planfolio build` and the site it writes: pages, links,
//!   `portfolio.json`/`.csv`, themes (`build::site`), the plan page
//!   (`build::plan_page`), the attention and team pages, currency, privacy
//!   (`build::pages`), CSV injection, leftovers and `--out`
//!   (`build::output_safety`), the columns and amounts of `portfolio.csv`
//!   and `portfolio.json` (`build::exports`), snapshots of the example
//!   site's pages (`build::snapshots`).
//! - [`serve`]: `planfolio serve`: pages, live reload, the overlay
//!   (`serve::site`); freshness, stream limits, request caps, host names
//!   (`serve::robustness`).
//! - [`history`]: git: `last_updated`, `diff`, `check --since`, segment
//!   history (`history::git`), history and `log` (`history::log`), shallow
//!   clones, submodules, LFS (`history::git_edge_cases`), `log`/`diff`
//!   output that is inert in a terminal and in GitHub Markdown
//!   (`history::inert_output`).
//! - [`cli`]: the command line: exit codes, formats, `init`, `new account`,
//!   `schema` (`cli::commands`), `explain` (`cli::explain`), the CI workflow
//!   `init` writes and docs/ci.md's GitLab example (`cli::init_workflow`).
//! - [`project`]: the project around the code: release archives, the
//!   oldest Rust, README and `.ci/run` (`project::packaging`), the
//!   publishable crate and the release workflow (`project::release`).
//! - [`browser`]: real-browser tests (headless Chromium over WebDriver):
//!   live reload, accessibility (axe-core), phone screens, search.
//! - [`html_validation`]: the built site against the Nu HTML Checker.
//! - [`common`]: the one helper module: sites in temporary folders, located
//!   diagnostics, git repositories (`common::git`), a running server
//!   (`common::serve`), the workflow linters (`common::lint`).
//!
//! Tests needing tools from outside Rust (Chromium, ChromeDriver, axe-core,
//! Java with vnu-jar, actionlint, check-jsonschema) are marked
//! `#[cfg_attr(not(feature = "external-tools"), ignore = "...")]`: plain
//! `cargo test --locked` lists them as ignored, and `.ci/run` installs the
//! tools and runs `cargo test --locked --features external-tools`.
//!
//! Every test runs on a thread of this one process, so none may change
//! process-wide state (environment, current directory): a child process gets
//! its environment through `Command::env`, and each test works in its own
//! temporary folder and asks the system for free ports.

mod architecture;
mod browser;
mod build;
mod check;
mod cli;
mod common;
mod derive;
mod history;
mod html_validation;
mod load;
mod markdown;
mod project;
mod serve;
