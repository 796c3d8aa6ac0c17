//! The plan page's sections, each written once here and handed to its
//! partial (`theme/templates/plan/<name>.html`) as `sections.<name>`.

mod money;
mod offer;
mod relationships;
mod strategy;
mod summary;

use super::*;
use crate::render::plan_page::PlanPage;
use std::collections::BTreeMap;

/// Writes one section of the plan page; `root` leads back to the site root.
type Section = fn(&mut String, &PlanPage, &str);

/// Every section by the name of its partial, in the order `plan.html`
/// includes them.
pub const SECTIONS: &[(&str, Section)] = &[
    ("header", summary::header),
    ("fix_next", summary::fix_next),
    ("nav", summary::nav),
    ("scores", summary::scores),
    ("history", summary::history),
    ("status", summary::status),
    ("narrative", strategy::narrative),
    ("customer", strategy::customer),
    ("drivers", strategy::drivers),
    ("faa", strategy::faa),
    ("objectives", strategy::objectives),
    ("goals", strategy::goals),
    ("actions", strategy::actions),
    ("contacts", relationships::contacts),
    ("stages", relationships::stages),
    ("competitors", relationships::competitors),
    ("swot", offer::swot),
    ("proposition", offer::proposition),
    ("expectations", offer::expectations),
    ("financials", money::financials),
    ("opportunities", money::opportunities),
    ("whitespace", money::whitespace),
    ("findings", summary::findings),
];

/// Every section of the plan page `p`, rendered (the `sections` value).
pub fn sections(p: &PlanPage, root: &str) -> BTreeMap<&'static str, String> {
    SECTIONS
        .iter()
        .map(|(name, write)| {
            let mut html = String::with_capacity(4096);
            write(&mut html, p, root);
            (*name, html)
        })
        .collect()
}
