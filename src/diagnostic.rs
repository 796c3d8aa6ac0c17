//! Diagnostics: the one error type for problems in a user's content.

use crate::keyword::Keyword;
use crate::keywords;
use serde::Serialize;

/// A place in a source file: 1-based line and column, and a length in
/// characters for the caret underline.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub line: u32,
    pub col: u32,
    pub len: u32,
}

impl Span {
    /// A span at `line:col`, `len` characters long.
    pub const fn new(line: u32, col: u32, len: u32) -> Span {
        Span { line, col, len }
    }

    /// The start of a file.
    pub const fn file_start() -> Span {
        Span::new(1, 1, 3)
    }
}

/// A value with the place it was written; serializes as the bare value.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Spanned<T> {
    pub value: T,
    #[serde(skip)]
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Wraps `value` found at `span`.
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// Whether a diagnostic blocks a build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

keywords! {
    /// Every diagnostic code of SPEC §7.
    Code {
        UnreadableFile = "unreadable-file",
        MissingFrontMatter = "missing-front-matter",
        YamlSyntax = "yaml-syntax",
        UnknownField = "unknown-field",
        MissingField = "missing-field",
        InvalidValue = "invalid-value",
        DuplicateId = "duplicate-id",
        UnknownReference = "unknown-reference",
        ReferenceCycle = "reference-cycle",
        RevenueGoalOrder = "revenue-goal-order",
        StaleReview = "stale-review",
        OverdueAction = "overdue-action",
        GoalNotSmart = "goal-not-smart",
        OrphanGoal = "orphan-goal",
        UnlinkedObjective = "unlinked-objective",
        AmbitionGap = "ambition-gap",
        DetractorStage = "detractor-stage",
        SingleThreaded = "single-threaded",
        IncompletePlan = "incomplete-plan",
        OwnerOverload = "owner-overload",
        SegmentOverride = "segment-override",
        MixedCurrency = "mixed-currency",
        PoorHealth = "poor-health",
        GoalOffTrack = "goal-off-track",
        BlockedAction = "blocked-action",
        CompetitorAhead = "competitor-ahead",
        InflatedPotential = "inflated-potential",
        NoSponsor = "no-sponsor",
        TemplateError = "template-error",
    }
}

impl Code {
    /// Errors block a build; warnings do not.
    pub fn severity(self) -> Severity {
        use Code::*;
        match self {
            UnreadableFile | MissingFrontMatter | YamlSyntax | UnknownField | MissingField | InvalidValue
            | DuplicateId | UnknownReference | ReferenceCycle | RevenueGoalOrder | TemplateError => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

/// One problem found in the content, located in a file.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    pub span: Span,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic without a hint.
    pub fn new(code: Code, file: &str, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            file: file.to_string(),
            span,
            message: message.into(),
            hint: None,
        }
    }

    /// Adds a hint (`= help:` in human output).
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_hint_opt(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }

    /// The diagnostic's severity, fixed by its code.
    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// The order of SPEC §7's JSON output: file, line, column, code.
    pub fn sort_key(&self) -> (&str, u32, u32, &'static str) {
        (&self.file, self.span.line, self.span.col, self.code.as_str())
    }
}

/// Sorts diagnostics by file, line, column and code, and drops exact repeats.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    diags.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then(a.message.cmp(&b.message)));
    diags.dedup();
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(word, c);
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A "did you mean" hint for `word` among `candidates`.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(word, candidates).map(|c| format!("did you mean `{c}`?"))
}
