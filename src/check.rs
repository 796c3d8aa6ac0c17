//! Cross-file and cross-item checks: duplicate ids, references, cycles and
//! the revenue-goal order (SPEC §7 errors that decoding one value cannot see).

use crate::diagnostic::{Code, Diagnostic, Span, Spanned, did_you_mean};
use crate::model::{Plan, Site};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Runs every cross-reference check over a loaded site.
pub fn check_site(site: &Site) -> Vec<Diagnostic> {
    // Sorted: every plan looks its people up in it by binary search.
    let mut team_ids: Vec<&str> = site.team.iter().map(|t| t.id.as_str()).collect();
    team_ids.sort_unstable();
    let profile_ids: HashSet<&str> = site.competitors.iter().map(|c| c.id.as_str()).collect();
    let mut diags: Vec<Diagnostic> = site
        .plans
        .par_iter()
        .flat_map_iter(|p| check_plan(p, site, &team_ids, &profile_ids))
        .collect();
    for member in &site.team {
        if let Some(m) = &member.manager {
            reference(&mut diags, &member.file, m, &team_ids, "team member");
        }
    }
    let managers: Vec<(&str, Option<&Spanned<String>>, &str)> = site
        .team
        .iter()
        .map(|t| (t.id.as_str(), t.manager.as_ref(), t.file.as_str()))
        .collect();
    let _steps = cycles(&managers, "manager", |file, span, msg| {
        diags.push(
            Diagnostic::new(Code::ReferenceCycle, file, span, msg)
                .with_hint("someone at the top of the chain must have no `manager`"),
        );
    });
    diags
}

/// [`reference`] to a team member: `team_ids` is sorted and a portfolio's
/// team can be large, so it is searched by halves.
fn team_reference(diags: &mut Vec<Diagnostic>, file: &str, r: &Spanned<String>, team_ids: &[&str]) {
    if team_ids.binary_search(&r.value.as_str()).is_err() {
        reference(diags, file, r, team_ids, "team member");
    }
}

/// Reports `r` when it names none of `known`, with the closest id as a hint.
fn reference(diags: &mut Vec<Diagnostic>, file: &str, r: &Spanned<String>, known: &[&str], what: &str) {
    if r.value.is_empty() || known.contains(&r.value.as_str()) {
        return;
    }
    let hint = did_you_mean(&r.value, known.iter().copied()).or_else(|| {
        if known.is_empty() {
            Some(format!("there is no {what} yet"))
        } else if known.len() <= 12 {
            Some(format!("known: {}", known.join(", ")))
        } else {
            None
        }
    });
    diags.push(
        Diagnostic::new(
            Code::UnknownReference,
            file,
            r.span,
            format!("no {what} with id `{}`", r.value),
        )
        .with_hint_opt(hint),
    );
}

/// Reports ids used twice in one list.
fn duplicates<'a>(diags: &mut Vec<Diagnostic>, file: &str, ids: impl Iterator<Item = &'a Spanned<String>>, what: &str) {
    // Lists are short: an ordered map costs less than hashing every id.
    let mut seen: std::collections::BTreeMap<&str, Span> = Default::default();
    for id in ids {
        if id.value.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(id.value.as_str()) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    file,
                    id.span,
                    format!("{what} id `{}` is already used on line {}", id.value, first.line),
                )
                .with_hint("give each item its own `id`"),
            );
        } else {
            seen.insert(&id.value, id.span);
        }
    }
}

/// Finds loops in a `child -> parent` relation (each item has at most one
/// parent) in linear time, and reports each loop once, on its member that
/// comes first in input order. Returns the number of steps walked (at most
/// twice the number of items), so a test can check the time is linear.
fn cycles(
    edges: &[(&str, Option<&Spanned<String>>, &str)],
    key: &str,
    mut report: impl FnMut(&str, Span, String),
) -> usize {
    let mut steps = 0;
    // A duplicated id (reported as `duplicate-id`) names its first item, so
    // a reference to it is not also read as a loop through the copy.
    let mut index: HashMap<&str, usize> = HashMap::with_capacity(edges.len());
    for (i, (id, _, _)) in edges.iter().enumerate() {
        index.entry(*id).or_insert(i);
    }
    let parent: Vec<Option<usize>> = edges
        .iter()
        .map(|(_, p, _)| p.and_then(|p| index.get(p.value.as_str()).copied()))
        .collect();
    // 0: not seen; 1: on the current walk; 2: finished.
    let mut state = vec![0u8; edges.len()];
    for start in 0..edges.len() {
        let mut walk = Vec::new();
        let mut current = Some(start);
        while let Some(i) = current {
            steps += 1;
            if state[i] == 2 {
                break;
            }
            if state[i] == 1 {
                // `i` is reached again: the walk from `i` on is a loop.
                let pos = walk.iter().position(|&w| w == i).unwrap_or(0);
                let members = &walk[pos..];
                let first = members.iter().copied().min().unwrap_or(i);
                let at = members.iter().position(|&m| m == first).unwrap_or(0);
                let mut names: Vec<&str> = members[at..]
                    .iter()
                    .chain(&members[..at])
                    .map(|&m| edges[m].0)
                    .collect();
                names.push(edges[first].0);
                let (_, link, file) = edges[first];
                if let Some(link) = link {
                    report(file, link.span, format!("`{key}` forms a loop: {}", names.join(" → ")));
                }
                break;
            }
            state[i] = 1;
            walk.push(i);
            current = parent[i];
        }
        for w in walk {
            state[w] = 2;
        }
    }
    steps
}

