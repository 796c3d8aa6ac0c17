//! The team page's `main` block, written in Rust (see `team.html`), and the
//! macros of `macros.html` it calls, which the segment and competitor pages
//! can reuse: `account_table`, `money_strip`, `unconverted` and `more`.

use super::*;
use crate::format::AmountView;
use crate::keyword::Keyword;
use crate::model::Segment;
use crate::render::context::{AccountRow, TotalView, UnconvertedView};
use crate::render::team_page::TeamPage;

/// The team page's `main` block, as `team.html` makes it; `root` is the
/// relative path back to the site root (`../../`).
pub fn team_main(o: &mut String, p: &TeamPage, root: &str) {
    let m = &p.member;
    let name = m.name.as_str();
    put!(o; "\n<nav class=\"breadcrumb\" aria-label=\"Breadcrumb\">\n  <ol>\n    <li><a href=\"" {root}
        "index.html\">Dashboard</a></li>\n    <li><span aria-current=\"page\">" {name}
        "</span></li>\n  </ol>\n</nav>\n\n<header class=\"page-head person-head\">\n  <p class=\"eyebrow\">Team member</p>\n  <h1>"
        {name} "</h1>");
    if let Some(t) = nonempty(&m.title) {
        put!(o; "<p class=\"lede\">" {t} "</p>");
    }
    o.push_str("\n  <dl class=\"facts\">");
    if let Some(e) = nonempty(&m.email) {
        put!(o; "<div class=\"fact-wide\"><dt>Email</dt><dd class=\"break\"><a href=\"mailto:" {e} "\">" {e} "</a></dd></div>");
    }
    o.push_str("\n    <div><dt>Manager</dt><dd>");
    match &p.manager {
        Some(w) => put!(o; "<a href=\"" {root} {&w.url} "\">" {&w.name} "</a>"),
        None => o.push_str("<span class=\"muted\">—</span>"),
    }
    o.push_str("</dd></div>");
    if !p.reports.is_empty() {
        o.push_str("\n    <div><dt>Direct reports</dt><dd>");
        for (i, r) in p.reports.iter().enumerate() {
            put!(o; "<a href=\"" {root} {&r.url} "\">" {&r.name} "</a>");
            if i + 1 < p.reports.len() {
                o.push_str(", ");
            }
        }
        o.push_str("</dd></div>");
    }
    o.push_str("\n    <div><dt>Accounts owned</dt><dd>");
    disp(o, p.accounts_total);
    // `accounts | filter(segment="key")`: the key accounts among the rows shown.
    let keys = p.accounts.iter().filter(|r| r.segment == Segment::Key).count();
    if keys > 0 {
        o.push_str(" <span class=\"muted\">(");
        disp(o, keys);
        o.push_str(" key)</span>");
    }
    o.push_str("</dd></div>");
    if p.on_team_total > 0 {
        o.push_str("<div><dt>On the account team</dt><dd>");
        disp(o, p.on_team_total);
        o.push_str("</dd></div>");
    }
    if p.sponsored_total > 0 {
        o.push_str("<div><dt>Sponsor of</dt><dd>");
        disp(o, p.sponsored_total);
        o.push_str("</dd></div>");
    }
    if p.all_reports > 0 {
        o.push_str("<div><dt>Reporting line</dt><dd>");
        o.push_str(&crate::words::count(p.all_reports, "person", "people"));
        o.push_str(", ");
        disp(o, p.managed_total);
        o.push_str(" account");
        o.push_str(pluralize(p.managed_total));
        o.push_str("</dd></div>");
    }
    o.push_str("\n  </dl>\n</header>");

    if !p.findings.is_empty() {
        o.push_str("\n<section class=\"card attention-section\" aria-labelledby=\"findings-heading\">\n  <h2 id=\"findings-heading\">Needs attention</h2>\n  <ul class=\"finding-list\">");
        for f in &p.findings {
            put!(o; "\n    <li class=\"finding\" data-code=\"" {f.code.as_str()} "\"><span class=\"finding-message\">" [&f.message_html] "</span>");
            if !f.hint.is_empty() {
                put!(o; "<span class=\"finding-hint\">" {&f.hint} "</span>");
            }
            o.push_str("</li>");
        }
        o.push_str("\n  </ul>\n</section>");
    }

    // `member.body_html | trim | length > 0`.
    if !m.body_html.trim().is_empty() {
        put!(o; "\n<section class=\"card\" aria-label=\"About " {name} "\">\n  <div class=\"prose\">" [&m.body_html] "</div>\n</section>");
    }

    put!(o; "\n\n<section class=\"card\" aria-labelledby=\"accounts-heading\">\n  <h2 id=\"accounts-heading\">Accounts owned <span class=\"count-badge\">");
    disp(o, p.accounts_total);
    o.push_str("</span></h2>");
    if !p.accounts.is_empty() {
        m_money_strip(
            o,
            &p.owned_totals,
            &format!("Totals of the accounts owned, in {}", p.currency),
        );
    }
    o.push_str("\n  ");
    m_account_table(o, &p.accounts, root, &format!("Accounts owned by {name}"), false, true);
    o.push_str("\n  ");
    m_more(o, p.accounts.len(), p.accounts_total, "accounts");
    o.push_str("\n</section>");

    if !p.on_team.is_empty() {
        o.push_str("\n<section class=\"card\" aria-labelledby=\"team-heading\">\n  <h2 id=\"team-heading\">On the account team <span class=\"count-badge\">");
        disp(o, p.on_team_total);
        o.push_str("</span></h2>\n  ");
        m_account_table(
            o,
            &p.on_team,
            root,
            &format!("Accounts where {name} is on the team"),
            true,
            true,
        );
        o.push_str("\n  ");
        m_more(o, p.on_team.len(), p.on_team_total, "accounts");
        o.push_str("\n</section>");
    }

    if !p.sponsored.is_empty() {
        o.push_str("\n<section class=\"card\" aria-labelledby=\"sponsor-heading\">\n  <h2 id=\"sponsor-heading\">Executive sponsor of <span class=\"count-badge\">");
        disp(o, p.sponsored_total);
        o.push_str("</span></h2>\n  ");
        m_account_table(o, &p.sponsored, root, &format!("Accounts {name} sponsors"), true, true);
        o.push_str("\n  ");
        m_more(o, p.sponsored.len(), p.sponsored_total, "accounts");
        o.push_str("\n</section>");
    }

    if !p.covered.is_empty() {
        covered(o, p, root);
    }

    if p.all_reports > 0 {
        o.push_str("\n<section class=\"card\" aria-labelledby=\"managed-heading\">\n  <h2 id=\"managed-heading\">Accounts in the reporting line <span class=\"count-badge\">");
        disp(o, p.managed_total);
        put!(o; "</span></h2>\n  <p class=\"card-sub\">Every account owned by someone who reports to " {name}
            ", directly or not. Totals in " {&p.currency} ".</p>");
        if !p.managed.is_empty() {
            m_money_strip(
                o,
                &p.managed_totals,
                &format!("Totals of the reporting line, in {}", p.currency),
            );
        }
        o.push_str("\n  ");
        m_account_table(
            o,
            &p.managed,
            root,
            &format!("Accounts in {name}'s reporting line"),
            true,
            true,
        );
        o.push_str("\n  ");
        m_more(o, p.managed.len(), p.managed_total, "accounts");
        o.push_str("\n</section>");
    }

    actions(o, p, root);
    o.push('\n');
}

