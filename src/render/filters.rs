//! Tera filters of the built-in theme: money, numbers and Markdown.

use super::markdown;
use std::collections::HashMap;
use tera::{Result, Value};

/// The symbol written before amounts in `currency`, or the code and a space.
pub fn currency_prefix(currency: &str) -> String {
    match currency {
        "GBP" => "£".into(),
        "EUR" => "€".into(),
        "USD" => "$".into(),
        "JPY" | "CNY" => "¥".into(),
        "INR" => "₹".into(),
        "AUD" => "A$".into(),
        "CAD" => "C$".into(),
        other => format!("{other} "),
    }
}

/// Formats `x` with `decimals` decimals and thousands separators.
pub fn group_thousands(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// `£1,200,000` (whole amounts) or `£1,200.50`.
pub fn money(x: f64, currency: &str) -> String {
    let decimals = if x.fract().abs() < 1e-9 { 0 } else { 2 };
    let body = group_thousands(x.abs(), decimals);
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{}{body}", currency_prefix(currency))
}

/// `£1.2M`, `£350K`, `£1.05B`.
pub fn money_short(x: f64, currency: &str) -> String {
    let a = x.abs();
    let (v, unit) = if a >= 1e9 {
        (x / 1e9, "B")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e3 {
        (x / 1e3, "K")
    } else {
        (x, "")
    };
    // Whole units, or up to 2 significant decimals below 100 of a unit.
    let text = if unit.is_empty() || v.abs() >= 100.0 {
        format!("{v:.0}")
    } else if v.abs() >= 10.0 {
        format!("{v:.1}").trim_end_matches(".0").to_string()
    } else {
        format!("{v:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    };
    let sign = if x < 0.0 { "-" } else { "" };
    format!(
        "{sign}{}{}{unit}",
        currency_prefix(currency),
        text.trim_start_matches('-')
    )
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_formats() {
        assert_eq!(money(1_200_000.0, "GBP"), "£1,200,000");
        assert_eq!(money(999.5, "EUR"), "€999.50");
        assert_eq!(money(-1234.0, "USD"), "-$1,234");
        assert_eq!(money(12.0, "CHF"), "CHF 12");
        assert_eq!(money_short(1_250_000.0, "GBP"), "£1.25M");
        assert_eq!(money_short(350_000.0, "GBP"), "£350K");
        assert_eq!(money_short(12_500_000.0, "EUR"), "€12.5M");
        assert_eq!(money_short(800.0, "GBP"), "£800");
        assert_eq!(group_thousands(1234567.891, 2), "1,234,567.89");
    }
}
