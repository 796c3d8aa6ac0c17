//! Tera filters of the built-in theme: money, numbers and Markdown.

use super::markdown;
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