/// The "Relationships covered" section (shown when the member covers a contact).
fn covered(o: &mut String, p: &TeamPage, root: &str) {
    o.push_str("\n<section class=\"card\" aria-labelledby=\"covered-heading\">\n  <h2 id=\"covered-heading\">Relationships covered <span class=\"count-badge\">");
    disp(o, p.covered_total);
    put!(o; "</span></h2>\n  <div class=\"table-scroll\" role=\"region\" aria-label=\"Contacts covered\" tabindex=\"0\">\n  <table class=\"data\" data-sortable>\n    <caption class=\"visually-hidden\">Customer contacts whose relationship "
        {&p.member.name} " owns</caption>\n    <thead><tr><th scope=\"col\" data-sort=\"text\">Contact</th><th scope=\"col\" data-sort=\"text\">Account</th><th scope=\"col\" data-sort=\"text\">Relationship</th></tr></thead>\n    <tbody>");
    for c in &p.covered {
        put!(o; "\n      <tr>\n        <th scope=\"row\" data-value=\"" {&c.name.to_lowercase()} "\"><a href=\"" {root} {&c.url} "\">" {&c.name} "</a>");
        if let Some(t) = nonempty(&c.title) {
            put!(o; "<span class=\"sub\">" {t} "</span>");
        }
        put!(o; "</th>\n        <td data-value=\"" {&c.account_name.to_lowercase()} "\"><a href=\"" {root} {&c.account_url} "\">"
            {&c.account_name} "</a></td>\n        <td data-value=\"");
        match c.relationship {
            Some(r) => put!(o; {r.as_str()} "\"><span class=\"badge rel-" {r.as_str()} "\">" {r.as_str()} "</span>"),
            None => o.push_str("\"><span class=\"muted\">not rated</span>"),
        }
        o.push_str("</td>\n      </tr>");
    }
    o.push_str("\n    </tbody>\n  </table>\n  </div>\n</section>");
}

