//! The whole analysis of a site: load → check → derive → warnings.

use crate::derive::{Portfolio, derive_portfolio, findings};
use crate::diagnostic::{self, Diagnostic, Severity};
use crate::load::{self, Loaded, SourceFile};
use crate::model::Site;
use chrono::NaiveDate;
use std::path::Path;

/// A checked site: the model, its derived values and every diagnostic.
#[derive(Clone, Debug)]
pub struct Analysis {
    pub site: Site,
    pub portfolio: Portfolio,
    /// Sorted by file, line, column and code.
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity() == severity).count()
    }
}

/// Loads, checks and derives the site at `root` on disk.
pub fn analyse(root: &Path, today: NaiveDate) -> Analysis {
    analyse_loaded(load(root), today)
}

/// Loads the site at `root` on disk: the first step of [`analyse`].
pub fn load(root: &Path) -> Loaded {
    let timer = crate::timing::Timer::start();
    let loaded = load::load_site(root);
    timer.lap("load");
    loaded
}

/// Checks and derives a site from files in memory (e.g. read from git).
pub fn analyse_sources(sources: Vec<SourceFile>, today: NaiveDate) -> Analysis {
    analyse_loaded(load::load_sources(sources), today)
}

/// Checks and derives an already loaded site.
pub fn analyse_loaded(loaded: Loaded, today: NaiveDate) -> Analysis {
    let timer = crate::timing::Timer::start();
    let Loaded { site, mut diagnostics } = loaded;
    diagnostics.extend(crate::check::check_site(&site));
    timer.lap("check");
    let portfolio = derive_portfolio(&site, today);
    timer.lap("derive");
    diagnostics.extend(findings::all(&portfolio).map(findings::Finding::diagnostic));
    timer.lap("findings");
    diagnostic::sort(&mut diagnostics);
    timer.lap("sort");
    Analysis {
        site,
        portfolio,
        diagnostics,
    }
}
