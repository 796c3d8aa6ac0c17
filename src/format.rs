//! Amounts as people read them, always in the currency they are in.

// The short form is the findings' too, and derive is below format.
pub use crate::derive::money::{currency_prefix, group_thousands, money_short};
use serde::Serialize;

/// `£1,200,000` (whole amounts) or `£1,200.50`.
pub fn money(x: f64, currency: &str) -> String {
    let decimals = if x.fract().abs() < 1e-9 { 0 } else { 2 };
    let body = group_thousands(x.abs(), decimals);
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{}{body}", currency_prefix(currency))
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
                assert_eq!(
                    money_short(x, "GBP"),
                    crate::derive::money::short_amount(x, "GBP", false),
                    "{x}"
                );
            }
        }
    }
}
