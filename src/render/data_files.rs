//! The site's data files, written for other tools rather than for people:
//! `portfolio.json`, `portfolio.csv` and the filters' data (the search
//! index is in `search.rs`).

use super::{context, urls};
use crate::derive::round2;
use crate::history::SiteHistory;
use crate::model::{Keyword, Segment};
use crate::pipeline::Analysis;
use context::Lookup;
use serde_json::json;

/// The amounts of `site` in `portfolio.json` (SPEC §9, v2). An amount the
/// plan does not set is `None` (`null`), never 0 (v3).
#[derive(serde::Serialize)]
struct SiteAmountsJson {
    annual_target: Option<f64>,
    open_pipeline: f64,
    potential_value: f64,
    prior_year_actual: Option<f64>,
    secured: f64,
    weighted_pipeline: f64,
}

impl SiteAmountsJson {
    fn of(a: &crate::derive::Amounts, set: crate::derive::money::Set) -> SiteAmountsJson {
        SiteAmountsJson {
            annual_target: set_amount(a.annual_target, set.annual_target),
            open_pipeline: round2(a.open_pipeline),
            potential_value: round2(a.potential_value),
            prior_year_actual: set_amount(a.prior_year_actual, set.prior_year_actual),
            secured: round2(a.secured),
            weighted_pipeline: round2(a.weighted_pipeline),
        }
    }
}

/// An optional amount as written: rounded when the plan sets it, else
/// `None`. `Amounts` holds 0 for a missing amount so that totals add 0.
fn set_amount(value: f64, set: bool) -> Option<f64> {
    set.then(|| round2(value))
}

/// A value written as a JSON value would be: objects with sorted keys.
fn as_json_value<T: serde::Serialize, S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    serde_json::to_value(value)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// One account of `portfolio.json`. Written straight from the model (no
/// JSON values in between, which cost as much as the rest of the file);
/// every object's fields are in key order, as the file has always had them.
#[derive(serde::Serialize)]
struct AccountJson<'a> {
    annual_target: Option<f64>,
    attainment: Option<f64>,
    changed_since_approval: Option<bool>,
    competitors: Vec<CompetitorJson<'a>>,
    completeness: f64,
    completeness_missing: &'a [std::borrow::Cow<'static, str>],
    computed_segment: Segment,
    currency: &'a str,
    declared_segment: Option<Segment>,
    findings: Vec<FindingJson<'a>>,
    id: &'a str,
    last_review: Option<String>,
    last_updated: Option<String>,
    lost: f64,
    name: &'a str,
    open_pipeline: f64,
    our_alignment: Option<f64>,
    overdue_actions: usize,
    owner: Option<&'a str>,
    potential_value: f64,
    prior_year_actual: Option<f64>,
    rate: Option<f64>,
    relationship_since: &'a std::collections::BTreeMap<String, chrono::NaiveDate>,
    scores: ScoresJson,
    secured: f64,
    segment: Segment,
    site: Option<SiteAmountsJson>,
    #[serde(serialize_with = "as_json_value")]
    slips: &'a [crate::history::Slip],
    sponsor: Option<&'a str>,
    stale: bool,
    swot: SwotJson<'a>,
    /// The account at every month of `trends` (SPEC §10.3).
    trend: crate::history::trends::AccountTrendJson,
    url: String,
    weighted_pipeline: f64,
}

#[derive(serde::Serialize)]
struct CompetitorJson<'a> {
    id: &'a str,
    status: Option<f64>,
}

#[derive(serde::Serialize)]
struct FindingJson<'a> {
    code: crate::diagnostic::Code,
    column: u32,
    line: u32,
    message: &'a str,
}

#[derive(serde::Serialize)]
struct ScoresJson {
    potential: f64,
    relationship: f64,
}

#[derive(serde::Serialize)]
struct SwotJson<'a> {
    opportunities: Vec<SwotEntryJson<'a>>,
    strengths: Vec<SwotEntryJson<'a>>,
    threats: Vec<SwotEntryJson<'a>>,
    weaknesses: Vec<SwotEntryJson<'a>>,
}

