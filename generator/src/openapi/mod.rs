//! OpenAPI 3.0/3.1 front end -> IR.
//!
//! `load(files, config)` reads YAML or JSON specs (serde_yaml / serde_json),
//! resolves `$ref`s (local and relative files inside the spec's directory)
//! and lowers every schema into the shared IR. All problems are collected as
//! diagnostics naming the file and JSON pointer (plus line/column for parse
//! errors); nothing panics on input and recursion is depth-guarded.
//!
//! # Naming (follows what Speakeasy's docs show for the same specs)
//!
//! Namespaces:
//! - `shared`: every `components/schemas` entry, under its key (or its
//!   `x-speakeasy-name-override`), and the inline schemas inside them;
//! - `errors`: component schemas used as the body of a 4xx/5xx response
//!   (`BadRequestResponse`), plus inline schemas inside those;
//! - `operations`: per operation `<Op>Request` (parameters, with their
//!   location, and the request body) and `<Op>Response` (the success bodies),
//!   where `<Op>` is the PascalCase `operationId` (else method + path), plus
//!   inline schemas of parameters and bodies.
//!
//! Inline schemas that need a model (objects with properties, enums, unions,
//! `allOf` merges) take the first free name of:
//! - property `p` of model `M`: `P`, then `MP` (`ConnectSession.type` ->
//!   `ConnectSessionType` when `Type` is taken); array items and map values
//!   are named like their property;
//! - member `i` (1-based) of a `oneOf`/`anyOf` owned by model `M` in union
//!   `U`: `M<i>`, then `U<i>`;
//! - parameter `p` in `query` of operation `Op`: `P`, `QueryParamP`,
//!   `OpQueryParamP` (`Header`/`Path`/`Cookie` likewise);
//! - request body: `OpRequestBody`; success body: `OpResponseBody`; error
//!   body: `Op<status>ResponseBody`;
//!
//! then the last candidate with a numeric suffix (2, 3...). Names are
//! compared case-insensitively in PascalCase. Components are named before any
//! inline schema, in key order; inline names are assigned in component-key
//! order, then operation (path, method) order, so output is deterministic.
//!
//! # Several spec files
//!
//! Files are merged in the order given. A component schema that appears in
//! several files with identical content is one model. One whose content
//! differs from an earlier file's is kept in a namespace named after its
//! file stem (`hris.Job` beside `shared.Job`), and `$ref`s inside that file
//! point to it. Operations are merged the same way (identical ones once).
//!
//! # Nullability
//!
//! `nullable: true` (3.0; also honoured in 3.1 files, which real specs mix),
//! `type: [T, "null"]`, `null` in `enum` or a `{type: null}` member of
//! `oneOf`/`anyOf` set `Field::nullable`, which is independent of
//! `Field::required` (the key must be present).

mod names;
mod ops;
mod schema;
mod source;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::PathBuf;

use serde_json::Value;

use crate::ir::{Alias, Model, ModelKind, ModelRef, Origin, Type};
use crate::{Config, Diagnostic, Diagnostics, Ir};

use names::Names;
use source::{Loc, Sources};

pub use schema::MAX_DEPTH;

pub fn load(files: &[PathBuf], config: &Config) -> Result<Ir, Diagnostics> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    load_with(files, config, cores > 1)
}

/// [`load`]; `parallel` lowers operations on a second thread while the
/// components are lowered (see [`Lowerer::lower_in_parallel`]). The IR and
/// the diagnostics are the same either way; tests compare the two.
pub fn load_with(files: &[PathBuf], config: &Config, parallel: bool) -> Result<Ir, Diagnostics> {
    let mut l = Lowerer::new(config);
    l.lower_files(files, parallel);
    // Freeing the parsed documents (a big spec is millions of small
    // allocations) is left to another thread, off the critical path. (When
    // no thread can be started, `spawn` drops them right here.)
    let sources = std::mem::take(&mut l.src);
    let _ = std::thread::Builder::new().spawn(move || drop(sources));
    if l.diags.is_empty() {
        Ok(l.ir)
    } else {
        Err(Diagnostics::new(l.diags))
    }
}

/// A spec file as read, for tools that look at it beside the IR.
#[derive(Debug, Clone)]
pub struct SpecFile {
    /// As shown in diagnostics (the path as given, or relative to its root).
    pub display: String,
    /// Canonical path.
    pub path: PathBuf,
    /// The document (YAML read as JSON).
    pub value: std::sync::Arc<Value>,
}

/// The type modelgen generated for one schema location.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemaType {
    pub ty: Type,
    /// `null` is allowed too: the generated type is `Option<ty>`.
    pub nullable: bool,
}

