//! Writing the generated tree: write-if-changed, atomic replacement, stale
//! file removal, and the read-only comparison behind `modelgen check`.
//!
//! Only files that carry the `@generated` marker are ever deleted, so a user's
//! hand-written file that happens to sit in the output folder is never lost.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::codegen::Files;
use crate::Error;

/// The marker every generated file carries in its first line.
pub const GENERATED_MARKER: &str = "@generated";

/// What a write (or a check) found, per relative path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub modified: Vec<String>,
    /// Stale generated files (no longer produced).
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.modified.is_empty() && self.removed.is_empty()
    }

    pub fn changed_paths(&self) -> impl Iterator<Item = (&'static str, &String)> {
        self.added
            .iter()
            .map(|p| ("added", p))
            .chain(self.modified.iter().map(|p| ("modified", p)))
            .chain(self.removed.iter().map(|p| ("removed", p)))
    }
}

fn io_err(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.display().to_string(),
        source,
    }
}

/// A relative output path is safe when it is made only of normal components
/// (no `..`, no root, no prefix): nothing can be written outside `out`.
fn checked_join(out: &Path, rel: &str) -> Result<PathBuf, Error> {
    let p = Path::new(rel);
    let ok = !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    if !ok {
        return Err(io_err(
            &out.join(rel),
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "refusing to write a path outside the output folder",
            ),
        ));
    }
    // A symlink inside `out` (to a folder or a file) could send the write
    // anywhere: refuse to go through one. `out` itself may be a symlink; that
    // is the user's choice of output folder.
    let mut cur = out.to_path_buf();
    for c in p.components() {
        cur.push(c);
        match fs::symlink_metadata(&cur) {
            Ok(m) if m.file_type().is_symlink() => {
                return Err(io_err(
                    &cur,
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "refusing to write through a symbolic link inside the output folder",
                    ),
                ))
            }
            Ok(_) => {}
            // Nothing there yet: nothing below can exist either.
            Err(_) => break,
        }
    }
    Ok(out.join(p))
}

/// Walks `out` without following symlinks: the generated `.rs` files
/// (relative, `/`-separated) and the temporary files interrupted runs left.
fn scan(out: &Path) -> Result<(BTreeSet<String>, Vec<PathBuf>), Error> {
    let mut found = BTreeSet::new();
    let mut leftovers = Vec::new();
    if !out.is_dir() {
        return Ok((found, leftovers));
    }
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).map_err(|e| io_err(&dir, e))? {
            let entry = entry.map_err(|e| io_err(&dir, e))?;
            let path = entry.path();
            let ft = entry.file_type().map_err(|e| io_err(&path, e))?;
            if ft.is_dir() && is_leftover_temp(&entry.file_name().to_string_lossy()) {
                leftovers.push(path);
            } else if ft.is_dir() {
                stack.push(path);
            } else if ft.is_file() && is_leftover_temp(&entry.file_name().to_string_lossy()) {
                leftovers.push(path);
            } else if ft.is_file() && path.extension().is_some_and(|e| e == "rs") && is_generated(&path)
            {
                if let Ok(rel) = path.strip_prefix(out) {
                    let rel: Vec<_> = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect();
                    found.insert(rel.join("/"));
                }
            }
        }
    }
    leftovers.sort();
    Ok((found, leftovers))
}

fn is_generated(path: &Path) -> bool {
    use std::io::{BufRead, BufReader, Read};
    let Ok(f) = fs::File::open(path) else {
        return false;
    };
    // Only the first line matters; never read a large foreign file whole.
    let mut first = String::new();
    let _ = BufReader::new(f.take(4096)).read_line(&mut first);
    first.contains(GENERATED_MARKER)
}

/// What is on disk in the output folders, read once per folder: a run
/// touches thousands of files in a few folders, and a `stat` or a failed
/// `open` per file cost more than the writing itself.
struct Disk<'a> {
    out: &'a Path,
    /// Relative folder -> its entries (`None`: the folder does not exist).
    dirs: BTreeMap<String, Option<BTreeMap<std::ffi::OsString, fs::FileType>>>,
}

impl<'a> Disk<'a> {
    fn new(out: &'a Path) -> Self {
        Disk { out, dirs: BTreeMap::new() }
    }