#[derive(serde::Serialize)]
struct SwotEntryJson<'a> {
    source: &'a crate::derive::SwotSource,
    text: &'a str,
}

/// One account of `portfolio.json`.
fn account_json<'a>(
    plan: &'a crate::model::Plan,
    a: &'a crate::derive::Account,
    history: &'a SiteHistory,
) -> AccountJson<'a> {
    let swot = |entries: &'a [crate::derive::SwotEntry]| -> Vec<SwotEntryJson<'a>> {
        entries
            .iter()
            .map(|e| SwotEntryJson {
                source: &e.source,
                text: &e.text,
            })
            .collect()
    };
    let m = &a.money;
    let past = history.account(&plan.id);
    AccountJson {
        annual_target: set_amount(m.own.annual_target, m.set.annual_target),
        attainment: m.attainment().map(round2),
        changed_since_approval: past.changed_since_approval,
        competitors: a
            .competitors
            .iter()
            .map(|c| CompetitorJson {
                id: &c.id,
                status: c.status.map(round2),
            })
            .collect(),
        completeness: round2(a.completeness.ratio()),
        completeness_missing: &a.completeness.missing,
        computed_segment: a.computed_segment,
        currency: &m.currency,
        declared_segment: plan.segment.as_ref().map(|s| s.value),
        findings: a
            .findings
            .iter()
            .map(|f| FindingJson {
                code: f.code,
                column: f.span.col,
                line: f.span.line,
                message: &f.message,
            })
            .collect(),
        id: &plan.id,
        last_review: plan.status.last_review.as_ref().map(|d| d.value.to_string()),
        last_updated: history.last_updated.get(&plan.id).map(|d| d.to_string()),
        lost: round2(m.own.lost),
        name: &plan.name,
        open_pipeline: round2(m.own.open_pipeline),
        our_alignment: a.our_alignment.map(round2),
        overdue_actions: a.overdue_actions.len(),
        owner: plan.owner.as_ref().map(|o| o.value.as_str()),
        potential_value: round2(m.own.potential_value),
        prior_year_actual: set_amount(m.own.prior_year_actual, m.set.prior_year_actual),
        rate: m.rate,
        relationship_since: &past.relationship_since,
        scores: ScoresJson {
            potential: round2(a.potential),
            relationship: round2(a.relationship),
        },
        secured: round2(m.own.secured),
        segment: a.segment,
        site: m.site.as_ref().map(|site| SiteAmountsJson::of(site, m.set)),
        slips: &past.slips,
        sponsor: plan.sponsor.as_ref().map(|o| o.value.as_str()),
        stale: a.stale,
        swot: SwotJson {
            opportunities: swot(&a.swot.opportunities),
            strengths: swot(&a.swot.strengths),
            threats: swot(&a.swot.threats),
            weaknesses: swot(&a.swot.weaknesses),
        },
        trend: crate::history::trends::AccountTrendJson::of(&history.trends.account(&plan.id, a)),
        url: urls::plan(&plan.id),
        weighted_pipeline: round2(m.own.weighted_pipeline),
    }
}

/// The accounts of `portfolio.json`, serialized one at a time so a large
/// portfolio never exists twice in memory as JSON values.
struct AccountsJson<'a>(&'a Analysis, &'a SiteHistory);

impl serde::Serialize for AccountsJson<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Self(analysis, history) = self;
        s.collect_seq(
            analysis
                .site
                .plans
                .iter()
                .zip(&analysis.portfolio.accounts)
                .map(|(plan, a)| account_json(plan, a, history)),
        )
    }
}

/// `portfolio.json`'s top level.
#[derive(serde::Serialize)]
struct PortfolioJson<'a> {
    title: &'a str,
    today: String,
    currency: &'a str,
    potential_threshold: f64,
    totals: serde_json::Value,
    /// Segment moves of the history window (SPEC §10.1).
    moves: Vec<serde_json::Value>,
    /// The portfolio at every month end of the history (SPEC §10.3).
    trends: serde_json::Value,
    accounts: AccountsJson<'a>,
}

