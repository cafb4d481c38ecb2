//! Type comparison (seeing through model renames), type display, and the
//! canonical type strings used for rename fingerprints.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::ir::{ModelRef, Type};

/// Old -> new model references of renamed models.
pub type Renames = BTreeMap<ModelRef, ModelRef>;

/// `old` (a type in the old IR) equals `new` once old refs are mapped
/// through the renames.
pub fn same(old: &Type, new: &Type, renames: &Renames) -> bool {
    match (old, new) {
        (Type::Ref { target: a }, Type::Ref { target: b }) => renames.get(a).unwrap_or(a) == b,
        (Type::Array { items: a }, Type::Array { items: b }) => same(a, b, renames),
        (Type::Map { values: a }, Type::Map { values: b }) => same(a, b, renames),
        (a, b) => a == b,
    }
}

/// Where two different types first differ: descends through arrays (`[]`)
/// and maps (`{}`) that both sides share. Returns the path suffix and the two
/// differing inner types.
pub fn first_difference<'a>(old: &'a Type, new: &'a Type) -> (String, &'a Type, &'a Type) {
    let mut suffix = String::new();
    let (mut o, mut n) = (old, new);
    loop {
        match (o, n) {
            (Type::Array { items: a }, Type::Array { items: b }) => {
                suffix.push_str("[]");
                (o, n) = (a, b);
            }
            (Type::Map { values: a }, Type::Map { values: b }) => {
                suffix.push_str("{}");
                (o, n) = (a, b);
            }
            _ => return (suffix, o, n),
        }
    }
}

/// Readable, language-neutral type notation for reports: `string`,
/// `integer(int64)`, `shared.Foo[]`, `map<shared.Foo>`, `"click"`.
pub fn display(t: &Type) -> String {
    let mut s = String::new();
    write_type(&mut s, t, &mut |r: &ModelRef| r.to_string());
    s
}

/// Canonical form for fingerprints; `map_ref` lets old-side refs be written
/// as their new names.
pub fn canonical(out: &mut String, t: &Type, map_ref: &mut impl FnMut(&ModelRef) -> String) {
    write_type(out, t, map_ref)
}

fn write_type(out: &mut String, t: &Type, map_ref: &mut impl FnMut(&ModelRef) -> String) {
    match t {
        Type::String => out.push_str("string"),
        Type::Number { format } => fmt_with(out, "number", format),
        Type::Integer { format } => fmt_with(out, "integer", format),
        Type::Boolean => out.push_str("boolean"),
        Type::DateTime => out.push_str("date-time"),
        Type::Date => out.push_str("date"),
        Type::Uuid => out.push_str("uuid"),
        Type::Bytes => out.push_str("bytes"),
        Type::Binary => out.push_str("binary"),
        Type::Any => out.push_str("any"),
        Type::Array { items } => {
            write_type(out, items, map_ref);
            out.push_str("[]");
        }
        Type::Map { values } => {
            out.push_str("map<");
            write_type(out, values, map_ref);
            out.push('>');
        }
        Type::Ref { target } => out.push_str(&map_ref(target)),
        Type::Literal { value } => {
            let _ = write!(out, "{value}");
        }
        Type::Opaque { what } => {
            let what = match what {
                crate::ir::OpaqueKind::HttpResponse => "http-response",
                crate::ir::OpaqueKind::ByteStream => "byte-stream",
            };
            let _ = write!(out, "opaque({what})");
        }
    }
}

fn fmt_with(out: &mut String, base: &str, format: &Option<String>) {
    out.push_str(base);
    if let Some(f) = format {
        let _ = write!(out, "({f})");
    }
}
