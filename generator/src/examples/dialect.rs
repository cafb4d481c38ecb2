//! OpenAPI schemas -> JSON Schema 2020-12, as modelgen reads them, for the
//! validator.
//!
//! An OpenAPI document is converted in place, keeping every JSON pointer
//! that a `$ref` may name (an example's schema is validated as
//! `{"$ref": "<file>#<pointer>"}` against the converted documents):
//!
//! - `nullable: true` (3.0, and honoured in 3.1 files as modelgen does):
//!   `null` joins `type` and `enum`, a `const` becomes `enum: [c, null]`,
//!   `oneOf`/`anyOf` get a `{type: null}` member, and a `$ref` or `allOf`
//!   (which `null` cannot pass) moves under `else` of `if: {type: null}`;
//! - boolean `exclusiveMinimum`/`exclusiveMaximum` (3.0) become the numeric
//!   2020-12 form;
//! - in 3.0 files, keywords beside `$ref` are dropped (3.0 ignores them;
//!   modelgen too, except `nullable`);
//! - `format: int32` / `int64` become the bounds they mean in OpenAPI;
//!   `date` and `date-time` stay (the generated types parse them: they are
//!   asserted); every other `format` is dropped, as an annotation that no
//!   generated type depends on;
//! - a schema with no `type` that modelgen reads as an object (it has
//!   `properties` or `additionalProperties`) or an array (`items`), and no
//!   `$ref`, composition, `enum` or `const` deciding its shape first, gets
//!   that `type`: 2020-12 would accept any other kind of value, the
//!   generated struct or `Vec` does not, and the spec's author meant one;
//! - a non-array `required` (`required: true`, a 2.0 habit modelgen ignores)
//!   is dropped;
//! - `$ref` text gets the percent-encoding a URI needs (`{id}`, spaces).
//!
//! Example values (`example`, `examples`, `default`, `enum`, `const`) and
//! `x-` extensions are never touched.

use serde_json::{Map, Value};

/// Converts a whole OpenAPI document (or a file reached through `$ref`).
/// `v30`: the input spec is OpenAPI 3.0.
pub fn convert_document(doc: &mut Value, v30: bool) {
    walk_openapi(doc, v30, false);
}

/// OpenAPI objects: schemas sit under `schema` keys and in
/// `components/schemas` (and a file reached through `$ref` may be a bare
/// schema or a map of them: its top level is treated as one, see below).
fn walk_openapi(v: &mut Value, v30: bool, in_components: bool) {
    match v {
        Value::Object(map) => {
            // A file that is itself a schema (`$ref: pet.yaml`).
            if looks_like_schema(map) && !in_components {
                schema(v, v30);
                return;
            }
            for (k, child) in map.iter_mut() {
                match k.as_str() {
                    "schema" => schema(child, v30),
                    "schemas" if in_components => {
                        if let Value::Object(m) = child {
                            for s in m.values_mut() {
                                schema(s, v30);
                            }
                        }
                    }
                    "example" | "examples" | "default" => {}
                    k if k.starts_with("x-") => {}
                    "components" => walk_openapi(child, v30, true),
                    _ => walk_openapi(child, v30, false),
                }
            }
        }
        Value::Array(items) => {
            for i in items {
                walk_openapi(i, v30, false);
            }
        }
        _ => {}
    }
}

/// Keywords only a schema has (an OpenAPI object never does).
fn looks_like_schema(map: &Map<String, Value>) -> bool {
    ["type", "properties", "allOf", "oneOf", "anyOf", "items", "enum", "$ref"]
        .iter()
        .any(|k| map.contains_key(*k))
        && !map.contains_key("openapi")
        && !map.contains_key("in")
        && !map.contains_key("content")
}

/// Keywords whose value is one schema.
const ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "additionalItems",
    "not",
    "contains",
    "propertyNames",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
];
/// Keywords whose value is a map of schemas.
const MAP: &[&str] = &["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
/// Keywords whose value is an array of schemas.
const LIST: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];

fn schema(v: &mut Value, v30: bool) {
    let Value::Object(map) = v else { return };
    if v30 && map.contains_key("$ref") {
        map.retain(|k, _| k == "$ref" || k == "nullable");
    }
    for (k, child) in map.iter_mut() {
        let k = k.as_str();
        if ONE.contains(&k) {
            schema(child, v30);
        } else if MAP.contains(&k) {
            if let Value::Object(m) = child {
                for s in m.values_mut() {
                    schema(s, v30);
                }
            }
        } else if LIST.contains(&k) {
            if let Value::Array(a) = child {
                for s in a {
                    schema(s, v30);
                }
            }
        } else if k == "$ref" {
            if let Value::String(r) = child {
                *r = uri_escape(r);
            }
        }
    }
    // `items: [..]` is a 2019-09 tuple; leave any array alone (it is not
    // a schema), the validator reports it.
    exclusive_bounds(map);
    formats(map);
    infer_type(map);
    if map.get("required").is_some_and(|r| !r.is_array()) {
        map.remove("required");
    }
    if map.remove("nullable") == Some(Value::Bool(true)) {
        allow_null(map);
    }
}

