//! Markdown front end: a folder of Speakeasy model docs -> IR.
//!
//! CONTRACT: `load(root, config)` reads every `<namespace>/<model>.md` under
//! `root` and returns the IR, or every error found (file:line:column + what
//! was expected).
//!
//! Stages: [`blocks`] (pulldown-cmark with byte offsets) -> [`parse`] (one
//! doc -> [`source::Doc`], type cells via [`type_expr`]) -> [`lower`] (links
//! and references resolved across docs, wire names, checks).
//!
//! Decisions worth knowing:
//! - Examples are kept as JSON strings of the cell text (`<br/>` -> newline),
//!   never parsed as JSON: a string field's example `1234567890` or `true`
//!   must not turn into a number or boolean.
//! - `## Values` tables are string enums: the table prints `1` and `true`
//!   the same way for strings and numbers, and in this corpus every such
//!   value is a string on the wire (e.g. `Proficiency.value` enum
//!   `"1".."5"`). Only an open enum capturing `Unrecognized<number>` is read
//!   as an integer enum. The OpenAPI join can refine this.
//! - `N/A` descriptions mean "none".
//! - Operation models get `location: None`: the docs do not say which fields
//!   are path/query/header parameters; the OpenAPI join fills that in.

mod blocks;
mod cells;
mod lower;
mod parse;
pub mod source;
pub mod type_expr;

use std::path::{Component, Path, PathBuf};

/// Parses one doc's text on its own (no cross-doc resolution): for fuzzing
/// and tools that check a single file.
pub use parse::parse_doc;

use crate::timing::Stage;
use crate::{Config, Diagnostic, Diagnostics, Ir};

/// A doc file found under the root.
struct DocFile {
    /// Relative to the root, `/`-separated.
    rel: String,
    namespace: String,
    path: PathBuf,
}

pub fn load(root: &Path, config: &Config) -> Result<Ir, Diagnostics> {
    let shown = root.display().to_string();
    let abs = std::fs::canonicalize(root).map_err(|e| {
        Diagnostics::one(Diagnostic::at(
            &shown,
            0,
            0,
            format!("cannot read the docs root: {e}"),
        ))
    })?;
    let mut errors = Vec::new();
    let files = discover(&abs, &shown, &mut errors);
    if files.len() > crate::limits::MAX_DOC_FILES {
        errors.push(Diagnostic::at(
            &shown,
            0,
            0,
            format!(
                "{} model docs, more than the limit of {} (modelgen::limits::MAX_DOC_FILES); is this the right folder?",
                files.len(),
                crate::limits::MAX_DOC_FILES
            ),
        ));
        return Err(Diagnostics::new(errors));
    }
    if files.is_empty() && errors.is_empty() {
        // Most likely the wrong folder: generating nothing would delete every
        // previously generated file as stale.
        errors.push(Diagnostic::at(
            &shown,
            0,
            0,
            "no model docs found; expected `<namespace>/<model>.md` files (e.g. `shared/account.md`) under the docs root",
        ));
    }
    let docs = parse_all(&files, &mut errors);
    let root_parts: Vec<String> = abs
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let ir = lower::lower(&docs, &root_parts, config);
    match ir {
        Ok(ir) if errors.is_empty() => Ok(ir),
        Ok(_) => Err(Diagnostics::new(errors)),
        Err(more) => {
            errors.extend(more);
            Err(Diagnostics::new(errors))
        }
    }
}

