//! Tera filters and functions of the built-in theme: money, numbers,
//! Markdown, and the small components (segment badge, pill, meter, score)
//! that templates call (`{{ seg(s="key") }}`), written once in
//! [`components`](super::components).

use super::{components, markdown};
use crate::format::{group_thousands, money, money_short};
use std::collections::HashMap;
use tera::{Result, Value};

fn number(v: &Value, filter: &str) -> Result<f64> {
    v.as_f64()
        .ok_or_else(|| tera::Error::msg(format!("`{filter}` needs a number, got {v}")))
}

fn currency_arg(args: &HashMap<String, Value>, default: &str) -> String {
    args.get("currency")
        .and_then(Value::as_str)
        .unwrap_or(default)
        .to_string()
}

/// Registers the theme's filters; `currency` is the site currency and
/// `allow_html` the site's `markdown.allow_html`.
pub fn register(tera: &mut tera::Tera, currency: &str, allow_html: bool) {
    let cur = currency.to_string();
    tera.register_filter("money", move |v: &Value, args: &HashMap<String, Value>| {
        Ok(Value::String(money(number(v, "money")?, &currency_arg(args, &cur))))
    });
    let cur = currency.to_string();
    tera.register_filter("money_short", move |v: &Value, args: &HashMap<String, Value>| {
        Ok(Value::String(money_short(
            number(v, "money_short")?,
            &currency_arg(args, &cur),
        )))
    });
    tera.register_filter("num", |v: &Value, args: &HashMap<String, Value>| {
        let decimals = args.get("decimals").and_then(Value::as_u64).unwrap_or(2) as usize;
        Ok(Value::String(group_thousands(number(v, "num")?, decimals.min(6))))
    });
    tera.register_filter("markdown", move |v: &Value, _: &HashMap<String, Value>| {
        let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
        Ok(Value::String(markdown::render(&text, allow_html, "h-").html))
    });
    tera.register_filter("inline", move |v: &Value, _: &HashMap<String, Value>| {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        Ok(Value::String(markdown::render_inline(&text, allow_html)))
    });
}

/// A function whose HTML output is not escaped again (it escapes its own text).
struct Component(fn(&HashMap<String, Value>) -> Result<String>);

impl tera::Function for Component {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        (self.0)(args).map(Value::String)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A text argument: a string as it is, a number or boolean as written, absent as `""`.
fn text_arg(args: &HashMap<String, Value>, name: &str) -> String {
    match args.get(name) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A number argument, which the function needs.
fn number_arg(args: &HashMap<String, Value>, function: &str, name: &str) -> Result<f64> {
    match args.get(name) {
        Some(v) => number(v, &format!("{function}({name}=…)")),
        None => Err(tera::Error::msg(format!("`{function}` needs `{name}`, a number"))),
    }
}

/// A list argument, which the function needs (a missing one is an empty list).
fn list_arg<'a>(args: &'a HashMap<String, Value>, function: &str, name: &str) -> Result<&'a [Value]> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(tera::Error::msg(format!(
            "`{function}({name}=…)` needs a list, got {other}"
        ))),
    }
}

/// A text field of an object in a list argument (`""` when absent).
fn field<'a>(item: &'a Value, name: &str) -> &'a str {
    item.get(name).and_then(Value::as_str).unwrap_or_default()
}

/// A yes/no argument, as Tera's `if` reads it (absent is no).
fn flag_arg(args: &HashMap<String, Value>, name: &str) -> bool {
    match args.get(name) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => !s.is_empty(),
        Some(Value::Number(n)) => n.as_f64() != Some(0.0),
        Some(Value::Array(a)) => !a.is_empty(),
        Some(Value::Object(o)) => !o.is_empty(),
    }
}