/// The `type` modelgen infers (see `openapi::schema::shape`).
fn infer_type(map: &mut Map<String, Value>) {
    const DECIDED: &[&str] = &["type", "$ref", "allOf", "oneOf", "anyOf", "enum", "const"];
    if DECIDED.iter().any(|k| map.contains_key(*k)) {
        return;
    }
    let t = if map.get("properties").is_some_and(Value::is_object) || map.contains_key("additionalProperties") {
        "object"
    } else if map.contains_key("items") {
        "array"
    } else {
        return;
    };
    map.insert("type".into(), t.into());
}

/// 3.0 `exclusiveMinimum: true` + `minimum: m` -> `exclusiveMinimum: m`.
fn exclusive_bounds(map: &mut Map<String, Value>) {
    for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        match map.get(flag) {
            Some(Value::Bool(true)) => match map.remove(bound) {
                Some(b) => {
                    map.insert(flag.to_string(), b);
                }
                None => {
                    map.remove(flag);
                }
            },
            Some(Value::Bool(false)) => {
                map.remove(flag);
            }
            _ => {}
        }
    }
}

fn formats(map: &mut Map<String, Value>) {
    let Some(Value::String(format)) = map.get("format") else { return };
    let range = match format.as_str() {
        "date" | "date-time" => return,
        "int32" => Some((i64::from(i32::MIN), i64::from(i32::MAX))),
        "int64" => Some((i64::MIN, i64::MAX)),
        _ => None,
    };
    map.remove("format");
    let integer = match map.get("type") {
        Some(Value::String(t)) => t == "integer",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
        _ => false,
    };
    if let (Some((lo, hi)), true) = (range, integer) {
        tighten(map, "minimum", lo, |old, new| old >= new);
        tighten(map, "maximum", hi, |old, new| old <= new);
    }
}

/// Sets `key` to `bound` unless the schema's own value is already tighter.
fn tighten(map: &mut Map<String, Value>, key: &str, bound: i64, tighter: fn(f64, f64) -> bool) {
    let keep = map.get(key).and_then(Value::as_f64).is_some_and(|old| tighter(old, bound as f64));
    if !keep {
        map.insert(key.to_string(), Value::from(bound));
    }
}

fn allow_null(map: &mut Map<String, Value>) {
    match map.get_mut("type") {
        Some(Value::String(t)) if t != "null" => {
            let t = std::mem::take(t);
            map.insert("type".into(), Value::Array(vec![Value::String(t), "null".into()]));
        }
        Some(Value::Array(ts)) if !ts.iter().any(|t| t == "null") => ts.push("null".into()),
        _ => {}
    }
    if let Some(Value::Array(e)) = map.get_mut("enum") {
        if !e.iter().any(Value::is_null) {
            e.push(Value::Null);
        }
    }
    if let Some(c) = map.remove("const") {
        let values = if c.is_null() { vec![c] } else { vec![c, Value::Null] };
        map.insert("enum".into(), Value::Array(values));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(Value::Array(members)) = map.get_mut(key) {
            if !members.iter().any(accepts_only_null) {
                members.push(null_schema());
            }
        }
    }
    let moved: Map<String, Value> = ["$ref", "allOf"]
        .iter()
        .filter_map(|k| map.remove(*k).map(|v| (k.to_string(), v)))
        .collect();
    if moved.is_empty() {
        return;
    }
    if map.contains_key("if") || map.contains_key("else") {
        // Already conditional (3.1): keep the stricter reading.
        map.extend(moved);
        return;
    }
    map.insert("if".into(), null_schema());
    map.insert("else".into(), Value::Object(moved));
}

fn null_schema() -> Value {
    let mut m = Map::new();
    m.insert("type".into(), "null".into());
    Value::Object(m)
}

fn accepts_only_null(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
}

/// Percent-encodes what a URI reference may not contain (spaces, braces,
/// quotes, non-ASCII, a `#` inside the fragment: `#/paths/~1chat#stream`),
/// leaving existing `%XX` escapes as they are.
pub fn uri_escape(s: &str) -> String {
    match s.split_once('#') {
        Some((file, fragment)) => format!("{}#{}", escape_part(file), escape_part(fragment).replace('#', "%23")),
        None => escape_part(s),
    }
}