    /// The destination of `rel` and the type of what is there now, if
    /// anything. Refuses paths that leave `out` and symlinks inside it
    /// (see [`checked_join`]).
    fn entry(&mut self, rel: &str) -> Result<(PathBuf, Option<fs::FileType>), Error> {
        let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
        if !self.dirs.contains_key(dir) {
            let listing = if dir.is_empty() {
                self.list(self.out.to_path_buf())?
            } else {
                // Checks every folder on the way (no `..`, no symlink).
                let path = checked_join(self.out, dir)?;
                self.list(path)?
            };
            self.dirs.insert(dir.to_string(), listing);
        }
        let path = if dir.is_empty() { self.out.join(name) } else { self.out.join(dir).join(name) };
        let ok = !name.is_empty() && Path::new(name).components().all(|c| matches!(c, Component::Normal(_)));
        if !ok {
            return Err(io_err(
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "refusing to write a path outside the output folder",
                ),
            ));
        }
        let ft = self.dirs.get(dir).and_then(|l| l.as_ref()).and_then(|l| l.get(std::ffi::OsStr::new(name))).copied();
        if ft.is_some_and(|t| t.is_symlink()) {
            return Err(io_err(
                &path,
                std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    "refusing to write through a symbolic link inside the output folder",
                ),
            ));
        }
        Ok((path, ft))
    }

    /// Whether nothing named `name` exists directly in `out`.
    fn missing_top(&mut self, name: &str) -> Result<bool, Error> {
        if !self.dirs.contains_key("") {
            let listing = self.list(self.out.to_path_buf())?;
            self.dirs.insert(String::new(), listing);
        }
        Ok(match self.dirs.get("") {
            Some(Some(listing)) => !listing.contains_key(std::ffi::OsStr::new(name)),
            _ => true,
        })
    }

    fn list(&self, dir: PathBuf) -> Result<Option<BTreeMap<std::ffi::OsString, fs::FileType>>, Error> {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_err(&dir, e)),
        };
        let mut found = BTreeMap::new();
        for entry in entries {
            let entry = entry.map_err(|e| io_err(&dir, e))?;
            let ft = entry.file_type().map_err(|e| io_err(&entry.path(), e))?;
            found.insert(entry.file_name(), ft);
        }
        Ok(Some(found))
    }
}

/// Compares `files` with what is on disk under `out`, without writing.
pub fn compare(out: &Path, files: &Files) -> Result<Changes, Error> {
    let (existing, _) = scan(out)?;
    compare_on(&mut Disk::new(out), files, &existing)
}

