//! `modelgen watch`: regenerate whenever an input changes.
//!
//! The loop is here; what wakes it is a [`Trigger`]. The CLI's trigger
//! listens to file-system events (`notify`, behind the `cli` feature) and
//! falls back to [`Poll`], which compares modification times (std only; a
//! docs folder of a few thousand files is stamped in milliseconds) where
//! events are unavailable: network and container file systems, an exhausted
//! inotify watch limit. Each rebuild runs the whole pipeline in memory first,
//! so a bad intermediate edit (a half-typed table row) is reported and the
//! last good output stays on disk untouched; the next good build is diffed
//! against the last good IR.

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
    /// Also write `modelgen-ir.json` (always done when `out` already has one).
    pub ir_snapshot: bool,
    /// Stop after this many builds (tests); `None` = until stopped.
    pub max_builds: Option<usize>,
}

/// What wakes the watch loop: a burst of changes to the watched paths.
pub trait Trigger {
    /// Watches these files and folders (folders recursively) from now on,
    /// instead of the previous set.
    fn watch(&mut self, paths: &[PathBuf]) -> Result<(), String>;
    /// Blocks until a burst of changes has settled and returns the changed
    /// paths, or returns `None` once `stop()` is true (checked at least
    /// every few hundred milliseconds).
    fn wait(&mut self, stop: &dyn Fn() -> bool) -> Option<Vec<PathBuf>>;
}

/// The polling trigger: stamps every watched input file each `interval`.
pub struct Poll {
    interval: Duration,
    paths: Vec<PathBuf>,
    last: Stamp,
}

impl Poll {
    pub fn new(interval: Duration) -> Self {
        Poll {
            interval,
            paths: Vec::new(),
            last: Stamp::new(),
        }
    }
}

impl Trigger for Poll {
    fn watch(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        self.paths = paths.to_vec();
        self.last = stamp(&self.paths);
        Ok(())
    }

    fn wait(&mut self, stop: &dyn Fn() -> bool) -> Option<Vec<PathBuf>> {
        loop {
            if stop() {
                return None;
            }
            std::thread::sleep(self.interval);
            let mut now = stamp(&self.paths);
            if now == self.last {
                continue;
            }
            // Settle: editors and `git checkout` write in several steps.
            loop {
                std::thread::sleep(self.interval.min(Duration::from_millis(200)));
                let again = stamp(&self.paths);
                if again == now {
                    break;
                }
                now = again;
            }
            let changed = changed_paths(&self.last, &now);
            self.last = now;
            return Some(changed);
        }
    }
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

/// The files a watched folder holds that can be inputs (docs, specs, configs).
pub fn is_input_file(name: &str) -> bool {
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

/// Runs until `stop()` returns true or `max_builds` is reached: one build
/// at the start, then one per burst of changes the trigger reports.
/// `resolve` re-reads the settings on every rebuild (so editing
/// `modelgen.toml` applies too); `extra` are paths to watch besides the
/// inputs (the config file). Progress goes to `log`, the errors of a failed
/// build to `report` (the CLI renders them with their source lines).
pub fn watch(
    mut resolve: impl FnMut() -> Result<(Inputs, Config), Error>,
    extra: &[PathBuf],
    opts: &WatchOptions,
    trigger: &mut dyn Trigger,
    stop: &dyn Fn() -> bool,
    log: &mut dyn Write,
    report: &mut dyn FnMut(&Error),
) -> Result<(), Error> {
    let mut watched: Vec<PathBuf> = Vec::new();
    // The IR of the output on disk: the snapshot if any, then each good build.
    let mut last_good: Option<Ir> = review::read_snapshot(&opts.out).ok().flatten();
    let mut builds = 0usize;
    let _ = writeln!(log, "watching; output in {} (Ctrl-C to stop)", opts.out.display());
    loop {
        let mut inputs = None;
        match rebuild(&mut resolve, opts, last_good.as_ref(), log) {
            Ok((ir, used)) => {
                last_good = Some(ir);
                inputs = Some(used);
            }
            Err(e) => {
                let _ = log.flush();
                report(&e);
                let _ = writeln!(log, "build failed; the last good output is kept. Waiting for the next change.");
            }
        }
        let _ = log.flush();
        builds += 1;
        if opts.max_builds.is_some_and(|m| builds >= m) {
            return Ok(());
        }
        // Inputs may come from the config file; watch what it names (after a
        // failed build, what the last good one read, or the arguments).
        let mut now: Vec<PathBuf> = extra.iter().cloned().chain(inputs.iter().flat_map(Inputs::watched_paths)).collect();
        if inputs.is_none() {
            now.extend(watched.iter().cloned());
        }
        now.sort();
        now.dedup();
        if now != watched || builds == 1 {
            if let Err(e) = trigger.watch(&now) {
                let _ = writeln!(log, "warning: {e}");
            }
            watched = now;
        }
        let Some(changed) = trigger.wait(stop) else {
            return Ok(());
        };
        let names: Vec<String> = changed.iter().take(5).map(|p| p.display().to_string()).collect();
        let more = changed.len().saturating_sub(names.len());
        let _ = writeln!(
            log,
            "\nchanged: {}{}",
            names.join(", "),
            if more > 0 { format!(" and {more} more") } else { String::new() }
        );
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
