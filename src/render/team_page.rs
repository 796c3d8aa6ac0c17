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

/// A plan that is due for review (SPEC §5.5): stale, never reviewed, or
/// due within [`REVIEW_SOON_DAYS`].
#[derive(Clone, Debug, Serialize)]
pub struct ReviewDue {
    pub account_name: String,
    pub account_url: String,
    pub last_review: Option<String>,
    /// `last_review` + `review.max_age_days`; `None` when never reviewed.
    pub due: Option<String>,
    /// Past due (the plan is stale) or never reviewed.
    pub overdue: bool,
}

/// Days ahead in which a review counts as due on a to-do list.
pub const REVIEW_SOON_DAYS: i64 = 30;
/// Entries a to-do list shows of each kind; it says how many more there are.
pub const TODO_ROWS: usize = 50;

/// What a 1:1 inspects: open actions (overdue first, then by due date), the
/// findings on the plans owned, and the plans due for review.
#[derive(Clone, Debug, Serialize)]
pub struct Todo {
    pub actions: Vec<OwnedAction>,
    pub actions_total: usize,
    pub actions_overdue: usize,
    pub findings: Vec<FindingView>,
    pub findings_total: usize,
    pub reviews: Vec<ReviewDue>,
    pub reviews_total: usize,
}

impl Todo {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.actions_total + self.findings_total + self.reviews_total == 0
    }
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
    /// The member's own to-do: their open actions, the findings on the plans
    /// they own, their plans due for review.
    pub todo: Todo,
    /// For a manager, the same over the reporting line (actions owned and
    /// plans owned by anyone in it); `None` for someone with no reports.
    pub line_todo: Option<Todo>,
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
    /// Actions owned by someone in `reporting_line`, in any order.
    pub reporting_line_actions: Vec<(usize, usize)>,
}

/// An action as its owner's lists show it.
fn owned_action(look: &Lookup, i: usize, j: usize) -> OwnedAction {
    let (p, a) = look.at(i);
    let act = &p.actions[j];
    OwnedAction {
        account_id: p.id.clone(),
        account_name: p.name.clone(),
        account_url: urls::plan(&p.id),
        id: act.id.value.clone(),
        title: act.title.clone(),
        title_html: markdown::render_inline(&act.title, look.site.config.allow_html),
        url: urls::plan_item(&p.id, &Item::Action(act.id.value.clone())),
        due: act.due.as_ref().map(|d| d.value.to_string()),
        status: act.status(),
        overdue: a.overdue_actions.contains(&j),
    }
}

/// The to-do over `actions` (plan, action) and the plans `owned`.
pub fn todo(look: &Lookup, actions: &[(usize, usize)], owned: &[usize]) -> Todo {
    let today = look.portfolio.today;
    // Open: not done. Overdue first, then by due date (none last), then by account.
    let mut open: Vec<(bool, Option<chrono::NaiveDate>, usize, usize)> = actions
        .iter()
        .filter(|&&(i, j)| look.at(i).0.actions[j].status() != ActionStatus::Done)
        .map(|&(i, j)| {
            let (p, a) = look.at(i);
            (
                !a.overdue_actions.contains(&j),
                p.actions[j].due.as_ref().map(|d| d.value),
                i,
                j,
            )
        })
        .collect();
    // (plan, action) is unique: a total order, so only the rows shown are sorted.
    super::context::sort_head_by(&mut open, TODO_ROWS, |a, b| {
        (a.0, a.1.is_none(), a.1, a.2, a.3).cmp(&(b.0, b.1.is_none(), b.1, b.2, b.3))
    });
    let actions_overdue = open.iter().filter(|a| !a.0).count();
    let actions_total = open.len();
    let actions: Vec<OwnedAction> = open
        .iter()
        .take(TODO_ROWS)
        .map(|&(_, _, i, j)| owned_action(look, i, j))
        .collect();

    // Key accounts first, then the most pressing kinds, then by plan, then
    // in the plan's order (the position `k` makes the order total, so only
    // the rows shown are sorted).
    let mut found: Vec<(bool, usize, usize, usize, &crate::derive::Finding)> = owned
        .iter()
        .flat_map(|&i| look.at(i).1.findings.iter().map(move |f| (i, f)))
        .enumerate()
        .map(|(k, (i, f))| {
            let rank = super::context::ATTENTION_ORDER
                .iter()
                .position(|c| *c == f.code)
                .unwrap_or(usize::MAX);
            (look.at(i).1.segment != crate::model::Segment::Key, rank, i, k, f)
        })
        .collect();
    super::context::sort_head_by(&mut found, TODO_ROWS, |a, b| {
        (a.0, a.1, a.2, a.3).cmp(&(b.0, b.1, b.2, b.3))
    });
    let findings_total = found.len();
    let findings: Vec<FindingView> = found
        .iter()
        .take(TODO_ROWS)
        .map(|(_, _, _, _, f)| look.finding(f))
        .collect();

    let max_age = look.site.config.max_age_days;
    let soon = today
        .checked_add_signed(chrono::Duration::days(REVIEW_SOON_DAYS))
        .unwrap_or(today);
    let mut reviews: Vec<(Option<chrono::NaiveDate>, usize)> = owned
        .iter()
        .filter_map(|&i| {
            let due = crate::derive::review_due(look.at(i).0, max_age);
            match due {
                Some(d) if d > soon => None,
                _ => Some((due, i)),
            }
        })
        .collect();
    // Never reviewed first, then the longest overdue.
    reviews.sort();
    let reviews_total = reviews.len();
    let reviews: Vec<ReviewDue> = reviews
        .iter()
        .take(TODO_ROWS)
        .map(|&(due, i)| {
            let (p, a) = look.at(i);
            ReviewDue {
                account_name: p.name.clone(),
                account_url: urls::plan(&p.id),
                last_review: p.status.last_review.as_ref().map(|d| d.value.to_string()),
                due: due.map(|d| d.to_string()),
                overdue: due.is_none() || a.stale,
            }
        })
        .collect();
    Todo {
        actions,
        actions_total,
        actions_overdue,
        findings,
        findings_total,
        reviews,
        reviews_total,
    }
}

/// The team page of the member at position `t` of the site's team.
pub fn team_page<'a>(look: &Lookup<'a>, t: usize, named: &'a Named) -> TeamPage<'a> {
    let site = look.site;
    let allow_html = site.config.allow_html;
    let member = &site.team[t];
    let id = &member.id;
    let plans = &site.plans;
    let mut managed = named.reporting_line_plans.clone();
    // By name, then id (ids are unique): only the rows shown are sorted.
    super::context::sort_head_by(&mut managed, look.shown(), |&a, &b| {
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
    let actions: Vec<OwnedAction> = actions.iter().map(|&(i, j)| owned_action(look, i, j)).collect();
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
        todo: todo(look, named.actions, named.owned),
        line_todo: (!named.reporting_line.is_empty())
            .then(|| todo(look, &named.reporting_line_actions, &named.reporting_line_plans)),
    }
}
