//! Markdown front end: a folder of Speakeasy model docs -> IR.
//! CONTRACT (owned by the markdown work): `load(root, config)` reads every
//! `<namespace>/<model>.md` under `root` and returns the IR, or every error
//! found (file:line:column + what was expected).

use std::path::Path;

use crate::{Config, Diagnostics, Ir};

pub fn load(root: &Path, config: &Config) -> Result<Ir, Diagnostics> {
    let _ = (root, config);
    todo!("markdown front end")
}
