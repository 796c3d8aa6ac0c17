//! Command-line interface: argument parsing and wiring of the stages.

use crate::pipeline::analyse;
use crate::report::{self, Format};
use crate::{scaffold, schema};
use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit code: success.
pub const EXIT_OK: i32 = 0;
/// Exit code: the content has errors (or warnings under `--deny-warnings`).
pub const EXIT_CONTENT: i32 = 1;
/// Exit code: the command could not run.
pub const EXIT_USAGE: i32 = 2;

/// planfolio: check, cross-link and publish account plan portfolios.
#[derive(Parser, Debug)]
#[command(name = "planfolio", version, about, long_about = None)]
pub struct Cli {
    /// Site root (default: the current directory).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

/// The commands of SPEC §8.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Create a new site with an example plan, team member and config.
    Init {
        /// Folder for the new site (default: the site root).
        dir: Option<PathBuf>,
        /// Where the CI workflow installs planfolio from: GIT_URL@COMMIT (a
        /// full 40-hex commit hash; GIT_URL@TAG works but a tag can move), or
        /// registry[@VERSION] for the crate published on crates.io. Default:
        /// the source cargo recorded when it installed this planfolio; without
        /// one, the workflow's install step fails and says what to pass.
        #[arg(long, value_name = "SOURCE")]
        install_from: Option<String>,
    },
    /// Create a new file from a commented template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Check every plan and report problems.
    Check {
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings as errors (exit 1 when there are any).
        #[arg(long)]
        deny_warnings: bool,
        /// The date to check against (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or the system date).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Report only diagnostics in files changed since this git revision,
        /// plus new errors elsewhere that the change caused.
        #[arg(long, value_name = "REV")]
        since: Option<String>,
    },
    /// Show what changed in the portfolio since a git revision (for pull requests).
    Diff {
        /// The revision to compare the working tree with (e.g. origin/main).
        rev: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// The date for derived values (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or the system date).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Show the portfolio's history as a changelog, newest first (segment
    /// moves with their cause, plans added or removed, slips, regressions,
    /// relationship changes, approvals).
    Log {
        /// Only what came after this git revision or date (YYYY-MM-DD).
        #[arg(long, value_name = "REV|DATE")]
        since: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = DiffFormat::Markdown)]
        format: DiffFormat,
        /// The date for derived values and the history window (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or the system date).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Build the site into a folder (default: public/).
    Build {
        /// Output folder, replaced as a whole once the new site is written.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The date to build for (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or the system date).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Preview the site with live reload (built in memory, nothing written).
    Serve {
        /// Address to listen on.
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: String,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, value_name = "N", default_value_t = 1111)]
        port: u16,
        /// The date to build for (YYYY-MM-DD; default: SOURCE_DATE_EPOCH or the system date).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Print the JSON Schema of a plan's front matter, for editors.
    Schema,
    /// Explain a diagnostic code: what it means, an example that gives it,
    /// and how to fix it (e.g. `planfolio explain stale-review`).
    Explain {
        /// The code, as `check` prints it between the brackets.
        code: String,
    },
}

/// Output format of `diff` and `log`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Markdown,
    Json,
}

/// What `new` creates.
#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// A new account plan: content/accounts/<slug>.md.
    Account {
        /// The customer's name.
        name: String,
        /// Id of the team member who owns the account.
        #[arg(long, value_name = "ID")]
        owner: Option<String>,
    },
}

/// Runs the CLI and returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            EXIT_USAGE
        }
    }
}

/// "Today" per SPEC §5.5: `--today`, else SOURCE_DATE_EPOCH, else the system date.
pub fn resolve_today(flag: Option<&str>) -> Result<NaiveDate> {
    if let Some(s) = flag {
        return crate::load::decode::parse_date(s)
            .with_context(|| format!("`--today {s}` is not a date; use YYYY-MM-DD"));
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch
            .trim()
            .parse()
            .with_context(|| format!("SOURCE_DATE_EPOCH={epoch} is not a number of seconds"))?;
        return chrono::DateTime::from_timestamp(secs, 0)
            .map(|d| d.date_naive())
            .context("SOURCE_DATE_EPOCH is out of range");
    }
    Ok(chrono::Local::now().date_naive())
}

