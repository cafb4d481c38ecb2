//! Source docs -> IR: resolves links (by target file path) and unlinked
//! `ns.Model` references (by namespace + title), applies the wire-name rule,
//! and checks what codegen relies on (unique model, field, enum names).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::source::{Body, Doc, LineIndex, OpenKind};
use super::type_expr::TypeExpr;
use crate::ir::{
    Enum, EnumRepr, EnumValue, Field, Ir, Model, ModelKind, ModelRef, OpaqueKind, Origin, Struct,
    Type, Union, Variant,
};
use crate::{Config, Diagnostic};

/// The link prefix Speakeasy writes for "the docs root" (see `resolve_link`).
const SPEAKEASY_PREFIX: &str = "../../../sdk/models/";

/// Every doc's identity, for resolving references.
struct Index {
    /// Root-relative file path -> model.
    by_file: BTreeMap<String, ModelRef>,
    /// (namespace, title) -> file.
    by_title: BTreeMap<(String, String), String>,
}

/// `root` is the docs root as absolute, normalized path components; link
/// targets are resolved lexically against it.
pub fn lower(docs: &[Doc], root: &[String], config: &Config) -> Result<Ir, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut index = Index {
        by_file: BTreeMap::new(),
        by_title: BTreeMap::new(),
    };
    for doc in docs {
        let key = (doc.namespace.clone(), doc.title.clone());
        if let Some(first) = index.by_title.get(&key) {
            errors.push(Diagnostic::at(
                &doc.file,
                doc.title_pos.line,
                doc.title_pos.column,
                format!(
                    "duplicate model `{}.{}`: `{first}` already defines it",
                    doc.namespace, doc.title
                ),
            ));
            continue;
        }
        index.by_title.insert(key, doc.file.clone());
        index.by_file.insert(
            doc.file.clone(),
            ModelRef {
                namespace: doc.namespace.clone(),
                name: doc.title.clone(),
            },
        );
    }

    // Each doc lowers on its own against the shared index, on all cores;
    // models and errors are then collected in file order.
    let winners: Vec<&Doc> = docs
        .iter()
        // Skip the losing duplicate: it is already an error.
        .filter(|doc| index.by_title.get(&(doc.namespace.clone(), doc.title.clone())) == Some(&doc.file))
        .collect();
    let lowered = crate::par::map(&winners, 4, 128, crate::timing::Stage::Lower, |doc| {
        let mut errors = Vec::new();
        let mut lw = Lowerer { doc, index: &index, root, errors: &mut errors, lines: None };
        let kind = lw.kind(config);
        (kind, errors)
    });
    let mut ir = Ir::default();
    for (doc, result) in winners.into_iter().zip(lowered) {
        let Some((kind, doc_errors)) = result else {
            errors.push(Diagnostic::at(&doc.file, 0, 0, "internal error: doc was not lowered; please report this"));
            continue;
        };
        errors.extend(doc_errors);
        let model = Model {
            name: doc.title.clone(),
            origin: Origin {
                file: doc.file.clone(),
                line: doc.title_pos.line,
                column: doc.title_pos.column,
                pointer: None,
            },
            description: doc.description.clone(),
            deprecated: doc.deprecated.clone(),
            kind,
        };
        ir.namespaces
            .entry(doc.namespace.clone())
            .or_default()
            .models
            .insert(doc.title.clone(), model);
    }
    if errors.is_empty() {
        Ok(ir)
    } else {
        Err(errors)
    }
}

struct Lowerer<'a> {
    doc: &'a Doc,
    index: &'a Index,
    root: &'a [String],
    errors: &'a mut Vec<Diagnostic>,
    /// Built on the first error only.
    lines: Option<LineIndex<'a>>,
}

impl<'a> Lowerer<'a> {
    fn error_at_offset(&mut self, offset: usize, message: String) {
        let doc = self.doc;
        let p = self
            .lines
            .get_or_insert_with(|| LineIndex::new(&doc.text))
            .pos(offset);
        self.errors
            .push(Diagnostic::at(&doc.file, p.line, p.column, message));
    }

    /// Adds a `help:` to the error just reported.
    fn help(&mut self, help: Option<String>) {
        if let Some(d) = self.errors.last_mut() {
            d.help = help;
        }
    }

