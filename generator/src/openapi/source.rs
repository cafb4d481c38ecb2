//! Spec files as JSON trees, and `$ref` resolution between them.
//!
//! Every document (YAML or JSON) is converted to a `serde_json::Value`
//! (insertion-ordered), so JSON pointers work the same for both. A `$ref`
//! is either local (`#/components/schemas/X`) or relative to the referring
//! file (`common.yaml#/components/schemas/X`); it must stay inside the
//! directory of the spec file given on the command line (the "root").

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::timing::{self, Stage};
use crate::Diagnostic;

/// A location inside a loaded document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: usize,
    /// JSON pointer (`/components/schemas/X`), `""` for the document root.
    pub pointer: String,
}

impl Loc {
    pub fn child(&self, key: &str) -> Loc {
        let mut pointer = String::with_capacity(self.pointer.len() + key.len() + 1);
        pointer.push_str(&self.pointer);
        pointer.push('/');
        push_escaped(&mut pointer, key);
        Loc { file: self.file, pointer }
    }

    pub fn index(&self, i: usize) -> Loc {
        Loc {
            file: self.file,
            pointer: format!("{}/{i}", self.pointer),
        }
    }
}

#[derive(Clone)]
pub struct SourceFile {
    /// As shown in diagnostics: the path as given, or relative to its root.
    pub display: String,
    pub path: PathBuf,
    pub root: PathBuf,
    /// Shared, so lowering can walk a document while it resolves refs
    /// (which needs `&mut Sources`) without copying it.
    pub value: std::sync::Arc<Value>,
    /// File stem, used as a namespace when its schemas conflict with others.
    pub stem: String,
}

#[derive(Default, Clone)]
pub struct Sources {
    pub files: Vec<SourceFile>,
    by_path: BTreeMap<PathBuf, usize>,
    /// Files that failed to load, so a bad file is reported once.
    failed: BTreeMap<PathBuf, ()>,
}

impl Sources {
    /// Files loaded and files that failed: a lowering that changes either
    /// read a file the other lowering did not see.
    pub fn size(&self) -> (usize, usize) {
        (self.files.len(), self.failed.len())
    }

    pub fn get(&self, loc: &Loc) -> Option<&Value> {
        let f = self.files.get(loc.file)?;
        if loc.pointer.is_empty() {
            Some(&f.value)
        } else {
            f.value.pointer(&loc.pointer)
        }
    }

    /// A handle on the document holding `loc`, to read a value while
    /// `self` is borrowed mutably (resolving refs loads files): read it with
    /// [`at`].
    pub fn doc(&self, loc: &Loc) -> Option<std::sync::Arc<Value>> {
        self.files.get(loc.file).map(|f| std::sync::Arc::clone(&f.value))
    }

    pub fn display(&self, file: usize) -> &str {
        self.files.get(file).map(|f| f.display.as_str()).unwrap_or("<unknown>")
    }

    /// Loads an input file given by the user; its directory becomes the root
    /// for the `$ref`s inside it.
    pub fn load_input(&mut self, path: &Path, diags: &mut Vec<Diagnostic>) -> Option<usize> {
        let display = path.display().to_string();
        let canon = match std::fs::canonicalize(path) {
            Ok(p) => p,
            Err(e) => {
                diags.push(Diagnostic::at(display, 0, 0, format!("cannot read spec file: {e}")));
                return None;
            }
        };
        let root = canon.parent().map(Path::to_path_buf).unwrap_or_default();
        self.load(canon, root, display, diags)
    }