fn site_root(cli_root: Option<&Path>) -> Result<PathBuf> {
    let root = cli_root.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    if !root.is_dir() {
        bail!("site root `{}` is not a folder", root.display());
    }
    Ok(root)
}

/// Keeps the diagnostics of files changed since `rev`, and errors elsewhere
/// that did not exist at `rev` (a change can break another file).
fn since_rev(
    root: &Path,
    rev: &str,
    today: NaiveDate,
    diags: Vec<crate::diagnostic::Diagnostic>,
) -> Result<Vec<crate::diagnostic::Diagnostic>> {
    let repo = crate::git::Repo::open(root).context("`--since` needs the site to be in a git repository")?;
    let changed: std::collections::BTreeSet<String> = repo.changed_since(rev)?.into_iter().collect();
    let before = crate::pipeline::analyse_sources(repo.sources_at(rev)?, today);
    let key = |d: &crate::diagnostic::Diagnostic| (d.file.clone(), d.code, d.message.clone());
    let old_errors: std::collections::BTreeSet<_> = before
        .diagnostics
        .iter()
        .filter(|d| d.severity() == crate::diagnostic::Severity::Error)
        .map(key)
        .collect();
    // A changed submodule is listed as its folder: it covers the files in it.
    let in_changed =
        |file: &str| changed.contains(file) || file.rmatch_indices('/').any(|(i, _)| changed.contains(&file[..i]));
    Ok(diags
        .into_iter()
        .filter(|d| {
            in_changed(&d.file) || (d.severity() == crate::diagnostic::Severity::Error && !old_errors.contains(&key(d)))
        })
        .collect())
}

/// Leaves `value` to the operating system: the process ends next, and freeing
/// a large portfolio allocation by allocation costs time for nothing.
fn exit_soon<T>(value: T) {
    std::mem::forget(value);
}