/// Registers the component functions: `seg(s, root="", link=false)`,
/// `source_link(url, line)`, `pill(kind, value)`, `meter(pct, label="", plain=false)`,
/// `score(value, high=false)`, `empty(text="Not yet filled in.")`,
/// `more(shown, total, what="accounts")`, and for the plan's items
/// `refs(items, sep="; ")`, `flags(flags)` and `html_list(items, class="")`.
pub fn register_components(tera: &mut tera::Tera) {
    tera.register_function(
        "seg",
        Component(|args| {
            let mut o = String::new();
            components::seg_badge(
                &mut o,
                &text_arg(args, "s"),
                &text_arg(args, "root"),
                flag_arg(args, "link"),
            );
            Ok(o)
        }),
    );
    tera.register_function(
        "seg_move",
        Component(|args| {
            let mut o = String::new();
            components::segment_move(
                &mut o,
                &text_arg(args, "from"),
                &text_arg(args, "to"),
                &text_arg(args, "cause"),
                &text_arg(args, "explanation"),
                &text_arg(args, "why"),
            );
            Ok(o)
        }),
    );
    tera.register_function(
        "source_link",
        Component(|args| {
            let mut o = String::new();
            let line = number_arg(args, "source_link", "line")?.max(0.0) as u32;
            components::source_link(&mut o, Some(&text_arg(args, "url")), line);
            Ok(o)
        }),
    );
    tera.register_function(
        "pill",
        Component(|args| {
            let mut o = String::new();
            components::pill(&mut o, &text_arg(args, "kind"), &text_arg(args, "value"));
            Ok(o)
        }),
    );
    tera.register_function(
        "meter",
        Component(|args| {
            let mut o = String::new();
            let pct = number_arg(args, "meter", "pct")?.round() as i64;
            components::meter(&mut o, pct, &text_arg(args, "label"), flag_arg(args, "plain"));
            Ok(o)
        }),
    );
    tera.register_function(
        "score",
        Component(|args| {
            let mut o = String::new();
            components::score(&mut o, number_arg(args, "score", "value")?, flag_arg(args, "high"));
            Ok(o)
        }),
    );
    tera.register_function(
        "more",
        Component(|args| {
            let mut o = String::new();
            let count = |name| number_arg(args, "more", name).map(|n| n.max(0.0) as usize);
            let what = match args.get("what") {
                None => "accounts".to_string(),
                Some(_) => text_arg(args, "what"),
            };
            components::more_note(&mut o, count("shown")?, count("total")?, &what);
            Ok(o)
        }),
    );
    tera.register_function(
        "refs",
        Component(|args| {
            let mut o = String::new();
            let items = list_arg(args, "refs", "items")?;
            let pairs: Vec<(&str, &str)> = items
                .iter()
                .map(|r| (field(r, "href"), field(r, "title_html")))
                .collect();
            let sep = match args.get("sep") {
                None => "; ".to_string(),
                Some(_) => text_arg(args, "sep"),
            };
            components::links(&mut o, pairs.into_iter(), &sep);
            Ok(o)
        }),
    );
    tera.register_function(
        "flags",
        Component(|args| {
            let mut o = String::new();
            let flags = list_arg(args, "flags", "flags")?;
            components::flag_badges(
                &mut o,
                flags
                    .iter()
                    .map(|f| (field(f, "code"), field(f, "message"), field(f, "label"))),
            );
            Ok(o)
        }),
    );
    tera.register_function(
        "html_list",
        Component(|args| {
            let mut o = String::new();
            let items = list_arg(args, "html_list", "items")?;
            let items: Vec<&str> = items.iter().map(|v| v.as_str().unwrap_or_default()).collect();
            components::html_list(&mut o, &items, &text_arg(args, "class"));
            Ok(o)
        }),
    );
    tera.register_function(
        "empty",
        Component(|args| {
            let mut o = String::new();
            let text = match args.get("text") {
                None => "Not yet filled in.".to_string(),
                Some(_) => text_arg(args, "text"),
            };
            components::empty_note(&mut o, &text);
            Ok(o)
        }),
    );
}

#[cfg(test)]
mod tests {
    use crate::render::components;

    /// The built-in theme's Tera with the one-off template `t.html`.
    fn render(template: &str) -> Result<String, tera::Error> {
        let mut tera = crate::render::compile(
            &crate::render::theme::Theme::builtin(),
            &crate::model::Config::default(),
        )
        .expect("built-in theme compiles");
        tera.add_raw_template("t.html", template)?;
        tera.render("t.html", &tera::Context::new())
    }