/// [`load`], plus every file read (inputs and the files their `$ref`s led
/// to) and the type given to every schema location that lowering read,
/// keyed by (index into `files`, JSON pointer). Component schemas and
/// other named schemas map to their model. For `modelgen examples`, which
/// checks each example against the type generated for its schema.
pub struct Typed {
    pub ir: Ir,
    pub files: Vec<SpecFile>,
    /// The input files (indices into `files`), in the order given.
    pub inputs: Vec<usize>,
    pub types: BTreeMap<(usize, String), SchemaType>,
}

impl Typed {
    /// Where `reference` (a `$ref` written in file `from`) points: a file
    /// that was read and a JSON pointer in it. `None` for a remote ref or
    /// a file modelgen did not read.
    pub fn resolve(&self, from: usize, reference: &str) -> Option<(usize, String)> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let file = if file_part.is_empty() {
            from
        } else {
            let base = self.files.get(from)?.path.parent()?.to_path_buf();
            let target = source::normalize(&base.join(source::percent_decode(file_part)));
            let canon = std::fs::canonicalize(&target).unwrap_or(target);
            self.files.iter().position(|f| f.path == canon)?
        };
        Some((file, source::percent_decode(fragment)))
    }
}

pub fn load_typed(files: &[PathBuf], config: &Config) -> Result<Typed, Diagnostics> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut l = Lowerer::new(config);
    l.types = Some(BTreeMap::new());
    let inputs = l.lower_files(files, cores > 1);
    if !l.diags.is_empty() {
        return Err(Diagnostics::new(l.diags));
    }
    let mut types: BTreeMap<(usize, String), SchemaType> = BTreeMap::new();
    for (loc, me) in &l.named {
        let nullable = l.src.get(loc).is_some_and(schema::own_nullable);
        let ty = Type::Ref { target: me.clone() };
        types.insert((loc.file, loc.pointer.clone()), SchemaType { ty, nullable });
    }
    for (loc, ti) in l.types.take().unwrap_or_default() {
        let entry = SchemaType { ty: ti.ty, nullable: ti.nullable };
        types.entry((loc.file, loc.pointer)).or_insert(entry);
    }
    let files = l
        .src
        .files
        .iter()
        .map(|f| SpecFile { display: f.display.clone(), path: f.path.clone(), value: f.value.clone() })
        .collect();
    Ok(Typed { ir: l.ir, files, inputs, types })
}

impl Lowerer<'_> {
    /// Reads, checks and lowers the input files into `self.ir`; returns
    /// the inputs' indices among the loaded files.
    fn lower_files(&mut self, files: &[PathBuf], parallel: bool) -> Vec<usize> {
        let mut inputs = Vec::new();
        for f in files {
            if let Some(i) = self.src.load_input(f, &mut self.diags) {
                if !inputs.contains(&i) {
                    inputs.push(i);
                }
            }
        }
        for &i in &inputs {
            self.check_document(i);
        }
        self.register_components(&inputs);
        if !(parallel && self.lower_in_parallel(&inputs)) {
            self.lower_components();
            self.drain_pending();
            self.lower_all_operations(&inputs);
        }
        self.check_alias_cycles();
        inputs
    }
}

#[derive(Clone)]
pub(crate) struct Lowerer<'c> {
    src: Sources,
    diags: Vec<Diagnostic>,
    ir: Ir,
    names: Names,
    /// Named schemas (components, and `$ref` targets that need a model) by
    /// location.
    named: BTreeMap<Loc, ModelRef>,
    /// Component schemas to lower, in naming order.
    components: Vec<(Loc, ModelRef)>,
    /// Named schemas discovered while lowering, not lowered yet.
    pending: VecDeque<(Loc, ModelRef)>,
    /// Operations already lowered (by base name) with their source, so an
    /// identical operation from a second file is not emitted twice.
    operations: BTreeMap<String, Loc>,
    /// When asked for ([`load_typed`]): the type lowering gave each schema
    /// location it read (the first, when read in several places).
    types: Option<BTreeMap<Loc, schema::TypeInfo>>,
    #[allow(dead_code)]
    config: &'c Config,
}

impl<'c> Lowerer<'c> {
    fn new(config: &'c Config) -> Self {
        Lowerer {
            src: Sources::default(),
            diags: Vec::new(),
            ir: Ir::default(),
            names: Names::default(),
            named: BTreeMap::new(),
            components: Vec::new(),
            pending: VecDeque::new(),
            operations: BTreeMap::new(),
            types: None,
            config,
        }
    }

    fn error(&mut self, loc: &Loc, message: impl Into<String>) {
        let file = self.src.display(loc.file).to_string();
        self.diags.push(Diagnostic::at_pointer(file, format!("#{}", loc.pointer), message));
    }

