//! IR -> Rust source files.
//!
//! `generate(ir, config)` returns the module tree as relative path -> file
//! text: the root `mod.rs` (one `pub mod <ns>;` per namespace, lint settings,
//! support code), one `<ns>/mod.rs` per namespace (`mod <file>;` plus explicit
//! `pub use`), and one `<ns>/<model>.rs` per model, so a change to one doc
//! changes one model file. Every file starts with the `@generated` line.
//! Items become a `syn::File` printed by prettyplease: what grows with the
//! input (types, fields, attributes, enum arms and tables) is built as
//! syntax trees directly (`ast.rs`), fixed items are written with `quote!`
//! and parsed. Paths in the output are fully qualified (`::serde::...`,
//! `::std::option::Option`) or relative (`super::X` within a namespace,
//! `super::super::<ns>::X` across), so the tree can sit at a crate root or at
//! any module (`#[path = ".../mod.rs"] mod models;`). The output crate needs
//! `serde` (with `derive`) and `serde_json`, plus `chrono` or `time` when
//! date types are used with that setting.
//!
//! # Mapping
//!
//! Names
//! - Type names: `PascalCase` of the model name (or the `rename` override);
//!   fields: `snake_case` of the source name; modules/files: `snake_case` of
//!   the type name. Non-ASCII letters become `uXXXX` words, a leading digit
//!   gets a prefix (`_1x` fields, `T1x` types, `V1` variants), keywords are
//!   raw (`r#type`) except `self`/`Self`/`super`/`crate` (`self_`), and
//!   module names that are keywords get `_` (`type_.rs`). Collisions in one
//!   scope get the lowest free suffix in source order: `foo_bar`,
//!   `foo_bar_2`; `Foo`, `Foo2`.
//! - `#[serde(rename = "...")]` only where the JSON name differs from the
//!   field name. Two fields with one JSON name are an error.
//!
//! Structs (`Debug, Clone, PartialEq, Serialize`, and `Deserialize` from the
//! support module's `deserialize_struct!`, one line per field after the
//! struct: a third of the `cargo check` time of serde's derive, with the same
//! behaviour on JSON objects; see `de.rs`. `derive-deserialize = true` derives
//! it instead, which structs that flatten a map always do)
//! - required: `T`.
//! - required + nullable: `Option<T>`, always written (`null` for `None`); a
//!   missing key reads as `None` (serde's rule for `Option`, lenient on input).
//! - optional: `Option<T>`, `#[serde(skip_serializing_if = ...)]`; a missing
//!   key reads as `None`.
//! - optional + nullable: `Option<Option<T>>`: `None` = key absent,
//!   `Some(None)` = `null`, `Some(Some(v))` = value (with the derive, support
//!   fn `double_option` tells absent from null on input).
//! - `additional: Some(T)`: `#[serde(flatten)] additional_properties:
//!   BTreeMap<String, T>` (or `HashMap` by config), so an empty-fields object
//!   keeps every key; `deny_unknown` -> `#[serde(deny_unknown_fields)]`
//!   (ignored when a map is flattened: serde cannot do both).
//! - Fields with no JSON form (HTTP response, byte stream, binary, also
//!   behind aliases) are `Option<T>` with `#[serde(skip)]`.
//!
//! Enums: unit variants plus, for open enums, `Unrecognized(String)` (or
//! `Unrecognized(i64)`) that keeps an unknown value and writes it back
//! unchanged. Variant names: the value's `name`, else the value, PascalCase
//! (integers without a name: `V1`, `Minus1`). Serialize/Deserialize are
//! hand-written (`as_str()`/`value()` and a sorted-table lookup back, see
//! `enums.rs`): integer enums are JSON numbers, and an enum with thousands of
//! values stays cheap to compile. `#[non_exhaustive]` on open enums (default) and on
//! closed enums, by config. Duplicate values are an error.
//!
//! Unions without a discriminator: `#[serde(untagged)]`; serde takes the first
//! variant that reads the value, so variants are ordered (stable, ties keep
//! source order): literals; closed enums; integer (and open integer enums);
//! number; boolean; date-time/date (when parsed); string-like (string, uuid,
//! bytes, open string enums, string dates); nested unions; arrays of
//! specific items, then `any[]` (all arrays before structs: a derived struct
//! also reads a JSON array as a sequence of its fields, a `Vec` never reads an
//! object); structs with required fields (more required first, then more
//! fields); structs with only optional fields that deny unknown keys; maps of
//! specific values (they accept only objects whose every value fits);
//! structs with only optional fields (more fields first: they accept any
//! object, dropping unknown keys); catch-alls last: empty structs and maps
//! of any, then `any`. Opaque members are `#[serde(skip)]`. Variant names
//! come from the member type (`Employee4`, `String`, `ArrayOfAny`,
//! `MapOfString`), deduplicated in source order.
//!
//! Unions with a discriminator: when every member is a struct that does not
//! declare the tag property, `#[serde(tag = "<property>")]` with
//! `#[serde(rename = "<tag>", alias = "<other tags>")]` per variant;
//! otherwise a hand-written impl reads the object, picks the member by the
//! tag (members that declare the property read it themselves; for the others
//! it is removed and written back). A member without tags uses its label as
//! the tag. An unknown or missing tag is a deserialization error (no silent
//! fallback to another member).
//!
//! Aliases: `pub type Name = T;`; an alias on a reference cycle (`type A =
//! Vec<A>` is not valid Rust) becomes `#[serde(transparent)] struct A(pub T)`.
//!
//! Types: string -> `String`; number -> `f64` (`f32` for format `float`);
//! integer -> `i64` (`i32` for `int32`); boolean -> `bool`; date-time/date ->
//! `chrono::DateTime<Utc>`/`chrono::NaiveDate` (default), root `DateTime` /
//! `Date` newtypes over `time::OffsetDateTime`/`time::Date` (RFC 3339 /
//! `YYYY-MM-DD` text; `time` needs features `formatting`, `parsing`), or
//! `String`; uuid -> `String`; bytes (base64) -> `String` (the base64 text,
//! unchanged); binary -> `Vec<u8>` (no JSON form: skipped); any ->
//! `serde_json::Value`; arrays -> `Vec`; maps -> `BTreeMap<String, T>`;
//! refs -> the type, `Box`ed when the reference closes a cycle of by-value
//! containment (strongly connected components over references not inside
//! `Vec`/map); literal -> a helper type in the model's file that accepts only
//! that value (`<Model><Field>`: a one-variant enum for strings, a unit
//! struct comparing JSON otherwise); HTTP response / byte stream -> root
//! `HttpResponse` / `ByteStream` (no JSON form).
//!
//! Docs: descriptions, examples and defaults become `#[doc]` strings (never
//! code), with control and bidi characters removed and code fences made
//! non-Rust; `#[deprecated(note = ...)]` where deprecated. The root file
//! allows `deprecated` inside the tree (users still see the warnings).
//!
//! `namespace_features`: each `pub mod <ns>;` is behind `#[cfg(feature =
//! "<ns>")]`; the crate must declare those features, and a model that refers
//! to another namespace needs that namespace's feature too.

