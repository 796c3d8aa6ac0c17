//! `planfolio check` and the diagnostics of SPEC §7: one fixture per code,
//! the findings (warnings) of §5 and §7, broken and hostile input, and
//! how the findings read on the site (`wording`).

mod bad_input;
mod diagnostics;
mod findings;
mod hostile_input;
mod wording;
