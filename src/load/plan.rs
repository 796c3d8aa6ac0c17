//! Decoding of plan, team, competitor and config front matter into the model.

use super::decode::{Decoder, Fields, MAX_EXCHANGE_RATE, kept};
use super::yaml::Node;
use crate::diagnostic::{Code, Span, Spanned};
use crate::model::*;

/// Keys of a plan's front matter, per SPEC §2.
pub const PLAN_KEYS: &[&str] = &[
    "name",
    "owner",
    "team",
    "industry",
    "hq",
    "employees",
    "revenue",
    "website",
    "top10",
    "segment",
    "segment_reason",
    "sponsor",
    "status",
    "customer",
    "drivers",
    "faa",
    "objectives",
    "goals",
    "contacts",
    "competitors",
    "swot",
    "proposition",
    "expectations",
    "financials",
    "opportunities",
    "whitespace",
    "actions",
];
/// Keys of `status`.
pub const STATUS_KEYS: &[&str] = &[
    "partnership",
    "customer_ambition",
    "our_ambition",
    "impact",
    "health",
    "value_proposition",
    "long_term_ambition",
    "what_we_need",
    "last_review",
    "approved",
];
/// Keys of `customer`.
pub const CUSTOMER_KEYS: &[&str] = &["overview", "vision", "kpis", "business_units"];
/// Keys of `customer.kpis[]`.
pub const KPI_KEYS: &[&str] = &["name", "target", "current"];
/// Keys of `customer.business_units[]`.
pub const BUSINESS_UNIT_KEYS: &[&str] = &["id", "name", "notes"];
/// Keys of `drivers[]`.
pub const DRIVER_KEYS: &[&str] = &["kind", "category", "text"];
/// Keys of `faa`.
pub const FAA_KEYS: &[&str] = &["fix", "accomplish", "avoid"];
/// Keys of `objectives[]`.
pub const OBJECTIVE_KEYS: &[&str] = &[
    "id",
    "title",
    "details",
    "business_unit",
    "priority",
    "contact",
    "swot",
    "goals",
];
/// Keys of `goals[]`.
pub const GOAL_KEYS: &[&str] = &["id", "title", "measure", "target", "due", "status"];
/// Keys of `contacts[]`.
pub const CONTACT_KEYS: &[&str] = &[
    "id",
    "name",
    "title",
    "business_unit",
    "reports_to",
    "role",
    "buying_role",
    "influence",
    "relationship",
    "stages",
    "alignment",
    "personal_drivers",
    "action",
    "covered_by",
];
/// Keys of `competitors[]`.
pub const COMPETITOR_KEYS: &[&str] = &["id", "name", "strengths", "weaknesses", "differentiators", "swot"];
/// Keys of `swot`.
pub const SWOT_KEYS: &[&str] = &["strengths", "weaknesses", "opportunities", "threats"];
/// Keys of `proposition`.
pub const PROPOSITION_KEYS: &[&str] = &["competency", "offer", "price", "differentiators"];
/// Keys of `expectations`.
pub const EXPECTATION_KEYS: &[&str] = &["results", "experience", "interaction"];
/// Keys of `financials`.
pub const FINANCIAL_KEYS: &[&str] = &["currency", "prior_year_actual", "annual_target", "revenue_goal"];
/// Keys of `financials.revenue_goal`.
pub const REVENUE_GOAL_KEYS: &[&str] = &["minimum", "just_right", "aspirational"];
/// Keys of `opportunities[]`.
pub const OPPORTUNITY_KEYS: &[&str] = &["id", "name", "stage", "value", "close", "product", "business_unit"];
/// Keys of `actions[]`.
pub const ACTION_KEYS: &[&str] = &[
    "id",
    "title",
    "owner",
    "goals",
    "resources",
    "measure",
    "due",
    "status",
    "notes",
];
/// Keys of a team member's front matter.
pub const TEAM_KEYS: &[&str] = &["name", "title", "manager", "email"];
/// Keys of a competitor profile's front matter.
pub const PROFILE_KEYS: &[&str] = &["name", "website"];
/// Keys of `_index.md`'s front matter.
pub const INDEX_KEYS: &[&str] = &["title"];
/// Top-level keys of `planfolio.yaml`.
pub const CONFIG_KEYS: &[&str] = &[
    "title",
    "currency",
    "products",
    "exchange_rates",
    "review",
    "history",
    "publish",
    "segmentation",
    "markdown",
    "theme",
];
/// Keys of `review` in `planfolio.yaml`.
pub const REVIEW_KEYS: &[&str] = &[
    "max_age_days",
    "max_key_accounts_per_owner",
    "max_aspiration_ratio",
    "last_date",
];