    fn error_at(&mut self, line: u32, column: u32, message: String) {
        self.errors
            .push(Diagnostic::at(&self.doc.file, line, column, message));
    }

    fn origin(&self, line: u32, column: u32) -> Origin {
        Origin {
            file: self.doc.file.clone(),
            line,
            column,
            pointer: None,
        }
    }

    fn kind(&mut self, config: &Config) -> ModelKind {
        let doc = self.doc;
        match &doc.body {
            Body::Fields(rows) => {
                let mut fields = Vec::with_capacity(rows.len());
                let mut names: BTreeMap<&str, u32> = BTreeMap::new();
                let mut wires: BTreeMap<String, &str> = BTreeMap::new();
                for row in rows {
                    if let Some(line) = names.insert(&row.name, row.pos.line) {
                        self.error_at(
                            row.pos.line,
                            row.pos.column,
                            format!("duplicate field `{}` (first at line {line})", row.name),
                        );
                        continue;
                    }
                    let wire_name = config.wire_name(&doc.namespace, &doc.title, &row.name);
                    if let Some(other) = wires.insert(wire_name.clone(), &row.name) {
                        self.error_at(
                            row.pos.line,
                            row.pos.column,
                            format!(
                                "fields `{other}` and `{}` both map to the JSON name `{wire_name}`; \
                                 set one explicitly in the config (`[models.\"{}.{}\".fields]`)",
                                row.name, doc.namespace, doc.title
                            ),
                        );
                    }
                    let Some(ty) = self.ty(&row.ty) else { continue };
                    fields.push(Field {
                        name: row.name.clone(),
                        wire_name,
                        ty,
                        required: row.required,
                        nullable: false,
                        description: row.description.clone(),
                        example: row.example.clone().map(Value::String),
                        default: None,
                        deprecated: row.deprecated.clone(),
                        read_only: false,
                        write_only: false,
                        location: None,
                        origin: self.origin(row.pos.line, row.pos.column),
                    });
                }
                // No fields listed: keep every key received rather than
                // dropping data on a round trip.
                let additional = rows.is_empty().then_some(Type::Any);
                ModelKind::Struct(Struct {
                    fields,
                    additional,
                    deny_unknown: false,
                })
            }
            Body::Values { open, rows } => {
                let repr = match open {
                    Some(OpenKind::Number) => EnumRepr::Integer,
                    _ => EnumRepr::String,
                };
                let mut values = Vec::with_capacity(rows.len());
                let mut names = BTreeSet::new();
                let mut seen = BTreeSet::new();
                for row in rows {
                    if !names.insert(row.name.as_str()) {
                        self.error_at(
                            row.pos.line,
                            row.pos.column,
                            format!("duplicate enum member `{}`", row.name),
                        );
                        continue;
                    }
                    if !seen.insert(row.value.as_str()) {
                        self.error_at(
                            row.pos.line,
                            row.pos.column,
                            format!("duplicate enum value `{}`", row.value),
                        );
                        continue;
                    }
                    let value = match repr {
                        EnumRepr::String => Value::String(row.value.clone()),
                        EnumRepr::Integer => match row.value.parse::<i64>() {
                            Ok(n) => Value::from(n),
                            Err(_) => {
                                self.error_at(
                                    row.pos.line,
                                    row.pos.column,
                                    format!(
                                        "expected an integer value (the enum captures `Unrecognized<number>`), found `{}`",
                                        row.value
                                    ),
                                );
                                continue;
                            }
                        },
                    };
                    values.push(EnumValue {
                        name: Some(row.name.clone()),
                        value,
                        description: None,
                    });
                }
                ModelKind::Enum(Enum {
                    repr,
                    values,
                    open: open.is_some(),
                })
            }
            Body::Union(members) => {
                let mut variants = Vec::with_capacity(members.len());
                let mut labels = BTreeSet::new();
                for m in members {
                    if !labels.insert(m.label.as_str()) {
                        self.error_at(
                            m.pos.line,
                            m.pos.column,
                            format!("duplicate supported type `{}`", m.label),
                        );
                        continue;
                    }
                    if let Some(ty) = self.ty(&m.ty) {
                        variants.push(Variant {
                            label: m.label.clone(),
                            ty,
                            tags: Vec::new(),
                        });
                    }
                }
                ModelKind::Union(Union {
                    variants,
                    discriminator: None,
                })
            }
        }
    }

