//! Reviewing a regeneration: the `diff` command, `check`'s semantic summary
//! and the IR snapshot that makes that summary possible.
//!
//! `check` compares the generated files on disk with fresh output; to say
//! *what* changed semantically it needs the IR the on-disk files were made
//! from. Parsing it back out of generated Rust would be fragile, so
//! `generate --ir-snapshot` (and every later `generate` into a folder that
//! already has one) writes that IR beside the models as `modelgen-ir.json`:
//! plain JSON, checked in with the models, so a clean checkout can run
//! `check` and get a full semantic diff. Without a snapshot `check` still
//! names the models whose files change, by file path.

use std::path::Path;

use crate::codegen::Files;
use crate::diff::{self, DiffReport, Format};
use crate::ir::Ir;
use crate::pipeline::{self, Inputs};
use crate::write::Changes;
use crate::{naming, Config, Diagnostic, Diagnostics, Error};

/// File name of the IR snapshot inside the output folder.
pub const IR_SNAPSHOT: &str = "modelgen-ir.json";

/// When `diff` exits non-zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FailOn {
    #[default]
    Never,
    /// Any breaking change.
    Breaking,
    /// Any change at all (including doc-only).
    Any,
}

impl FailOn {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "never" | "none" => Some(FailOn::Never),
            "breaking" => Some(FailOn::Breaking),
            "any" | "change" | "changes" => Some(FailOn::Any),
            _ => None,
        }
    }

    pub fn fails(self, report: &DiffReport) -> bool {
        match self {
            FailOn::Never => false,
            FailOn::Breaking => report.has_breaking(),
            FailOn::Any => !report.is_empty(),
        }
    }
}

/// Loads both sides (in parallel: they are independent) and returns both
/// IRs, or every error of both sides, each prefixed with its side.
pub fn load_pair(old: &Inputs, new: &Inputs, config: &Config) -> Result<(Ir, Ir), Error> {
    let (a, b) = std::thread::scope(|s| {
        let h = s.spawn(|| pipeline::load(old, config));
        let b = pipeline::load(new, config);
        let a = h.join().unwrap_or_else(|_| {
            Err(Error::Input(Diagnostics::one(Diagnostic::at(
                "<old inputs>",
                0,
                0,
                "internal error: loading the old inputs panicked",
            ))))
        });
        (a, b)
    });
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(e), Ok(_)) => Err(side("old", e)),
        (Ok(_), Err(e)) => Err(side("new", e)),
        (Err(Error::Input(x)), Err(Error::Input(y))) => {
            let mut all = side_diags("old", x).0;
            all.extend(side_diags("new", y).0);
            Err(Error::Input(Diagnostics::new(all)))
        }
        (Err(e), Err(_)) => Err(side("old", e)),
    }
}

fn side(which: &str, e: Error) -> Error {
    match e {
        Error::Input(d) => Error::Input(side_diags(which, d)),
        Error::Io { path, source } => Error::Io {
            path: format!("{path} ({which} inputs)"),
            source,
        },
    }
}

fn side_diags(which: &str, d: Diagnostics) -> Diagnostics {
    Diagnostics(
        d.0.into_iter()
            .map(|mut x| {
                x.message = format!("[{which}] {}", x.message);
                x
            })
            .collect(),
    )
}

/// `modelgen diff`: loads both sides, diffs them, renders the report.
pub fn run_diff(
    old: &Inputs,
    new: &Inputs,
    config: &Config,
    format: Format,
) -> Result<(String, DiffReport), Error> {
    let (a, b) = load_pair(old, new, config)?;
    let report = diff::diff(&a, &b, config);
    Ok((diff::render::render(&report, format), report))
}

/// The snapshot file's text: the IR as pretty JSON (line-oriented, so it
/// shows as a readable diff in review too). Line and column numbers are
/// dropped: a blank line added to a doc must not make the output stale.
pub fn snapshot_text(ir: &Ir) -> String {
    let mut ir = ir.clone();
    for ns in ir.namespaces.values_mut() {
        for m in ns.models.values_mut() {
            (m.origin.line, m.origin.column) = (0, 0);
            if let crate::ir::ModelKind::Struct(st) = &mut m.kind {
                for f in &mut st.fields {
                    (f.origin.line, f.origin.column) = (0, 0);
                }
            }
        }
    }
    let mut s = serde_json::to_string_pretty(&ir).unwrap_or_default();
    s.push('\n');
    s
}

/// Adds the snapshot to the files `generate` writes (same write-if-changed,
/// atomic path as the models).
pub fn add_snapshot(files: &mut Files, ir: &Ir) {
    files.insert(IR_SNAPSHOT.to_string(), snapshot_text(ir));
}