/// Why `path` cannot name a file of the published site, if it cannot: it
/// must be relative (the site works from any URL prefix and from disk), stay
/// inside the site, and be a plain path (no address, query or fragment).
fn site_path_problem(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        Some("it is empty")
    } else if path.starts_with('/') || path.contains("://") || path.contains(['\\', '?', '#', ':']) {
        Some("write it relative to the site root, without an address")
    } else if path.split('/').any(|seg| seg.is_empty() || seg == "." || seg == "..") {
        Some("it must not contain empty, `.` or `..` parts")
    } else {
        None
    }
}

fn root_fields<'n>(dec: &mut Decoder, root: &'n Node, known: &[&str]) -> Option<Fields<'n>> {
    dec.fields(root, String::new(), Span::file_start(), known)
}

/// Decodes a plan's front matter.
pub fn decode_plan(dec: &mut Decoder, id: &str, root: &Node, body: String) -> Plan {
    let mut plan = Plan {
        id: id.to_string(),
        file: dec.file.to_string(),
        name: id.to_string(),
        name_span: Span::file_start(),
        body,
        ..Plan::default()
    };
    let Some(f) = root_fields(dec, root, PLAN_KEYS) else {
        return plan;
    };
    if let Some(name) = dec.req_text(&f, "name") {
        plan.name = name.value;
        plan.name_span = f.key_span("name").unwrap_or(name.span);
    }
    if f.get("owner").is_none() {
        dec.missing(&f, "owner");
    }
    plan.owner = dec.id(&f, "owner");
    plan.team = dec.ids(&f, "team");
    plan.industry = dec.text(&f, "industry");
    plan.hq = dec.text(&f, "hq");
    plan.employees = dec.integer(&f, "employees", 0, u64::MAX >> 11);
    plan.revenue = dec.amount(&f, "revenue").map(|n| n.value);
    plan.website = dec.text(&f, "website");
    plan.top10 = dec.boolean(&f, "top10");
    plan.segment = dec.keyword(&f, "segment", "segment");
    // A reason that shows nothing on the page is no reason: `check` warns
    // (`segment-override`) and the page says "No reason given.".
    plan.segment_reason = dec
        .text(&f, "segment_reason")
        .filter(|r| !super::markdown::renders_empty(r));
    plan.sponsor = dec.id(&f, "sponsor");
    if let Some(s) = dec.section(&f, "status", STATUS_KEYS) {
        plan.status = decode_status(dec, &s);
    }
    plan.status_span = f.key_span("status");
    if let Some(c) = dec.section(&f, "customer", CUSTOMER_KEYS) {
        plan.customer = decode_customer(dec, &c);
    }
    plan.drivers = dec.items(&f, "drivers", DRIVER_KEYS, decode_driver);
    if let Some(faa) = dec.section(&f, "faa", FAA_KEYS) {
        plan.faa = Faa {
            fix: dec.texts(&faa, "fix"),
            accomplish: dec.texts(&faa, "accomplish"),
            avoid: dec.texts(&faa, "avoid"),
        };
    }
    plan.objectives = dec.items(&f, "objectives", OBJECTIVE_KEYS, decode_objective);
    plan.goals = dec.items(&f, "goals", GOAL_KEYS, decode_goal);
    plan.contacts = dec.items(&f, "contacts", CONTACT_KEYS, decode_contact);
    plan.contacts_span = f.key_span("contacts");
    plan.competitors = dec.items(&f, "competitors", COMPETITOR_KEYS, decode_competitor);
    if let Some(s) = dec.section(&f, "swot", SWOT_KEYS) {
        plan.swot = Swot {
            strengths: dec.texts(&s, "strengths"),
            weaknesses: dec.texts(&s, "weaknesses"),
            opportunities: dec.texts(&s, "opportunities"),
            threats: dec.texts(&s, "threats"),
        };
    }
    plan.proposition = dec.section(&f, "proposition", PROPOSITION_KEYS).map(|p| Proposition {
        competency: dec.text(&p, "competency"),
        offer: dec.text(&p, "offer"),
        price: dec.text(&p, "price"),
        differentiators: dec.texts(&p, "differentiators"),
    });
    plan.expectations = dec.section(&f, "expectations", EXPECTATION_KEYS).map(|e| Expectations {
        results: dec.text(&e, "results"),
        experience: dec.text(&e, "experience"),
        interaction: dec.text(&e, "interaction"),
    });
    if let Some(fin) = dec.section(&f, "financials", FINANCIAL_KEYS) {
        plan.financials = decode_financials(dec, &fin);
    }
    plan.opportunities = dec.items(&f, "opportunities", OPPORTUNITY_KEYS, decode_opportunity);
    if let Some(ws) = dec.section(&f, "whitespace", &[]) {
        plan.whitespace = decode_whitespace(dec, &ws);
    }
    plan.actions = dec.items(&f, "actions", ACTION_KEYS, decode_action);
    plan.refused = std::mem::take(&mut dec.refused);
    plan
}