/// `totals` of `portfolio.json`: converted figures, and per currency the
/// amounts that have no exchange rate.
fn totals_json(t: &crate::derive::Total) -> serde_json::Value {
    let amounts = |a: &crate::derive::Amounts| {
        json!({
            "open_pipeline": round2(a.open_pipeline),
            "secured": round2(a.secured),
            "weighted_pipeline": round2(a.weighted_pipeline),
            "lost": round2(a.lost),
            "annual_target": round2(a.annual_target),
            "prior_year_actual": round2(a.prior_year_actual),
        })
    };
    let mut out = amounts(&t.converted);
    out["attainment"] = json!(t.attainment().map(round2));
    out["unconverted"] = t
        .unconverted
        .iter()
        .map(|(currency, a)| {
            let mut v = amounts(a);
            v["currency"] = json!(currency);
            v
        })
        .collect();
    out
}

/// `portfolio.json` (SPEC §9), with a few extra fields.
pub fn portfolio_json(analysis: &Analysis, history: &SiteHistory) -> String {
    let mut bytes = Vec::new();
    let _ = write_portfolio_json(&mut bytes, analysis, history);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes `portfolio.json` to `w` as it is serialised.
pub(super) fn write_portfolio_json(
    w: &mut dyn std::io::Write,
    analysis: &Analysis,
    history: &SiteHistory,
) -> std::io::Result<()> {
    let value = PortfolioJson {
        title: &analysis.site.config.title,
        today: analysis.portfolio.today.to_string(),
        currency: &analysis.site.config.currency,
        potential_threshold: round2(analysis.portfolio.potential_threshold),
        totals: totals_json(&analysis.portfolio.totals),
        moves: history.moves_json(),
        trends: history.trends.json(&analysis.portfolio),
        accounts: AccountsJson(analysis, history),
    };
    let mut w = buffered(w);
    serde_json::to_writer_pretty(&mut w, &value)?;
    std::io::Write::write_all(&mut w, b"\n")?;
    std::io::Write::flush(&mut w)
}

/// A CSV text cell. One that a spreadsheet would run as a formula (it starts
/// with `=`, `+`, `-`, `@`, TAB or CR) gets a leading `'`, as OWASP advises;
/// the csv writer then quotes a cell holding `,`, `"`, CR or LF.
#[derive(Default)]
struct Text<'a>(std::borrow::Cow<'a, str>);

impl<'a> Text<'a> {
    fn new(s: &'a str) -> Text<'a> {
        Text(s.into())
    }

    /// An empty cell for `None`.
    fn of(s: Option<&'a str>) -> Text<'a> {
        Text::new(s.unwrap_or_default())
    }
}

impl serde::Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            s.serialize_str(&format!("'{}", self.0))
        } else {
            s.serialize_str(&self.0)
        }
    }
}

/// A CSV number cell, rounded to 2 decimals and written as Rust prints it
/// (`1500000`, `0.25`); never neutralised, so a negative amount stays a
/// number. `None` (an amount the plan does not set) is an empty cell.
#[derive(Default)]
struct Number(Option<f64>);

impl Number {
    fn of(x: f64) -> Number {
        Number(Some(x))
    }
}

impl serde::Serialize for Number {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Some(x) => s.serialize_str(&round2(x).to_string()),
            None => s.serialize_str(""),
        }
    }
}

