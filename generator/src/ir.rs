//! The intermediate representation between the front ends (markdown docs,
//! OpenAPI) and codegen.
//!
//! Plain data only: no tokens, no Rust identifiers (codegen derives and
//! sanitizes those), and every collection is either a `BTreeMap` or a `Vec`
//! in source order, so output never depends on hash or file-system order.
//! `modelgen ir` prints this as JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// All models of one run, grouped by namespace (`shared`, `operations`,
/// `errors`, or the spec-derived namespace). Namespaces become Rust modules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Ir {
    pub namespaces: BTreeMap<String, Namespace>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Namespace {
    /// Keyed by the model's source name (doc title / schema name).
    pub models: BTreeMap<String, Model>,
}

/// A reference to a model: namespace + source name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ModelRef {
    pub namespace: String,
    pub name: String,
}

impl std::fmt::Display for ModelRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.namespace, self.name)
    }
}

/// Where an item came from, for diagnostics and for the "which file changed"
/// story. `file` is relative to the input root, with `/` separators.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    pub file: String,
    /// 1-based; 0 when unknown (e.g. JSON pointer only).
    pub line: u32,
    pub column: u32,
    /// JSON pointer into an OpenAPI document, when the source is a spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Source name as written (e.g. `ConnectSession`). Codegen derives the
    /// Rust type name from it.
    pub name: String,
    pub origin: Origin,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `Some(message)` when the model is deprecated (message may be empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    pub kind: ModelKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ModelKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// A named alias for another type (e.g. a spec schema that is just
    /// `type: string` or an array). Emitted as `pub type Name = T;`.
    Alias(Alias),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alias {
    pub ty: Type,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Struct {
    /// In source order (doc table order / spec property order).
    pub fields: Vec<Field>,
    /// Keys not listed in `fields`: `None` = ignored on input (serde default),
    /// `Some(ty)` = kept in a flattened map of `ty` (additionalProperties, or an
    /// empty Fields table, which keeps every key it receives as `Type::Any`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional: Option<Type>,
    /// `additionalProperties: false`: unknown keys are an error.
    #[serde(default, skip_serializing_if = "is_false")]
    pub deny_unknown: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// Source name as written in the docs/spec (SDK property name in docs).
    pub name: String,
    /// The exact JSON key on the wire.
    pub wire_name: String,
    pub ty: Type,
    /// The key must be present.
    pub required: bool,
    /// `null` is a valid value (distinct from "may be absent").
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Example as written in the source (docs: the cell text; spec: JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub read_only: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub write_only: bool,
    /// Set for operation request models whose fields are HTTP parameters
    /// rather than JSON body keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<ParamLocation>,
    pub origin: Origin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
    Body,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enum {
    pub repr: EnumRepr,
    /// In source order.
    pub values: Vec<EnumValue>,
    /// Open enum: unknown values are kept and serialized back unchanged.
    pub open: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnumValue {
    /// Source member name (docs `Name` column), if any; codegen falls back to
    /// the value when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Exact wire value: a JSON string or integer.
    pub value: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Union {
    /// In source order; codegen orders them for untagged matching.
    pub variants: Vec<Variant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// Source label (docs `### \`shared.X\`` heading text, or schema name).
    pub label: String,
    pub ty: Type,
    /// Tag values selecting this variant when the union has a discriminator.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discriminator {
    /// The JSON property holding the tag.
    pub property: String,
}

/// A field or variant type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Type {
    String,
    /// JSON number; `format` e.g. `float`, `double`, or none.
    Number {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<String>,
    },
    /// JSON integer; `format` e.g. `int32`, `int64`.
    Integer {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<String>,
    },
    Boolean,
    DateTime,
    Date,
    Uuid,
    /// Base64 in JSON (`format: byte`).
    Bytes,
    /// Raw bytes with no JSON form (`Uint8Array`, `format: binary`).
    Binary,
    /// Any JSON value.
    Any,
    Array {
        items: Box<Type>,
    },
    /// JSON object with arbitrary keys (`Record<string, T>`,
    /// `additionalProperties`).
    Map {
        values: Box<Type>,
    },
    Ref {
        target: ModelRef,
    },
    /// A single allowed JSON value (`*"click"*`, `const`).
    Literal {
        value: serde_json::Value,
    },
    /// A value with no JSON form (HTTP `Response`, byte streams): emitted as a
    /// documented opaque type and skipped by serde.
    Opaque {
        what: OpaqueKind,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OpaqueKind {
    HttpResponse,
    ByteStream,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl Ir {
    pub fn model(&self, r: &ModelRef) -> Option<&Model> {
        self.namespaces.get(&r.namespace)?.models.get(&r.name)
    }

    /// Every model with its reference, in deterministic (namespace, name) order.
    pub fn models(&self) -> impl Iterator<Item = (ModelRef, &Model)> {
        self.namespaces.iter().flat_map(|(ns, n)| {
            n.models.iter().map(move |(name, m)| {
                (
                    ModelRef {
                        namespace: ns.clone(),
                        name: name.clone(),
                    },
                    m,
                )
            })
        })
    }

    pub fn model_count(&self) -> usize {
        self.namespaces.values().map(|n| n.models.len()).sum()
    }
}

impl Type {
    /// Visits every model reference inside this type.
    pub fn for_each_ref(&self, f: &mut impl FnMut(&ModelRef)) {
        match self {
            Type::Ref { target } => f(target),
            Type::Array { items } => items.for_each_ref(f),
            Type::Map { values } => values.for_each_ref(f),
            _ => {}
        }
    }
}
