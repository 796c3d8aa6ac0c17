//! Money (SPEC §5.6, §5.7): the three pipeline sums, attainment, and
//! conversion to the site currency. Every total of the site is a `Total`.

use crate::model::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// A plan's amounts in one currency. A missing amount counts as 0 here;
/// pages that must say "not set" read the plan itself.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Amounts {
    /// Opportunities at prospect, pipeline or forecast.
    pub open_pipeline: f64,
    /// Opportunities at secured.
    pub secured: f64,
    /// Opportunities weighted by stage (secured included, lost excluded).
    pub weighted_pipeline: f64,
    /// Opportunities at lost.
    pub lost: f64,
    pub annual_target: f64,
    pub prior_year_actual: f64,
    pub revenue_goal_minimum: f64,
    pub revenue_goal_just_right: f64,
    pub revenue_goal_aspirational: f64,
    /// max(aspirational, weighted pipeline) (SPEC §5.2).
    pub potential_value: f64,
    /// Opportunity value per stage, in `OppStage::ALL` order (unweighted).
    pub by_stage: [f64; 5],
}

impl Amounts {
    /// The amounts of one plan, in its own currency.
    pub fn of_plan(plan: &Plan, weights: &StageWeights) -> Amounts {
        let sum = |pred: fn(OppStage) -> bool| -> f64 {
            plan.opportunities
                .iter()
                .filter(|o| pred(o.stage))
                .map(|o| o.value)
                // Not `sum()`: an empty f64 sum is -0.0, which pages print as "-0".
                .fold(0.0, |sum, v| sum + v)
        };
        let goal = plan.financials.revenue_goal.as_ref();
        let pick = |f: fn(&RevenueGoal) -> Option<f64>| goal.and_then(f).unwrap_or(0.0);
        let weighted = super::weighted_pipeline(&plan.opportunities, weights);
        let mut by_stage = [0.0; 5];
        for o in &plan.opportunities {
            by_stage[stage_index(o.stage)] += o.value;
        }
        let aspirational = pick(|g| g.aspirational.as_ref().map(|v| v.value));
        Amounts {
            open_pipeline: sum(|s| matches!(s, OppStage::Prospect | OppStage::Pipeline | OppStage::Forecast)),
            secured: sum(|s| s == OppStage::Secured),
            weighted_pipeline: weighted,
            lost: sum(|s| s == OppStage::Lost),
            annual_target: plan.financials.annual_target.unwrap_or(0.0),
            prior_year_actual: plan.financials.prior_year_actual.unwrap_or(0.0),
            revenue_goal_minimum: pick(|g| g.minimum.as_ref().map(|v| v.value)),
            revenue_goal_just_right: pick(|g| g.just_right.as_ref().map(|v| v.value)),
            revenue_goal_aspirational: aspirational,
            potential_value: aspirational.max(weighted),
            by_stage,
        }
    }

    /// Every amount times `rate`.
    pub fn converted(&self, rate: f64) -> Amounts {
        let mut out = *self;
        out.for_each(|v| *v *= rate);
        out
    }

    /// Adds `other` amount by amount.
    pub fn add(&mut self, other: &Amounts) {
        let theirs = other.values();
        let mut i = 0;
        self.for_each(|v| {
            *v += theirs[i];
            i += 1;
        });
    }

    /// Every amount rounded to 2 decimals, as written in JSON.
    pub fn rounded(&self) -> Amounts {
        let mut out = *self;
        out.for_each(|v| *v = super::round2(*v));
        out
    }

    /// `secured / annual_target` when the target is above 0.
    pub fn attainment(&self) -> Option<f64> {
        (self.annual_target > 0.0).then(|| self.secured / self.annual_target)
    }

    fn values(&self) -> [f64; 15] {
        let s = self.by_stage;
        [
            s[0],
            s[1],
            s[2],
            s[3],
            s[4],
            self.open_pipeline,
            self.secured,
            self.weighted_pipeline,
            self.lost,
            self.annual_target,
            self.prior_year_actual,
            self.revenue_goal_minimum,
            self.revenue_goal_just_right,
            self.revenue_goal_aspirational,
            self.potential_value,
        ]
    }

