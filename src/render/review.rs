//! The review pack (SPEC §9 `review/index.html`): one printable document
//! for a portfolio review. First the portfolio's totals and trends and what
//! changed since the last review, then the one-page plan of every key
//! account, each on its own printed page.
//!
//! A large portfolio splits the key accounts over parts of `PAGE_SIZE`
//! (`review/page/<n>/`), as segment pages are split, so no part is too big
//! to open or print; the totals, trends and changes lead the first part.

use super::changes::Changes;
use super::context::{Lookup, PAGE_SIZE, Pager, TotalView, page_count};
use super::urls;
use crate::model::Segment;
use serde::Serialize;

/// How many parts the pack has for `key` key accounts (at least one).
pub fn parts(key: usize) -> usize {
    page_count(key).max(1)
}

/// A key account in the pack's contents.
#[derive(Clone, Debug, Serialize)]
pub struct PackEntry<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// `#one-page-<id>`: its one-page plan further down this part.
    pub anchor: String,
    pub owner: Option<&'a str>,
}

/// One part of the review pack.
#[derive(Clone, Debug, Serialize)]
pub struct ReviewPack<'a> {
    pub part: usize,
    pub parts: usize,
    /// Key accounts in the whole portfolio.
    pub key_total: usize,
    /// The portfolio's totals (first part only).
    pub totals: Option<TotalView>,
    /// Month-end trends (first part only), as on the dashboard.
    pub trends: Option<crate::history::trends::PortfolioTrend>,
    /// What changed since the last review (first part only).
    pub changes: Option<Changes>,
    /// The key accounts of this part, in the order their pages follow.
    pub contents: Vec<PackEntry<'a>>,
    /// Links between the parts; one part has none.
    pub pager: Pager,
    /// The plans of this part, by index into the site's plans.
    #[serde(skip)]
    pub plan_indices: Vec<usize>,
}

/// Part `n` (from 1) of the review pack.
pub fn review<'a>(look: &'a Lookup<'a>, n: usize) -> ReviewPack<'a> {
    let plans = &look.site.plans;
    // Key accounts by name, as a reader looks them up in a printed pack.
    let mut key: Vec<usize> = (0..plans.len())
        .filter(|&i| look.portfolio.accounts[i].segment == Segment::Key)
        .collect();
    key.sort_by_cached_key(|&i| (plans[i].name.to_lowercase(), plans[i].id.clone()));
    let pager = Pager::new(n, key.len(), urls::review);
    let part = pager.page;
    let shown: Vec<usize> = key
        .iter()
        .copied()
        .skip((part - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let first = part == 1;
    ReviewPack {
        part,
        parts: parts(key.len()),
        key_total: key.len(),
        totals: first.then(|| look.portfolio_totals()),
        trends: first.then(|| look.history.trends.portfolio(look.portfolio)),
        changes: first.then(|| super::changes::changes(look)),
        contents: shown
            .iter()
            .map(|&i| {
                let p = &plans[i];
                PackEntry {
                    id: &p.id,
                    name: &p.name,
                    anchor: format!("#one-page-{}", p.id),
                    owner: p.owner.as_ref().map(|o| look.person(&o.value).name),
                }
            })
            .collect(),
        pager,
        plan_indices: shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_accounts_split_into_parts_of_a_page_size() {
        assert_eq!(parts(0), 1, "a portfolio without key accounts still has its pack");
        assert_eq!(parts(PAGE_SIZE), 1);
        assert_eq!(parts(PAGE_SIZE + 1), 2);
        assert_eq!(parts(2724), 2724_usize.div_ceil(PAGE_SIZE));
    }
}