fn decode_status(dec: &mut Decoder, s: &Fields) -> Status {
    Status {
        partnership: dec.keyword(s, "partnership", "partnership level").map(|k| k.value),
        customer_ambition: dec.keyword(s, "customer_ambition", "partnership level"),
        our_ambition: dec.keyword(s, "our_ambition", "partnership level"),
        impact: dec.integer(s, "impact", 1, 4).map(|n| n as u8),
        health: dec.keyword(s, "health", "health"),
        value_proposition: dec.text(s, "value_proposition"),
        long_term_ambition: dec.text(s, "long_term_ambition"),
        what_we_need: dec.texts(s, "what_we_need"),
        last_review: dec.date(s, "last_review"),
        approved: dec.date(s, "approved").map(|d| d.value),
    }
}

fn decode_customer(dec: &mut Decoder, c: &Fields) -> Customer {
    Customer {
        overview: dec.text(c, "overview"),
        vision: dec.text(c, "vision"),
        kpis: dec.items(c, "kpis", KPI_KEYS, |dec, k| {
            let name = dec.req_text(&k, "name");
            Some(Kpi {
                name: name?.value,
                target: dec.text(&k, "target"),
                current: dec.text(&k, "current"),
            })
        }),
        business_units: dec.items(c, "business_units", BUSINESS_UNIT_KEYS, |dec, b| {
            if b.get("id").is_none() {
                dec.missing(&b, "id");
            }
            let id = dec.id(&b, "id");
            let name = dec.req_text(&b, "name");
            Some(BusinessUnit {
                id: id?,
                name: name?.value,
                notes: dec.text(&b, "notes"),
            })
        }),
    }
}

fn decode_driver(dec: &mut Decoder, d: Fields) -> Option<Driver> {
    let kind = dec.req_keyword::<DriverKind>(&d, "kind", "driver kind");
    let category = dec.req_keyword::<DriverCategory>(&d, "category", "driver category");
    let text = dec.req_text(&d, "text");
    let (kind, category) = (kind?, category?);
    if category.value.kind() != kind.value {
        let allowed: Vec<&str> = DriverCategory::ALL
            .iter()
            .filter(|c| c.kind() == kind.value)
            .map(|c| c.as_str())
            .collect();
        dec.report(
            Code::InvalidValue,
            category.span,
            format!("`{}` is not a category of {} drivers", category.value, kind.value),
            Some(format!("expected one of: {}", allowed.join(", "))),
        );
        return None;
    }
    Some(Driver {
        kind: kind.value,
        category: category.value,
        text: text?.value,
    })
}

fn decode_objective(dec: &mut Decoder, o: Fields) -> Option<Objective> {
    let title = dec.req_text(&o, "title");
    let id = dec.item_id(&o, title.as_ref(), "title");
    Some(Objective {
        id,
        span: o.span,
        title: title.map(|t| t.value).unwrap_or_default(),
        details: dec.text(&o, "details"),
        business_unit: dec.id(&o, "business_unit"),
        priority: dec.keyword(&o, "priority", "priority").map(|k| k.value),
        contact: dec.id(&o, "contact"),
        swot: dec.keyword(&o, "swot", "SWOT side").map(|k| k.value),
        goals: dec.ids(&o, "goals"),
    })
}