/// The "Actions owned" section (always shown).
fn actions(o: &mut String, p: &TeamPage, root: &str) {
    o.push_str(
        "\n\n<section class=\"card\" aria-labelledby=\"actions-heading\">\n  <h2 id=\"actions-heading\">Actions owned ",
    );
    // `actions | filter(overdue=true)`: the overdue ones among those shown.
    let late = p.actions.iter().filter(|a| a.overdue).count();
    if late > 0 {
        o.push_str("<span class=\"flag flag-overdue\">");
        disp(o, late);
        o.push_str(" overdue</span>");
    }
    o.push_str("</h2>");
    if p.actions.is_empty() {
        o.push_str("\n  <p class=\"empty\">No actions assigned in any plan.</p>");
    } else {
        put!(o; "\n  <div class=\"table-scroll\" role=\"region\" aria-label=\"Actions owned\" tabindex=\"0\">\n  <table class=\"data\" data-sortable>\n    <caption class=\"visually-hidden\">Actions owned by "
            {&p.member.name} "</caption>\n    <thead>\n      <tr>\n        <th scope=\"col\" data-sort=\"text\">Action</th>\n        <th scope=\"col\" data-sort=\"text\">Account</th>\n        <th scope=\"col\" data-sort=\"text\">Due</th>\n        <th scope=\"col\" data-sort=\"text\">Status</th>\n      </tr>\n    </thead>\n    <tbody>");
        for act in &p.actions {
            o.push_str("\n      <tr");
            if act.overdue {
                o.push_str(" class=\"is-overdue\"");
            }
            put!(o; ">\n        <th scope=\"row\" data-value=\"" {&act.title.to_lowercase()} "\"><a href=\"" {root} {&act.url} "\">");
            super::super::escape::push_without_tags(o, &act.title_html);
            put!(o; "</a></th>\n        <td data-value=\"" {&act.account_name.to_lowercase()} "\"><a href=\"" {root} {&act.account_url}
                "\">" {&act.account_name} "</a></td>\n        <td data-value=\"");
            match nonempty(&act.due) {
                Some(d) => put!(o; {d} "\"><span class=\"nowrap\">" {d} "</span>"),
                None => o.push_str("9999\"><span class=\"muted\">—</span>"),
            }
            if act.overdue {
                o.push_str(" <span class=\"flag flag-overdue\">overdue</span>");
            }
            let status = act.status.as_str();
            put!(o; "</td>\n        <td data-value=\"" {status} "\">");
            m_pill(o, "action", status);
            o.push_str("</td>\n      </tr>");
        }
        o.push_str("\n    </tbody>\n  </table>\n  </div>");
    }
    o.push_str("\n</section>");
}

// ---------------------------------------------------------------------------
// Filters the team page uses

// ---------------------------------------------------------------------------
// Macros of macros.html