mod ast;
mod de;
mod docs;
mod enums;
mod external;
mod graph;
mod ident;
mod items;
mod plan;
mod root;
mod types;
mod unions;

pub use external::ExternalTypes;
pub use unions::variant_base_name;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::TokenStream;

use crate::diag::Diagnostic;
use crate::ir::{Model, ModelKind, ModelRef, Origin};
use crate::timing::{self, Stage};
use crate::{Config, Diagnostics, Ir};

use plan::{ModelPlan, Plan};

pub type Files = BTreeMap<String, String>;

const DEFAULT_COMMAND: &str = "modelgen generate";

pub(crate) fn diag(origin: &Origin, message: String) -> Diagnostic {
    Diagnostic {
        file: origin.file.clone(),
        line: origin.line,
        column: origin.column,
        pointer: origin.pointer.clone(),
        message,
        help: None,
    }
}

/// The first line of every generated file.
pub fn header_line(config: &Config) -> String {
    let cmd = config
        .regenerate_command
        .as_deref()
        .map(docs::one_line)
        .filter(|c| !c.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_COMMAND.to_string());
    format!("// @generated by modelgen. Do not edit. Regenerate with: {}", cmd.trim())
}

/// Items written with `quote!`, parsed into syntax trees for printing.
fn parsed(tokens: TokenStream, origin: &Origin, what: &str, diags: &mut Vec<Diagnostic>) -> Vec<syn::Item> {
    parsed_file(tokens, origin, what, diags).items
}