    fn ty(&mut self, t: &TypeExpr) -> Option<Type> {
        Some(match t {
            TypeExpr::String => Type::String,
            TypeExpr::Number => Type::Number { format: None },
            TypeExpr::Boolean => Type::Boolean,
            TypeExpr::Any => Type::Any,
            TypeExpr::Binary => Type::Binary,
            TypeExpr::ByteStream => Type::Opaque {
                what: OpaqueKind::ByteStream,
            },
            TypeExpr::DateTime => Type::DateTime,
            TypeExpr::HttpResponse => Type::Opaque {
                what: OpaqueKind::HttpResponse,
            },
            TypeExpr::Literal(v) => Type::Literal { value: v.clone() },
            TypeExpr::Array(inner) => Type::Array {
                items: Box::new(self.ty(inner)?),
            },
            TypeExpr::Map(inner) => Type::Map {
                values: Box::new(self.ty(inner)?),
            },
            TypeExpr::Named {
                namespace,
                name,
                at,
            } => {
                let key = (namespace.clone(), name.clone());
                if !self.index.by_title.contains_key(&key) {
                    let titles = self.index.by_title.keys().filter(|(ns, _)| ns == namespace).map(|(_, t)| t.as_str());
                    let help = crate::diag::closest(name, titles).map(|t| format!("did you mean `{namespace}.{t}`?"));
                    self.error_at_offset(
                        *at,
                        format!("unknown model `{namespace}.{name}`: no doc titled `{name}` in `{namespace}/`"),
                    );
                    self.help(help);
                    return None;
                }
                Type::Ref {
                    target: ModelRef {
                        namespace: namespace.clone(),
                        name: name.clone(),
                    },
                }
            }
            TypeExpr::Link { text, target, at } => match self.resolve_link(target) {
                Ok(file) => match self.index.by_file.get(&file) {
                    Some(r) => Type::Ref { target: r.clone() },
                    None => {
                        // A misspelt file name in the same folder.
                        let (dir, name) = file.rsplit_once('/').unwrap_or(("", &file));
                        let siblings = self.index.by_file.keys().filter_map(|f| f.strip_prefix(dir)?.strip_prefix('/'));
                        let help = crate::diag::closest(name, siblings).map(|f| format!("did you mean `{dir}/{f}`?"));
                        self.error_at_offset(
                            *at,
                            format!("link `[{text}]({target})` points to `{file}`, which is not a model doc in the docs root"),
                        );
                        self.help(help);
                        return None;
                    }
                },
                Err(why) => {
                    self.error_at_offset(*at, format!("link `[{text}]({target})` {why}"));
                    return None;
                }
            },
        })
    }

    /// Resolves a relative link from this doc to a root-relative path.
    fn resolve_link(&self, target: &str) -> Result<String, String> {
        if target.contains("://") || target.starts_with('/') || target.starts_with('#') {
            return Err("must be a relative path to a `.md` doc".into());
        }
        // Speakeasy writes every link as `../../../sdk/models/<ns>/<file>.md`:
        // relative to its own `docs/sdk/models/<ns>/` layout, i.e. rooted at
        // the docs root whatever the root folder is called.
        let (mut path, rest): (Vec<&str>, Vec<&str>) = match target.strip_prefix(SPEAKEASY_PREFIX) {
            Some(rest) => (self.root.iter().map(String::as_str).collect(), vec![rest]),
            None => {
                let doc_dir = self.doc.file.rsplit_once('/').map_or("", |(d, _)| d);
                (
                    self.root.iter().map(String::as_str).collect(),
                    vec![doc_dir, target],
                )
            }
        };
        for part in rest.iter().flat_map(|p| p.split('/')) {
            match part {
                "" | "." => {}
                ".." => {
                    if path.pop().is_none() {
                        return Err("points above the file-system root".into());
                    }
                }
                p => path.push(p),
            }
        }
        let root_len = self.root.len();
        let inside =
            path.len() > root_len && path.iter().zip(self.root).all(|(a, b)| *a == b.as_str());
        if !inside {
            return Err("points outside the docs root".into());
        }
        Ok(path.get(root_len..).unwrap_or(&[]).join("/"))
    }
}
