//! The team page's view model: everything `team.html` shows about one team
//! member, from the plans that name them (owner, team, sponsor, contacts
//! they cover, actions they own) and from their reporting line.

use super::context::{AccountRow, FindingView, Lookup, PersonRef, TotalView};
use super::{markdown, urls};
use crate::derive::{Item, Subject};
use crate::model::{ActionStatus, Relationship};
use serde::Serialize;

/// The team member the page is about (`member`).
#[derive(Clone, Debug, Serialize)]
pub struct MemberView {
    pub id: String,
    pub name: String,
    pub title: Option<String>,
    pub email: Option<String>,
    /// The member file's body, as HTML.
    pub body_html: String,
}

/// An action the member owns, anywhere in the portfolio.
#[derive(Clone, Debug, Serialize)]
pub struct OwnedAction {
    pub account_id: String,
    pub account_name: String,
    pub account_url: String,
    pub id: String,
    pub title: String,
    /// The title's inline Markdown, rendered.
    pub title_html: String,
    /// The action on its plan page.
    pub url: String,
    pub due: Option<String>,
    pub status: ActionStatus,
    pub overdue: bool,
}

/// A customer contact whose relationship the member owns (`covered_by`).
#[derive(Clone, Debug, Serialize)]
pub struct CoveredContact {
    pub name: String,
    pub title: Option<String>,
    /// The contact on its plan page.
    pub url: String,
    pub relationship: Option<Relationship>,
    pub account_name: String,
    pub account_url: String,
}

/// The team page's data: each field is a variable of `team.html`.
#[derive(Clone, Debug, Serialize)]
pub struct TeamPage<'a> {
    pub member: MemberView,
    pub manager: Option<PersonRef<'a>>,
    /// Direct reports, in team order.
    pub reports: Vec<PersonRef<'a>>,
    /// Number of people in the reporting line, directly or not.
    pub all_reports: usize,
    pub owned_totals: TotalView,
    /// Totals of the accounts owned by the reporting line.
    pub managed_totals: TotalView,
    /// Large portfolios: each list holds its first `PAGE_SIZE` rows and its
    /// `_total` counts them all.
    pub accounts: Vec<AccountRow<'a>>,
    pub accounts_total: usize,
    /// Key accounts among `accounts`.
    pub key_accounts: usize,
    pub on_team: Vec<AccountRow<'a>>,
    pub on_team_total: usize,
    pub sponsored: Vec<AccountRow<'a>>,
    pub sponsored_total: usize,
    /// Accounts owned by the reporting line, by name.
    pub managed: Vec<AccountRow<'a>>,
    pub managed_total: usize,
    pub covered: Vec<CoveredContact>,
    pub covered_total: usize,
    pub actions: Vec<OwnedAction>,
    pub actions_total: usize,
    /// Overdue actions among `actions`.
    pub actions_overdue: usize,
    pub findings: Vec<FindingView>,
}

/// Where the portfolio names one team member, as the page's caller has it
/// grouped (`pages::Groups`): positions of plans, and of contacts and
/// actions as (plan, item) pairs, in plan order.
#[derive(Clone, Debug, Default)]
pub struct Named<'a> {
    /// Plans the member owns.
    pub owned: &'a [usize],
    /// Plans with the member on the account team.
    pub on_team: &'a [usize],
    /// Plans the member sponsors.
    pub sponsored: &'a [usize],
    /// Contacts the member covers.
    pub covered: &'a [(usize, usize)],
    /// Actions the member owns.
    pub actions: &'a [(usize, usize)],
    /// Ids of the direct reports.
    pub reports: &'a [String],
    /// Ids of everyone who reports to the member, directly or not.
    pub reporting_line: &'a [String],
    /// Plans owned by someone in `reporting_line`, in any order.
    pub reporting_line_plans: Vec<usize>,
}

/// The team page of the member at position `t` of the site's team.
pub fn team_page<'a>(look: &Lookup<'a>, t: usize, named: &'a Named) -> TeamPage<'a> {
    let site = look.site;
    let allow_html = site.config.allow_html;
    let member = &site.team[t];
    let id = &member.id;
    let plans = &site.plans;
    let mut managed = named.reporting_line_plans.clone();
    managed.sort_by(|&a, &b| {
        plans[a]
            .name
            .cmp(&plans[b].name)
            .then_with(|| plans[a].id.cmp(&plans[b].id))
    });
    // Only the entries shown are built (the first PAGE_SIZE on a large portfolio).
    let (covered, covered_total) = look.capped(named.covered.to_vec());
    let covered: Vec<CoveredContact> = covered
        .iter()
        .map(|&(i, j)| {
            let p = &plans[i];
            let c = &p.contacts[j];
            CoveredContact {
                name: c.name.clone(),
                title: c.title.clone(),
                url: urls::plan_item(&p.id, &Item::Contact(c.id.value.clone())),
                relationship: c.relationship,
                account_name: p.name.clone(),
                account_url: urls::plan(&p.id),
            }
        })
        .collect();
    let (actions, actions_total) = look.capped(named.actions.to_vec());
    let actions: Vec<OwnedAction> = actions
        .iter()
        .map(|&(i, j)| {
            let (p, a) = look.at(i);
            let act = &p.actions[j];
            OwnedAction {
                account_id: p.id.clone(),
                account_name: p.name.clone(),
                account_url: urls::plan(&p.id),
                id: act.id.value.clone(),
                title: act.title.clone(),
                title_html: markdown::render_inline(&act.title, allow_html),
                url: urls::plan_item(&p.id, &Item::Action(act.id.value.clone())),
                due: act.due.as_ref().map(|d| d.value.to_string()),
                status: act.status(),
                overdue: a.overdue_actions.contains(&j),
            }
        })
        .collect();
    let findings: Vec<FindingView> = look
        .portfolio
        .member_findings
        .iter()
        .filter(|f| matches!(&f.subject, Subject::Member(m) if m == id))
        .map(|f| look.finding(f))
        .collect();
    let (accounts, accounts_total) = look.rows(named.owned);
    let (on_team, on_team_total) = look.rows(named.on_team);
    let (sponsored, sponsored_total) = look.rows(named.sponsored);
    let (managed_rows, managed_total) = look.rows(&managed);
    TeamPage {
        member: MemberView {
            id: member.id.clone(),
            name: member.name.clone(),
            title: member.title.clone(),
            email: member.email.clone(),
            // Heading ids get a prefix so they never clash with the page's own anchors.
            body_html: markdown::render(&member.body, allow_html, "h-").html,
        },
        manager: member.manager.as_ref().map(|m| look.person(&m.value)),
        reports: named.reports.iter().map(|r| look.person(r)).collect(),
        all_reports: named.reporting_line.len(),
        owned_totals: look.totals_of(named.owned),
        managed_totals: look.totals_of(&managed),
        key_accounts: accounts
            .iter()
            .filter(|r| r.segment == crate::model::Segment::Key)
            .count(),
        accounts,
        accounts_total,
        on_team,
        on_team_total,
        sponsored,
        sponsored_total,
        managed: managed_rows,
        managed_total,
        covered,
        covered_total,
        actions_overdue: actions.iter().filter(|a| a.overdue).count(),
        actions,
        actions_total,
        findings,
    }
}
