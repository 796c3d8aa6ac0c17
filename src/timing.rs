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
            eprintln!(
                "timing: {label} at {:.1} ms{}",
                t.elapsed().as_secs_f64() * 1000.0,
                peak_rss().map_or_else(String::new, |kb| format!(", peak RSS {} MB", kb / 1024))
            );
        }
    }
}

/// The process's peak resident set so far, in KiB (Linux `VmHWM`).
fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