    fn for_each(&mut self, mut f: impl FnMut(&mut f64)) {
        for v in &mut self.by_stage {
            f(v);
        }
        for v in [
            &mut self.open_pipeline,
            &mut self.secured,
            &mut self.weighted_pipeline,
            &mut self.lost,
            &mut self.annual_target,
            &mut self.prior_year_actual,
            &mut self.revenue_goal_minimum,
            &mut self.revenue_goal_just_right,
            &mut self.revenue_goal_aspirational,
            &mut self.potential_value,
        ] {
            f(v);
        }
    }
}

/// Formats `x` with `decimals` decimals and thousands separators (`1,234.5`).
pub fn group_thousands(x: f64, decimals: usize) -> String {
    let a = x.abs();
    // Whole amounts (most of them) print as integers: the same digits as
    // `{:.N}` gives them, without its slow exact float formatting.
    let s = if a.fract() == 0.0 && a < 1e15 {
        let mut s = (a as u64).to_string();
        if decimals > 0 {
            s.push('.');
            s.extend(std::iter::repeat_n('0', decimals));
        }
        s
    } else {
        format!("{:.*}", decimals, a)
    };
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
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

/// The position of `stage` in `OppStage::ALL`.
pub fn stage_index(stage: OppStage) -> usize {
    OppStage::ALL.iter().position(|s| *s == stage).unwrap_or(0)
}

/// A plan's money: its own amounts and, when its currency has a rate, the
/// same in the site currency.
#[derive(Clone, Debug, PartialEq)]
pub struct Money {
    /// The plan's currency (ISO 4217).
    pub currency: String,
    /// Site-currency units per unit of `currency`; `None` when unknown.
    pub rate: Option<f64>,
    /// In the plan's currency.
    pub own: Amounts,
    /// In the site currency; `None` when the plan's currency has no rate.
    pub site: Option<Amounts>,
    /// Number of opportunities per stage, in `OppStage::ALL` order.
    pub deals: [usize; 5],
    /// Which of the plan's own figures it sets (a missing one is "not set", not 0).
    pub set: Set,
}

/// Which optional figures are set: by a plan, or by any plan of a total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Set {
    pub prior_year_actual: bool,
    pub annual_target: bool,
    pub revenue_goal: bool,
}

impl Set {
    fn or(&mut self, other: Set) {
        self.prior_year_actual |= other.prior_year_actual;
        self.annual_target |= other.annual_target;
        self.revenue_goal |= other.revenue_goal;
    }
}

impl Money {
    /// The money of `plan` under `config`'s site currency and rates.
    pub fn of_plan(plan: &Plan, config: &Config) -> Money {
        let currency = plan.currency(config).to_string();
        let rate = config.rate(&currency);
        let own = Amounts::of_plan(plan, &config.stage_weights);
        let mut deals = [0; 5];
        for o in &plan.opportunities {
            deals[stage_index(o.stage)] += 1;
        }
        let f = &plan.financials;
        Money {
            set: Set {
                prior_year_actual: f.prior_year_actual.is_some(),
                annual_target: f.annual_target.is_some(),
                revenue_goal: f.revenue_goal.is_some(),
            },
            deals,
            site: rate.map(|r| own.converted(r)),
            currency,
            rate,
            own,
        }
    }

    /// `secured / annual_target`, in the plan's currency (SPEC §5.6).
    pub fn attainment(&self) -> Option<f64> {
        self.own.attainment()
    }

    /// The potential value that the median and the score use: converted
    /// when there is a rate, else the plan's own figure (SPEC §5.2).
    pub fn potential_value_for_score(&self) -> f64 {
        self.site.map_or(self.own.potential_value, |s| s.potential_value)
    }
}

/// A sum over accounts: converted amounts in the site currency, and the
/// amounts that cannot be converted, per currency, never added to them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Total {
    pub converted: Amounts,
    /// Currency → amounts that have no exchange rate.
    pub unconverted: BTreeMap<String, Amounts>,
    /// Number of opportunities per stage whose amounts are in `converted`
    /// (a count beside an amount counts what the amount adds).
    pub deals: [usize; 5],
    /// Currency → opportunities per stage whose amounts are in `unconverted`.
    pub unconverted_deals: BTreeMap<String, [usize; 5]>,
    /// Which optional figures any of the accounts sets.
    pub set: Set,
    /// Which optional figures the accounts of each unconverted currency set.
    pub unconverted_set: BTreeMap<String, Set>,
}

