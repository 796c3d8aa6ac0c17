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
    short_amount(x, currency, true)
}

/// [`money_short`]; `from_integers: false` always takes the float
/// formatter, the definition the integer shortcut must agree with.
fn short_amount(x: f64, currency: &str, from_integers: bool) -> String {
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
    let shortcut = from_integers.then(|| short_from_hundredths(a, unit)).flatten();
    let text = if let Some(text) = shortcut {
        text
    } else if unit.is_empty() || v.abs() >= 100.0 {
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

/// `money_short`'s number for `a` (≥ 0) in `unit`, computed from integers
/// when `a` is a whole number of hundredths of the unit (most amounts are
/// round), and the float formatter would round no tie; `None` otherwise.
fn short_from_hundredths(a: f64, unit: &str) -> Option<String> {
    let step = match unit {
        "B" => 1e7,
        "M" => 1e4,
        "K" => 10.0,
        _ => return (a.fract() == 0.0 && a < 1e15).then(|| format!("{}", a as u64)),
    };
    if a >= 1e15 || a.fract() != 0.0 || a % step != 0.0 {
        return None;
    }
    // Exact: `a / step` is a whole number below 2^53.
    let k = (a / step) as u64;
    if k >= 10_000 {
        // `{:.0}` of k / 100, unless it ends in exactly .5 (a tie).
        (k % 100 != 50).then(|| format!("{}", (k + 50) / 100))
    } else if k >= 1000 {
        // `{:.1}` of k / 100 without a trailing `.0`, unless a tie.
        (k % 10 != 5).then(|| {
            let tenths = (k + 5) / 10;
            match tenths % 10 {
                0 => format!("{}", tenths / 10),
                d => format!("{}.{d}", tenths / 10),
            }
        })
    } else {
        // `{:.2}` of k / 100 without trailing zeros.
        Some(match (k % 100, k % 10) {
            (0, _) => format!("{}", k / 100),
            (h, 0) => format!("{}.{}", k / 100, h / 10),
            (h, _) => format!("{}.{h:02}", k / 100),
        })
    }
}

/// An amount ready to show: formatted in its own currency, or "not set".
///
/// Templates see `value`, `currency`, `text` and `short`; the two texts are
/// written when asked for (a page shows few of the amounts its views hold).
#[derive(Clone, Debug, PartialEq)]
pub struct AmountView {
    /// The number as given, `None` when the plan does not set it.
    amount: Option<f64>,
    /// ISO 4217 code of the currency.
    currency: CurrencyCode,
}

/// A currency code, held inline when short (ISO 4217 codes are three
/// letters): pages make thousands of amounts, and each would otherwise
/// allocate its code.
#[derive(Clone, Debug, PartialEq)]
enum CurrencyCode {
    Short { bytes: [u8; 15], len: u8 },
    Long(Box<str>),
}

impl CurrencyCode {
    fn new(code: &str) -> CurrencyCode {
        match u8::try_from(code.len()) {
            Ok(len) if code.len() <= 15 => {
                let mut bytes = [0; 15];
                bytes[..code.len()].copy_from_slice(code.as_bytes());
                CurrencyCode::Short { bytes, len }
            }
            _ => CurrencyCode::Long(code.into()),
        }
    }

    fn as_str(&self) -> &str {
        match self {
            // The bytes are a whole `str`, so they are UTF-8.
            CurrencyCode::Short { bytes, len } => std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default(),
            CurrencyCode::Long(code) => code,
        }
    }
}

/// What a missing amount reads as (SPEC §5.6: never 0).
pub const NOT_SET: &str = "not set";

impl AmountView {
    /// `value` in `currency`; `None` reads "not set".
    pub fn new(value: Option<f64>, currency: &str) -> AmountView {
        AmountView {
            amount: value,
            currency: CurrencyCode::new(currency),
        }
    }

    /// An amount that is always set.
    pub fn of(value: f64, currency: &str) -> AmountView {
        AmountView::new(Some(value), currency)
    }

    /// The number rounded to cents, `None` when the plan does not set it.
    pub fn value(&self) -> Option<f64> {
        self.amount.map(crate::derive::round2)
    }

    /// `£1,200,000`, or `not set`.
    pub fn text(&self) -> String {
        self.amount
            .map_or_else(|| NOT_SET.to_string(), |v| money(v, self.currency.as_str()))
    }

    /// `£1.2M`, or `not set`.
    pub fn short(&self) -> String {
        self.amount
            .map_or_else(|| NOT_SET.to_string(), |v| money_short(v, self.currency.as_str()))
    }
}

impl Serialize for AmountView {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut fields = s.serialize_struct("AmountView", 4)?;
        fields.serialize_field("value", &self.value())?;
        fields.serialize_field("currency", self.currency.as_str())?;
        fields.serialize_field("text", &self.text())?;
        fields.serialize_field("short", &self.short())?;
        fields.end()
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

    #[test]
    fn currency_codes_keep_their_text() {
        for code in [
            "GBP",
            "",
            "EUR",
            "ÉCU",
            "fifteen-bytes-x",
            "sixteen-bytes-xy",
            "a much longer currency name",
        ] {
            assert_eq!(CurrencyCode::new(code).as_str(), code);
            let amount = AmountView::of(1.0, code);
            assert_eq!(serde_json::to_value(&amount).expect("json")["currency"], code);
        }
    }

    #[test]
    fn short_amounts_agree_with_the_float_formatter() {
        let mut amounts: Vec<f64> = vec![
            0.0,
            0.5,
            999.0,
            999.5,
            1000.0,
            1005.0,
            1_005_000.0,
            99_995.0,
            99_999_999.0,
        ];
        // Every round amount near each unit boundary and tie, and a scatter.
        for scale in [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8] {
            amounts.extend((0..12_000).map(|k| f64::from(k) * scale));
        }
        let mut x: u64 = 12345;
        for _ in 0..50_000 {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            amounts.push((x >> 20) as f64);
            amounts.push(((x >> 30) % 100_000) as f64 * 1000.0);
            amounts.push(((x >> 30) % 100_000) as f64 + 0.25);
        }
        for a in amounts {
            for x in [a, -a] {
                assert_eq!(money_short(x, "GBP"), short_amount(x, "GBP", false), "{x}");
            }
        }
    }
}
