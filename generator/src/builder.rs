//! The library front door, in prost-build style: one settings type with
//! `&mut self -> &mut Self` methods, and one-call wrappers for `build.rs`.
//!
//! ```no_run
//! // build.rs of a crate that wants models in OUT_DIR, in its `fn main`:
//! modelgen::Builder::new()
//!     .docs("api-docs/models")
//!     .wire_names(modelgen::WireNameRule::SnakeCase)
//!     .compile()
//!     .unwrap_or_else(|e| panic!("{e}"));
//! // lib.rs:
//! // include!(concat!(env!("OUT_DIR"), "/models.rs"));   // defines `pub mod models`
//! ```

use std::path::{Path, PathBuf};

use crate::codegen::Files;
use crate::pipeline::{self, Inputs};
use crate::write::Changes;
use crate::{Config, DateTimeType, Diagnostic, Diagnostics, Error, MapType, WireNameRule};

/// Where the output goes.
#[derive(Debug, Clone)]
enum Target {
    /// A module tree rooted at `DIR/mod.rs` (checked-in output).
    Tree(PathBuf),
    /// One file `DIR/<module>.rs` defining `pub mod <module> { ... }`, for
    /// `include!` from `OUT_DIR` (modules declared with `mod x;` cannot be
    /// resolved from an included file, so the tree is inlined).
    SingleFile { dir: PathBuf, module: String },
}

#[derive(Debug, Clone)]
pub struct Builder {
    inputs: Inputs,
    config: Config,
    config_file: Option<PathBuf>,
    target: Option<Target>,
    rerun_if_changed: Option<bool>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    pub fn new() -> Self {
        Builder {
            inputs: Inputs::default(),
            config: Config::default(),
            config_file: None,
            target: None,
            rerun_if_changed: None,
        }
    }

    /// Reads settings (and inputs, unless set here) from a `modelgen.toml`.
    /// Settings made on the builder before this call are replaced.
    pub fn config_file(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.config_file = Some(path.as_ref().to_path_buf());
        self
    }

    /// Replaces all settings.
    pub fn config(&mut self, config: Config) -> &mut Self {
        self.config = config;
        self
    }

    /// A docs root (one subfolder per namespace).
    pub fn docs(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.inputs.docs = Some(dir.as_ref().to_path_buf());
        self
    }

    /// An OpenAPI 3.0/3.1 spec; call again for more.
    pub fn openapi(&mut self, file: impl AsRef<Path>) -> &mut Self {
        self.inputs.openapi.push(file.as_ref().to_path_buf());
        self
    }

    pub fn wire_names(&mut self, rule: WireNameRule) -> &mut Self {
        self.config.wire_names = rule;
        self
    }

    pub fn datetime(&mut self, ty: DateTimeType) -> &mut Self {
        self.config.datetime = ty;
        self
    }

    pub fn map_type(&mut self, ty: MapType) -> &mut Self {
        self.config.map = ty;
        self
    }

    /// Overrides the JSON name of one field: `model` is `namespace.Model` or `Model`.
    pub fn field_wire_name(&mut self, model: &str, field: &str, json: &str) -> &mut Self {
        self.config
            .models
            .entry(model.to_string())
            .or_default()
            .fields
            .insert(field.to_string(), json.to_string());
        self
    }

    /// The command named in each file's `@generated` header.
    pub fn regenerate_command(&mut self, cmd: impl Into<String>) -> &mut Self {
        self.config.regenerate_command = Some(cmd.into());
        self
    }

