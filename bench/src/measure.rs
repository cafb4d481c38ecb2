//! Timing and memory measurement of child processes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

/// One finished run of a command.
#[derive(Debug)]
pub struct Run {
    /// Wall-clock seconds.
    pub wall: f64,
    /// User + system CPU seconds (GNU time, 10 ms resolution): unlike wall
    /// time, barely affected by other load on the machine.
    pub cpu: Option<f64>,
    /// Peak resident set size in MiB (GNU time).
    pub peak_mib: Option<f64>,
    pub output: Output,
}

/// Runs commands, under GNU time (`/usr/bin/time`, Debian package `time`)
/// when one is given, for CPU time and peak memory.
pub struct Runner {
    pub time_bin: Option<PathBuf>,
    /// Where GNU time writes its report.
    pub scratch: PathBuf,
    /// A command the measured one runs under, e.g. `chrt -f 50` (real-time
    /// priority, so other load on a shared machine does not stretch the
    /// wall time).
    pub prefix: Vec<String>,
}

impl Runner {
    /// Runs a command to completion with captured output; an error names the
    /// command and shows the end of its stderr.
    pub fn run(&self, cmd: Command) -> Result<Run, String> {
        let shown = format!("{cmd:?}");
        let report = self.scratch.join("time-report.txt");
        let mut cmd = wrap(self.time_bin.as_deref(), &report, &self.prefix, &cmd);
        let start = Instant::now();
        let output = cmd
            .output()
            .map_err(|e| format!("cannot start {shown}: {e}"))?;
        let wall = start.elapsed().as_secs_f64();
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
            let tail: Vec<&str> = tail.into_iter().rev().collect();
            return Err(format!(
                "{shown} failed ({}):\n{}",
                output.status,
                tail.join("\n")
            ));
        }
        let (mut cpu, mut peak_mib) = (None, None);
        if self.time_bin.is_some() {
            let text = std::fs::read_to_string(&report)
                .map_err(|e| format!("cannot read {}: {e}", report.display()))?;
            let fields: Vec<f64> = text
                .lines()
                .last()
                .unwrap_or("")
                .split_whitespace()
                .filter_map(|f| f.parse().ok())
                .collect();
            let [user, sys, kib] = fields[..] else {
                return Err(format!("unexpected GNU time output: {text:?}"));
            };
            cpu = Some(user + sys);
            peak_mib = Some(kib / 1024.0);
        }
        Ok(Run {
            wall,
            cpu,
            peak_mib,
            output,
        })
    }

    /// Runs `make()` once as a warm-up (when `warmup`), then `runs` times,
    /// calling `prepare` before each run (untimed).
    pub fn repeat(
        &self,
        runs: usize,
        warmup: bool,
        mut prepare: impl FnMut() -> Result<(), String>,
        mut make: impl FnMut() -> Command,
    ) -> Result<Vec<Run>, String> {
        if warmup {
            prepare()?;
            self.run(make())?;
        }
        let mut all = Vec::with_capacity(runs);
        for _ in 0..runs.max(1) {
            prepare()?;
            all.push(self.run(make())?);
        }
        Ok(all)
    }
}

/// `[time -f "%U %S %M" -o report] [prefix...] <cmd>`, keeping the
/// command's directory and environment.
fn wrap(time_bin: Option<&Path>, report: &Path, prefix: &[String], cmd: &Command) -> Command {
    let mut argv: Vec<std::ffi::OsString> = Vec::new();
    if let Some(t) = time_bin {
        argv.extend([t.as_os_str().into(), "-f".into(), "%U %S %M".into(), "-o".into()]);
        argv.push(report.as_os_str().into());
    }
    argv.extend(prefix.iter().map(Into::into));
    argv.push(cmd.get_program().into());
    argv.extend(cmd.get_args().map(Into::into));
    let mut wrapped = Command::new(&argv[0]);
    wrapped.args(&argv[1..]);
    if let Some(dir) = cmd.get_current_dir() {
        wrapped.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => wrapped.env(k, v),
            None => wrapped.env_remove(k),
        };
    }
    wrapped
}

/// Medians of wall time, CPU time and the largest peak memory of runs.
pub fn summary(runs: &[Run]) -> (f64, Option<f64>, Option<f64>) {
    let wall = median(&runs.iter().map(|r| r.wall).collect::<Vec<_>>());
    let cpus: Vec<f64> = runs.iter().filter_map(|r| r.cpu).collect();
    let cpu = (!cpus.is_empty()).then(|| median(&cpus));
    let peak = runs
        .iter()
        .filter_map(|r| r.peak_mib)
        .fold(None, |m: Option<f64>, p| Some(m.map_or(p, |m| m.max(p))));
    (wall, cpu, peak)
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
        let runner = Runner {
            time_bin: None,
            scratch: std::env::temp_dir(),
            prefix: Vec::new(),
        };
        let e = runner.run(c).unwrap_err();
        assert!(e.contains("boom"), "{e}");
    }
}