/// Lists `<namespace>/<model>.md` files, sorted by path (never by
/// directory-listing order).
fn discover(root: &Path, shown: &str, errors: &mut Vec<Diagnostic>) -> Vec<DocFile> {
    let mut out = Vec::new();
    let Some(top) = sorted_entries(root, shown, errors) else {
        return out;
    };
    for (name, path, is_dir, is_link) in top {
        if is_link && escapes(root, &path) {
            errors.push(Diagnostic::at(&name, 0, 0, OUTSIDE_LINK));
            continue;
        }
        if !is_dir {
            if name.ends_with(".md") {
                errors.push(Diagnostic::at(
                    &name,
                    0,
                    0,
                    "model doc outside a namespace folder; expected `<namespace>/<model>.md` (e.g. `shared/account.md`)",
                ));
            }
            continue;
        }
        let Some(entries) = sorted_entries(&path, &name, errors) else {
            continue;
        };
        for (file, fpath, fdir, flink) in entries {
            let rel = format!("{name}/{file}");
            if flink && escapes(root, &fpath) {
                errors.push(Diagnostic::at(&rel, 0, 0, OUTSIDE_LINK));
                continue;
            }
            if fdir {
                errors.push(Diagnostic::at(
                    &rel,
                    0,
                    0,
                    "nested folder inside a namespace; expected only `<namespace>/<model>.md` files",
                ));
            } else if file.ends_with(".md") {
                out.push(DocFile {
                    rel,
                    namespace: name.clone(),
                    path: fpath,
                });
            }
        }
    }
    out
}

const OUTSIDE_LINK: &str =
    "symbolic link that leads outside the docs root; expected docs inside the root (copy the file in instead)";

/// A symlink whose target lies outside `root` (canonical): docs are read only
/// from inside the root, like links between docs.
fn escapes(root: &Path, link: &Path) -> bool {
    !std::fs::canonicalize(link).is_ok_and(|t| t.starts_with(root))
}

/// Non-hidden entries of a directory as (name, path, is_dir, is_symlink),
/// sorted by name.
fn sorted_entries(
    dir: &Path,
    shown: &str,
    errors: &mut Vec<Diagnostic>,
) -> Option<Vec<(String, PathBuf, bool, bool)>> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(Diagnostic::at(
                shown,
                0,
                0,
                format!("cannot list directory: {e}"),
            ));
            return None;
        }
    };
    let mut out = Vec::new();
    for entry in rd {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(Diagnostic::at(
                    shown,
                    0,
                    0,
                    format!("cannot list directory: {e}"),
                ));
                continue;
            }
        };
        let Ok(name) = entry.file_name().into_string() else {
            errors.push(Diagnostic::at(
                shown,
                0,
                0,
                format!(
                    "file name is not valid UTF-8: {}",
                    entry.file_name().to_string_lossy()
                ),
            ));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        // The listing's own file type costs no system call; only a symlink
        // is followed (with a `stat`), like reading the file would.
        let (is_dir, is_link) = match entry.file_type() {
            Ok(t) if t.is_symlink() => (path.is_dir(), true),
            Ok(t) => (t.is_dir(), false),
            Err(_) => (path.is_dir(), true),
        };
        out.push((name, path, is_dir, is_link));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Some(out)
}

/// A parsed doc (none if even its title was unusable) and its errors.
type Parsed = (Option<source::Doc>, Vec<Diagnostic>);

/// Reads and parses every doc, spread over a few threads; results come back
/// in file order.
fn parse_all(files: &[DocFile], errors: &mut Vec<Diagnostic>) -> Vec<source::Doc> {
    // Reading marks its own stage inside the worker's `Parse` span.
    let results = crate::par::map(files, 4, 64, Stage::Parse, read_and_parse);
    let mut docs = Vec::with_capacity(files.len());
    for (r, f) in results.into_iter().zip(files) {
        match r {
            Some((doc, es)) => {
                docs.extend(doc);
                errors.extend(es);
            }
            None => errors.push(Diagnostic::at(
                &f.rel,
                0,
                0,
                "internal error: doc was not parsed",
            )),
        }
    }
    docs
}

fn read_and_parse(f: &DocFile) -> Parsed {
    // Size limit, binary content and invalid UTF-8 (with its position) are
    // checked before any parsing.
    let read = crate::timing::time(Stage::Read, || {
        crate::limits::read_text(
            &f.path,
            &f.rel,
            crate::limits::MAX_DOC_BYTES,
            "markdown model doc",
        )
    });
    let _parsing = crate::timing::span(Stage::Parse);
    let text = match read {
        Ok(t) => t,
        Err(d) => return (None, vec![d]),
    };
    parse::parse_doc(&f.rel, &f.namespace, normalize(text))
}

/// Drops a byte-order mark and turns CRLF line ends into LF, so that
/// descriptions never carry `\r` (line numbers are unchanged; columns on
/// line 1 shift by one when there was a BOM).
fn normalize(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}