    /// Writes a module tree rooted at `dir/mod.rs` (for checked-in output).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.target = Some(Target::Tree(dir.as_ref().to_path_buf()));
        self
    }

    /// Writes one file `dir/<module>.rs` defining `pub mod <module>`, ready
    /// for `include!`. Default target: `$OUT_DIR/models.rs`.
    pub fn single_file(&mut self, dir: impl AsRef<Path>, module: &str) -> &mut Self {
        self.target = Some(Target::SingleFile {
            dir: dir.as_ref().to_path_buf(),
            module: module.to_string(),
        });
        self
    }

    /// Print `cargo:rerun-if-changed` for every input (default: on when
    /// running inside a build script, i.e. when `OUT_DIR` is set).
    pub fn emit_rerun_if_changed(&mut self, on: bool) -> &mut Self {
        self.rerun_if_changed = Some(on);
        self
    }

    /// The effective settings and inputs: the config file (if any) first,
    /// then inputs set on the builder.
    fn resolve(&self) -> Result<(Inputs, Config), Error> {
        let mut config = match &self.config_file {
            Some(path) => Config::load(path)?,
            None => self.config.clone(),
        };
        if self.config_file.is_some() && config.regenerate_command.is_none() {
            config.regenerate_command = self.config.regenerate_command.clone();
        }
        let mut inputs = self.inputs.clone();
        if inputs.docs.is_none() {
            inputs.docs = config.docs.clone();
        }
        if inputs.openapi.is_empty() {
            inputs.openapi = config.openapi.clone();
        }
        Ok((inputs, config))
    }

    fn target(&self) -> Result<Target, Error> {
        if let Some(t) = &self.target {
            return Ok(t.clone());
        }
        match std::env::var_os("OUT_DIR") {
            Some(dir) => Ok(Target::SingleFile {
                dir: PathBuf::from(dir),
                module: "models".to_string(),
            }),
            None => Err(Error::Input(Diagnostics::one(Diagnostic::at(
                "<builder>",
                0,
                0,
                "no output folder: call out_dir(...) or single_file(...), or run inside a build script (OUT_DIR)",
            )))),
        }
    }

    /// The files this builder would write, relative to its target folder.
    pub fn render(&self) -> Result<Files, Error> {
        let (inputs, config) = self.resolve()?;
        let (_, files) = pipeline::build(&inputs, &config)?;
        match self.target()? {
            Target::Tree(_) => Ok(files),
            Target::SingleFile { module, .. } => {
                let text = inline_tree(&files, &module)?;
                Ok(Files::from([(format!("{module}.rs"), text)]))
            }
        }
    }

    /// Generates, writing only files whose content changed.
    pub fn compile(&self) -> Result<Changes, Error> {
        let (inputs, _) = self.resolve()?;
        let in_build_script = std::env::var_os("OUT_DIR").is_some();
        if self.rerun_if_changed.unwrap_or(in_build_script) {
            for p in inputs.watched_paths().iter().chain(&self.config_file) {
                println!("cargo:rerun-if-changed={}", p.display());
            }
        }
        let files = self.render()?;
        let dir = match self.target()? {
            Target::Tree(dir) | Target::SingleFile { dir, .. } => dir,
        };
        crate::write::write(&dir, &files)
    }

    /// What `compile` would change, without writing.
    pub fn check(&self) -> Result<(Files, Changes), Error> {
        let files = self.render()?;
        let dir = match self.target()? {
            Target::Tree(dir) | Target::SingleFile { dir, .. } => dir,
        };
        let changes = crate::write::compare(&dir, &files)?;
        Ok((files, changes))
    }
}

/// One call for a build script: models from a docs folder into
/// `$OUT_DIR/models.rs` (`include!` it to get `pub mod models`).
pub fn compile_docs(docs: impl AsRef<Path>, wire_names: WireNameRule) -> Result<(), Error> {
    Builder::new().docs(docs).wire_names(wire_names).compile().map(drop)
}

/// One call for a build script: models from OpenAPI specs into `$OUT_DIR/models.rs`.
pub fn compile_openapi(specs: &[impl AsRef<Path>]) -> Result<(), Error> {
    let mut b = Builder::new();
    for s in specs {
        b.openapi(s);
    }
    b.compile().map(drop)
}

/// Inlines a generated module tree (root `mod.rs`) into one file defining
/// `pub mod <module> { ... }`. Works on the syntax tree, not on text: each
/// `mod x;` is replaced by the parsed content of `x.rs` or `x/mod.rs`.
fn inline_tree(files: &Files, module: &str) -> Result<String, Error> {
    let root = parse_generated(files, "mod.rs")?;
    let mut items = root.items;
    inline_mods(files, "", &mut items)?;
    let ident = syn::Ident::new(module, proc_macro2::Span::call_site());
    let attrs = root.attrs;
    let tokens = quote::quote! {
        pub mod #ident {
            #(#attrs)*
            #(#items)*
        }
    };
    let file: syn::File = syn::parse2(tokens).map_err(internal)?;
    let header = files
        .get("mod.rs")
        .and_then(|t| t.lines().next())
        .unwrap_or("// @generated by modelgen");
    Ok(format!("{header}\n{}", prettyplease::unparse(&file)))
}

fn inline_mods(files: &Files, dir: &str, items: &mut [syn::Item]) -> Result<(), Error> {
    for item in items.iter_mut() {
        let syn::Item::Mod(m) = item else { continue };
        if m.content.is_some() {
            continue;
        }
        let name = m.ident.to_string();
        let name = name.trim_start_matches("r#");
        let (path, child_dir) = if files.contains_key(&format!("{dir}{name}/mod.rs")) {
            (format!("{dir}{name}/mod.rs"), format!("{dir}{name}/"))
        } else {
            (format!("{dir}{name}.rs"), format!("{dir}{name}/"))
        };
        let child = parse_generated(files, &path)?;
        let mut child_items = child.items;
        inline_mods(files, &child_dir, &mut child_items)?;
        // Inner attributes of the file become inner attributes of the module.
        m.attrs.extend(child.attrs);
        m.content = Some((Default::default(), child_items));
        m.semi = None;
    }
    Ok(())
}

fn parse_generated(files: &Files, path: &str) -> Result<syn::File, Error> {
    let text = files.get(path).ok_or_else(|| {
        internal(format!("generated tree has no {path} for a declared module"))
    })?;
    syn::parse_file(text).map_err(internal)
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Input(Diagnostics::one(Diagnostic::at(
        "<codegen>",
        0,
        0,
        format!("internal error while inlining the generated tree: {e}"),
    )))
}