/// A whole file written with `quote!` (inner attributes included).
fn parsed_file(tokens: TokenStream, origin: &Origin, what: &str, diags: &mut Vec<Diagnostic>) -> syn::File {
    let _timing = timing::span(Stage::Format);
    syn::parse2::<syn::File>(tokens).unwrap_or_else(|e| {
        diags.push(diag(
            origin,
            format!("internal error: the code generated for {what} does not parse ({e}); please report this"),
        ));
        bare_file(Vec::new())
    })
}

/// Prints one file: the header line, then the items as prettyplease lays
/// them out.
fn print(header: &str, items: Vec<syn::Item>) -> String {
    print_file(header, &bare_file(items))
}

fn print_file(header: &str, file: &syn::File) -> String {
    format!("{header}\n{}", unparse(file))
}

/// prettyplease's layout of `file`, counted as formatting.
fn unparse(file: &syn::File) -> String {
    let _timing = timing::span(Stage::Format);
    prettyplease::unparse(file)
}

fn bare_file(items: Vec<syn::Item>) -> syn::File {
    syn::File { shebang: None, attrs: Vec::new(), items }
}

/// One model to emit, in output order.
struct Job<'a> {
    ns: &'a str,
    r: ModelRef,
    model: &'a Model,
    mp: &'a ModelPlan,
}

/// One emitted model file.
struct Rendered {
    path: String,
    text: String,
    file: String,
    exports: Vec<String>,
}

fn emit_model(ctx: &types::Ctx, header: &str, job: &Job, ns_mod: &str, diags: &mut Vec<Diagnostic>) -> Rendered {
    let (r, model, mp) = (&job.r, job.model, job.mp);
    let what = || format!("model `{r}`");
    let mut written_de = None;
    let items = match &model.kind {
        ModelKind::Struct(s) => {
            let (item, de) = items::emit_struct(ctx, r, model, s, &mp.literals, diags);
            written_de = de;
            vec![item]
        }
        ModelKind::Alias(a) => parsed(items::emit_alias(ctx, r, model, a, &mp.literals), &model.origin, &what(), diags),
        ModelKind::Enum(e) => enums::emit_enum(ctx, r, model, e, diags),
        ModelKind::Union(u) => {
            parsed(unions::emit_union(ctx, r, model, u, &mp.literals, diags), &model.origin, &what(), diags)
        }
    };
    let mut exports = vec![mp.type_name.clone()];
    let mut literals = TokenStream::new();
    for (slot, lname) in &mp.literals {
        if let Some(v) = items::literal_at(model, *slot) {
            literals.extend(items::emit_literal(lname, v));
            exports.push(lname.clone());
        }
    }
    // The model, its `deserialize_struct!` (printed by `de`), then any
    // literal types.
    let mut text = print(header, items);
    if let Some(de) = written_de {
        text.push_str(&de);
    }
    if !literals.is_empty() {
        text.push_str(&unparse(&bare_file(parsed(literals, &model.origin, &what(), diags))));
    }
    Rendered { path: format!("{ns_mod}/{}.rs", mp.file), text, file: mp.file.clone(), exports }
}

/// Rough cost of emitting a model: its size in fields, values or variants.
fn cost(model: &Model) -> usize {
    4 + match &model.kind {
        ModelKind::Struct(s) => s.fields.len(),
        ModelKind::Enum(e) => e.values.len(),
        ModelKind::Union(u) => u.variants.len(),
        ModelKind::Alias(_) => 0,
    }
}