fn escape_part(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        let allowed = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#%".contains(&b);
        if allowed {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conv(mut v: Value, v30: bool) -> Value {
        schema(&mut v, v30);
        v
    }

    #[test]
    fn nullable_joins_type_enum_and_unions() {
        assert_eq!(conv(json!({"type": "string", "nullable": true}), true), json!({"type": ["string", "null"]}));
        assert_eq!(
            conv(json!({"type": "string", "enum": ["a"], "nullable": true}), true),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        assert_eq!(conv(json!({"const": 1, "nullable": true}), false), json!({"enum": [1, null]}));
        assert_eq!(
            conv(json!({"oneOf": [{"type": "string"}], "nullable": true}), true),
            json!({"oneOf": [{"type": "string"}, {"type": "null"}]})
        );
        assert_eq!(
            conv(json!({"nullable": false, "type": "integer"}), true),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn nullable_ref_and_allof_become_conditional() {
        assert_eq!(
            conv(json!({"$ref": "#/components/schemas/A", "nullable": true, "description": "x"}), true),
            json!({"if": {"type": "null"}, "else": {"$ref": "#/components/schemas/A"}})
        );
        assert_eq!(
            conv(json!({"allOf": [{"$ref": "#/a"}], "nullable": true, "description": "x"}), false),
            json!({"description": "x", "if": {"type": "null"}, "else": {"allOf": [{"$ref": "#/a"}]}})
        );
        // 3.1 keeps siblings of `$ref`.
        assert_eq!(
            conv(json!({"$ref": "#/a", "description": "x"}), false),
            json!({"$ref": "#/a", "description": "x"})
        );
    }

    #[test]
    fn bounds_formats_and_required() {
        assert_eq!(
            conv(json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "exclusiveMaximum": false}), true),
            json!({"type": "number", "exclusiveMinimum": 0})
        );
        assert_eq!(
            conv(json!({"type": "integer", "format": "int32", "minimum": 1}), true),
            json!({"type": "integer", "minimum": 1, "maximum": 2147483647})
        );
        assert_eq!(
            conv(json!({"type": "string", "format": "email", "required": true}), true),
            json!({"type": "string"})
        );
        assert_eq!(conv(json!({"type": "string", "format": "date-time"}), true), json!({"type": "string", "format": "date-time"}));
    }

    #[test]
    fn untyped_objects_and_arrays_get_their_type() {
        assert_eq!(conv(json!({"properties": {"a": {}}}), true), json!({"properties": {"a": {}}, "type": "object"}));
        assert_eq!(
            conv(json!({"items": {"properties": {}}, "nullable": true}), true),
            json!({"items": {"properties": {}, "type": "object"}, "type": ["array", "null"]})
        );
        // A union decides the shape first.
        assert_eq!(
            conv(json!({"oneOf": [{"type": "string"}], "properties": {}}), false),
            json!({"oneOf": [{"type": "string"}], "properties": {}})
        );
    }

    #[test]
    fn examples_and_nested_schemas() {
        let v = conv(
            json!({"type": "object", "example": {"nullable": true},
                   "properties": {"a": {"type": "string", "nullable": true, "example": {"nullable": true}}},
                   "items": {"$ref": "#/components/schemas/A B"}}),
            true,
        );
        assert_eq!(v["example"], json!({"nullable": true}));
        assert_eq!(v["properties"]["a"], json!({"type": ["string", "null"], "example": {"nullable": true}}));
        assert_eq!(v["items"]["$ref"], "#/components/schemas/A%20B");
        assert_eq!(uri_escape("other.yaml#/paths/~1chat#stream"), "other.yaml#/paths/~1chat%23stream");
    }

    #[test]
    fn documents_convert_schemas_only() {
        let mut doc = json!({
            "openapi": "3.0.3",
            "paths": {"/a": {"get": {"parameters": [{"name": "nullable", "in": "query",
                "schema": {"type": "integer", "nullable": true}, "example": {"nullable": true}}]}}},
            "components": {"schemas": {"A": {"type": "string", "nullable": true}},
                           "examples": {"E": {"value": {"nullable": true}}}}
        });
        convert_document(&mut doc, true);
        assert_eq!(doc.pointer("/paths/~1a/get/parameters/0/schema/type"), Some(&json!(["integer", "null"])));
        assert_eq!(doc.pointer("/paths/~1a/get/parameters/0/example"), Some(&json!({"nullable": true})));
        assert_eq!(doc.pointer("/components/schemas/A"), Some(&json!({"type": ["string", "null"]})));
        assert_eq!(doc.pointer("/components/examples/E/value"), Some(&json!({"nullable": true})));
    }
}
