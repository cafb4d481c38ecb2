//! Diagnostics: every front end collects all errors it finds (not just the
//! first), each naming the file, line and column (or JSON pointer) and what
//! was expected there.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// Path as the user gave it (or relative to the input root).
    pub file: String,
    /// 1-based; 0 when only a pointer is known.
    pub line: u32,
    pub column: u32,
    /// JSON pointer for OpenAPI inputs (`#/components/schemas/Foo/properties/bar`).
    pub pointer: Option<String>,
    /// What is wrong and what was expected, in words a person can act on.
    pub message: String,
    /// A known fix, when there is one: the spelling that was meant, the
    /// config key to set (shown as rustc's `help:` line).
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn at(file: impl Into<String>, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            pointer: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn at_pointer(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line: 0,
            column: 0,
            pointer: Some(pointer.into()),
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column)?;
        }
        if let Some(p) = &self.pointer {
            write!(f, " at {p}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(h) = &self.help {
            write!(f, "\n  = help: {h}")?;
        }
        Ok(())
    }
}

/// A non-empty set of diagnostics, sorted for stable output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn new(mut list: Vec<Diagnostic>) -> Self {
        list.sort();
        list.dedup();
        Diagnostics(list)
    }

    pub fn one(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(f, "{} error(s)", self.0.len())
    }
}

impl std::error::Error for Diagnostics {}

/// Top-level error of a generator run.
#[derive(Debug)]
pub enum Error {
    /// The input is bad (exit code 2).
    Input(Diagnostics),
    /// An I/O failure writing output or reading something that is not input.
    Io { path: String, source: std::io::Error },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(d) => write!(f, "{d}"),
            Error::Io { path, source } => write!(f, "error: {path}: {source}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Input(d)
    }
}

/// The candidate nearest to `word` (edit distance, ignoring case) when it is
/// near enough to be what was meant: for `help: did you mean ...?` lines.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    // One edit in four characters, at least one.
    let max = (w.chars().count() / 4).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&w, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= max && *c != word)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance with adjacent transpositions counted as one edit
/// (`strnig` -> `string`).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Long words are never typos of each other worth the quadratic cost.
    if a.len().abs_diff(b.len()) > 3 || a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let mut prev2: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                cur[j] = cur[j].min(prev2[j - 2] + 1);
            }
        }
        prev2 = std::mem::replace(&mut prev, cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_only() {
        let types = ["string", "number", "boolean", "any"];
        assert_eq!(closest("strnig", types), Some("string"));
        assert_eq!(closest("numbr", types), Some("number"));
        assert_eq!(closest("Boolean", types), Some("boolean"));
        assert_eq!(closest("int64", types), None);
        assert_eq!(closest("string", types), None);
        assert_eq!(closest("Nothere", ["Nope", "Pet"]), None);
        assert_eq!(closest("colour.md", ["color.md", "pet.md"]), Some("color.md"));
    }
}