fn decode_goal(dec: &mut Decoder, g: Fields) -> Option<Goal> {
    let title = dec.req_text(&g, "title");
    let id = dec.item_id(&g, title.as_ref(), "title");
    Some(Goal {
        id,
        span: g.span,
        title: title.map(|t| t.value).unwrap_or_default(),
        measure: dec.text(&g, "measure"),
        target: dec.text(&g, "target"),
        due: dec.date(&g, "due").map(|d| d.value),
        status: dec.keyword(&g, "status", "goal status"),
    })
}

fn decode_contact(dec: &mut Decoder, c: Fields) -> Option<Contact> {
    let name = dec.req_text(&c, "name");
    let id = dec.item_id(&c, name.as_ref(), "name");
    let alignment = match dec.section(&c, "alignment", &[]) {
        Some(a) => kept(a.entries().iter(), |(key, key_node, value)| {
            let ok_key = dec.check_id(key, key_node.span, a.child(key));
            let score = dec.number_node(value, a.child(key), 0.0, 10.0)?;
            ok_key.then(|| (Spanned::new(key.to_string(), key_node.span), score.value))
        }),
        None => Vec::new(),
    };
    Some(Contact {
        id,
        span: c.span,
        name: name.map(|n| n.value).unwrap_or_default(),
        title: dec.text(&c, "title"),
        business_unit: dec.id(&c, "business_unit"),
        reports_to: dec.id(&c, "reports_to"),
        role: dec.keyword(&c, "role", "role").map(|k| k.value),
        buying_role: dec.keyword(&c, "buying_role", "buying role").map(|k| k.value),
        influence: dec.keyword(&c, "influence", "influence").map(|k| k.value),
        relationship: dec.keyword(&c, "relationship", "relationship level").map(|k| k.value),
        stages: dec.keywords(&c, "stages", "buying stage"),
        alignment,
        personal_drivers: dec.text(&c, "personal_drivers"),
        action: dec.text(&c, "action"),
        covered_by: dec.id(&c, "covered_by"),
    })
}

fn decode_competitor(dec: &mut Decoder, c: Fields) -> Option<PlanCompetitor> {
    let name = dec.text_spanned(&c, "name");
    if c.get("id").is_none() && name.is_none() {
        dec.missing(&c, "name");
        return None;
    }
    let id = dec.item_id(&c, name.as_ref(), "name");
    Some(PlanCompetitor {
        id,
        span: c.span,
        name: name.map(|n| n.value),
        strengths: dec.texts(&c, "strengths"),
        weaknesses: dec.texts(&c, "weaknesses"),
        differentiators: dec.texts(&c, "differentiators"),
        swot: dec.keyword(&c, "swot", "SWOT side").map(|k| k.value),
    })
}

fn decode_financials(dec: &mut Decoder, f: &Fields) -> Financials {
    let currency = dec.text_spanned(f, "currency").filter(|c| {
        let ok = c.value.len() == 3 && c.value.chars().all(|ch| ch.is_ascii_uppercase());
        if !ok {
            dec.report(
                Code::InvalidValue,
                c.span,
                format!("`{}` is not an ISO 4217 currency code", c.value),
                Some("use three capital letters, e.g. GBP, EUR, USD".into()),
            );
        }
        ok
    });
    let revenue_goal = dec.section(f, "revenue_goal", REVENUE_GOAL_KEYS).map(|r| RevenueGoal {
        span: r.span,
        minimum: dec.amount(&r, "minimum"),
        just_right: dec.amount(&r, "just_right"),
        aspirational: dec.amount(&r, "aspirational"),
    });
    Financials {
        currency,
        prior_year_actual: dec.amount(f, "prior_year_actual").map(|n| n.value),
        annual_target: dec.amount(f, "annual_target").map(|n| n.value),
        revenue_goal,
    }
}

fn decode_opportunity(dec: &mut Decoder, o: Fields) -> Option<Opportunity> {
    let name = dec.req_text(&o, "name");
    let id = dec.item_id(&o, name.as_ref(), "name");
    let stage = dec.req_keyword::<OppStage>(&o, "stage", "opportunity stage");
    if o.get("value").is_none() {
        dec.missing(&o, "value");
    }
    let value = dec.amount(&o, "value");
    let close = dec.date(&o, "close").map(|d| d.value);
    let product = dec.text_spanned(&o, "product");
    let business_unit = dec.id(&o, "business_unit");
    Some(Opportunity {
        id,
        span: o.span,
        name: name?.value,
        stage: stage?.value,
        value: value?.value,
        close,
        product,
        business_unit,
    })
}