/// `m::account_table(rows, root, caption, show_owner, show_segment)`: the
/// account table of the dashboard, segment, team and competitor pages.
pub fn m_account_table(
    o: &mut String,
    rows: &[AccountRow],
    root: &str,
    caption: &str,
    show_owner: bool,
    show_segment: bool,
) {
    if rows.is_empty() {
        o.push_str("<p class=\"empty\">No accounts.</p>");
        return;
    }
    put!(o; "<div class=\"table-scroll\" role=\"region\" aria-label=\"" {caption}
        "\" tabindex=\"0\">\n<table class=\"data accounts-table\" data-sortable>\n  <caption class=\"visually-hidden\">" {caption});
    if rows.len() > 1 {
        o.push_str(" (select a column header to sort)");
    }
    o.push_str("</caption>\n  <thead>\n    <tr>\n      <th scope=\"col\" data-sort=\"text\">Account</th>");
    if show_segment {
        o.push_str("<th scope=\"col\" data-sort=\"text\">Segment</th>");
    }
    if show_owner {
        o.push_str("<th scope=\"col\" data-sort=\"text\">Owner</th>");
    }
    o.push_str("\n      <th scope=\"col\" data-sort=\"num\">Relationship</th>\n      <th scope=\"col\" data-sort=\"num\">Potential</th>\n      <th scope=\"col\" class=\"num\" data-sort=\"num\"><abbr title=\"Weighted pipeline\">Pipeline</abbr></th>\n      <th scope=\"col\" data-sort=\"num\">Complete</th>\n      <th scope=\"col\" data-sort=\"text\">Last review</th>\n      <th scope=\"col\" class=\"num\" data-sort=\"num\">Overdue</th>\n    </tr>\n  </thead>\n  <tbody>");
    for r in rows {
        account_row(o, r, root, show_owner, show_segment);
    }
    o.push_str("\n  </tbody>\n</table>\n</div>");
}

/// One row of [`m_account_table`].
fn account_row(o: &mut String, r: &AccountRow, root: &str, show_owner: bool, show_segment: bool) {
    let computed = r.computed_segment.as_str();
    // `r.declared_segment and r.declared_segment != r.computed_segment`.
    let overridden = r.declared_segment.filter(|d| *d != r.computed_segment);
    put!(o; "\n    <tr>\n      <th scope=\"row\" class=\"acct\" data-value=\"" {&r.name.to_lowercase()} "\">\n        <a href=\"" {root} {&r.url}
        "\">" {&r.name} "</a>");
    let industry = nonempty(&r.industry);
    if industry.is_some() || r.top10 {
        o.push_str("<span class=\"sub\">");
        if r.top10 {
            o.push_str("<span class=\"top10\">Top 10</span> ");
        }
        if let Some(i) = industry {
            esc(o, i);
        }
        o.push_str("</span>");
    }
    if let (false, Some(d)) = (show_segment, overridden) {
        put!(o; "<span class=\"sub\">declared " {d.as_str()} ", computed " {computed} "</span>");
    }
    o.push_str("\n      </th>");
    if show_segment {
        o.push_str("\n      <td data-value=\"");
        o.push_str(match r.segment {
            Segment::Key => "1",
            Segment::Target => "2",
            Segment::Managed => "3",
            Segment::Maintained => "4",
        });
        o.push_str("\">");
        m_seg(o, r.segment.as_str(), "", false);
        if overridden.is_some() {
            put!(o; "<span class=\"sub\">computed: " {computed} "</span>");
        }
        o.push_str("</td>");
    }
    if show_owner {
        o.push_str("\n      <td class=\"nowrap\" data-value=\"");
        match &r.owner {
            Some(w) => put!(o; {&w.name.to_lowercase()} "\"><a href=\"" {root} {&w.url} "\">" {&w.name} "</a>"),
            None => o.push_str("\"><span class=\"muted\">—</span>"),
        }
        o.push_str("</td>");
    }
    o.push_str("\n      <td data-value=\"");
    disp(o, r.relationship);
    o.push_str("\">");
    m_score(o, r.relationship, r.relationship_high);
    o.push_str("</td>\n      <td data-value=\"");
    disp(o, r.potential);
    o.push_str("\">");
    m_score(o, r.potential, r.potential_high);
    o.push_str("</td>\n      <td class=\"num\" data-value=\"");
    // Sorted by the site-currency amount when there is a rate, else by the
    // plan's own (nothing printed when that is not set either).
    match (r.site_weighted_pipeline, r.weighted_pipeline.value()) {
        (Some(x), _) | (None, Some(x)) => disp(o, x),
        (None, None) => {}
    }
    put!(o; "\">" {&r.weighted_pipeline.short()} "</td>\n      <td data-value=\"");
    disp(o, r.completeness_pct);
    o.push_str("\">");
    m_meter(o, i64::from(r.completeness_pct), "complete", false);
    o.push_str("</td>\n      <td data-value=\"");
    let review = nonempty(&r.last_review);
    match review {
        Some(d) => esc(o, d),
        None => o.push_str("0000"),
    }
    o.push_str("\">");
    match review {
        Some(d) => put!(o; "<span class=\"nowrap\">" {d} "</span>"),
        None => o.push_str("<span class=\"muted\">never</span>"),
    }
    if r.stale {
        o.push_str(" <span class=\"flag flag-stale\">stale</span>");
    }
    if let Some(d) = nonempty(&r.last_updated) {
        put!(o; "<span class=\"sub\">edited " {d} "</span>");
    }
    o.push_str("</td>\n      <td class=\"num\" data-value=\"");
    disp(o, r.overdue_actions);
    o.push_str("\">");
    if r.overdue_actions > 0 {
        o.push_str("<span class=\"flag flag-overdue\">");
        disp(o, r.overdue_actions);
        o.push_str("</span>");
    } else {
        o.push_str("<span class=\"muted\">0</span>");
    }
    o.push_str("</td>\n    </tr>");
}