    fn load(
        &mut self,
        canon: PathBuf,
        root: PathBuf,
        display: String,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        if let Some(&i) = self.by_path.get(&canon) {
            return Some(i);
        }
        if self.failed.contains_key(&canon) {
            return None;
        }
        let text = match timing::time(Stage::Read, || {
            crate::limits::read_text(&canon, &display, crate::limits::MAX_SPEC_BYTES, "OpenAPI spec")
        }) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                self.failed.insert(canon, ());
                return None;
            }
        };
        let parsed = timing::time(Stage::Parse, || parse_document(&display, &canon, &text));
        let value = match parsed {
            Ok(v) => v,
            Err(d) => {
                diags.push(d);
                self.failed.insert(canon, ());
                return None;
            }
        };
        let stem = canon
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let i = self.files.len();
        self.files.push(SourceFile {
            display,
            path: canon.clone(),
            root,
            value: std::sync::Arc::new(value),
            stem,
        });
        self.by_path.insert(canon, i);
        Some(i)
    }

    /// Resolves `reference` written at `from`. Errors are messages for a
    /// diagnostic at `from`.
    pub fn resolve(
        &mut self,
        from: &Loc,
        reference: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Result<Loc, String> {
        let (file_part, fragment) = match reference.split_once('#') {
            Some((f, p)) => (f, p),
            None => (reference, ""),
        };
        let file = if file_part.is_empty() {
            from.file
        } else {
            if file_part.contains("://") {
                return Err(format!(
                    "`$ref: {reference}`: remote references are not supported; expected a local \
                     `#/...` pointer or a relative file path"
                ));
            }
            let Some(src) = self.files.get(from.file) else {
                return Err("internal: unknown source file".into());
            };
            let base = src.path.parent().map(Path::to_path_buf).unwrap_or_default();
            let root = src.root.clone();
            let target = normalize(&base.join(percent_decode(file_part)));
            let canon = std::fs::canonicalize(&target).unwrap_or(target.clone());
            // Messages name paths relative to the spec's folder: never an
            // absolute path of the machine that ran the generator.
            if !canon.starts_with(&root) {
                return Err(format!(
                    "`$ref: {reference}` points outside the folder of the spec file given on the \
                     command line; expected a file inside it"
                ));
            }
            if !canon.exists() {
                return Err(format!("`$ref: {reference}`: file `{file_part}` does not exist"));
            }
            let display = match canon.strip_prefix(&root) {
                Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
                Err(_) => canon.display().to_string(),
            };
            match self.load(canon, root, display, diags) {
                Some(i) => i,
                None => return Err(format!("`$ref: {reference}`: the file could not be loaded")),
            }
        };
        let pointer = percent_decode(fragment);
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(format!(
                "`$ref: {reference}`: expected a JSON pointer after `#` (starting with `/`)"
            ));
        }
        let loc = Loc { file, pointer };
        if self.get(&loc).is_none() {
            return Err(format!("`$ref: {reference}` does not resolve: nothing at that pointer"));
        }
        Ok(loc)
    }
}

/// The value at `loc` in its document (from [`Sources::doc`]).
pub fn at<'d>(doc: &'d Value, loc: &Loc) -> Option<&'d Value> {
    if loc.pointer.is_empty() {
        Some(doc)
    } else {
        doc.pointer(&loc.pointer)
    }
}

/// Removes `.` and `..` components without touching the file system, so a
/// path to a missing file can still be checked against the root.
pub(crate) fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Escapes one JSON pointer token (`~` -> `~0`, `/` -> `~1`).
pub fn escape_token(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// Appends `s` escaped as a JSON-pointer token (`~` -> `~0`, `/` -> `~1`).
fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Parses YAML or JSON into a JSON value, within the limits of
/// `crate::limits` (nesting depth, values after YAML alias expansion) and
/// refusing duplicate keys. JSON files go through serde_json, everything else
/// through serde_yaml; both report line and column.
pub fn parse_document(display: &str, path: &Path, text: &str) -> Result<Value, Diagnostic> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if is_json {
        crate::limits::parse_json(text)
    } else {
        crate::limits::parse_yaml(text)
    };
    parsed.map_err(|e| e.into_diagnostic(display))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_integer_keys_become_strings() {
        let v = parse_document("a.yaml", Path::new("a.yaml"), "responses:\n  200: {x: 1}\n").unwrap();
        assert_eq!(v.pointer("/responses/200/x"), Some(&Value::from(1)));
    }

    #[test]
    fn yaml_error_has_position() {
        let e = parse_document("a.yaml", Path::new("a.yaml"), "a: [1,\nb: }\n").unwrap_err();
        assert!(e.line > 0, "{e}");
    }

    #[test]
    fn decodes_percent() {
        assert_eq!(percent_decode("/a%20b/%7Bid%7D"), "/a b/{id}");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
    }
}
