//! OpenAPI `components/schemas` -> a JSON Schema (draft-07) document with
//! `definitions`, the input cargo-typify takes.
//!
//! Only what differs between the two dialects is rewritten, and only in
//! schema positions (examples, defaults and enum values are data and are left
//! alone even when they happen to contain `$ref` or `nullable` keys):
//! - `#/components/schemas/X` refs -> `#/definitions/X`;
//! - OpenAPI 3.0 `nullable: true` -> `null` added to `type` (and to `enum`,
//!   which would otherwise reject null), or, on a schema without `type`
//!   (`$ref`, `allOf`...), `anyOf: [schema, {type: null}]`;
//! - 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` -> draft-07 numbers;
//! - a string enum whose values typify cannot name apart (cargo-typify 0.8
//!   panics with "Failed to make unique variant names" on `*3gpp` next to
//!   `3gpp`) is relaxed to its plain type, and counted in [`Stats`], so
//!   typify can run on the whole document.
//!
//! 3.1 schemas are JSON Schema already and pass through.

use serde_json::{Map, Value};

const OPENAPI_PREFIX: &str = "#/components/schemas/";
const DEFINITIONS_PREFIX: &str = "#/definitions/";

/// Counts of what was rewritten, printed so a reader can sanity-check.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub definitions: usize,
    pub refs: usize,
    pub nullable: usize,
    /// Enums relaxed to plain strings for typify (see the module docs).
    pub relaxed_enums: usize,
    /// Refs that do not point into `components/schemas` (left as they are).
    pub foreign_refs: Vec<String>,
}

/// Converts a parsed OpenAPI document.
pub fn convert(doc: &Value) -> Result<(Value, Stats), String> {
    let schemas = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .ok_or("the spec has no `components.schemas` object")?;
    let mut stats = Stats::default();
    let mut definitions = Map::new();
    for (name, schema) in schemas {
        definitions.insert(name.clone(), schema_value(schema, &mut stats));
    }
    stats.definitions = definitions.len();
    let mut out = Map::new();
    out.insert(
        "$schema".into(),
        Value::String("http://json-schema.org/draft-07/schema#".into()),
    );
    out.insert("definitions".into(), Value::Object(definitions));
    Ok((Value::Object(out), stats))
}

/// A schema or a boolean schema.
fn schema_value(v: &Value, stats: &mut Stats) -> Value {
    match v {
        Value::Object(o) => schema(o, stats),
        other => other.clone(),
    }
}