/// Emits every job, spread over the cores when there are enough: models are
/// independent, and emitting plus formatting them is most of a run. Each
/// worker has its own `Ctx` (its `Uses` are merged into `uses`) and takes
/// the next job from a shared counter, biggest models first, so one huge
/// enum does not end up last on one core while the others idle. Results
/// come back in job order.
fn emit_all(
    ir: &Ir,
    config: &Config,
    plan: &Plan,
    header: &str,
    jobs: &[Job],
    uses: &types::Uses,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Rendered> {
    let ns_mod = |job: &Job| plan.ns_modules.get(job.ns).cloned().unwrap_or_default();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_THREADS)
        .min(jobs.len().div_ceil(MIN_JOBS_PER_THREAD))
        .max(1);
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(jobs[i].model)));
    let run = |next: &AtomicUsize| {
        let ctx = types::Ctx { ir, config, plan, uses: types::Uses::default(), root: None };
        let mut done = Vec::new();
        let mut diags = Vec::new();
        while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let Some(job) = jobs.get(i) else { break };
            let _timing = timing::span(Stage::Codegen);
            done.push((i, emit_model(&ctx, header, job, &ns_mod(job), &mut diags)));
        }
        (done, diags, ctx.uses)
    };
    let next = AtomicUsize::new(0);
    let parts = if threads == 1 {
        vec![run(&next)]
    } else {
        let _waiting = timing::waiting();
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads).map(|_| s.spawn(|| run(&next))).collect();
            handles.into_iter().filter_map(|h| h.join().ok()).collect::<Vec<_>>()
        })
    };
    let mut slots: Vec<Option<Rendered>> = (0..jobs.len()).map(|_| None).collect();
    for (done, more, part_uses) in parts {
        for (i, r) in done {
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(r);
            }
        }
        diags.extend(more);
        uses.merge(&part_uses);
    }
    let mut out = Vec::with_capacity(jobs.len());
    for (slot, job) in slots.into_iter().zip(jobs) {
        match slot {
            Some(r) => out.push(r),
            // Only if a worker panicked: say so rather than drop the model.
            None => diags.push(diag(
                &job.model.origin,
                format!("internal error: no code was generated for model `{}`; please report this", job.r),
            )),
        }
    }
    out
}

/// At most this many threads (the work is CPU-bound).
const MAX_THREADS: usize = 8;
/// Below this many models per thread, threads cost more than they save.
const MIN_JOBS_PER_THREAD: usize = 32;

/// The Rust path of each model's type relative to the output root (e.g.
/// `shared::ConnectSession`), exactly as `generate` names it. For tools and
/// tests that refer to generated types from outside.
pub fn type_paths(ir: &Ir, config: &Config) -> BTreeMap<ModelRef, String> {
    let plan = plan::build(ir, config, &mut Vec::new());
    plan.models
        .iter()
        .filter_map(|(r, mp)| {
            let ns = plan.ns_modules.get(&r.namespace)?;
            Some((r.clone(), format!("{ns}::{}", mp.type_name)))
        })
        .collect()
}

pub fn generate(ir: &Ir, config: &Config) -> Result<Files, Diagnostics> {
    let mut diags = Vec::new();
    let plan = plan::build(ir, config, &mut diags);
    let uses = types::Uses::default();
    let header = header_line(config);
    let mut files = Files::new();
    let mut ns_mods = Vec::new();

    let mut jobs = Vec::new();
    for (ns, namespace) in &ir.namespaces {
        if !plan.ns_modules.contains_key(ns) {
            continue;
        }
        for (name, model) in &namespace.models {
            let r = ModelRef { namespace: ns.clone(), name: name.clone() };
            let Some(mp) = plan.models.get(&r) else { continue };
            jobs.push(Job { ns, r, model, mp });
        }
    }
    let mut rendered = emit_all(ir, config, &plan, &header, &jobs, &uses, &mut diags).into_iter().peekable();

    for ns in ir.namespaces.keys() {
        let Some(ns_mod) = plan.ns_modules.get(ns) else { continue };
        let mut entries: Vec<(String, Vec<String>)> = Vec::new();
        while let Some(r) = rendered.next_if(|r| r.path.starts_with(&format!("{ns_mod}/"))) {
            files.insert(r.path, r.text);
            entries.push((r.file, r.exports));
        }
        files.insert(format!("{ns_mod}/mod.rs"), print(&header, root::namespace_mod(&entries)));
        ns_mods.push(ns_mod.clone());
    }

    let tokens = root::root_mod(&ns_mods, config.namespace_features, &uses);
    let mut text = print_file(&header, &parsed_file(tokens, &Origin::default(), "the root module", &mut diags));
    if uses.struct_de.get() && !de::splice_macro(&mut text) {
        diags.push(diag(
            &Origin::default(),
            "internal error: the support module was not found in the printed root module; please report this".to_string(),
        ));
    }
    files.insert("mod.rs".to_string(), text);

    if diags.is_empty() {
        Ok(files)
    } else {
        Err(Diagnostics::new(diags))
    }
}