/// `m::unconverted(items, field)`: amounts without an exchange rate beside
/// a converted total; `field` picks the amount of each currency.
pub fn m_unconverted(o: &mut String, items: &[UnconvertedView], field: fn(&UnconvertedView) -> &AmountView) {
    for u in items {
        put!(o; "<span class=\"unconverted\">+ " {&field(u).short()} " not converted</span>");
    }
}

/// `m::money_strip(t, title)`: totals of some accounts, converted and not.
pub fn m_money_strip(o: &mut String, t: &TotalView, title: &str) {
    let u = &t.unconverted;
    put!(o; "<dl class=\"money-strip\" aria-label=\"" {title} "\">\n  <div><dt>Prior year</dt><dd>" {&t.prior_year_actual.short()});
    m_unconverted(o, u, |u| &u.prior_year_actual);
    put!(o; "</dd></div>\n  <div><dt>Annual target</dt><dd>" {&t.annual_target.short()});
    m_unconverted(o, u, |u| &u.annual_target);
    put!(o; "</dd></div>\n  <div><dt>Secured</dt><dd>" {&t.secured.short()});
    if let Some(pct) = t.attainment_pct {
        o.push_str(" <span class=\"muted\">(");
        disp(o, pct);
        o.push_str("% of target)</span>");
    }
    m_unconverted(o, u, |u| &u.secured);
    put!(o; "</dd></div>\n  <div><dt>Open pipeline</dt><dd>" {&t.open_pipeline.short()});
    m_unconverted(o, u, |u| &u.open_pipeline);
    put!(o; "</dd></div>\n  <div><dt>Weighted pipeline</dt><dd>" {&t.weighted_pipeline.short()});
    m_unconverted(o, u, |u| &u.weighted_pipeline);
    o.push_str("</dd></div>\n</dl>");
}

/// `m::more(shown, total, what)`: "Showing the first N of M" under a list
/// cut short on a large portfolio; nothing when every item is shown.
pub fn m_more(o: &mut String, shown: usize, total: usize, what: &str) {
    if total > shown {
        o.push_str("<p class=\"note more-note\">Showing the first ");
        disp(o, shown);
        o.push_str(" of ");
        disp(o, total);
        o.push(' ');
        esc(o, what);
        o.push_str(". Every account is listed on the segment pages and in <code>portfolio.csv</code>.</p>");
    }
}

#[cfg(test)]
mod tests {
    //! Every team page's `main` block, written here and by `team.html`, for
    //! the example portfolio and for a generated portfolio large enough to
    //! cap the lists and reach every branch of the template.
    use super::*;
    use crate::render::context::Lookup;
    use crate::render::native::Native;
    use crate::render::native::tests::first_difference;
    use crate::render::pages::{Groups, PageSpec};
    use crate::render::{Renderer, base_context};
    use std::fmt::Write as _;
    use std::path::Path;