    fn origin(&self, loc: &Loc) -> Origin {
        Origin {
            file: self.src.display(loc.file).to_string(),
            line: 0,
            column: 0,
            pointer: Some(format!("#{}", loc.pointer)),
        }
    }

    fn insert_model(&mut self, me: &ModelRef, model: Model) {
        self.ir
            .namespaces
            .entry(me.namespace.clone())
            .or_default()
            .models
            .insert(me.name.clone(), model);
    }

    /// The version and top-level shape of an input document.
    fn check_document(&mut self, file: usize) {
        let root = Loc { file, pointer: String::new() };
        let Some(doc) = self.src.get(&root) else { return };
        if !doc.is_object() {
            self.error(&root, "expected an OpenAPI document (a mapping at the top level)");
            return;
        }
        match doc.get("openapi").and_then(Value::as_str) {
            Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => {}
            Some(v) => {
                let msg = format!("unsupported OpenAPI version `{v}`; expected 3.0.x or 3.1.x");
                self.error(&root.child("openapi"), msg);
            }
            None => {
                let msg = if doc.get("swagger").is_some() {
                    "Swagger 2.0 is not supported; expected `openapi: 3.0.x` or `3.1.x`"
                } else {
                    "missing `openapi` version; expected `openapi: 3.0.x` or `3.1.x`"
                };
                self.error(&root.child("openapi"), msg);
            }
        }
    }

    /// Names every component schema of the input files (before any inline
    /// schema takes a name).
    fn register_components(&mut self, inputs: &[usize]) {
        // Component name -> (location, content, model) of its first definition.
        let mut first: BTreeMap<(String, String), (Loc, ModelRef)> = BTreeMap::new();
        for &file in inputs {
            let errors = self.error_components(file);
            let sloc = Loc { file, pointer: "/components/schemas".into() };
            let keys: Vec<String> = match self.src.get(&sloc) {
                None => continue,
                Some(Value::Object(m)) => {
                    let mut k: Vec<String> = m.keys().cloned().collect();
                    k.sort();
                    k
                }
                Some(_) => {
                    self.error(&sloc, "expected a mapping of schema names to schemas");
                    continue;
                }
            };
            for key in keys {
                let loc = sloc.child(&key);
                let Some(v) = self.src.get(&loc) else { continue };
                let name = schema::str_of(v, "x-speakeasy-name-override")
                    .filter(|s| !s.trim().is_empty())
                    .unwrap_or_else(|| key.clone());
                let ns = if errors.contains(&key) { "errors" } else { "shared" };
                let slot = (ns.to_string(), name.clone());
                if let Some((prev_loc, prev_ref)) = first.get(&slot) {
                    let same = self.src.get(prev_loc) == self.src.get(&loc);
                    if same {
                        self.named.insert(loc, prev_ref.clone());
                        continue;
                    }
                    // Same name, different content: namespaced by file stem.
                    let stem = crate::naming::snake_case(&self.src.files[file].stem);
                    let stem = if stem.is_empty() { format!("spec{file}") } else { stem };
                    let name = self.names.alloc(&stem, &[name]);
                    let me = ModelRef { namespace: stem, name };
                    self.named.insert(loc.clone(), me.clone());
                    self.components.push((loc, me));
                    continue;
                }
                let name = self.names.alloc(ns, &[name]);
                let me = ModelRef { namespace: ns.to_string(), name };
                first.insert(slot, (loc.clone(), me.clone()));
                self.named.insert(loc.clone(), me.clone());
                self.components.push((loc, me));
            }
        }
    }

    fn lower_all_operations(&mut self, inputs: &[usize]) {
        for &i in inputs {
            self.lower_operations(i);
            self.drain_pending();
        }
    }