    #[test]
    fn component_functions_and_their_macros_write_the_components() {
        let mut seg = String::new();
        components::seg_badge(&mut seg, "key", "../", true);
        let mut pill = String::new();
        components::pill(&mut pill, "goal", "at-risk");
        let mut meter = String::new();
        components::meter(&mut meter, 67, "complete", false);
        let mut score = String::new();
        components::score(&mut score, 7.5, true);
        let mut more = String::new();
        components::more_note(&mut more, 200, 450, "accounts");
        assert!(more.contains("Showing the first 200 of 450 accounts"), "{more}");
        let want = [seg, pill, meter, score, more].concat();
        // Called as functions (their HTML is not escaped again)…
        let got = render(
            "{{ seg(s=\"key\", root=\"../\", link=true) }}{{ pill(kind=\"goal\", value=\"at-risk\") }}\
             {{ meter(pct=66.6, label=\"complete\") }}{{ score(value=7.5, high=true) }}{{ more(shown=200, total=450) }}",
        )
        .expect("renders");
        assert_eq!(got, want);
        // …and through the macros of macros.html, for templates written before.
        let got = render(
            "{% import \"macros.html\" as m %}{{ m::seg(s=\"key\", root=\"../\", link=true) }}\
             {{ m::pill(kind=\"goal\", value=\"at-risk\") }}{{ m::meter(pct=66.6, label=\"complete\") }}\
             {{ m::score(value=7.5, high=true) }}{{ m::more(shown=200, total=450) }}",
        )
        .expect("renders");
        assert_eq!(got, want);
    }

    #[test]
    fn item_functions_read_the_views_lists() {
        let mut tera = crate::render::compile(
            &crate::render::theme::Theme::builtin(),
            &crate::model::Config::default(),
        )
        .expect("built-in theme compiles");
        tera.add_raw_template(
            "t.html",
            "{% import \"plan/macros.html\" as pm %}{{ refs(items=goals, sep=\", \") }}|{{ pm::refs(items=goals) }}|\
             {{ flags(flags=flags) }}|{{ html_list(items=list, class=\"x\") }}",
        )
        .expect("template");
        let mut ctx = tera::Context::new();
        ctx.insert(
            "goals",
            &serde_json::json!([
                {"href": "#goal-a", "title_html": "<em>A</em> & B"},
                {"href": "#goal-b", "title_html": "C"}
            ]),
        );
        ctx.insert(
            "flags",
            &serde_json::json!([{"code": "overdue-action", "message": "Due \"soon\"", "label": "overdue"}]),
        );
        ctx.insert("list", &serde_json::json!(["<b>one</b>", "two"]));
        let got = tera.render("t.html", &ctx).expect("renders");
        assert_eq!(
            got,
            "<a href=\"#goal-a\"><em>A</em> & B</a>, <a href=\"#goal-b\">C</a>|\
             <a href=\"#goal-a\"><em>A</em> & B</a>; <a href=\"#goal-b\">C</a>| \
             <span class=\"item-flag flag-overdue-action\" title=\"Due &quot;soon&quot;\">overdue</span>|\
             <ul class=\"x\">\n<li><b>one</b></li>\n<li>two</li>\n</ul>"
        );
    }

    #[test]
    fn component_functions_escape_their_text_and_need_their_numbers() {
        let got =
            render("{{ pill(kind=\"x\", value=\"<b>&\") }}{{ empty() }}{{ empty(text=\"<i>\") }}").expect("renders");
        assert_eq!(
            got,
            "<span class=\"badge x-&lt;b&gt;&amp;\">&lt;b&gt;&amp;</span><p class=\"empty\">Not yet filled in.</p><p class=\"empty\">&lt;i&gt;</p>"
        );
        let e = render("{{ score(value=\"high\") }}").expect_err("a score needs a number");
        let mut msg = e.to_string();
        let mut src = std::error::Error::source(&e);
        while let Some(s) = src {
            msg.push_str(&s.to_string());
            src = s.source();
        }
        assert!(
            msg.contains("score(value=…)") && msg.contains("needs a number"),
            "{msg}"
        );
    }
}
