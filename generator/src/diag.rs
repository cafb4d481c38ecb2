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
}

impl Diagnostic {
    pub fn at(file: impl Into<String>, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            column,
            pointer: None,
            message: message.into(),
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
        }
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
        write!(f, ": {}", self.message)
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
