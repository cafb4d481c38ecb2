//! The Rust shape the verdicts assume: what codegen emits for each IR item,
//! reduced to the facts that decide whether a change breaks user code.

use serde::{Deserialize, Serialize};

use crate::ir::{Field, ModelRef, OpaqueKind, Type};
use crate::{naming, Config, DateTimeType};

/// Which generated items carry `#[non_exhaustive]`. Serialized into the
/// report summary so a reader sees what the verdicts took for granted.
///
/// `#[non_exhaustive]` only restricts *other* crates: code in the crate that
/// contains the generated models (e.g. models checked into the app's own
/// crate) can still write exhaustive literals and matches, and for that code a
/// "compatible" verdict that rests on `#[non_exhaustive]` does not hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RustShape {
    /// Structs: a new optional field is then compatible.
    pub non_exhaustive_structs: bool,
    /// Closed enums: a new value is then compatible.
    pub non_exhaustive_closed_enums: bool,
    /// Open enums (known variants + a catch-all holding the raw value).
    pub non_exhaustive_open_enums: bool,
    /// Unions (untagged / internally tagged enums).
    pub non_exhaustive_unions: bool,
}

impl RustShape {
    /// Mirrors codegen: `non_exhaustive_structs` on every struct,
    /// `non_exhaustive_enums` on closed enums, `non_exhaustive_open_enums` on
    /// open enums (without it, an open enum's `Unrecognized` variant keeps
    /// unknown values at run time, but a new known variant still breaks an
    /// exhaustive `match` at compile time); unions are never
    /// `#[non_exhaustive]`.
    pub fn from_config(config: &Config) -> Self {
        RustShape {
            non_exhaustive_structs: config.non_exhaustive_structs,
            non_exhaustive_closed_enums: config.non_exhaustive_enums,
            non_exhaustive_open_enums: config.non_exhaustive_open_enums,
            non_exhaustive_unions: false,
        }
    }

    pub fn enum_non_exhaustive(&self, open: bool) -> bool {
        if open {
            self.non_exhaustive_open_enums
        } else {
            self.non_exhaustive_closed_enums
        }
    }
}

/// How many `Option`s wrap the field's Rust type, as codegen emits it:
/// required `T`; required + nullable and optional `Option<T>`; optional +
/// nullable `Option<Option<T>>` (absent vs `null`).
pub fn option_depth(f: &Field) -> u8 {
    u8::from(!f.required) + u8::from(f.nullable)
}

pub fn option_wrap(depth: u8, inner: &str) -> String {
    match depth {
        0 => inner.to_string(),
        1 => format!("Option<{inner}>"),
        _ => format!("Option<Option<{inner}>>"),
    }
}

/// The Rust type codegen emits for an IR type, as text, up to `Box` (which
/// depends on reference cycles, not on the field). Several IR types share a
/// Rust type (`uuid` and `bytes` are `String`; `number` without format and
/// `double` are `f64`), so a change between them is a wire change only.
/// `rename` maps a model reference to the name to show (old-side refs go
/// through the detected renames: a renamed model is reported once, as a
/// rename, not again at every use).
pub fn rust_type(t: &Type, config: &Config, rename: &dyn Fn(&ModelRef) -> ModelRef) -> String {
    let string_dates = config.datetime == DateTimeType::String;
    match t {
        Type::String | Type::Uuid | Type::Bytes => "String".into(),
        Type::Number { format } => if format.as_deref() == Some("float") {
            "f32"
        } else {
            "f64"
        }
        .into(),
        Type::Integer { format } => if format.as_deref() == Some("int32") {
            "i32"
        } else {
            "i64"
        }
        .into(),
        Type::Boolean => "bool".into(),
        Type::DateTime if string_dates => "String".into(),
        Type::DateTime => "DateTime".into(),
        Type::Date if string_dates => "String".into(),
        Type::Date => "Date".into(),
        Type::Binary => "Vec<u8>".into(),
        Type::Any => "Value".into(),
        Type::Array { items } => format!("Vec<{}>", rust_type(items, config, rename)),
        Type::Map { values } => format!("Map<String, {}>", rust_type(values, config, rename)),
        Type::Ref { target } => rust_type_path(config, &rename(target)),
        // A helper type named after the field; the value is a wire matter.
        Type::Literal { .. } => "<literal>".into(),
        Type::Opaque {
            what: OpaqueKind::HttpResponse,
        } => "HttpResponse".into(),
        Type::Opaque {
            what: OpaqueKind::ByteStream,
        } => "ByteStream".into(),
    }
}

/// The name codegen gives a union variant: derived from the member's type
/// (`shared.Employee4` -> `Employee4`, `any[]` -> `ArrayOfAny`), not from its
/// label. Deduplication suffixes (`String2`) are not modelled.
pub fn union_variant_ident(t: &Type, config: &Config) -> String {
    crate::codegen::variant_base_name(t, &|r| rust_type_name(config, r))
}

/// The Rust field ident codegen derives from the source (doc) name, up to
/// keyword escaping (which is a function of this string, so comparing these
/// compares the idents).
pub fn rust_field_ident(source_name: &str) -> String {
    naming::snake_case(source_name)
}

/// The Rust variant ident of an enum member or union variant.
pub fn rust_variant_ident(label: &str) -> String {
    naming::pascal_case(label)
}

/// The Rust type name codegen gives a model (config `rename` wins).
pub fn rust_type_name(config: &Config, r: &ModelRef) -> String {
    config
        .model_override(&r.namespace, &r.name)
        .and_then(|o| o.rename.clone())
        .unwrap_or_else(|| naming::pascal_case(&r.name))
}

/// `namespace::TypeName`: what user code names.
pub fn rust_type_path(config: &Config, r: &ModelRef) -> String {
    format!("{}::{}", r.namespace, rust_type_name(config, r))
}