/// One row of `portfolio.csv` (SPEC §9); the header is its field names, in
/// this order. Amounts are in the plan's currency, `site_*` in the site
/// currency (empty when the plan's currency has no rate).
#[derive(Default, serde::Serialize)]
struct CsvRow<'a> {
    id: Text<'a>,
    name: Text<'a>,
    owner: Text<'a>,
    segment: Text<'a>,
    relationship: Number,
    potential: Number,
    potential_value: Number,
    weighted_pipeline: Number,
    last_review: Text<'a>,
    stale: bool,
    completeness: Number,
    currency: Text<'a>,
    open_pipeline: Number,
    secured: Number,
    annual_target: Number,
    attainment: Number,
    site_potential_value: Number,
    site_weighted_pipeline: Number,
    site_open_pipeline: Number,
    site_secured: Number,
    health: Text<'a>,
    industry: Text<'a>,
    sponsor: Text<'a>,
    /// The owner's `manager` in the team file.
    manager: Text<'a>,
    /// How many findings the account has: the list `check` reports.
    findings: usize,
}

/// The CSV row of one account.
fn csv_row<'a>(
    plan: &'a crate::model::Plan,
    a: &'a crate::derive::Account,
    managers: &std::collections::HashMap<&str, &'a str>,
) -> CsvRow<'a> {
    let m = &a.money;
    let site = |f: fn(&crate::derive::Amounts) -> f64| Number(m.site.as_ref().map(f));
    let owner = plan.owner.as_ref().map(|o| o.value.as_str());
    CsvRow {
        id: Text::new(&plan.id),
        name: Text::new(&plan.name),
        owner: Text::of(owner),
        segment: Text::new(a.segment.as_str()),
        relationship: Number::of(a.relationship),
        potential: Number::of(a.potential),
        potential_value: Number::of(a.potential_value()),
        weighted_pipeline: Number::of(a.weighted_pipeline()),
        last_review: Text(
            plan.status
                .last_review
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default()
                .into(),
        ),
        stale: a.stale,
        completeness: Number::of(a.completeness.ratio()),
        currency: Text::new(&m.currency),
        open_pipeline: Number::of(m.own.open_pipeline),
        secured: Number::of(m.own.secured),
        annual_target: Number(m.set.annual_target.then_some(m.own.annual_target)),
        attainment: Number(m.attainment()),
        site_potential_value: site(|s| s.potential_value),
        site_weighted_pipeline: site(|s| s.weighted_pipeline),
        site_open_pipeline: site(|s| s.open_pipeline),
        site_secured: site(|s| s.secured),
        health: Text::of(plan.status.health.as_ref().map(|h| h.value.as_str())),
        industry: Text::of(plan.industry.as_deref()),
        sponsor: Text::of(plan.sponsor.as_ref().map(|s| s.value.as_str())),
        manager: Text::of(owner.and_then(|o| managers.get(o).copied())),
        findings: a.findings.len(),
    }
}

/// `portfolio.csv`: one row per account (SPEC §9).
pub fn portfolio_csv(analysis: &Analysis) -> String {
    let mut bytes = Vec::new();
    let _ = write_portfolio_csv(&mut bytes, analysis);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes `portfolio.csv` to `w`, row by row.
pub(super) fn write_portfolio_csv(w: &mut dyn std::io::Write, analysis: &Analysis) -> std::io::Result<()> {
    let managers: std::collections::HashMap<&str, &str> = analysis
        .site
        .team
        .iter()
        .filter_map(|t| Some((t.id.as_str(), t.manager.as_ref()?.value.as_str())))
        .collect();
    let mut rows = analysis.site.plans.iter().zip(&analysis.portfolio.accounts).peekable();
    if rows.peek().is_none() {
        // The writer names the columns with the first row; a portfolio
        // without plans still gets its header, taken from an empty row.
        let mut probe = csv::Writer::from_writer(Vec::new());
        probe.serialize(CsvRow::default())?;
        let probe = probe.into_inner().map_err(|e| e.into_error())?;
        let header = probe.split_inclusive(|b| *b == b'\n').next().unwrap_or_default();
        return w.write_all(header);
    }
    let mut out = csv::Writer::from_writer(w);
    for (plan, a) in rows {
        out.serialize(csv_row(plan, a, &managers))?;
    }
    out.flush()
}

/// A writer of generated data: serde writes token by token, which through
/// `dyn Write` costs a call each; this buffer takes them without one.
type Buffered<'w> = std::io::BufWriter<&'w mut dyn std::io::Write>;

fn buffered(w: &mut dyn std::io::Write) -> Buffered<'_> {
    std::io::BufWriter::with_capacity(1 << 16, w)
}

