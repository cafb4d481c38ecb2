//! `modelgen watch`: regenerate whenever an input changes.
//!
//! Polls modification times (std only: no platform notify dependency; a
//! docs folder of a few thousand files is stamped in milliseconds). Each
//! rebuild runs the whole pipeline in memory first, so a bad intermediate
//! edit (a half-typed table row) is reported and the last good output stays
//! on disk untouched; the next good build is diffed against the last good IR.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::diff;
use crate::pipeline::{self, Inputs};
use crate::review;
use crate::{write, Config, Error, Ir};

pub struct WatchOptions {
    pub out: PathBuf,
    /// Time between polls.
    pub interval: Duration,
    /// Also write `modelgen-ir.json` (always done when `out` already has one).
    pub ir_snapshot: bool,
    /// Stop after this many builds (tests); `None` = until stopped.
    pub max_builds: Option<usize>,
}

/// Path -> (mtime, length) of every watched input file; a missing path is
/// recorded too, so deleting and re-creating a file counts as a change.
pub type Stamp = BTreeMap<PathBuf, Option<(SystemTime, u64)>>;

/// Stamps the given files and every input-looking file under the given
/// folders (hidden files and editor temp files are skipped).
pub fn stamp(paths: &[PathBuf]) -> Stamp {
    let mut s = Stamp::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut s);
        } else {
            s.insert(p.clone(), meta(p));
        }
    }
    s
}

fn meta(p: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(p).ok()?;
    Some((m.modified().ok()?, m.len()))
}

fn walk(dir: &Path, s: &mut Stamp) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        s.insert(dir.to_path_buf(), None);
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&p, s),
            Ok(_) if is_input_file(&name) => {
                s.insert(p.clone(), meta(&p));
            }
            _ => {}
        }
    }
}

fn is_input_file(name: &str) -> bool {
    [".md", ".yaml", ".yml", ".json", ".toml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Paths whose stamp differs between two scans.
pub fn changed_paths(old: &Stamp, new: &Stamp) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = new
        .iter()
        .filter(|(p, m)| old.get(*p) != Some(*m))
        .map(|(p, _)| p.clone())
        .collect();
    v.extend(old.keys().filter(|p| !new.contains_key(*p)).cloned());
    v.sort();
    v
}

/// Runs until `stop()` returns true (checked every poll) or `max_builds` is
/// reached. `resolve` re-reads the settings on every rebuild (so editing
/// `modelgen.toml` applies too); `extra` are paths to watch besides the
/// inputs (the config file). Progress and errors go to `log`.
pub fn watch(
    mut resolve: impl FnMut() -> Result<(Inputs, Config), Error>,
    extra: &[PathBuf],
    opts: &WatchOptions,
    stop: &dyn Fn() -> bool,
    log: &mut dyn Write,
) -> Result<(), Error> {
    let mut watched: Vec<PathBuf> = extra.to_vec();
    let mut last_stamp: Option<Stamp> = None;
    // The IR of the output on disk: the snapshot if any, then each good build.
    let mut last_good: Option<Ir> = review::read_snapshot(&opts.out).ok().flatten();
    let mut builds = 0usize;
    let _ = writeln!(
        log,
        "watching; output in {} (Ctrl-C to stop)",
        opts.out.display()
    );
    loop {
        let mut now = stamp(&watched);
        if last_stamp.as_ref() != Some(&now) {
            // Settle: editors and `git checkout` write in several steps.
            if last_stamp.is_some() {
                loop {
                    std::thread::sleep(opts.interval.min(Duration::from_millis(200)));
                    let again = stamp(&watched);
                    if again == now {
                        break;
                    }
                    now = again;
                }
                let changed = changed_paths(last_stamp.as_ref().unwrap_or(&Stamp::new()), &now);
                let names: Vec<String> = changed
                    .iter()
                    .take(5)
                    .map(|p| p.display().to_string())
                    .collect();
                let more = changed.len().saturating_sub(names.len());
                let _ = writeln!(
                    log,
                    "\nchanged: {}{}",
                    names.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                );
            }
            match rebuild(&mut resolve, opts, last_good.as_ref(), log) {
                Ok((ir, inputs)) => {
                    last_good = Some(ir);
                    // Inputs may come from the config file; watch what it names.
                    watched = extra
                        .iter()
                        .cloned()
                        .chain(inputs.watched_paths())
                        .collect();
                    watched.sort();
                    watched.dedup();
                    now = stamp(&watched);
                }
                Err(e) => {
                    let _ = writeln!(log, "{e}\nbuild failed; the last good output is kept. Waiting for the next change.");
                }
            }
            last_stamp = Some(now);
            builds += 1;
            if opts.max_builds.is_some_and(|m| builds >= m) {
                return Ok(());
            }
        }
        if stop() {
            return Ok(());
        }
        std::thread::sleep(opts.interval);
    }
}

fn rebuild(
    resolve: &mut impl FnMut() -> Result<(Inputs, Config), Error>,
    opts: &WatchOptions,
    last_good: Option<&Ir>,
    log: &mut dyn Write,
) -> Result<(Ir, Inputs), Error> {
    let started = std::time::Instant::now();
    let (inputs, config) = resolve()?;
    let (ir, mut files) = pipeline::build(&inputs, &config)?;
    if opts.ir_snapshot || review::has_snapshot(&opts.out) {
        review::add_snapshot(&mut files, &ir);
    }
    let changes = write::write(&opts.out, &files)?;
    let written = changes.added.len() + changes.modified.len();
    let _ = writeln!(
        log,
        "built {} models in {:.0?}: {written} file(s) written, {} removed, {} unchanged",
        ir.model_count(),
        started.elapsed(),
        changes.removed.len(),
        changes.unchanged
    );
    if let Some(old) = last_good {
        let report = diff::diff(old, &ir, &config);
        if report.is_empty() {
            let _ = writeln!(log, "no model changes");
        } else {
            let _ = writeln!(log, "{}", diff::render::summary_line(&report));
            let _ = write!(log, "{}", review::compact(&report));
        }
    }
    Ok((ir, inputs))
}