impl Total {
    /// Adds one account's money.
    pub fn add(&mut self, money: &Money) {
        self.set.or(money.set);
        let deals = match &money.site {
            Some(_) => &mut self.deals,
            None => self.unconverted_deals.entry(money.currency.clone()).or_default(),
        };
        for (total, n) in deals.iter_mut().zip(money.deals) {
            *total += n;
        }
        match &money.site {
            Some(site) => self.converted.add(site),
            None => {
                self.unconverted
                    .entry(money.currency.clone())
                    .or_default()
                    .add(&money.own);
                self.unconverted_set
                    .entry(money.currency.clone())
                    .or_default()
                    .or(money.set);
            }
        }
    }

    /// The total of some accounts' money.
    pub fn of<'a>(moneys: impl IntoIterator<Item = &'a Money>) -> Total {
        let mut t = Total::default();
        for m in moneys {
            t.add(m);
        }
        t
    }

    /// Converted value of `stage` weighted by its weight (lost weighs 0).
    pub fn weighted_stage(&self, stage: OppStage, weights: &StageWeights) -> f64 {
        self.converted.by_stage[stage_index(stage)] * weights.weight(stage)
    }

    /// Number of open deals (prospect, pipeline, forecast) in the converted amounts.
    pub fn open_deals(&self) -> usize {
        self.deals[..3].iter().sum()
    }

    /// Number of open deals of `currency`'s unconverted amounts.
    pub fn unconverted_open_deals(&self, currency: &str) -> usize {
        self.unconverted_deals.get(currency).map_or(0, |d| d[..3].iter().sum())
    }

    /// Secured against annual target over the converted amounts.
    pub fn attainment(&self) -> Option<f64> {
        self.converted.attainment()
    }
}

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

/// A change in money, signed: "+£300K", "−£50K".
pub fn money_delta(x: f64, currency: &str) -> String {
    let sign = if x < 0.0 { "−" } else { "+" };
    format!("{sign}{}", money_short(x.abs(), currency))
}

/// `£1.2M`, `£350K`, `£1.05B`.
pub fn money_short(x: f64, currency: &str) -> String {
    short_amount(x, currency, true)
}

/// [`money_short`]; `from_integers: false` always takes the float
/// formatter, the definition the integer shortcut must agree with.
pub(crate) fn short_amount(x: f64, currency: &str, from_integers: bool) -> String {
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

#[cfg(test)]
mod empty_sums {
    use super::*;

    #[test]
    fn a_plan_without_opportunities_has_plus_zero_amounts() {
        let a = Amounts::of_plan(&Plan::default(), &StageWeights::default());
        for v in [a.secured, a.open_pipeline, a.lost, a.weighted_pipeline] {
            assert!(v == 0.0 && v.is_sign_positive(), "{v:?}");
        }
    }
}

#[cfg(test)]
mod group_thousands_tests {
    use super::group_thousands;

    /// The plain definition: `{:.N}` of the absolute value, grouped.
    fn reference(x: f64, decimals: usize) -> String {
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

    #[test]
    fn the_whole_number_shortcut_writes_what_formatting_writes() {
        let mut values = vec![
            0.0, -0.0, 1.0, -1.0, 999.0, 1000.0, 1234567.0, -7654321.0, 0.5, 2.5, -0.004, 1e15, 9.99e14, 123.456,
        ];
        // A deterministic spread of whole and fractional values.
        let mut v: u64 = 12345;
        for _ in 0..2000 {
            v = v.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let whole = (v >> 20) % 10_000_000_000;
            values.push(whole as f64);
            values.push(-(whole as f64) / 100.0);
            values.push((v >> 11) as f64 / (1u64 << 30) as f64);
        }
        for x in values {
            for d in 0..4 {
                assert_eq!(group_thousands(x, d), reference(x, d), "{x} with {d} decimals");
            }
        }
    }
}