fn decode_whitespace(dec: &mut Decoder, ws: &Fields) -> Vec<WhitespaceRow> {
    let mut rows = Vec::new();
    for (bu, key_node, value) in ws.entries() {
        let path = format!("whitespace.{bu}");
        let ok = dec.check_id(bu, key_node.span, ws.child(bu));
        let Some(cells) = dec.fields(value, path, key_node.span, &[]) else {
            continue;
        };
        let cells = kept(cells.entries().iter(), |(product, pk, pv)| {
            let cov = dec.keyword_node::<Coverage>(pv, cells.child(product), "whitespace value")?;
            Some((Spanned::new(product.to_string(), pk.span), cov.value))
        });
        if ok {
            rows.push(WhitespaceRow {
                business_unit: Spanned::new(bu.to_string(), key_node.span),
                cells,
            });
        }
    }
    rows
}

fn decode_action(dec: &mut Decoder, a: Fields) -> Option<Action> {
    let title = dec.req_text(&a, "title");
    let id = dec.item_id(&a, title.as_ref(), "title");
    if a.get("owner").is_none() {
        dec.missing(&a, "owner");
    }
    Some(Action {
        id,
        span: a.span,
        title: title.map(|t| t.value).unwrap_or_default(),
        owner: dec.id(&a, "owner"),
        goals: dec.ids(&a, "goals"),
        resources: dec.text(&a, "resources"),
        measure: dec.text(&a, "measure"),
        due: dec.date(&a, "due"),
        status: dec.keyword(&a, "status", "action status"),
        notes: dec.text(&a, "notes"),
    })
}

/// Decodes a team member's front matter.
pub fn decode_team_member(dec: &mut Decoder, id: &str, root: &Node, body: String) -> TeamMember {
    let mut member = TeamMember {
        id: id.to_string(),
        file: dec.file.to_string(),
        name: id.to_string(),
        title: None,
        manager: None,
        email: None,
        body,
    };
    if let Some(f) = root_fields(dec, root, TEAM_KEYS) {
        if let Some(name) = dec.req_text(&f, "name") {
            member.name = name.value;
        }
        member.title = dec.text(&f, "title");
        member.manager = dec.id(&f, "manager");
        member.email = dec.text(&f, "email");
    }
    member
}

/// Decodes a competitor profile's front matter.
pub fn decode_profile(dec: &mut Decoder, id: &str, root: &Node, body: String) -> CompetitorProfile {
    let mut profile = CompetitorProfile {
        id: id.to_string(),
        file: dec.file.to_string(),
        name: id.to_string(),
        website: None,
        body,
    };
    if let Some(f) = root_fields(dec, root, PROFILE_KEYS) {
        if let Some(name) = dec.req_text(&f, "name") {
            profile.name = name.value;
        }
        profile.website = dec.text(&f, "website");
    }
    profile
}

/// Decodes `_index.md`'s front matter.
pub fn decode_index(dec: &mut Decoder, root: &Node, body: String) -> IndexPage {
    let title = root_fields(dec, root, INDEX_KEYS).and_then(|f| dec.text(&f, "title"));
    IndexPage { title, body }
}

