//! Phase timings for benchmarks (`PLANFOLIO_TIMINGS`).

/// Prints phase timings to stderr when `PLANFOLIO_TIMINGS` is set (for benchmarks).
pub struct Timer(Option<std::time::Instant>);

impl Timer {
    /// Starts timing if `PLANFOLIO_TIMINGS` is set.
    pub fn start() -> Timer {
        Timer(std::env::var_os("PLANFOLIO_TIMINGS").map(|_| std::time::Instant::now()))
    }

    /// Prints the time since the start, labelled.
    pub fn lap(&self, label: &str) {
        if let Some(t) = self.0 {
            eprintln!("timing: {label} at {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
        }
    }
}
