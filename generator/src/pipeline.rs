//! The one pipeline behind the CLI, build.rs and the library builder.

use std::path::PathBuf;

use crate::{codegen, markdown, openapi, Config, Error, Ir};

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    pub docs: Option<PathBuf>,
    pub openapi: Vec<PathBuf>,
}

/// Reads and lowers the inputs into one IR.
pub fn load(inputs: &Inputs, config: &Config) -> Result<Ir, Error> {
    match (&inputs.docs, inputs.openapi.is_empty()) {
        (Some(docs), true) => Ok(markdown::load(docs, config)?),
        (None, false) => Ok(openapi::load(&inputs.openapi, config)?),
        (Some(_), false) => todo!("join docs with spec"),
        (None, true) => Err(Error::Input(crate::Diagnostics::one(crate::Diagnostic::at(
            "<arguments>",
            0,
            0,
            "no input: give --docs DIR and/or --openapi FILE",
        )))),
    }
}

/// Renders the IR into the output file tree.
pub fn render(ir: &Ir, config: &Config) -> Result<codegen::Files, Error> {
    Ok(codegen::generate(ir, config)?)
}