/// Decodes `planfolio.yaml`.
pub fn decode_config(dec: &mut Decoder, root: &Node) -> Config {
    let mut config = Config::default();
    let Some(f) = root_fields(dec, root, CONFIG_KEYS) else {
        return config;
    };
    if let Some(t) = dec.text(&f, "title") {
        config.title = t;
    }
    if let Some(c) = dec.text_spanned(&f, "currency") {
        if c.value.len() == 3 && c.value.chars().all(|ch| ch.is_ascii_uppercase()) {
            config.currency = c.value;
        } else {
            dec.report(
                Code::InvalidValue,
                c.span,
                format!("`{}` is not an ISO 4217 currency code", c.value),
                Some("use three capital letters, e.g. GBP, EUR, USD".into()),
            );
        }
    }
    if f.get("products").is_some() {
        config.products = Some(dec.texts(&f, "products"));
    }
    if let Some(r) = dec.section(&f, "review", REVIEW_KEYS) {
        if let Some(n) = dec.integer(&r, "max_age_days", 0, 100_000) {
            config.max_age_days = n as i64;
        }
        if let Some(n) = dec.integer(&r, "max_key_accounts_per_owner", 0, 100_000) {
            config.max_key_accounts_per_owner = n as usize;
        }
        if let Some(n) = dec.number_in(&r, "max_aspiration_ratio", 0.0, 1e9) {
            config.max_aspiration_ratio = n.value;
        }
        if let Some(d) = dec.date(&r, "last_date") {
            config.review_last_date = Some(d.value);
        }
    }
    if let Some(rates) = dec.section(&f, "exchange_rates", &[]) {
        for (code, key_node, value) in rates.entries() {
            let is_code = code.len() == 3 && code.chars().all(|ch| ch.is_ascii_uppercase());
            if !is_code {
                dec.report(
                    Code::InvalidValue,
                    key_node.span,
                    format!("`{code}` is not an ISO 4217 currency code"),
                    Some("use three capital letters, e.g. EUR: 0.86".into()),
                );
                continue;
            }
            let Some(rate) = dec.number_node(value, rates.child(code), 0.0, MAX_EXCHANGE_RATE) else {
                continue;
            };
            if **code == config.currency && rate.value != 1.0 {
                dec.report(
                    Code::InvalidValue,
                    value.span,
                    format!("{code} is the site currency: its rate is 1, not {}", rate.value),
                    Some(format!("remove `{code}` from `exchange_rates`")),
                );
            } else if rate.value > 0.0 {
                config.exchange_rates.insert(code.to_string(), rate.value);
            } else {
                dec.report(
                    Code::InvalidValue,
                    value.span,
                    format!("the exchange rate of {code} must be greater than 0"),
                    Some(format!(
                        "how many units of the site currency one {code} is worth, e.g. 0.86"
                    )),
                );
            }
        }
    }
    if let Some(h) = dec.section(&f, "history", &["months"])
        && let Some(n) = dec.integer(&h, "months", 1, 1200)
    {
        config.history_months = n as u32;
    }
    if let Some(p) = dec.section(&f, "publish", &["indexable", "base_url", "edit_url", "source_url"]) {
        if let Some(b) = dec.boolean(&p, "indexable") {
            config.indexable = b;
        }
        if let Some(url) = dec.text_spanned(&p, "base_url") {
            match base_url_problem(&url.value) {
                None => config.base_url = Some(with_slash(url.value.trim())),
                Some(problem) => dec.refuse(
                    p.child("base_url").text(),
                    url.span,
                    format!(
                        "publish.base_url `{}` is not an absolute http(s) address: {problem}",
                        url.value
                    ),
                    Some("write the address the site is served from, e.g. `https://plans.example.com/`".into()),
                ),
            }
        }
        for (key, with_line, example) in [
            ("edit_url", false, "https://git.example.com/acme/plans/edit/main/{path}"),
            (
                "source_url",
                true,
                "https://git.example.com/acme/plans/blob/main/{path}#L{line}",
            ),
        ] {
            let Some(url) = dec.text_spanned(&p, key) else { continue };
            match url_template_problem(&url.value, with_line) {
                None => {
                    let value = Some(url.value.trim().to_string());
                    if with_line {
                        config.source_url = value;
                    } else {
                        config.edit_url = value;
                    }
                }
                Some(problem) => dec.refuse(
                    p.child(key).text(),
                    url.span,
                    format!("publish.{key} `{}` is not a usable link template: {problem}", url.value),
                    Some(format!(
                        "write an absolute http(s) address with `{{path}}` where the file's path goes, e.g. `{example}`"
                    )),
                ),
            }
        }
    }
    if let Some(s) = dec.section(&f, "segmentation", &["stage_weights", "potential", "relationship"]) {
        if let Some(w) = dec.section(&s, "stage_weights", &["prospect", "pipeline", "forecast", "secured"]) {
            let sw = &mut config.stage_weights;
            for (key, slot) in [
                ("prospect", &mut sw.prospect),
                ("pipeline", &mut sw.pipeline),
                ("forecast", &mut sw.forecast),
                ("secured", &mut sw.secured),
            ] {
                if let Some(n) = dec.number_in(&w, key, 0.0, 1.0) {
                    *slot = n.value;
                }
            }
        }
        if let Some(p) = dec.section(&s, "potential", &["high_from"]) {
            config.potential_high_from = dec.amount(&p, "high_from").map(|n| n.value);
        }
        if let Some(r) = dec.section(&s, "relationship", &["high_from", "partnership_weight"]) {
            if let Some(n) = dec.number_in(&r, "high_from", 0.0, 10.0) {
                config.relationship_high_from = n.value;
            }
            if let Some(n) = dec.number_in(&r, "partnership_weight", 0.0, 1.0) {
                config.partnership_weight = n.value;
            }
        }
    }
    if let Some(t) = dec.section(&f, "theme", &["extra_css"]) {
        config.extra_css = dec.list(&t, "extra_css", |dec, node, path| {
            let text = dec.text_node(node, path)?;
            match site_path_problem(&text.value) {
                None => Some(text),
                Some(problem) => {
                    dec.refuse(
                        path.text(),
                        node.span,
                        format!("`{}` is not a path in the published site: {problem}", text.value),
                        Some(
                            "write the stylesheet's path in the built site, e.g. `static/brand.css` for \
                             theme/static/brand.css"
                                .into(),
                        ),
                    );
                    None
                }
            }
        });
    }
    if let Some(m) = dec.section(&f, "markdown", &["allow_html"])
        && let Some(b) = dec.boolean(&m, "allow_html")
    {
        config.allow_html = b;
    }
    config
}

