//! Amounts as people read them, always in the currency they are in.

pub use crate::derive::money::group_thousands;
use serde::Serialize;

/// The symbol written before amounts in `currency`, or the code and a space.
pub fn currency_prefix(currency: &str) -> std::borrow::Cow<'static, str> {
    match currency {
        "GBP" => "£".into(),
        "EUR" => "€".into(),
        "USD" => "$".into(),
        "JPY" | "CNY" => "¥".into(),
        "INR" => "₹".into(),
        "AUD" => "A$".into(),
        "CAD" => "C$".into(),
        other => format!("{other} ").into(),
    }
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

/// An amount ready to show: formatted in its own currency, or "not set".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AmountView {
    /// The number, `None` when the plan does not set it.
    pub value: Option<f64>,
    /// ISO 4217 code of the currency.
    pub currency: String,
    /// `£1,200,000`, or `not set`.
    pub text: String,
    /// `£1.2M`, or `not set`.
    pub short: String,
}

/// What a missing amount reads as (SPEC §5.6: never 0).
pub const NOT_SET: &str = "not set";

impl AmountView {
    /// `value` in `currency`; `None` reads "not set".
    pub fn new(value: Option<f64>, currency: &str) -> AmountView {
        AmountView {
            value: value.map(crate::derive::round2),
            currency: currency.to_string(),
            text: value.map_or_else(|| NOT_SET.to_string(), |v| money(v, currency)),
            short: value.map_or_else(|| NOT_SET.to_string(), |v| money_short(v, currency)),
        }
    }

    /// An amount that is always set.
    pub fn of(value: f64, currency: &str) -> AmountView {
        AmountView::new(Some(value), currency)
    }
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