    /// Renders every team page of the site at `root` both ways, whole pages
    /// through the same `Renderer::render_page` a build uses (only
    /// `Native::teams` differs). Returns the differences and the template
    /// renderings.
    fn compare(root: &Path) -> (Vec<String>, Vec<String>) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let analysis = crate::pipeline::analyse(root, today);
        // A mistake in a generated plan would leave its data out unnoticed;
        // plans without an owner are on purpose (the owner column's "—").
        let errors: Vec<_> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code.severity() == crate::diagnostic::Severity::Error)
            .filter(|d| d.message != "missing required field `owner`")
            .collect();
        assert!(errors.is_empty(), "errors in {}: {errors:#?}", root.display());
        let history = crate::history::collect(root, &analysis, today);
        let mut renderer =
            Renderer::with_theme(Theme::builtin(), Vec::new(), &analysis.site.config).expect("built-in theme compiles");
        assert!(renderer.native.teams, "the built-in theme writes team pages in Rust");
        let look = Lookup::new(&analysis.site, &analysis.portfolio, &analysis.diagnostics).with_history(&history);
        let groups = Groups::new(&look);
        let base = base_context(&look, false);
        assert!(!analysis.site.team.is_empty(), "no team in {}", root.display());
        let (mut problems, mut pages) = (Vec::new(), Vec::new());
        for t in 0..analysis.site.team.len() {
            let spec = PageSpec::Team(t);
            let mut render = |teams: bool| {
                renderer.native = Native {
                    teams,
                    ..renderer.native
                };
                renderer
                    .render_page(&look, &groups, &base, &spec)
                    .expect("team page renders")
                    .1
            };
            let (got, want) = (render(true), render(false));
            if let Some(d) = first_difference(&want, &got) {
                problems.push(format!("team member {}: {d}", analysis.site.team[t].id));
            }
            pages.push(want);
        }
        (problems, pages)
    }

    /// A portfolio of 320 plans (lists are capped above 300) whose team
    /// reaches each branch of `team.html` and of the macros it calls.
    fn generated_site(dir: &Path) {
        let write = |rel: &str, text: &str| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        };
        write(
            "planfolio.yaml",
            "title: Generated & <Co>\ncurrency: GBP\nexchange_rates: {EUR: 0.86}\n\
             review: {max_age_days: 90, max_key_accounts_per_owner: 2}\nmarkdown: {allow_html: true}\n",
        );
        // boss ← {mid ← big, lead2 ← idle}; mgr1 ← small; teamy reports to nobody.
        let members: &[(&str, &str, Option<&str>, &str)] = &[
            (
                "boss",
                "name: Bea Boss\ntitle: VP, Sales & \"Growth\"\nemail: bea@x.example\n",
                None,
                "Leads **everyone**.\n",
            ),
            ("mid", "name: Mo Mid\ntitle: Head of/Key\n", Some("boss"), "Mid.\n"),
            (
                "big",
                "name: Zoë O'Neil & Co\nemail: z@x.example\n",
                Some("mid"),
                "Owns <em>a lot</em>.\n",
            ),
            ("lead2", "name: Lee Two\n", Some("boss"), "# Lead\n\nTwo.\n"),
            ("idle", "name: Ida Idle\n", Some("lead2"), "  \n"),
            ("mgr1", "name: Max One\n", None, ""),
            ("small", "name: Sam Small\n", Some("mgr1"), "Small.\n"),
            ("teamy", "name: Tia Team\n", None, "On teams.\n"),
        ];
        for (id, front, manager, body) in members {
            let manager = manager.map(|m| format!("manager: {m}\n")).unwrap_or_default();
            write(
                &format!("content/team/{id}.md"),
                &format!("---\n{front}{manager}---\n{body}"),
            );
        }
        for i in 0..320 {
            let mut f = String::from("---\n");
            let _ = writeln!(f, "name: \"Plan {i:03} <&> / 'q'\"");
            let owner = match i {
                0..250 => Some("big"),
                250 => Some("small"),
                251..260 => Some("mid"),
                260..300 => Some("teamy"),
                _ => None,
            };
            if let Some(o) = owner {
                let _ = writeln!(f, "owner: {o}");
            }
            match i {
                0..220 => f.push_str("team: [teamy]\n"),
                300.. => f.push_str("team: [teamy, small]\n"),
                _ => {}
            }
            match i {
                0..210 => f.push_str("sponsor: boss\n"),
                255 => f.push_str("sponsor: mid\n"),
                _ => {}
            }
            if i % 3 != 0 {
                let _ = writeln!(f, "industry: \"Industry {} & <sons>\"", i % 3);
            }
            if i % 4 == 0 {
                f.push_str("top10: true\n");
            }
            if let Some(s) = ["", "key", "target", "managed", "maintained"]
                .get(i % 5)
                .filter(|s| !s.is_empty())
            {
                let _ = writeln!(f, "segment: {s}\nsegment_reason: a test");
            }
            let partnership = ["commodity-vendor", "service-provider", "strategic-partner"][i % 3];
            let _ = writeln!(f, "status:\n  partnership: {partnership}");
            match i % 3 {
                1 => f.push_str("  last_review: 2026-11-01\n"),
                2 => f.push_str("  last_review: 2025-01-01\n"),
                _ => {}
            }
            let _ = writeln!(f, "contacts:\n  - id: c{i}\n    name: \"Contact {i} O'Hara\"");
            if i % 2 == 0 {
                f.push_str("    title: Chief <Engineer>\n");
            }
            if let Some(r) = ["strong", "good", "", "weak", "poor"]
                .get(i % 5)
                .filter(|r| !r.is_empty())
            {
                let _ = writeln!(f, "    relationship: {r}");
            }
            if i < 210 || i == 300 {
                f.push_str("    covered_by: big\n");
            }
            let actor = match i {
                0..215 => Some("big"),
                255 => Some("mid"),
                _ => None,
            };
            if let Some(a) = actor {
                let _ = writeln!(
                    f,
                    "actions:\n  - id: a{i}\n    title: \"Call **Ann** <b>now</b> <!-- x --> & `code` {i}\"\n    owner: {a}"
                );
                match i % 3 {
                    0 => f.push_str("    due: 2026-01-15\n"),
                    1 => f.push_str("    due: 2027-02-01\n"),
                    _ => {}
                }
                let status = ["planned", "in-progress", "done", "blocked"][i % 4];
                let _ = writeln!(f, "    status: {status}");
            }
            let currency = ["GBP", "EUR", "USD"][i % 3];
            let _ = writeln!(f, "financials:\n  currency: {currency}");
            if i % 2 == 0 {
                let _ = writeln!(f, "  prior_year_actual: {}", 1000 * i + 500);
            }
            if i % 4 != 2 {
                let _ = writeln!(f, "  annual_target: {}", 1500 * i + 250);
            }
            let stage = ["secured", "pipeline", "forecast", "prospect"][i % 4];
            let _ = writeln!(
                f,
                "opportunities:\n  - name: Deal {i}\n    stage: {stage}\n    value: {}\n    product: P",
                (i * 7919) % 100_000 + 1
            );
            f.push_str("---\nBody.\n");
            write(&format!("content/accounts/plan-{i:03}.md"), &f);
        }
    }

    /// What shows that each branch of `team.html` and its macros was taken.
    const BRANCHES: &[&str] = &[
        "<p class=\"lede\">",
        "<h1>Ida Idle</h1>\n  <dl class=\"facts\">\n    <div><dt>Manager</dt>",
        "mailto:",
        "<dt>Manager</dt><dd><a ",
        "<dt>Manager</dt><dd><span class=\"muted\">—",
        "<dt>Direct reports</dt>",
        "</a>, <a ",
        " key)</span>",
        "<dt>On the account team</dt>",
        "<dt>Sponsor of</dt>",
        " person, 1 account</dd>",
        " person, 0 accounts</dd>",
        " people, ",
        "<span class=\"finding-hint\">",
        "<div class=\"prose\">",
        "<dl class=\"money-strip\"",
        "<span class=\"unconverted\">",
        "% of target)</span>",
        "</dd></div>\n  <div><dt>Open pipeline</dt>",
        "<p class=\"empty\">No accounts.</p>",
        "<p class=\"note more-note\">",
        "(select a column header to sort)",
        "Accounts owned by Sam Small</caption>",
        "<h2 id=\"team-heading\">",
        "<h2 id=\"sponsor-heading\">",
        "<h2 id=\"covered-heading\">",
        "<h2 id=\"managed-heading\">",
        "<span class=\"top10\">Top 10</span> </span>",
        "<span class=\"top10\">Top 10</span> Industry",
        "<span class=\"sub\">Industry",
        "<span class=\"sub\">computed: ",
        "<td data-value=\"1\">",
        "<td data-value=\"2\">",
        "<td data-value=\"3\">",
        "<td data-value=\"4\">",
        "<td class=\"nowrap\" data-value=\"\"><span class=\"muted\">—</span>",
        "<td class=\"nowrap\" data-value=\"z",
        "<span class=\"muted\">never</span>",
        "<span class=\"flag flag-stale\">stale</span>",
        "<span class=\"sub\">edited ",
        "<span class=\"muted\">0</span>",
        "\"><span class=\"flag flag-overdue\">",
        "</a><span class=\"sub\">Chief",
        "<span class=\"badge rel-",
        "<span class=\"muted\">not rated</span>",
        "No actions assigned in any plan.",
        " overdue</span></h2>",
        "<tr class=\"is-overdue\">",
        "data-value=\"9999\">",
        "</span> <span class=\"flag flag-overdue\">overdue</span>",
        "<span class=\"badge action-in-progress\">",
    ];

    #[test]
    fn every_team_page_matches_team_html() {
        let (mut problems, mut pages) = compare(Path::new(env!("CARGO_MANIFEST_DIR")));
        assert_eq!(pages.len(), 10, "the example portfolio's team");
        let generated = tempfile::tempdir().expect("tempdir");
        generated_site(generated.path());
        let (more, generated_pages) = compare(generated.path());
        problems.extend(more);
        pages.extend(generated_pages);
        assert!(
            problems.is_empty(),
            "{} team pages differ; the first:\n\n{}",
            problems.len(),
            problems[0]
        );
        let all = pages.concat();
        let missed: Vec<&str> = BRANCHES.iter().copied().filter(|b| !all.contains(b)).collect();
        assert!(missed.is_empty(), "branches no page reaches: {missed:#?}");
    }

    /// The macros in the modes the team page does not use (the segment
    /// and competitor pages will), on every plan of the generated site.
    #[test]
    fn macros_match_in_every_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        generated_site(dir.path());
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let analysis = crate::pipeline::analyse(dir.path(), today);
        let mut theme = Theme::builtin();
        theme.templates.insert(
            "macro-test.html".into(),
            "{% import \"macros.html\" as m %}{{ m::account_table(rows=rows, root=root, caption=caption, \
             show_owner=show_owner, show_segment=show_segment) }}|{{ m::money_strip(t=t, title=caption) }}|\
             {{ m::more(shown=rows | length, total=total, what=caption) }}"
                .into(),
        );
        let tera = crate::render::compile(&theme, &analysis.site.config).expect("templates compile");
        let look = Lookup::new(&analysis.site, &analysis.portfolio, &analysis.diagnostics);
        let rows: Vec<AccountRow> = look.pairs().map(|(p, a)| look.row(p, a)).collect();
        let totals = look.total_view(look.pairs().map(|(_, a)| &a.money));
        let (root, caption, total) = ("../../", "Tom's <list> & /more", 400);
        for n in [0, 1, rows.len()] {
            for (show_owner, show_segment) in [(true, true), (true, false), (false, true), (false, false)] {
                let mut ctx = tera::Context::new();
                ctx.insert("rows", &rows[..n]);
                ctx.insert("root", root);
                ctx.insert("caption", caption);
                ctx.insert("show_owner", &show_owner);
                ctx.insert("show_segment", &show_segment);
                ctx.insert("t", &totals);
                ctx.insert("total", &total);
                let want = tera.render("macro-test.html", &ctx).expect("renders");
                let mut got = String::new();
                m_account_table(&mut got, &rows[..n], root, caption, show_owner, show_segment);
                got.push('|');
                m_money_strip(&mut got, &totals, caption);
                got.push('|');
                m_more(&mut got, n, total, caption);
                if let Some(d) = first_difference(&want, &got) {
                    panic!("{n} rows, show_owner {show_owner}, show_segment {show_segment}: {d}");
                }
                if n == rows.len() && !show_segment {
                    assert!(
                        want.contains("<span class=\"sub\">declared "),
                        "no declared segment shown"
                    );
                }
            }
        }
    }
}