/// Why `url` cannot be `publish.edit_url` (`with_line` false) or
/// `publish.source_url` (`with_line` true), or `None` when it is an absolute
/// http(s) address holding `{path}` and no other placeholder than `{line}`
/// (source only).
fn url_template_problem(url: &str, with_line: bool) -> Option<String> {
    let url = url.trim();
    let lower = url.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        None
    };
    let Some(rest) = rest else {
        return Some("it must start with `https://` or `http://`".into());
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') || host.contains('@') || host.contains('{') {
        return Some("it has no host name".into());
    }
    if url.contains(char::is_whitespace) {
        return Some("it contains a space".into());
    }
    if url.contains(['"', '<', '>', '\\']) {
        return Some("it contains a character not allowed in an address".into());
    }
    // Every `{…}` must be a placeholder this key fills.
    let mut tail = url;
    while let Some(open) = tail.find('{') {
        if tail[..open].contains('}') {
            return Some("a `}` has no `{`".into());
        }
        let after = &tail[open + 1..];
        let Some(close) = after.find('}') else {
            return Some("a `{` is not closed by `}`".into());
        };
        match &after[..close] {
            "path" => {}
            "line" if with_line => {}
            "line" => return Some("`{line}` only has a meaning in `publish.source_url`".into()),
            other => return Some(format!("`{{{other}}}` is not a placeholder (use `{{path}}`)")),
        }
        tail = &after[close + 1..];
    }
    if tail.contains('}') {
        return Some("a `}` has no `{`".into());
    }
    if !url.contains("{path}") {
        return Some("it has no `{path}` for the file's path".into());
    }
    None
}

/// Why `url` cannot be `publish.base_url`, or `None` when it is an absolute
/// http(s) address with a host and no query or fragment.
fn base_url_problem(url: &str) -> Option<&'static str> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| {
            // Scheme names are case-insensitive.
            let lower = url.get(..8).map(str::to_ascii_lowercase);
            match lower.as_deref() {
                Some("https://") => url.get(8..),
                Some(l) if l.starts_with("http://") => url.get(7..),
                _ => None,
            }
        });
    let Some(rest) = rest else {
        return Some("it must start with `https://` or `http://`");
    };
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') || host.contains('@') {
        return Some("it has no host name");
    }
    if url.contains(char::is_whitespace) {
        return Some("it contains a space");
    }
    if url.contains(['?', '#']) {
        return Some("a site address has no query (`?`) or fragment (`#`)");
    }
    if url.contains(['"', '<', '>', '\\']) {
        return Some("it contains a character not allowed in an address");
    }
    None
}

/// `url` ending in `/`, so page paths can follow it.
fn with_slash(url: &str) -> String {
    if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    }
}