    /// Lowers the components here and, on another thread, the operations
    /// from a copy of the state before either: on the merged corpus spec
    /// the two are 16 and 25 ms that would otherwise run one after the
    /// other on one core. The copy's work is kept only if it is exactly
    /// what lowering the operations after the components would have done:
    /// its name allocations, replayed after the components' own, give the
    /// same names; it named no schema location that the components named
    /// too (it would have reused that name); and neither side read a file
    /// the other did not. Otherwise (false) nothing is kept, and the caller
    /// lowers everything in order.
    fn lower_in_parallel(&mut self, inputs: &[usize]) -> bool {
        // `self` stays the state before both, for the checks and for the
        // caller's lowering in order if they fail.
        let mut ops = self.clone();
        ops.names.record();
        let mut comps = self.clone();
        let ops = std::thread::scope(|s| {
            let ops = s.spawn(move || {
                ops.lower_all_operations(inputs);
                ops
            });
            comps.lower_components();
            comps.drain_pending();
            ops.join().ok()
        });
        let Some(ops) = ops else { return false };
        let same_files = comps.src.size() == self.src.size() && ops.src.size() == self.src.size();
        let disjoint = ops.named.keys().all(|k| self.named.contains_key(k) || !comps.named.contains_key(k));
        // Replayed on the components' names, which are dropped if it fails.
        if !(same_files && disjoint && comps.names.replay(&ops.names)) {
            return false;
        }
        let fork_diags = self.diags.len();
        *self = comps;
        for (k, v) in ops.named {
            self.named.entry(k).or_insert(v);
        }
        for (ns, namespace) in ops.ir.namespaces {
            self.ir.namespaces.entry(ns).or_default().models.extend(namespace.models);
        }
        self.diags.extend(ops.diags.into_iter().skip(fork_diags));
        self.operations = ops.operations;
        if let (Some(types), Some(more)) = (&mut self.types, ops.types) {
            for (k, v) in more {
                types.entry(k).or_insert(v);
            }
        }
        true
    }

    fn lower_components(&mut self) {
        let comps = std::mem::take(&mut self.components);
        for (loc, me) in &comps {
            self.lower_named(loc, me);
        }
        self.components = comps;
    }

    fn drain_pending(&mut self) {
        while let Some((loc, me)) = self.pending.pop_front() {
            self.lower_named(&loc, &me);
        }
    }

    /// `A: {$ref: B}`, `B: {$ref: A}`: aliases that only name each other
    /// have no type at all.
    fn check_alias_cycles(&mut self) {
        let alias_target = |ir: &Ir, m: &ModelRef| -> Option<ModelRef> {
            match &ir.model(m)?.kind {
                ModelKind::Alias(Alias { ty: Type::Ref { target } }) => Some(target.clone()),
                _ => None,
            }
        };
        // Aliases point at one model each: walk every chain once (O(n), not
        // a walk per alias), marking what is on the current path; meeting a
        // model on the path closes a cycle. A spec can hold thousands of
        // chained aliases.
        const SHOWN: usize = 8;
        let mut state: BTreeMap<ModelRef, bool> = BTreeMap::new(); // true: on the current path
        let mut bad = Vec::new();
        let all: Vec<ModelRef> = self.ir.models().map(|(r, _)| r).collect();
        for start in all {
            let mut path: Vec<ModelRef> = Vec::new();
            let mut cur = Some(start);
            while let Some(c) = cur {
                match state.get(&c) {
                    Some(true) => {
                        let from = path.iter().position(|p| p == &c).unwrap_or(0);
                        let cycle = &path[from..];
                        for k in 0..cycle.len() {
                            let mut chain: Vec<String> =
                                cycle[k..].iter().chain(&cycle[..k]).take(SHOWN).map(ToString::to_string).collect();
                            if cycle.len() > SHOWN {
                                chain.push(format!("... ({} aliases in all)", cycle.len()));
                            }
                            if let Some(m) = self.ir.model(&cycle[k]) {
                                bad.push((m.origin.clone(), chain));
                            }
                        }
                        break;
                    }
                    Some(false) => break,
                    None => {}
                }
                state.insert(c.clone(), true);
                cur = alias_target(&self.ir, &c);
                path.push(c);
            }
            for p in path {
                state.insert(p, false);
            }
        }
        for (origin, chain) in bad {
            self.diags.push(Diagnostic::at_pointer(
                origin.file,
                origin.pointer.unwrap_or_default(),
                format!("`$ref` cycle with no schema in it ({}); expected a chain that ends in a schema", chain.join(" -> ")),
            ));
        }
    }

    /// Component schemas (by key) that are the body of an error (4xx/5xx)
    /// response of some operation in `file`.
    fn error_components(&self, file: usize) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let Some(Value::Object(paths)) = self.src.get(&Loc { file, pointer: "/paths".into() }) else {
            return out;
        };
        for item in paths.values() {
            let Some(item) = item.as_object() else { continue };
            for op in item.values() {
                let Some(Value::Object(responses)) = op.get("responses") else { continue };
                for (status, resp) in responses {
                    if !(status.starts_with('4') || status.starts_with('5')) {
                        continue;
                    }
                    let Some(Value::Object(content)) = resp.get("content") else { continue };
                    for media in content.values() {
                        let r = media.get("schema").and_then(|s| s.get("$ref")).and_then(Value::as_str);
                        if let Some(name) = r.and_then(|r| r.strip_prefix('#')).and_then(schema::component_name) {
                            out.insert(name);
                        }
                    }
                }
            }
        }
        out
    }
}
