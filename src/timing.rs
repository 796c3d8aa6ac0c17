//! Phase timings for benchmarks (`PLANFOLIO_TIMINGS`).

/// Prints phase timings to stderr when `PLANFOLIO_TIMINGS` is set (for benchmarks).
pub struct Timer(Option<std::time::Instant>);

impl Timer {
    /// Starts timing if `PLANFOLIO_TIMINGS` is set.
    pub fn start() -> Timer {
        Timer(std::env::var_os("PLANFOLIO_TIMINGS").map(|_| std::time::Instant::now()))
    }

    /// Prints `label` with the time since the start when it exceeds
    /// `ms` (to find the one slow item among thousands).
    pub fn slow(&self, label: &dyn std::fmt::Display, ms: f64) {
        if let Some(t) = self.0 {
            let took = t.elapsed().as_secs_f64() * 1000.0;
            if took > ms {
                eprintln!("timing: slow: {label} took {took:.1} ms");
            }
        }
    }

    /// Prints the time since the start, labelled.
    pub fn lap(&self, label: &str) {
        if let Some(t) = self.0 {
            eprintln!(
                "timing: {label} at {:.1} ms{}{}",
                t.elapsed().as_secs_f64() * 1000.0,
                cpu_ms().map_or_else(String::new, |ms| format!(", process CPU {ms} ms")),
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

/// CPU time (user + system, all threads) the process has used so far, in
/// ms, at the kernel's clock-tick resolution (Linux `/proc/self/stat`).
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux architecture planfolio builds for.
    Some(ticks * 10)
}