/// The amounts `filter-data.js` gives per account, in this order: the
/// fields of `TotalView` the filtered dashboard sums.
pub const FILTER_FIELDS: [&str; 8] = [
    "prior_year_actual",
    "annual_target",
    "revenue_goal_minimum",
    "revenue_goal_just_right",
    "revenue_goal_aspirational",
    "open_pipeline",
    "secured",
    "weighted_pipeline",
];

/// `filter-data.js`: what the dashboard's and attention page's filter needs
/// (SPEC §9, v3), as a script so it loads from `file://` too. Per account
/// its owner, segment, industry and currency, and the very amounts the
/// build adds into its totals: in the site currency when converted, else in
/// the plan's own (added apart, per currency). The script only sums them.
pub(super) fn write_filter_data(w: &mut dyn std::io::Write, look: &Lookup) -> std::io::Result<()> {
    use std::collections::{BTreeMap, HashMap};
    use std::io::Write;
    let w = &mut buffered(w);
    /// People by index: every owner and everyone above one.
    #[derive(Default)]
    struct People {
        ids: Vec<String>,
        at: HashMap<String, usize>,
    }
    impl People {
        fn index(&mut self, id: &str) -> usize {
            if let Some(&i) = self.at.get(id) {
                return i;
            }
            self.ids.push(id.to_string());
            self.at.insert(id.to_string(), self.ids.len() - 1);
            self.ids.len() - 1
        }
    }
    let mut people = People::default();
    let mut industries: HashMap<String, usize> = HashMap::new();
    let mut industry_labels: Vec<(String, String)> = Vec::new();
    let mut currencies: Vec<String> = Vec::new();
    let codes = context::ATTENTION_ORDER;
    let code_at = |c: crate::diagnostic::Code| codes.iter().position(|x| *x == c);
    // Accounts first, written one by one (10,000 of them are never held as
    // JSON values); the tables they index follow.
    w.write_all(b"window.PLANFOLIO_FILTER = {\"accounts\":[")?;
    for (n, (p, a)) in look.pairs().enumerate() {
        let owner = p.owner.as_ref().map_or(-1, |o| people.index(&o.value) as i64);
        let key = context::industry_key(p.industry.as_deref());
        let industry = match industries.get(&key) {
            Some(&i) => i,
            None => {
                let label = p.industry.clone().unwrap_or_else(|| "Unspecified".into());
                industry_labels.push((key.clone(), label));
                industries.insert(key, industry_labels.len() - 1);
                industry_labels.len() - 1
            }
        };
        let m = &a.money;
        let currency = match currencies.iter().position(|c| *c == m.currency) {
            Some(i) => i,
            None => {
                currencies.push(m.currency.clone());
                currencies.len() - 1
            }
        };
        // The amounts the build adds: in the site currency when converted,
        // else the plan's own (totalled apart, per currency).
        let x = m.site.unwrap_or(m.own);
        let set =
            u8::from(m.set.prior_year_actual) | u8::from(m.set.annual_target) << 1 | u8::from(m.set.revenue_goal) << 2;
        let segment = Segment::ALL.iter().position(|s| *s == a.segment).unwrap_or(0);
        let findings: Vec<usize> = a.findings.iter().filter_map(|f| code_at(f.code)).collect();
        let row = (
            &p.id,
            owner,
            segment,
            industry,
            currency,
            u8::from(m.site.is_some()),
            set,
            [
                x.prior_year_actual,
                x.annual_target,
                x.revenue_goal_minimum,
                x.revenue_goal_just_right,
                x.revenue_goal_aspirational,
                x.open_pipeline,
                x.secured,
                x.weighted_pipeline,
            ],
            m.deals,
            u8::from(a.stale),
            a.overdue_actions.len(),
            findings,
            // Per stage (prospect … lost): value, and value × the stage's weight.
            x.by_stage,
            weighted_by_stage(&x, &look.site.config.stage_weights),
        );
        if n > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, &row)?;
    }
    w.write_all(b"]")?;
    let members: Vec<(usize, usize)> = look
        .portfolio
        .member_findings
        .iter()
        .filter_map(|f| match &f.subject {
            crate::derive::Subject::Member(id) => Some((people.index(id), code_at(f.code)?)),
            _ => None,
        })
        .collect();
    // Each person's managers, nearest first (indexes into `people`); a
    // manager met here joins the list and gets a chain in turn.
    let mut chains: Vec<Vec<usize>> = Vec::new();
    while chains.len() < people.ids.len() {
        let id = people.ids[chains.len()].clone();
        let chain = context::manager_chain(look.site, &id)
            .iter()
            .map(|m| people.index(m))
            .collect();
        chains.push(chain);
    }
    let people: Vec<(&str, &str, Vec<usize>)> = people
        .ids
        .iter()
        .zip(chains)
        .map(|(id, chain)| (id.as_str(), look.person(id).name, chain))
        .collect();
    let prefixes: BTreeMap<&str, String> = currencies
        .iter()
        .map(String::as_str)
        .chain([look.site.config.currency.as_str()])
        .map(|c| (c, crate::derive::money::currency_prefix(c).into_owned()))
        .collect();
    let tables = serde_json::json!({
        "currency": look.site.config.currency,
        "prefixes": prefixes,
        "fields": FILTER_FIELDS,
        "segments": Segment::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
        "industries": industry_labels,
        "currencies": currencies,
        "codes": codes.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
        "people": people,
        "members": members,
    });
    // The tables' keys follow the accounts in the same object.
    let tables = serde_json::to_string(&tables)?;
    w.write_all(b",")?;
    w.write_all(tables.trim_start_matches('{').as_bytes())?;
    w.write_all(b";\n")?;
    w.flush()
}