/// [`compare`] given the generated files already on disk (from [`scan`],
/// which opens every one of them: done once per run).
fn compare_on(disk: &mut Disk, files: &Files, existing: &BTreeSet<String>) -> Result<Changes, Error> {
    let mut changes = Changes::default();
    for (rel, text) in files {
        let (path, existing) = disk.entry(rel)?;
        if existing.is_none() {
            changes.added.push(rel.clone());
            continue;
        }
        match fs::read(&path) {
            Ok(old) if old == text.as_bytes() => changes.unchanged += 1,
            Ok(_) => changes.modified.push(rel.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => changes.added.push(rel.clone()),
            Err(e) => return Err(io_err(&path, e)),
        }
    }
    for rel in existing {
        if !files.contains_key(rel) {
            changes.removed.push(rel.clone());
        }
    }
    Ok(changes)
}

/// Writes `files` under `out`: only files whose content changed are touched
/// (mtimes of the others are kept, so cargo rebuilds nothing), each through a
/// temporary file and a rename, and stale generated files are deleted last.
/// Everything is staged before the first rename, so a failure while staging
/// leaves the previous output untouched. Files are not fsynced: the rename
/// already keeps readers (cargo, editors) from seeing a half-written file,
/// the output can always be regenerated, and a sync per file made a
/// 2,400-file run take 20 s instead of milliseconds. Staging and renaming
/// run on all cores (file creation is most of a first run's write time).
pub fn write(out: &Path, files: &Files) -> Result<Changes, Error> {
    let _timing = crate::timing::span(crate::timing::Stage::Write);
    let mut disk = Disk::new(out);
    let (existing, leftovers) = scan(out)?;
    let changes = compare_on(&mut disk, files, &existing)?;
    // Temporary files of an earlier, interrupted run are ours to drop.
    for tmp in leftovers {
        // `file_type` did not follow links: a folder here is a real one.
        let _ = if tmp.is_dir() && !tmp.is_symlink() { fs::remove_dir_all(&tmp) } else { fs::remove_file(&tmp) };
    }
    if changes.is_empty() {
        return Ok(changes);
    }
    // A namespace folder that does not exist yet is written whole: its
    // files go straight into a temporary folder inside `out`, renamed into
    // place once everything is staged (one rename instead of one per file;
    // a first run writes thousands of files).
    let mut new_dirs: BTreeMap<String, (PathBuf, PathBuf)> = BTreeMap::new();
    let mut jobs: Vec<(PathBuf, &str)> = Vec::new();
    let mut renames: Vec<(PathBuf, PathBuf)> = Vec::new();
    let mut made: BTreeSet<PathBuf> = BTreeSet::new();
    let mut stage_dirs = || -> Result<(), Error> {
        for rel in changes.added.iter().chain(&changes.modified) {
            let (dest, _) = disk.entry(rel)?;
            let dir = dest.parent().unwrap_or(out).to_path_buf();
            let fresh_ns = match rel.split_once('/') {
                Some((ns, rest)) if disk.missing_top(ns)? => Some((ns, rest)),
                _ => None,
            };
            if let Some((ns, rest)) = fresh_ns {
                if !new_dirs.contains_key(ns) {
                    fs::create_dir_all(out).map_err(|e| io_err(out, e))?;
                    let final_dir = out.join(ns);
                    let staging = temp_name(&final_dir);
                    create_new_dir(&staging)?;
                    new_dirs.insert(ns.to_string(), (staging, final_dir));
                }
                if let Some((staging, _)) = new_dirs.get(ns) {
                    let path = staging.join(rest);
                    if let Some(parent) = path.parent().filter(|p| p != staging) {
                        fs::create_dir_all(parent).map_err(|e| io_err(parent, e))?;
                    }
                    jobs.push((path, files[rel].as_str()));
                }
                continue;
            }
            if !made.contains(&dir) {
                fs::create_dir_all(&dir).map_err(|e| io_err(&dir, e))?;
                made.insert(dir);
            }
            let tmp = temp_name(&dest);
            jobs.push((tmp.clone(), files[rel].as_str()));
            renames.push((tmp, dest));
        }
        Ok(())
    };
    let dirs_ok = stage_dirs();
    let drop_staged = |written: &[PathBuf]| {
        for path in written {
            let _ = fs::remove_file(path);
        }
        for (staging, _) in new_dirs.values() {
            let _ = fs::remove_dir_all(staging);
        }
    };
    if let Err(e) = dirs_ok {
        drop_staged(&[]);
        return Err(e);
    }
    let (staged, failed) = on_all_cores(&jobs, |(path, text)| {
        let mut f = create_new(path)?;
        let written = f.write_all(text.as_bytes()).map_err(|e| io_err(path, e));
        Ok((path.clone(), written))
    });
    let mut error = failed;
    let mut written = Vec::with_capacity(staged.len());
    for (path, result) in staged {
        if let Err(e) = result {
            error.get_or_insert(e);
        }
        written.push(path);
    }
    if let Some(e) = error {
        drop_staged(&written);
        return Err(e);
    }
    for (staging, dest) in new_dirs.values() {
        if let Err(e) = fs::rename(staging, dest) {
            drop_staged(&written);
            return Err(io_err(dest, e));
        }
    }
    let (_, failed) = on_all_cores(&renames, |(tmp, dest)| fs::rename(tmp, dest).map_err(|e| io_err(dest, e)));
    if let Some(e) = failed {
        // Whatever was not renamed is still a temporary file: drop those.
        for (tmp, _) in &renames {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for rel in &changes.removed {
        let path = checked_join(out, rel)?;
        fs::remove_file(&path).map_err(|e| io_err(&path, e))?;
        // Drop directories the removal emptied (a namespace that went away).
        let mut dir = path.parent();
        while let Some(d) = dir {
            if d == out || fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(changes)
}

/// Runs `f` over `jobs` on up to [`WRITE_THREADS`] threads. Returns the
/// results of the jobs that ran and the first error; after an error the
/// remaining jobs are skipped.
fn on_all_cores<J: Sync, R: Send>(
    jobs: &[J],
    f: impl Fn(&J) -> Result<R, Error> + Sync,
) -> (Vec<R>, Option<Error>) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(WRITE_THREADS)
        .min(jobs.len().div_ceil(64))
        .max(1);
    let stop = std::sync::atomic::AtomicBool::new(false);
    let run = |part: &[J]| {
        let mut done = Vec::with_capacity(part.len());
        for job in part {
            if stop.load(std::sync::atomic::Ordering::Relaxed) {
                break;
            }
            match f(job) {
                Ok(r) => done.push(r),
                Err(e) => {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                    return (done, Some(e));
                }
            }
        }
        (done, None)
    };
    if threads == 1 {
        return run(jobs);
    }
    let chunk = jobs.len().div_ceil(threads);
    let parts: Vec<(Vec<R>, Option<Error>)> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs.chunks(chunk).map(|part| s.spawn(|| run(part))).collect();
        handles
            .into_iter()
            .map(|h| {
                // A panicked worker's jobs may be half done: report, never skip.
                h.join().unwrap_or_else(|_| {
                    let e = std::io::Error::other("internal error: a writer thread panicked; please report this");
                    (Vec::new(), Some(Error::Io { path: String::new(), source: e }))
                })
            })
            .collect()
    });
    let mut all = Vec::with_capacity(jobs.len());
    let mut first = None;
    for (done, e) in parts {
        all.extend(done);
        if first.is_none() {
            first = e;
        }
    }
    (all, first)
}

/// File creation is mostly kernel work in one folder; past a few threads
/// they only contend for the folder's lock.
const WRITE_THREADS: usize = 4;

/// Creates a temporary file that did not exist before (`O_EXCL`, which also
/// refuses a symlink planted at that name). A leftover of an interrupted run
/// with the same name (same pid) is removed and the creation retried once.
fn create_new(tmp: &Path) -> Result<fs::File, Error> {
    let open = || fs::OpenOptions::new().write(true).create_new(true).open(tmp);
    match open() {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            fs::remove_file(tmp).map_err(|e| io_err(tmp, e))?;
            open().map_err(|e| io_err(tmp, e))
        }
        r => r.map_err(|e| io_err(tmp, e)),
    }
}

/// Creates a temporary folder that did not exist before; a leftover of an
/// interrupted run with the same name (same pid) is removed first.
fn create_new_dir(tmp: &Path) -> Result<(), Error> {
    match fs::create_dir(tmp) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let meta = fs::symlink_metadata(tmp).map_err(|e| io_err(tmp, e))?;
            if meta.is_dir() {
                fs::remove_dir_all(tmp).map_err(|e| io_err(tmp, e))?;
            } else {
                fs::remove_file(tmp).map_err(|e| io_err(tmp, e))?;
            }
            fs::create_dir(tmp).map_err(|e| io_err(tmp, e))
        }
        r => r.map_err(|e| io_err(tmp, e)),
    }
}