/// Whether `out` already holds a snapshot (then `generate` keeps it fresh).
pub fn has_snapshot(out: &Path) -> bool {
    out.join(IR_SNAPSHOT).is_file()
}

/// Reads `out/modelgen-ir.json`; `Ok(None)` when there is none.
pub fn read_snapshot(out: &Path) -> Result<Option<Ir>, Error> {
    let path = out.join(IR_SNAPSHOT);
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(Error::Io {
                path: path.display().to_string(),
                source,
            })
        }
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        Error::Input(Diagnostics::one(Diagnostic::at(
            path.display().to_string(),
            e.line() as u32,
            e.column() as u32,
            format!("not a modelgen IR snapshot ({e}); delete it and run `modelgen generate --ir-snapshot`"),
        )))
    })
}

/// `check`'s report beyond the file list: a semantic summary against the
/// snapshot when there is one, else the models whose files change.
/// `changes` may include the snapshot itself; it is left out of the model list.
pub fn check_summary(
    out: &Path,
    fresh: &Ir,
    changes: &Changes,
    config: &Config,
) -> Result<String, Error> {
    let mut s = String::new();
    match read_snapshot(out)? {
        Some(old) => {
            let report = diff::diff(&old, fresh, config);
            s.push_str(&format!(
                "semantic changes (vs {}): {}\n",
                out.join(IR_SNAPSHOT).display(),
                diff::render::summary_line(&report)
            ));
            s.push_str(&compact(&report));
        }
        None => {
            s.push_str(&format!(
                "models whose generated file changes (no {IR_SNAPSHOT} in {}; run `modelgen generate --ir-snapshot` once for a semantic summary):\n",
                out.display()
            ));
            for (what, rel) in changes.changed_paths() {
                if rel == IR_SNAPSHOT {
                    continue;
                }
                if let Some(model) = model_of_file(fresh, config, rel) {
                    s.push_str(&format!("  {what:>8} {model} ({rel})\n"));
                }
            }
        }
    }
    Ok(s)
}

/// Changed models and their changes, one line each: for `check` and `watch`.
pub fn compact(report: &DiffReport) -> String {
    let mut s = String::new();
    let m = &report.models;
    for n in &m.removed {
        s.push_str(&format!("  - {n} (removed, BREAKING)\n"));
    }
    for (o, n) in &m.renamed {
        s.push_str(&format!("  ~ {o} -> {n} (renamed, BREAKING)\n"));
    }
    for n in &m.added {
        s.push_str(&format!("  + {n}\n"));
    }
    for mc in &m.changed {
        s.push_str(&format!("  * {}\n", mc.name));
        for c in &mc.changes {
            let v = if c.breaking { "BREAKING" } else { "ok" };
            s.push_str(&format!(
                "      {v:<8} {} {}: {}\n",
                c.kind, c.path, c.detail
            ));
        }
    }
    s
}

/// The model a generated file holds, by codegen's layout
/// (`<ns>/<snake_case(TypeName)>.rs`); module files (`mod.rs`) hold none. For
/// a file that is no longer produced (or one whose name codegen had to
/// disambiguate) the model is named by its path.
pub fn model_of_file(ir: &Ir, config: &Config, rel: &str) -> Option<String> {
    let (ns, file) = rel.rsplit_once('/')?;
    let stem = file.strip_suffix(".rs")?;
    if stem == "mod" {
        return None;
    }
    let found = ir.namespaces.get(ns).and_then(|n| {
        n.models
            .keys()
            .find(|name| {
                let r = crate::ir::ModelRef {
                    namespace: ns.to_string(),
                    name: (*name).clone(),
                };
                naming::snake_case(&diff::rust_type_name(config, &r)) == stem
            })
            .map(|name| format!("{ns}.{name}"))
    });
    Some(found.unwrap_or_else(|| format!("{ns}.{stem}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_on_spellings() {
        assert_eq!(FailOn::parse("breaking"), Some(FailOn::Breaking));
        assert_eq!(FailOn::parse("any"), Some(FailOn::Any));
        assert_eq!(FailOn::parse("sometimes"), None);
    }

    #[test]
    fn snapshot_round_trips_and_bad_snapshots_are_reported() {
        let dir = std::env::temp_dir().join(format!("modelgen-review-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        assert!(read_snapshot(&dir).unwrap().is_none());
        let mut ir = Ir::default();
        ir.namespaces.entry("shared".into()).or_default();
        std::fs::write(dir.join(IR_SNAPSHOT), snapshot_text(&ir)).unwrap();
        assert_eq!(read_snapshot(&dir).unwrap(), Some(ir));
        std::fs::write(dir.join(IR_SNAPSHOT), "{\n  \"namespaces\": 3\n}").unwrap();
        let e = read_snapshot(&dir).unwrap_err().to_string();
        assert!(e.contains(IR_SNAPSHOT) && e.contains(":2:"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
