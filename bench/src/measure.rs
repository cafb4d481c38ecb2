//! Timing and memory measurement of child processes.

use std::path::Path;
use std::process::{Command, Output};
use std::time::Instant;

/// Runs a command to completion with captured output; an error names the
/// command and shows its stderr.
pub fn run(mut cmd: Command) -> Result<(f64, Output), String> {
    let shown = format!("{cmd:?}");
    let start = Instant::now();
    let out = cmd
        .output()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "{shown} failed ({}):\n{}",
            out.status,
            tail.join("\n")
        ));
    }
    Ok((secs, out))
}

/// Runs `make()` once as a warm-up (when `warmup`), then `runs` times,
/// calling `prepare` before each run (untimed). Returns every run's seconds
/// and output.
pub fn repeat(
    runs: usize,
    warmup: bool,
    mut prepare: impl FnMut() -> Result<(), String>,
    mut make: impl FnMut() -> Command,
) -> Result<Vec<(f64, Output)>, String> {
    if warmup {
        prepare()?;
        run(make())?;
    }
    let mut all = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        prepare()?;
        all.push(run(make())?);
    }
    Ok(all)
}

pub fn median(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        v[mid]
    } else {
        (v[mid - 1] + v[mid]) / 2.0
    }
}

/// Peak resident set size in MiB of one run of the command, measured by GNU
/// time (`/usr/bin/time`, Debian package `time`).
pub fn peak_rss_mib(time_bin: &Path, cmd: &Command, scratch: &Path) -> Result<f64, String> {
    let report = scratch.join("time-report.txt");
    let mut wrapped = Command::new(time_bin);
    wrapped.arg("-f").arg("%M").arg("-o").arg(&report);
    wrapped.arg(cmd.get_program()).args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    run(wrapped)?;
    let text = std::fs::read_to_string(&report)
        .map_err(|e| format!("cannot read {}: {e}", report.display()))?;
    let kib: f64 = text
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .ok_or_else(|| format!("unexpected GNU time output: {text:?}"))?;
    Ok(kib / 1024.0)
}

/// Formats seconds for the report: ms below 10 s.
pub fn secs(s: f64) -> String {
    if s.is_nan() {
        "n/a".into()
    } else if s < 10.0 {
        format!("{:.1} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    #[test]
    fn failing_command_reports_stderr() {
        let mut c = Command::new("sh");
        c.args(["-c", "echo boom >&2; exit 3"]);
        let e = run(c).unwrap_err();
        assert!(e.contains("boom"), "{e}");
    }
}
