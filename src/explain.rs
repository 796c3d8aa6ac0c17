//! `planfolio explain <code>`: what a diagnostic code means, a complete
//! minimal site that gives it, and how to fix it, compiled into the binary
//! (one Markdown file per code in `src/explain/`).
//!
//! In each file, the `## Example` section's fenced blocks whose info string
//! names a path after the language (```` ```md content/accounts/acme.md ````)
//! are the example site's files, checked on 2026-11-23; a trailing
//! `latin-1` means the file is saved in Latin-1 instead of UTF-8.

use crate::diagnostic::Code;
use crate::keyword::Keyword;

/// The explanation of `code`, as Markdown.
pub fn explanation(code: Code) -> &'static str {
    match code {
        Code::UnreadableFile => include_str!("explain/unreadable-file.md"),
        Code::MissingFrontMatter => include_str!("explain/missing-front-matter.md"),
        Code::YamlSyntax => include_str!("explain/yaml-syntax.md"),
        Code::UnknownField => include_str!("explain/unknown-field.md"),
        Code::MissingField => include_str!("explain/missing-field.md"),
        Code::InvalidValue => include_str!("explain/invalid-value.md"),
        Code::DuplicateId => include_str!("explain/duplicate-id.md"),
        Code::UnknownReference => include_str!("explain/unknown-reference.md"),
        Code::ReferenceCycle => include_str!("explain/reference-cycle.md"),
        Code::RevenueGoalOrder => include_str!("explain/revenue-goal-order.md"),
        Code::StaleReview => include_str!("explain/stale-review.md"),
        Code::OverdueAction => include_str!("explain/overdue-action.md"),
        Code::GoalNotSmart => include_str!("explain/goal-not-smart.md"),
        Code::OrphanGoal => include_str!("explain/orphan-goal.md"),
        Code::UnlinkedObjective => include_str!("explain/unlinked-objective.md"),
        Code::AmbitionGap => include_str!("explain/ambition-gap.md"),
        Code::DetractorStage => include_str!("explain/detractor-stage.md"),
        Code::SingleThreaded => include_str!("explain/single-threaded.md"),
        Code::IncompletePlan => include_str!("explain/incomplete-plan.md"),
        Code::OwnerOverload => include_str!("explain/owner-overload.md"),
        Code::SegmentOverride => include_str!("explain/segment-override.md"),
        Code::MixedCurrency => include_str!("explain/mixed-currency.md"),
        Code::PoorHealth => include_str!("explain/poor-health.md"),
        Code::GoalOffTrack => include_str!("explain/goal-off-track.md"),
        Code::BlockedAction => include_str!("explain/blocked-action.md"),
        Code::CompetitorAhead => include_str!("explain/competitor-ahead.md"),
        Code::InflatedPotential => include_str!("explain/inflated-potential.md"),
        Code::NoSponsor => include_str!("explain/no-sponsor.md"),
        Code::TemplateError => include_str!("explain/template-error.md"),
    }
}

/// The explanation of the code written `name`, or `None` for a code planfolio
/// does not have. Case and surrounding spaces are ignored.
pub fn lookup(name: &str) -> Option<&'static str> {
    Code::parse(&name.trim().to_ascii_lowercase()).map(explanation)
}

/// What `explain` says for a name that is no code: every code, one a line.
pub fn unknown(name: &str) -> String {
    let name = crate::report::escape_control(name);
    let mut text = format!("`{name}` is not a planfolio diagnostic code; the codes are:\n");
    for code in Code::ALL {
        text.push_str(&format!("  {code} ({})\n", code.severity().as_str()));
    }
    text
}

/// The closing line of a human report with diagnostics, as rustc ends with
/// "try `rustc --explain`": where to read about the codes shown.
pub fn pointer(diagnostics: &[crate::diagnostic::Diagnostic]) -> Option<String> {
    let first = diagnostics.first()?.code;
    Some(format!(
        "For what a code means and how to fix it, run `planfolio explain <code>`, e.g. `planfolio explain {first}`.\n"
    ))
}
