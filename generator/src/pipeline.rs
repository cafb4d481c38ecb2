//! The one pipeline behind the CLI, build.rs and the library builder:
//! `load (parse + lower) -> IR -> render (codegen) -> write`.
//!
//! A run is all or nothing: every input is read, lowered and rendered in
//! memory before the first byte is written.

use std::path::{Path, PathBuf};

use crate::codegen::{self, Files};
use crate::timing::{self, Stage};
use crate::write::{self, Changes};
use crate::join::{self, JoinReport};
use crate::{markdown, openapi, Config, Diagnostic, Diagnostics, Error, Ir};

/// What to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inputs {
    /// A docs root: one subfolder per namespace, one `.md` per model.
    pub docs: Option<PathBuf>,
    /// OpenAPI 3.0/3.1 specs, YAML or JSON.
    pub openapi: Vec<PathBuf>,
}

impl Inputs {
    /// Every file or folder whose change should trigger a regeneration.
    pub fn watched_paths(&self) -> Vec<PathBuf> {
        self.docs.iter().chain(&self.openapi).cloned().collect()
    }
}

/// Reads and lowers the inputs into one IR.
pub fn load(inputs: &Inputs, config: &Config) -> Result<Ir, Error> {
    load_with_report(inputs, config).map(|(ir, _)| ir)
}

/// Like `load`, plus the join report when docs and specs are given together
/// (what was matched, and what was not and why), for the CLI to show.
pub fn load_with_report(inputs: &Inputs, config: &Config) -> Result<(Ir, Option<JoinReport>), Error> {
    // Front ends mark their reading and parsing inside this span.
    let _timing = timing::span(Stage::Lower);
    match (&inputs.docs, inputs.openapi.is_empty()) {
        (Some(docs), true) => Ok((markdown::load(docs, config)?, None)),
        (None, false) => Ok((openapi::load(&inputs.openapi, config)?, None)),
        (Some(docs), false) => {
            // Both front ends run, so errors from both are reported together.
            let d = markdown::load(docs, config);
            let s = openapi::load(&inputs.openapi, config);
            match (d, s) {
                (Ok(d), Ok(s)) => {
                    let (ir, report) = join::join(d, s);
                    Ok((ir, Some(report)))
                }
                (Err(a), Err(b)) => Err(Error::Input(Diagnostics::new(a.0.into_iter().chain(b.0).collect()))),
                (Err(e), _) | (_, Err(e)) => Err(Error::Input(e)),
            }
        }
        (None, true) => Err(Error::Input(Diagnostics::one(Diagnostic::at(
            "<arguments>",
            0,
            0,
            "no input: give a docs folder (--docs DIR) and/or OpenAPI specs (--openapi FILE)",
        )))),
    }
}

/// Renders the IR into the output file tree.
pub fn render(ir: &Ir, config: &Config) -> Result<Files, Error> {
    // Codegen marks its formatting inside this span.
    let _timing = timing::span(Stage::Codegen);
    Ok(codegen::generate(ir, config)?)
}

/// Load + render: the complete output, in memory.
pub fn build(inputs: &Inputs, config: &Config) -> Result<(Ir, Files), Error> {
    build_with_report(inputs, config).map(|(ir, files, _)| (ir, files))
}

/// Like `build`, plus the join report when docs and specs are joined.
pub fn build_with_report(
    inputs: &Inputs,
    config: &Config,
) -> Result<(Ir, Files, Option<JoinReport>), Error> {
    let (ir, report) = load_with_report(inputs, config)?;
    let files = render(&ir, config)?;
    Ok((ir, files, report))
}

/// Generates into `out`, touching only files whose content changed.
pub fn generate(inputs: &Inputs, config: &Config, out: &Path) -> Result<Changes, Error> {
    let (_, files) = build(inputs, config)?;
    write::write(out, &files)
}

/// What `generate` would change under `out`, without writing.
pub fn check(inputs: &Inputs, config: &Config, out: &Path) -> Result<(Files, Changes), Error> {
    let (_, files) = build(inputs, config)?;
    let changes = write::compare(out, &files)?;
    Ok((files, changes))
}
