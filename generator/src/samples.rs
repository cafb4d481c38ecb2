//! Sample JSON built from the IR alone: every field filled under its wire
//! name, every enum value, an unknown value for open enums. Used by the
//! round-trip tests (a generated type must read and write these unchanged)
//! and by anyone who wants example payloads for a model.

use serde_json::{json, Map, Value};

use crate::ir::{EnumRepr, Ir, ModelKind, ModelRef, Type};

/// Recursion guard: optional self-references stop being filled past this depth.
const MAX_DEPTH: usize = 4;

/// The value an unknown open-enum member is sampled with.
pub const UNKNOWN_ENUM_VALUE: &str = "modelgen-unrecognized-value";

/// Samples for one model: a struct filled completely (and once with only
/// its required fields), each enum value, each union variant.
pub fn model_samples(ir: &Ir, r: &ModelRef) -> Vec<Value> {
    let Some(model) = ir.model(r) else {
        return Vec::new();
    };
    match &model.kind {
        ModelKind::Struct(s) => {
            let mut out = Vec::new();
            let mut stack = vec![r.clone()];
            if let Some(full) = struct_sample(ir, s, &mut stack, true) {
                out.push(full);
            }
            if let Some(min) = struct_sample(ir, s, &mut stack, false) {
                if !out.contains(&min) {
                    out.push(min);
                }
            }
            out
        }
        ModelKind::Enum(e) => {
            let mut out: Vec<Value> = e.values.iter().map(|v| v.value.clone()).collect();
            if e.open {
                out.push(match e.repr {
                    EnumRepr::String => json!(UNKNOWN_ENUM_VALUE),
                    EnumRepr::Integer => json!(987_654_321),
                });
            }
            out
        }
        ModelKind::Union(u) => {
            let mut out = Vec::new();
            for v in &u.variants {
                let mut stack = vec![r.clone()];
                if let Some(mut val) = sample(ir, &v.ty, &mut stack) {
                    if let (Some(d), Some(tag), Value::Object(obj)) =
                        (&u.discriminator, v.tags.first(), &mut val)
                    {
                        obj.insert(d.property.clone(), json!(tag));
                    }
                    out.push(val);
                }
            }
            out
        }
        ModelKind::Alias(a) => sample(ir, &a.ty, &mut vec![r.clone()]).into_iter().collect(),
    }
}

fn struct_sample(
    ir: &Ir,
    s: &crate::ir::Struct,
    stack: &mut Vec<ModelRef>,
    all: bool,
) -> Option<Value> {
    let mut obj = Map::new();
    for f in &s.fields {
        if !f.required && !all {
            continue;
        }
        // Opaque/binary fields have no JSON form and are skipped by serde.
        if matches!(f.ty, Type::Opaque { .. } | Type::Binary) {
            continue;
        }
        if !f.required && is_recursive(&f.ty, stack) && stack.len() > 1 {
            continue;
        }
        match sample(ir, &f.ty, stack) {
            Some(v) => {
                obj.insert(f.wire_name.clone(), v);
            }
            None if f.required => return None,
            None => {}
        }
    }
    if all && s.additional.is_some() && s.fields.iter().all(|f| f.wire_name != "modelgen_extra_key") {
        if let Some(v) = s.additional.as_ref().and_then(|t| sample(ir, t, stack)) {
            obj.insert("modelgen_extra_key".to_string(), v);
        }
    }
    Some(Value::Object(obj))
}

fn is_recursive(ty: &Type, stack: &[ModelRef]) -> bool {
    let mut hit = false;
    ty.for_each_ref(&mut |r| hit |= stack.contains(r));
    hit
}

/// One JSON value of type `ty`, or `None` when it has no JSON form or the
/// recursion guard stops it.
pub fn sample(ir: &Ir, ty: &Type, stack: &mut Vec<ModelRef>) -> Option<Value> {
    Some(match ty {
        Type::String | Type::Bytes => json!("text"),
        Type::Uuid => json!("0b6f1c2e-5d4a-4e8b-9f3a-2c1d0e9b8a7f"),
        Type::Number { .. } => json!(1.5),
        Type::Integer { .. } => json!(7),
        Type::Boolean => json!(true),
        Type::DateTime => json!("2024-08-21T10:15:00Z"),
        Type::Date => json!("2024-08-21"),
        Type::Any => json!({"any": [1, "two", null]}),
        Type::Array { items } => Value::Array(sample(ir, items, stack).into_iter().collect()),
        Type::Map { values } => {
            let mut m = Map::new();
            if let Some(v) = sample(ir, values, stack) {
                m.insert("key".to_string(), v);
            }
            Value::Object(m)
        }
        Type::Literal { value } => value.clone(),
        Type::Binary | Type::Opaque { .. } => return None,
        Type::Ref { target } => {
            if stack.len() >= MAX_DEPTH || stack.iter().filter(|r| *r == target).count() > 1 {
                return None;
            }
            stack.push(target.clone());
            let v = ref_sample(ir, target, stack);
            stack.pop();
            return v;
        }
    })
}

fn ref_sample(ir: &Ir, r: &ModelRef, stack: &mut Vec<ModelRef>) -> Option<Value> {
    let model = ir.model(r)?;
    match &model.kind {
        ModelKind::Struct(s) => struct_sample(ir, s, stack, stack.len() < MAX_DEPTH),
        ModelKind::Enum(e) => e.values.first().map(|v| v.value.clone()).or_else(|| {
            e.open.then(|| json!(UNKNOWN_ENUM_VALUE))
        }),
        ModelKind::Union(u) => u.variants.iter().find_map(|v| {
            let mut val = sample(ir, &v.ty, stack)?;
            if let (Some(d), Some(tag), Value::Object(obj)) = (&u.discriminator, v.tags.first(), &mut val) {
                obj.insert(d.property.clone(), json!(tag));
            }
            Some(val)
        }),
        ModelKind::Alias(a) => sample(ir, &a.ty, stack),
    }
}