fn schema(o: &Map<String, Value>, stats: &mut Stats) -> Value {
    let mut out = Map::with_capacity(o.len());
    let mut nullable = false;
    for (key, v) in o {
        let converted = match key.as_str() {
            "nullable" => {
                nullable = v == &Value::Bool(true);
                continue;
            }
            "$ref" => match v.as_str() {
                Some(r) if r.starts_with(OPENAPI_PREFIX) => {
                    stats.refs += 1;
                    Value::String(format!(
                        "{DEFINITIONS_PREFIX}{}",
                        &r[OPENAPI_PREFIX.len()..]
                    ))
                }
                Some(r) => {
                    stats.foreign_refs.push(r.to_string());
                    v.clone()
                }
                None => v.clone(),
            },
            // Maps of name -> schema.
            "properties" | "patternProperties" | "definitions" | "$defs" | "dependentSchemas" => {
                match v.as_object() {
                    Some(m) => Value::Object(
                        m.iter()
                            .map(|(k, s)| (k.clone(), schema_value(s, stats)))
                            .collect(),
                    ),
                    None => v.clone(),
                }
            }
            // Lists of schemas.
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => match v.as_array() {
                Some(a) => Value::Array(a.iter().map(|s| schema_value(s, stats)).collect()),
                None => v.clone(),
            },
            // One schema (`items` may also be a list in older drafts).
            "items" => match v {
                Value::Array(a) => Value::Array(a.iter().map(|s| schema_value(s, stats)).collect()),
                other => schema_value(other, stats),
            },
            "additionalProperties"
            | "additionalItems"
            | "not"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedProperties"
            | "unevaluatedItems" => schema_value(v, stats),
            _ => v.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if out.get("enum").is_some_and(colliding_names) {
        out.remove("enum");
        stats.relaxed_enums += 1;
    }
    exclusive_bounds(&mut out, "exclusiveMinimum", "minimum");
    exclusive_bounds(&mut out, "exclusiveMaximum", "maximum");
    if nullable {
        stats.nullable += 1;
        return add_null(out);
    }
    Value::Object(out)
}

/// Whether two enum values map to the same identifier once case and
/// punctuation are dropped, or one maps to nothing (typify names variants
/// that way).
fn colliding_names(values: &Value) -> bool {
    let Some(values) = values.as_array() else {
        return false;
    };
    let mut seen = std::collections::BTreeSet::new();
    values.iter().filter_map(Value::as_str).any(|v| {
        let key: String = v
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        key.is_empty() || !seen.insert(key)
    })
}

/// 3.0 `exclusiveMinimum: true` + `minimum: n` -> draft-07 `exclusiveMinimum: n`.
fn exclusive_bounds(o: &mut Map<String, Value>, exclusive: &str, bound: &str) {
    if let Some(Value::Bool(b)) = o.get(exclusive) {
        let b = *b;
        o.remove(exclusive);
        if b {
            if let Some(n) = o.remove(bound) {
                o.insert(exclusive.to_string(), n);
            }
        }
    }
}

fn add_null(mut o: Map<String, Value>) -> Value {
    let null = Value::String("null".into());
    let ty = match o.get("type") {
        Some(Value::String(t)) if t != "null" => {
            Some(Value::Array(vec![Value::String(t.clone()), null.clone()]))
        }
        Some(Value::String(_)) => Some(null.clone()),
        Some(Value::Array(ts)) if !ts.contains(&null) => {
            let mut ts = ts.clone();
            ts.push(null.clone());
            Some(Value::Array(ts))
        }
        Some(Value::Array(ts)) => Some(Value::Array(ts.clone())),
        _ => None,
    };
    match ty {
        Some(ty) => {
            o.insert("type".into(), ty);
            if let Some(Value::Array(values)) = o.get_mut("enum") {
                if !values.contains(&Value::Null) {
                    values.push(Value::Null);
                }
            }
            Value::Object(o)
        }
        None => {
            let mut null_schema = Map::new();
            null_schema.insert("type".into(), null);
            let mut wrapper = Map::new();
            // Keep the documentation on the outer schema, where typify reads it.
            for key in ["title", "description"] {
                if let Some(v) = o.remove(key) {
                    wrapper.insert(key.into(), v);
                }
            }
            wrapper.insert(
                "anyOf".into(),
                Value::Array(vec![Value::Object(o), Value::Object(null_schema)]),
            );
            Value::Object(wrapper)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(schemas: Value) -> (Value, Stats) {
        convert(&json!({"openapi": "3.0.0", "components": {"schemas": schemas}})).unwrap()
    }

    #[test]
    fn rewrites_refs_in_schema_positions_only() {
        let (out, stats) = run(json!({
            "A": {"type": "object", "properties": {
                "b": {"$ref": "#/components/schemas/B"},
                "list": {"type": "array", "items": {"$ref": "#/components/schemas/B"}},
                "u": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"type": "string"}]}
            }, "example": {"$ref": "#/components/schemas/NotASchema"}},
            "B": {"type": "string"}
        }));
        let a = &out["definitions"]["A"];
        assert_eq!(a["properties"]["b"]["$ref"], "#/definitions/B");
        assert_eq!(a["properties"]["list"]["items"]["$ref"], "#/definitions/B");
        assert_eq!(a["properties"]["u"]["oneOf"][0]["$ref"], "#/definitions/B");
        assert_eq!(a["example"]["$ref"], "#/components/schemas/NotASchema");
        assert_eq!(stats.refs, 3);
        assert_eq!(stats.definitions, 2);
    }

    #[test]
    fn nullable_adds_null_to_type_and_enum() {
        let (out, stats) = run(json!({
            "S": {"type": "string", "nullable": true, "enum": ["a", "b"]},
            "T": {"type": ["integer"], "nullable": true},
            "N": {"type": "string", "nullable": false}
        }));
        let d = &out["definitions"];
        assert_eq!(d["S"]["type"], json!(["string", "null"]));
        assert_eq!(d["S"]["enum"], json!(["a", "b", null]));
        assert_eq!(d["T"]["type"], json!(["integer", "null"]));
        assert_eq!(d["N"], json!({"type": "string"}));
        assert_eq!(stats.nullable, 2);
    }

    #[test]
    fn nullable_without_type_wraps_in_any_of() {
        let (out, _) = run(json!({
            "R": {"description": "d", "allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true},
            "B": {"type": "string"}
        }));
        assert_eq!(
            out["definitions"]["R"],
            json!({"description": "d", "anyOf": [
                {"allOf": [{"$ref": "#/definitions/B"}]},
                {"type": "null"}
            ]})
        );
    }

    #[test]
    fn relaxes_enums_typify_cannot_name() {
        let (out, stats) = run(json!({
            "F": {"type": "string", "enum": ["*3gpp", "3gpp", "pdf"]},
            "G": {"type": "string", "enum": ["a-b", "c"]}
        }));
        assert_eq!(out["definitions"]["F"], json!({"type": "string"}));
        assert_eq!(out["definitions"]["G"]["enum"], json!(["a-b", "c"]));
        assert_eq!(stats.relaxed_enums, 1);
    }

    #[test]
    fn openapi_30_exclusive_bounds() {
        let (out, _) = run(
            json!({"N": {"type": "number", "minimum": 1, "exclusiveMinimum": true,
                                         "maximum": 9, "exclusiveMaximum": false}}),
        );
        assert_eq!(
            out["definitions"]["N"],
            json!({"type": "number", "exclusiveMinimum": 1, "maximum": 9})
        );
    }

    #[test]
    fn missing_components_is_an_error() {
        assert!(convert(&json!({"openapi": "3.0.0"})).is_err());
    }
}