/// Each stage's value times its weight (lost weighs 0), as the dashboard's
/// "Opportunities by stage" weighs the sums.
fn weighted_by_stage(x: &crate::derive::Amounts, weights: &crate::model::StageWeights) -> [f64; 5] {
    let mut out = [0.0; 5];
    for (i, stage) in crate::model::OppStage::ALL.iter().enumerate() {
        out[i] = x.by_stage[i] * weights.weight(*stage);
    }
    out
}

/// [`write_filter_data`] as a string.
pub(super) fn filter_data(look: &Lookup) -> String {
    let mut bytes = Vec::new();
    let _ = write_filter_data(&mut bytes, look);
    String::from_utf8(bytes).unwrap_or_default()
}

/// `filter-rows.js`, only on a portfolio whose dashboard lists some
/// accounts: the account table row of every account, written by the same
/// component as the table, for the filter to list the accounts it matches.
pub(super) fn write_filter_rows(w: &mut dyn std::io::Write, look: &Lookup) -> std::io::Result<()> {
    use std::io::Write;
    let w = &mut buffered(w);
    w.write_all(b"window.PLANFOLIO_ROWS = {")?;
    let mut html = String::new();
    for (i, (p, a)) in look.pairs().enumerate() {
        html.clear();
        super::components::accounts::account_rows(
            &mut html,
            &[look.row(p, a)],
            "",
            super::components::accounts::Columns {
                owner: true,
                segment: true,
                one_page: false,
            },
        );
        if i > 0 {
            w.write_all(b",")?;
        }
        serde_json::to_writer(&mut *w, &p.id)?;
        w.write_all(b":")?;
        serde_json::to_writer(&mut *w, html.trim())?;
    }
    w.write_all(b"};\n")?;
    w.flush()
}

/// [`write_filter_rows`] as a string.
pub(super) fn filter_rows(look: &Lookup) -> String {
    let mut bytes = Vec::new();
    let _ = write_filter_rows(&mut bytes, look);
    String::from_utf8(bytes).unwrap_or_default()
}