fn check_plan(plan: &Plan, site: &Site, team_ids: &[&str], profile_ids: &HashSet<&str>) -> Vec<Diagnostic> {
    let mut d = Vec::new();
    let file = plan.file.as_str();
    if let Some(owner) = &plan.owner {
        team_reference(&mut d, file, owner, team_ids);
    }
    for member in plan.team.iter().chain(&plan.sponsor) {
        team_reference(&mut d, file, member, team_ids);
    }

    let bu_ids: Vec<&str> = plan
        .customer
        .business_units
        .iter()
        .map(|b| b.id.value.as_str())
        .collect();
    let goal_ids: Vec<&str> = plan.goals.iter().map(|g| g.id.value.as_str()).collect();
    let contact_ids: Vec<&str> = plan.contacts.iter().map(|c| c.id.value.as_str()).collect();
    let competitor_ids: Vec<&str> = plan.competitors.iter().map(|c| c.id.value.as_str()).collect();

    duplicates(
        &mut d,
        file,
        plan.customer.business_units.iter().map(|b| &b.id),
        "business unit",
    );
    duplicates(&mut d, file, plan.objectives.iter().map(|o| &o.id), "objective");
    duplicates(&mut d, file, plan.goals.iter().map(|g| &g.id), "goal");
    duplicates(&mut d, file, plan.contacts.iter().map(|c| &c.id), "contact");
    duplicates(&mut d, file, plan.competitors.iter().map(|c| &c.id), "competitor");
    duplicates(&mut d, file, plan.opportunities.iter().map(|o| &o.id), "opportunity");
    duplicates(&mut d, file, plan.actions.iter().map(|a| &a.id), "action");

    for o in &plan.objectives {
        if let Some(bu) = &o.business_unit {
            reference(&mut d, file, bu, &bu_ids, "business unit");
        }
        if let Some(c) = &o.contact {
            reference(&mut d, file, c, &contact_ids, "contact");
        }
        for g in &o.goals {
            reference(&mut d, file, g, &goal_ids, "goal");
        }
    }
    let mut alignment_keys = competitor_ids.clone();
    alignment_keys.push("us");
    for c in &plan.contacts {
        if let Some(bu) = &c.business_unit {
            reference(&mut d, file, bu, &bu_ids, "business unit");
        }
        if let Some(r) = &c.reports_to {
            reference(&mut d, file, r, &contact_ids, "contact");
        }
        if let Some(m) = &c.covered_by {
            team_reference(&mut d, file, m, team_ids);
        }
        for (key, _) in &c.alignment {
            if !alignment_keys.contains(&key.value.as_str()) {
                let hint = did_you_mean(&key.value, alignment_keys.iter().copied()).unwrap_or_else(|| {
                    "alignment keys are `us` or the id of a competitor listed in `competitors`".into()
                });
                d.push(
                    Diagnostic::new(
                        Code::UnknownReference,
                        file,
                        key.span,
                        format!(
                            "alignment names `{}`, which is not `us` nor a competitor of this plan",
                            key.value
                        ),
                    )
                    .with_hint(hint),
                );
            }
        }
    }
    let edges: Vec<(&str, Option<&Spanned<String>>, &str)> = plan
        .contacts
        .iter()
        .map(|c| (c.id.value.as_str(), c.reports_to.as_ref(), file))
        .collect();
    let _steps = cycles(&edges, "reports_to", |file, span, msg| {
        d.push(
            Diagnostic::new(Code::ReferenceCycle, file, span, msg)
                .with_hint("the most senior contact must have no `reports_to`"),
        );
    });
    for c in &plan.competitors {
        if c.name.is_none() && !profile_ids.contains(c.id.value.as_str()) {
            d.push(
                Diagnostic::new(
                    Code::MissingField,
                    file,
                    c.span,
                    format!(
                        "competitor `{}` needs a `name`: there is no content/competitors/{}.md",
                        c.id.value, c.id.value
                    ),
                )
                .with_hint_opt(
                    did_you_mean(&c.id.value, profile_ids.iter().copied())
                        .or_else(|| Some("add `name: ...` or create the competitor profile".into())),
                ),
            );
        }
    }
    let products: Option<Vec<&str>> = site
        .config
        .products
        .as_ref()
        .map(|p| p.iter().map(String::as_str).collect());
    for o in &plan.opportunities {
        if let Some(bu) = &o.business_unit {
            reference(&mut d, file, bu, &bu_ids, "business unit");
        }
        if let (Some(p), Some(products)) = (&o.product, &products) {
            reference(&mut d, file, p, products, "product in planfolio.yaml");
        }
    }
    for row in &plan.whitespace {
        reference(&mut d, file, &row.business_unit, &bu_ids, "business unit");
        if let Some(products) = &products {
            for (p, _) in &row.cells {
                reference(&mut d, file, p, products, "product in planfolio.yaml");
            }
        }
    }
    for a in &plan.actions {
        if let Some(owner) = &a.owner {
            team_reference(&mut d, file, owner, team_ids);
        }
        for g in &a.goals {
            reference(&mut d, file, g, &goal_ids, "goal");
        }
    }
    if let Some(rg) = &plan.financials.revenue_goal {
        let [min, just, asp] = [&rg.minimum, &rg.just_right, &rg.aspirational];
        let pairs = [
            (min, just, "minimum", "just_right"),
            (just, asp, "just_right", "aspirational"),
            (min, asp, "minimum", "aspirational"),
        ];
        for (lo, hi, lo_name, hi_name) in pairs {
            if let (Some(lo), Some(hi)) = (lo, hi)
                && lo.value > hi.value
            {
                d.push(
                    Diagnostic::new(
                        Code::RevenueGoalOrder,
                        file,
                        hi.span,
                        format!(
                            "revenue goal `{hi_name}` ({}) is below `{lo_name}` ({})",
                            hi.value, lo.value
                        ),
                    )
                    .with_hint("the goal must satisfy minimum <= just_right <= aspirational"),
                );
                break;
            }
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The edges of `n` items in one chain, each pointing at the next; the
    /// items are listed in `order`.
    fn chain(n: usize, order: impl Iterator<Item = usize>) -> (Vec<String>, Vec<Spanned<String>>, Vec<usize>) {
        let ids: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
        let parents: Vec<Spanned<String>> = (0..n)
            .map(|i| Spanned::new(format!("c{}", i + 1), Span::file_start()))
            .collect();
        (ids, parents, order.collect())
    }

    fn steps_and_loops(n: usize, order: impl Iterator<Item = usize>, close_loop: bool) -> (usize, usize) {
        let (ids, mut parents, order) = chain(n, order);
        if close_loop {
            parents[n - 1] = Spanned::new("c0".into(), Span::file_start());
        }
        let edges: Vec<(&str, Option<&Spanned<String>>, &str)> = order
            .iter()
            .map(|&i| (ids[i].as_str(), (close_loop || i + 1 < n).then(|| &parents[i]), "f"))
            .collect();
        let mut loops = 0;
        let steps = cycles(&edges, "reports_to", |_, _, _| loops += 1);
        (steps, loops)
    }

    #[test]
    fn loops_are_found_in_linear_steps_whatever_the_order() {
        // A walk up the chain from every item would take n²/2 steps; the
        // search takes at most 2 per item (each item walked once, plus the
        // step that finds it finished or on the walk).
        for n in [1_000, 20_000] {
            for close_loop in [false, true] {
                let (forward, loops) = steps_and_loops(n, 0..n, close_loop);
                assert!(forward <= 2 * n, "n = {n}: {forward} steps");
                assert_eq!(loops, usize::from(close_loop));
                let (backward, loops) = steps_and_loops(n, (0..n).rev(), close_loop);
                assert!(backward <= 2 * n, "n = {n}, reversed: {backward} steps");
                assert_eq!(loops, usize::from(close_loop));
            }
        }
    }
}
