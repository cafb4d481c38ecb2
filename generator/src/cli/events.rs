//! `watch` on file-system events: notify's recommended backend (inotify,
//! FSEvents, ReadDirectoryChangesW), debounced here. An editor's save is
//! several events (write, rename, chmod), and saves that follow each other
//! closer than the debounce time (a `git checkout`, a formatter over the
//! docs) belong to the same burst: a burst ends after a quiet spell as long
//! as the debounce time and causes one regeneration. Reads are not changes:
//! the regeneration's own reading of the inputs would otherwise wake it again.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::Duration;

use modelgen::watch::{is_input_file, Trigger};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

pub struct Events {
    watcher: RecommendedWatcher,
    rx: Receiver<notify::Result<Event>>,
    quiet: Duration,
    /// What is watched: folders (recursively, for docs roots) and the
    /// folders of single files (not the files: an editor that saves by
    /// renaming a new file over the old one would end a watch on the file).
    watches: Vec<(PathBuf, RecursiveMode)>,
    /// The watched paths as given: changes to anything else are ignored.
    wanted: Vec<PathBuf>,
}

impl Events {
    /// Fails where the platform's events are unavailable (the caller then
    /// polls).
    pub fn new(quiet: Duration) -> Result<Self, String> {
        let (tx, rx) = channel();
        let watcher = notify::recommended_watcher(tx).map_err(|e| e.to_string())?;
        Ok(Events {
            watcher,
            rx,
            quiet,
            watches: Vec::new(),
            wanted: Vec::new(),
        })
    }

    /// Whether a change to `p` concerns the inputs: an input file under a
    /// watched folder (not hidden, not an editor's backup), a watched file,
    /// or a folder or file that went away (a renamed or deleted namespace).
    fn wanted(&self, p: &Path) -> bool {
        self.wanted.iter().any(|w| {
            if p == w {
                return true;
            }
            let Ok(rel) = p.strip_prefix(w) else { return false };
            let hidden = rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
            let name = p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
            w.is_dir() && !hidden && (is_input_file(&name) || p.is_dir() || !p.exists())
        })
    }
}

impl Trigger for Events {
    fn watch(&mut self, paths: &[PathBuf]) -> Result<(), String> {
        // Events name paths under the watched folder as it was given to the
        // watcher: watch, and compare, absolute canonical paths.
        let paths: Vec<PathBuf> = paths.iter().map(|p| canonical(p)).collect();
        let mut watches: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        for p in &paths {
            let w = if p.is_dir() {
                (p.clone(), RecursiveMode::Recursive)
            } else {
                // A file, or a path that does not exist yet: its folder.
                let dir = p.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
                (dir.to_path_buf(), RecursiveMode::NonRecursive)
            };
            if !watches.contains(&w) {
                watches.push(w);
            }
        }
        if watches == self.watches {
            self.wanted = paths;
            return Ok(());
        }
        let watcher = &mut self.watcher;
        for (p, _) in &self.watches {
            let _ = watcher.unwatch(p);
        }
        let mut failed = Vec::new();
        for (p, mode) in &watches {
            if let Err(e) = watcher.watch(p, *mode) {
                failed.push(format!("cannot watch {}: {e}", p.display()));
            }
        }
        self.watches = watches;
        self.wanted = paths;
        if failed.is_empty() {
            Ok(())
        } else {
            Err(failed.join("; "))
        }
    }

    fn wait(&mut self, stop: &dyn Fn() -> bool) -> Option<Vec<PathBuf>> {
        let tick = Duration::from_millis(100);
        let mut changed: Vec<PathBuf> = Vec::new();
        loop {
            if stop() {
                return None;
            }
            // Once a change is seen, a quiet spell as long as the debounce
            // time ends the burst.
            let timeout = if changed.is_empty() { tick } else { self.quiet };
            match self.rx.recv_timeout(timeout) {
                Ok(Ok(event)) => {
                    if !matches!(event.kind, EventKind::Access(_)) {
                        changed.extend(event.paths.into_iter().filter(|p| self.wanted(p)));
                    }
                }
                // A watch that broke (a removed folder): the next rebuild
                // watches again.
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) if !changed.is_empty() => {
                    // Shown relative to the working directory, as given.
                    if let Ok(cwd) = std::env::current_dir().and_then(std::fs::canonicalize) {
                        for p in &mut changed {
                            if let Ok(rel) = p.strip_prefix(&cwd) {
                                *p = rel.to_path_buf();
                            }
                        }
                    }
                    changed.sort();
                    changed.dedup();
                    return Some(changed);
                }
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
    }
}

/// `p` made absolute, with symbolic links resolved (for a path that does not
/// exist yet, in its folder).
fn canonical(p: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(p) {
        return c;
    }
    let abs = std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf());
    match (abs.parent().and_then(|d| std::fs::canonicalize(d).ok()), abs.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => abs,
    }
}