/// Temporary files left by an interrupted run (killed between staging and
/// renaming): `.<name>.modelgen-tmp.<pid>` next to their destination.
fn is_leftover_temp(name: &str) -> bool {
    name.starts_with('.')
        && name
            .rsplit_once(TEMP_INFIX)
            .is_some_and(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
}

const TEMP_INFIX: &str = ".modelgen-tmp.";

fn temp_name(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dest.with_file_name(format!(".{name}{TEMP_INFIX}{}", std::process::id()))
}

/// A unified line diff of one file, for `check`'s report.
pub fn unified_diff(rel: &str, old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let ops = line_diff(&old_lines, &new_lines);
    let mut out = format!("--- a/{rel}\n+++ b/{rel}\n");
    // Hunks with 3 lines of context.
    const CTX: usize = 3;
    let mut i = 0;
    while i < ops.len() {
        if matches!(ops[i], Op::Same(..)) {
            i += 1;
            continue;
        }
        let start = i.saturating_sub(CTX);
        let mut end = i;
        let mut last_change = i;
        while end < ops.len() {
            if !matches!(ops[end], Op::Same(..)) {
                last_change = end;
            } else if end - last_change > 2 * CTX {
                break;
            }
            end += 1;
        }
        let end = (last_change + CTX + 1).min(ops.len());
        let (os, ns) = ops[start].positions();
        let ol = ops[start..end].iter().filter(|o| !matches!(o, Op::Add(..))).count();
        let nl = ops[start..end].iter().filter(|o| !matches!(o, Op::Del(..))).count();
        out.push_str(&format!("@@ -{},{} +{},{} @@\n", os + 1, ol, ns + 1, nl));
        for op in &ops[start..end] {
            match op {
                Op::Same(o, _) => out.push_str(&format!(" {}\n", old_lines[*o])),
                Op::Del(o, _) => out.push_str(&format!("-{}\n", old_lines[*o])),
                Op::Add(_, n) => out.push_str(&format!("+{}\n", new_lines[*n])),
            }
        }
        i = end;
    }
    out
}

/// (old index, new index) positions at each step.
#[derive(Debug, Clone, Copy)]
enum Op {
    Same(usize, usize),
    Del(usize, usize),
    Add(usize, usize),
}

impl Op {
    fn positions(&self) -> (usize, usize) {
        match *self {
            Op::Same(o, n) | Op::Del(o, n) | Op::Add(o, n) => (o, n),
        }
    }
}

/// LCS line diff after trimming the common prefix and suffix. Generated files
/// are small (one model each), so the quadratic table stays cheap; very large
/// middles fall back to "delete all, add all".
fn line_diff(old: &[&str], new: &[&str]) -> Vec<Op> {
    let pre = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let suf = old[pre..]
        .iter()
        .rev()
        .zip(new[pre..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (o, n) = (&old[pre..old.len() - suf], &new[pre..new.len() - suf]);
    let mut ops: Vec<Op> = (0..pre).map(|i| Op::Same(i, i)).collect();
    if o.len().saturating_mul(n.len()) > 4_000_000 {
        ops.extend((0..o.len()).map(|i| Op::Del(pre + i, pre)));
        ops.extend((0..n.len()).map(|j| Op::Add(pre + o.len(), pre + j)));
    } else {
        let mut lcs = vec![vec![0u32; n.len() + 1]; o.len() + 1];
        for i in (0..o.len()).rev() {
            for j in (0..n.len()).rev() {
                lcs[i][j] = if o[i] == n[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < o.len() || j < n.len() {
            if i < o.len() && j < n.len() && o[i] == n[j] {
                ops.push(Op::Same(pre + i, pre + j));
                i += 1;
                j += 1;
            } else if i < o.len() && (j == n.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
                // Deletions before additions, as in `diff -u`.
                ops.push(Op::Del(pre + i, pre + j));
                i += 1;
            } else {
                ops.push(Op::Add(pre + i, pre + j));
                j += 1;
            }
        }
    }
    let (ob, nb) = (old.len() - suf, new.len() - suf);
    ops.extend((0..suf).map(|k| Op::Same(ob + k, nb + k)));
    ops
}

/// Reads the on-disk text of the files `changes` reports as modified/removed
/// and renders a diff of each against `files`.
pub fn render_diff(out: &Path, files: &Files, changes: &Changes) -> String {
    let mut text = String::new();
    let empty = String::new();
    let mut by_path: BTreeMap<&String, (String, &String)> = BTreeMap::new();
    for rel in &changes.added {
        by_path.insert(rel, (String::new(), &files[rel]));
    }
    for rel in &changes.modified {
        let old = fs::read_to_string(out.join(rel)).unwrap_or_default();
        by_path.insert(rel, (old, &files[rel]));
    }
    for rel in &changes.removed {
        let old = fs::read_to_string(out.join(rel)).unwrap_or_default();
        by_path.insert(rel, (old, &empty));
    }
    for (rel, (old, new)) in by_path {
        text.push_str(&unified_diff(rel, &old, new));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("modelgen-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        d
    }

    fn files(list: &[(&str, &str)]) -> Files {
        list.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
    }

    #[test]
    fn writes_only_changes_and_removes_stale_generated_files() {
        let out = tmpdir("changes");
        let v1 = files(&[
            ("mod.rs", "// @generated\npub mod a;\n"),
            ("a/mod.rs", "// @generated\n"),
            ("a/x.rs", "// @generated\nstruct X;\n"),
        ]);
        let c = write(&out, &v1).unwrap();
        assert_eq!(c.added.len(), 3);
        fs::write(out.join("a/handwritten.rs"), "// mine\n").unwrap();
        let mtime = fs::metadata(out.join("a/mod.rs")).unwrap().modified().unwrap();

        let v2 = files(&[("mod.rs", "// @generated\npub mod a;\n"), ("a/mod.rs", "// @generated\n// y\n")]);
        let c = write(&out, &v2).unwrap();
        assert_eq!(c.modified, vec!["a/mod.rs".to_string()]);
        assert_eq!(c.removed, vec!["a/x.rs".to_string()]);
        assert_eq!(c.unchanged, 1);
        assert!(!out.join("a/x.rs").exists());
        assert!(out.join("a/handwritten.rs").exists(), "non-generated files are kept");
        assert!(fs::metadata(out.join("a/mod.rs")).unwrap().modified().unwrap() >= mtime);

        let c = write(&out, &v2).unwrap();
        assert!(c.is_empty());
        assert!(compare(&out, &v2).unwrap().is_empty());
        let _ = fs::remove_dir_all(&out);
    }

    /// Lists everything under `dir`, relative, sorted.
    fn tree(dir: &Path) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
                if p.is_dir() {
                    stack.push(p);
                }
            }
        }
        out.sort();
        out
    }

    #[test]
    fn a_new_namespace_folder_is_staged_whole_and_renamed() {
        let out = tmpdir("fresh");
        let v1 = files(&[("mod.rs", "// @generated\n"), ("a/mod.rs", "// @generated\n"), ("a/x.rs", "// @generated\n")]);
        assert_eq!(write(&out, &v1).unwrap().added.len(), 3);
        assert_eq!(tree(&out), ["a", "a/mod.rs", "a/x.rs", "mod.rs"]);
        // A second namespace appears next to an existing one; a leftover
        // staging folder of an interrupted run is cleared.
        fs::create_dir_all(out.join(".b.modelgen-tmp.1")).unwrap();
        fs::write(out.join(".b.modelgen-tmp.1/half.rs"), "// @generated\n").unwrap();
        let mut v2 = v1.clone();
        v2.insert("b/y.rs".into(), "// @generated\n".into());
        v2.insert("a/x.rs".into(), "// @generated\n// changed\n".into());
        let c = write(&out, &v2).unwrap();
        assert_eq!((c.added, c.modified), (vec!["b/y.rs".to_string()], vec!["a/x.rs".to_string()]));
        assert_eq!(tree(&out), ["a", "a/mod.rs", "a/x.rs", "b", "b/y.rs", "mod.rs"]);
        // A failure while staging a new folder leaves nothing behind (a
        // file name longer than any file system allows).
        let out2 = tmpdir("fresh-fail");
        let long = format!("c/{}.rs", "x".repeat(300));
        let bad = files(&[("c/ok.rs", "// @generated\n"), (long.as_str(), "// @generated\n")]);
        fs::create_dir_all(&out2).unwrap();
        assert!(write(&out2, &bad).is_err());
        assert!(tree(&out2).is_empty(), "{:?}", tree(&out2));
        let _ = fs::remove_dir_all(&out);
        let _ = fs::remove_dir_all(&out2);
    }

    #[test]
    fn refuses_paths_outside_out() {
        let out = tmpdir("escape");
        for bad in ["../x.rs", "/etc/x.rs", "a/../../x.rs", ""] {
            assert!(write(&out, &files(&[(bad, "// @generated\n")])).is_err(), "{bad}");
        }
        assert!(!out.exists() || fs::read_dir(&out).unwrap().next().is_none());
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_symlinks_inside_out() {
        use std::os::unix::fs::symlink;
        let out = tmpdir("symlink-out");
        let outside = tmpdir("symlink-outside");
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&outside).unwrap();
        fs::write(outside.join("victim.rs"), "precious\n").unwrap();
        // A namespace folder that is a link to somewhere else.
        symlink(&outside, out.join("ns")).unwrap();
        let e = write(&out, &files(&[("ns/x.rs", "// @generated\n")])).unwrap_err();
        assert!(e.to_string().contains("symbolic link"), "{e}");
        assert!(!outside.join("x.rs").exists());
        // A file that is a link to a file elsewhere.
        symlink(outside.join("victim.rs"), out.join("mod.rs")).unwrap();
        assert!(write(&out, &files(&[("mod.rs", "// @generated\n")])).is_err());
        assert!(compare(&out, &files(&[("mod.rs", "// @generated\n")])).is_err());
        assert_eq!(fs::read_to_string(outside.join("victim.rs")).unwrap(), "precious\n");
        fs::remove_file(out.join("mod.rs")).unwrap();
        // A link planted at the temporary file's name is replaced, not followed.
        let tmp = temp_name(&out.join("mod.rs"));
        symlink(outside.join("victim.rs"), &tmp).unwrap();
        write(&out, &files(&[("mod.rs", "// @generated\n")])).unwrap();
        assert_eq!(fs::read_to_string(outside.join("victim.rs")).unwrap(), "precious\n");
        assert_eq!(fs::read_to_string(out.join("mod.rs")).unwrap(), "// @generated\n");
        assert!(fs::symlink_metadata(&tmp).is_err(), "temporary file renamed away");
        // Stale-file removal does not follow links either.
        fs::write(outside.join("gen.rs"), "// @generated\n").unwrap();
        let c = write(&out, &files(&[("mod.rs", "// @generated\n")])).unwrap();
        assert!(c.removed.is_empty(), "{c:?}");
        assert!(outside.join("gen.rs").exists());
        let _ = fs::remove_dir_all(&out);
        let _ = fs::remove_dir_all(&outside);
    }

    #[test]
    fn failed_staging_leaves_previous_output_intact() {
        let out = tmpdir("staging");
        let v1 = files(&[("mod.rs", "// @generated\nv1\n"), ("a/x.rs", "// @generated\nx1\n")]);
        write(&out, &v1).unwrap();
        // `b` is a plain file, so `b/y.rs` cannot be created: the run fails
        // after `a/new.rs` was staged and before anything was renamed.
        fs::write(out.join("b"), "not a folder").unwrap();
        let v2 = files(&[
            ("mod.rs", "// @generated\nv2\n"),
            ("a/new.rs", "// @generated\nnew\n"),
            ("b/y.rs", "// @generated\ny\n"),
        ]);
        assert!(write(&out, &v2).is_err());
        assert_eq!(fs::read_to_string(out.join("mod.rs")).unwrap(), "// @generated\nv1\n");
        assert_eq!(fs::read_to_string(out.join("a/x.rs")).unwrap(), "// @generated\nx1\n", "stale file kept");
        assert!(!out.join("a/new.rs").exists());
        let mut names: Vec<String> = fs::read_dir(out.join("a"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, vec!["x.rs".to_string()], "no temporary file left behind");
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn leftovers_of_an_interrupted_run_are_removed_by_the_next_write() {
        let out = tmpdir("leftover");
        fs::create_dir_all(out.join("a")).unwrap();
        let left = out.join("a/.x.rs.modelgen-tmp.12345");
        fs::write(&left, "half a fi").unwrap();
        fs::write(out.join("a/.hidden.rs"), "mine").unwrap();
        let v = files(&[("mod.rs", "// @generated\n")]);
        // `check` never writes, not even to clean up.
        compare(&out, &v).unwrap();
        assert!(left.exists());
        write(&out, &v).unwrap();
        assert!(!left.exists());
        assert!(out.join("a/.hidden.rs").exists());
        assert!(is_leftover_temp(".mod.rs.modelgen-tmp.1"));
        assert!(!is_leftover_temp(".mod.rs.modelgen-tmp."));
        assert!(!is_leftover_temp("mod.rs.modelgen-tmp.1"));
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn diff_shows_changed_lines() {
        let d = unified_diff("a.rs", "1\n2\n3\n4\n", "1\n2\nthree\n4\n");
        assert!(d.contains("-3\n+three\n"), "{d}");
        assert!(d.contains("@@ -1,4 +1,4 @@"), "{d}");
    }
}