/// Refuses output folders that would replace the site itself.
fn check_out_dir(root: &Path, out: &Path) -> Result<()> {
    // Compare canonical paths where they exist, so `.` and `..` cannot hide a match.
    let abs = |p: &Path| {
        std::fs::canonicalize(p)
            .or_else(|_| std::path::absolute(p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (root, out_abs) = (abs(root), abs(out));
    let inside_sources = ["content", "theme", "static", ".git"]
        .iter()
        .any(|d| out_abs.starts_with(root.join(d)));
    if root.starts_with(&out_abs)
        || inside_sources
        || out_abs.join("planfolio.yaml").exists()
        || out_abs.join("content").is_dir()
    {
        bail!(
            "refusing to build into `{}`: it holds the site's sources",
            out.display()
        );
    }
    Ok(())
}

fn build(root: &Path, out: &Path, today: NaiveDate) -> Result<i32> {
    let started = std::time::Instant::now();
    check_out_dir(root, out)?;
    let stderr = std::io::stderr();
    let colour = stderr.is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let built = crate::build::build(root, out, today, |history| {
        if history.unavailable == Some(crate::history::Unavailable::Shallow) {
            eprintln!(
                "note: last-updated dates are unknown (null in portfolio.json) for plans that no fetched commit changed, \
                 and the history (segment moves, slips, changes since approval) is not available: {}",
                crate::git::SHALLOW_ADVICE
            );
        }
    })?;
    let (analysis, history, renderer, stats) = match built {
        crate::build::Built::Written(written) => {
            let crate::build::Written {
                analysis,
                history,
                renderer,
                stats,
            } = *written;
            (analysis, history, renderer, stats)
        }
        crate::build::Built::Invalid(analysis) => {
            let mut text = report::human(&analysis.diagnostics, root, colour);
            text.extend(crate::explain::pointer(&analysis.diagnostics));
            text.push_str(&report::summary(
                &analysis.diagnostics,
                analysis.site.plans.len(),
                colour,
            ));
            text.push_str("error: the site was not built; fix the errors above\n");
            stderr.lock().write_all(text.as_bytes()).context("writing the report")?;
            return Ok(EXIT_CONTENT);
        }
        crate::build::Built::TemplatesFailed(e) => {
            let e = report::escape_control_except(&e.to_string(), &['\n']).into_owned();
            eprintln!("error: {e}\nerror: the site was not built");
            return Ok(EXIT_CONTENT);
        }
        crate::build::Built::RenderFailed(located) => {
            // A template failed: reported at the site template that caused it.
            let mut text = report::human(&[located], root, colour);
            text.push_str(&format!(
                "error: the site was not built; {} is unchanged\n",
                report::escape_control(&out.display().to_string())
            ));
            stderr.lock().write_all(text.as_bytes()).context("writing the report")?;
            return Ok(EXIT_CONTENT);
        }
        crate::build::Built::WriteFailed(e) => {
            // Writing the output failed: the command could not run.
            eprintln!(
                "error: {}\nerror: the site was not built; {} is unchanged",
                report::escape_control(&e.to_string()),
                report::escape_control(&out.display().to_string())
            );
            return Ok(EXIT_USAGE);
        }
    };
    let warnings = analysis.warnings();
    println!(
        "Built {}, {} in {} ms{}",
        crate::words::count_s(analysis.site.plans.len(), "plan"),
        crate::words::count_s(stats.pages, "page"),
        started.elapsed().as_millis(),
        if warnings > 0 {
            format!(
                " ({}: run `planfolio check`)",
                crate::words::count_s(warnings, "warning")
            )
        } else {
            String::new()
        }
    );
    exit_soon((analysis, history, renderer));
    Ok(EXIT_OK)
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Init { dir, install_from } => {
            let dir = dir.or(cli.root).unwrap_or_else(|| PathBuf::from("."));
            let today = resolve_today(None)?;
            let install = match install_from {
                Some(spec) => Some(scaffold::InstallSource::parse(&spec)?),
                None => std::env::current_exe().ok().and_then(|exe| {
                    scaffold::install_roots()
                        .iter()
                        .find_map(|root| scaffold::InstallSource::from_cargo_record(root, &exe))
                }),
            };
            let written = scaffold::init(&dir, today, install.as_ref())?;
            match &install {
                Some(source) => {
                    if let Some(warning) = source.warning() {
                        eprintln!("warning: {warning}");
                    }
                    eprintln!("note: the CI workflow installs planfolio with `{}`", source.command());
                }
                None => eprintln!("warning: {}", scaffold::no_source_message()),
            }
            println!("Created a new planfolio site in {}:", dir.display());
            for f in written {
                println!("  {f}");
            }
            if dir == Path::new(".") {
                println!("Next: planfolio check");
            } else {
                println!("Next: cd {} && planfolio check", dir.display());
            }
            Ok(EXIT_OK)
        }
        Command::New {
            what: NewCommand::Account { name, owner },
        } => {
            let root = site_root(cli.root.as_deref())?;
            let today = resolve_today(None)?;
            let path = scaffold::new_account(&root, &name, owner.as_deref(), today)?;
            println!("Created {path}");
            Ok(EXIT_OK)
        }
        Command::Check {
            format,
            deny_warnings,
            today,
            since,
        } => {
            let root = site_root(cli.root.as_deref())?;
            let today = resolve_today(today.as_deref())?;
            // Everything `build` would refuse, content, theme and static files.
            let mut analysis = crate::build::check(&root, today);
            if let Some(rev) = since {
                analysis.diagnostics = since_rev(&root, &rev, today, analysis.diagnostics)?;
            }
            let stdout = std::io::stdout();
            let colour = format == Format::Human && stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let mut text = report::render(&analysis.diagnostics, format, &root, colour);
            if format == Format::Human {
                // Before the summary, which stays the last line (SPEC §7).
                text.extend(crate::explain::pointer(&analysis.diagnostics));
                text.push_str(&report::summary(
                    &analysis.diagnostics,
                    analysis.site.plans.len(),
                    colour,
                ));
            }
            stdout.lock().write_all(text.as_bytes()).context("writing the report")?;
            let failed = analysis.errors() > 0 || (deny_warnings && analysis.warnings() > 0);
            exit_soon(analysis);
            Ok(if failed { EXIT_CONTENT } else { EXIT_OK })
        }
        Command::Build { out, today } => {
            let root = site_root(cli.root.as_deref())?;
            let today = resolve_today(today.as_deref())?;
            let out = out.unwrap_or_else(|| root.join("public"));
            build(&root, &out, today)
        }
        Command::Serve {
            bind,
            port,
            today,
            open,
        } => {
            let root = site_root(cli.root.as_deref())?;
            let today = resolve_today(today.as_deref())?;
            let bind: std::net::IpAddr = match bind.as_str() {
                "localhost" => std::net::IpAddr::from([127, 0, 0, 1]),
                other => other
                    .parse()
                    .with_context(|| format!("`--bind {other}` is not an IP address"))?,
            };
            crate::serve::serve(crate::serve::ServeOptions {
                root,
                bind,
                port,
                today,
                open,
            })?;
            Ok(EXIT_OK)
        }
        Command::Diff { rev, format, today } => {
            let root = site_root(cli.root.as_deref())?;
            let today = resolve_today(today.as_deref())?;
            let repo = crate::git::Repo::open(&root).context("`diff` needs the site to be in a git repository")?;
            let before = crate::pipeline::analyse_sources(repo.sources_at(&rev)?, today);
            let after = analyse(&root, today);
            let d = crate::diff::diff(&rev, &before, &after);
            let text = match format {
                DiffFormat::Markdown => crate::diff::markdown(&d),
                DiffFormat::Json => crate::diff::json(&d),
            };
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .context("writing the diff")?;
            Ok(EXIT_OK)
        }
        Command::Log { since, format, today } => {
            let root = site_root(cli.root.as_deref())?;
            let today = resolve_today(today.as_deref())?;
            let since = match since {
                None => None,
                Some(s) => Some(match crate::load::decode::parse_date(&s) {
                    Some(date) => crate::history::log::Since::Date(date),
                    None => {
                        let repo = crate::git::Repo::open(&root)
                            .with_context(|| format!("`--since {s}` needs the site to be in a git repository"))?;
                        let after = repo.first_parent_after(&s)?.into_iter().collect();
                        crate::history::log::Since::Rev { rev: s, after }
                    }
                }),
            };
            let analysis = analyse(&root, today);
            let history = crate::history::collect(&root, &analysis, today);
            let entries = crate::history::log::select(&history, since.as_ref());
            let text = match format {
                DiffFormat::Markdown => crate::history::log::markdown(
                    &history,
                    &entries,
                    since.as_ref(),
                    analysis.site.config.history_months,
                ),
                DiffFormat::Json => crate::history::log::json(&entries),
            };
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .context("writing the log")?;
            exit_soon((analysis, history));
            Ok(EXIT_OK)
        }
        Command::Explain { code } => match crate::explain::lookup(&code) {
            Some(text) => {
                std::io::stdout()
                    .lock()
                    .write_all(text.as_bytes())
                    .context("writing the explanation")?;
                Ok(EXIT_OK)
            }
            None => {
                eprint!("error: {}", crate::explain::unknown(&code));
                Ok(EXIT_USAGE)
            }
        },
        Command::Schema => {
            println!("{}", serde_json::to_string_pretty(&schema::plan_schema())?);
            Ok(EXIT_OK)
        }
    }
}
