//! JSON Schema (OpenAPI flavour) -> IR types and models.

use std::collections::BTreeSet;

use serde_json::Value;

use super::source::Loc;
use super::Lowerer;
use crate::ir::{
    Alias, Discriminator, Enum, EnumRepr, EnumValue, Field, Model, ModelKind, ModelRef, Struct,
    Type, Union, Variant,
};
use crate::naming::pascal_case;

/// Deeper nesting than this is reported instead of recursed into (guards
/// the stack against hostile or cyclic input).
pub const MAX_DEPTH: u32 = crate::limits::MAX_SCHEMA_DEPTH as u32;

/// Where an inline schema sits, for naming the model it may need.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub ns: String,
    /// The nearest named model that owns this schema (union members are
    /// named `<parent><index>`).
    pub parent: String,
    /// Names to try, in order, if the schema needs a model of its own.
    pub candidates: Vec<String>,
}

/// A lowered type plus whether `null` is allowed.
#[derive(Debug, Clone)]
pub struct TypeInfo {
    pub ty: Type,
    pub nullable: bool,
}

impl TypeInfo {
    fn of(ty: Type) -> Self {
        TypeInfo { ty, nullable: false }
    }
}

/// What a schema is, decided once (precedence: `$ref`, `allOf`,
/// `oneOf`/`anyOf`, `enum`, `const`, `type`).
enum Shape<'a> {
    Ref(&'a str),
    /// `allOf` with one member and no properties of its own: the member.
    AllOfOne(&'a Value),
    AllOf,
    /// `oneOf`/`anyOf` with at least two non-null members.
    Union(&'static str, Vec<(usize, &'a Value)>),
    /// `oneOf`/`anyOf` with one non-null member.
    UnionOne(&'static str, usize, &'a Value),
    Enum(&'a [Value]),
    Const(&'a Value),
    Struct,
    Map(Option<&'a Value>),
    Array(Option<&'a Value>),
    /// 3.1 `type: [a, b]` with several non-null types.
    Multi(Vec<&'a str>),
    Prim(&'a str),
    Any,
}

fn is_null_schema(v: &Value) -> bool {
    v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("const").is_some_and(Value::is_null)
        || v.get("enum")
            .and_then(Value::as_array)
            .is_some_and(|e| !e.is_empty() && e.iter().all(Value::is_null))
}

/// The non-null types of a schema's `type` (a string or a 3.1 array).
fn types(v: &Value) -> Vec<&str> {
    match v.get("type") {
        Some(Value::String(s)) if s != "null" => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).filter(|t| *t != "null").collect(),
        _ => Vec::new(),
    }
}

fn shape(v: &Value) -> Shape<'_> {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return Shape::Ref(r);
    }
    if let Some(all) = v.get("allOf").and_then(Value::as_array) {
        let own_props = v.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty())
            || v.get("additionalProperties").is_some();
        if all.len() == 1 && !own_props {
            return Shape::AllOfOne(&all[0]);
        }
        return Shape::AllOf;
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(members) = v.get(key).and_then(Value::as_array) {
            let non_null: Vec<(usize, &Value)> =
                members.iter().enumerate().filter(|(_, m)| !is_null_schema(m)).collect();
            let key: &'static str = if key == "oneOf" { "oneOf" } else { "anyOf" };
            return match non_null.len() {
                0 => Shape::Any,
                1 => Shape::UnionOne(key, non_null[0].0, non_null[0].1),
                _ => Shape::Union(key, non_null),
            };
        }
    }
    if let Some(values) = v.get("enum").and_then(Value::as_array) {
        if values.iter().any(|x| !x.is_null()) {
            return Shape::Enum(values);
        }
        return Shape::Any;
    }
    if let Some(c) = v.get("const") {
        return Shape::Const(c);
    }
    let ts = types(v);
    if ts.len() > 1 {
        return Shape::Multi(ts);
    }
    let has_props = v.get("properties").is_some_and(|p| p.is_object());
    let t = ts.first().copied().or(if has_props || v.get("additionalProperties").is_some() {
        Some("object")
    } else if v.get("items").is_some() {
        Some("array")
    } else {
        None
    });
    match t {
        Some("object") => {
            let non_empty = v.get("properties").and_then(Value::as_object).is_some_and(|p| !p.is_empty());
            match v.get("additionalProperties") {
                _ if non_empty => Shape::Struct,
                Some(Value::Bool(true)) => Shape::Map(None),
                Some(ap @ Value::Object(o)) => Shape::Map(if o.is_empty() { None } else { Some(ap) }),
                _ => Shape::Struct,
            }
        }
        Some("array") => Shape::Array(v.get("items")),
        Some(p) => Shape::Prim(p),
        None => Shape::Any,
    }
}

/// `nullable: true` (3.0; accepted in 3.1 files too, as real specs use it),
/// `type: [.., "null"]`, `null` in `enum`, a null `oneOf`/`anyOf` member.
pub fn own_nullable(v: &Value) -> bool {
    v.get("nullable").and_then(Value::as_bool) == Some(true)
        || v.get("type").and_then(Value::as_array).is_some_and(|a| a.iter().any(|t| t == "null"))
        || v.get("type").and_then(Value::as_str) == Some("null")
        || v.get("enum").and_then(Value::as_array).is_some_and(|e| e.iter().any(Value::is_null))
        || v.get("const").is_some_and(Value::is_null)
        || ["oneOf", "anyOf"].iter().any(|k| {
            v.get(*k).and_then(Value::as_array).is_some_and(|m| m.iter().any(is_null_schema))
        })
}

/// `/components/schemas/<name>` -> `<name>` (unescaped).
pub fn component_name(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/schemas/")?;
    if rest.is_empty() || rest.contains('/') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

pub fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

pub fn deprecated_of(v: &Value) -> Option<String> {
    (v.get("deprecated").and_then(Value::as_bool) == Some(true)).then(String::new)
}

/// The example of a schema: `example`, else the first of 3.1 `examples`.
pub fn example_of(v: &Value) -> Option<Value> {
    v.get("example")
        .cloned()
        .or_else(|| v.get("examples").and_then(Value::as_array).and_then(|a| a.first().cloned()))
}

fn name_override(v: &Value) -> Option<String> {
    str_of(v, "x-speakeasy-name-override").filter(|s| !s.trim().is_empty())
}

/// Open-enum markers: Speakeasy's `x-speakeasy-unknown-values: allow`, and
/// Zalando's `x-extensible-enum`.
fn is_open_enum(v: &Value) -> bool {
    v.get("x-speakeasy-unknown-values").and_then(Value::as_str) == Some("allow")
        || v.get("x-extensible-enum").is_some()
}

struct Prop {
    name: String,
    schema: Value,
    loc: Loc,
}

#[derive(Default)]
struct Merged {
    props: Vec<Prop>,
    required: BTreeSet<String>,
    /// `Some(None)` = any extra keys, `Some(Some(schema))`, or `None`.
    additional: Option<Option<(Value, Loc)>>,
    deny_unknown: bool,
}

impl Lowerer<'_> {
    /// Lowers the named schema at `loc` into the model `me`.
    pub fn lower_named(&mut self, loc: &Loc, me: &ModelRef) {
        // A handle, not a copy of the schema: lowering needs `&mut self`.
        let doc = self.src.doc(loc);
        let Some(v) = doc.as_deref().and_then(|d| super::source::at(d, loc)) else {
            self.error(loc, "schema disappeared while lowering (internal)");
            return;
        };
        let kind = self.model_kind(v, loc, &me.namespace, &me.name, &me.name, 0);
        let model = Model {
            name: me.name.clone(),
            origin: self.origin(loc),
            description: str_of(v, "description"),
            deprecated: deprecated_of(v),
            kind,
        };
        self.insert_model(me, model);
    }

    /// The kind of model a schema becomes when it must have a name.
    fn model_kind(
        &mut self,
        v: &Value,
        loc: &Loc,
        ns: &str,
        name: &str,
        parent: &str,
        depth: u32,
    ) -> ModelKind {
        let ctx = Ctx {
            ns: ns.to_string(),
            parent: parent.to_string(),
            candidates: vec![name.to_string()],
        };
        if depth > MAX_DEPTH {
            self.error(loc, format!("schema nesting exceeds {MAX_DEPTH} levels (a `$ref` cycle?)"));
            return ModelKind::Alias(Alias { ty: Type::Any });
        }
        match shape(v) {
            Shape::Enum(values) => ModelKind::Enum(self.lower_enum(v, values, loc)),
            Shape::Union(key, members) => {
                ModelKind::Union(self.lower_union(v, key, &members, loc, ns, name, parent, depth))
            }
            Shape::Multi(ts) => {
                let variants = ts
                    .iter()
                    .map(|t| {
                        let ty = prim(t, v);
                        Variant { label: label_of(&ty), ty, tags: Vec::new() }
                    })
                    .collect();
                ModelKind::Union(Union { variants, discriminator: None })
            }
            Shape::Struct | Shape::AllOf => {
                let mut m = Merged::default();
                let mut stack = Vec::new();
                self.gather(v, loc, &mut m, &mut stack, depth);
                ModelKind::Struct(self.lower_struct(m, ns, name, depth))
            }
            Shape::AllOfOne(member) if member.get("$ref").is_none() => {
                let mloc = loc.child("allOf").index(0);
                self.model_kind(member, &mloc, ns, name, parent, depth + 1)
            }
            Shape::UnionOne(key, i, member) if member.get("$ref").is_none() => {
                let mloc = loc.child(key).index(i);
                self.model_kind(member, &mloc, ns, name, parent, depth + 1)
            }
            Shape::Ref(_) | Shape::AllOfOne(_) | Shape::UnionOne(..) => {
                // A named wrapper around another schema: an alias of it, the
                // inner schema named after this model if it needs a model.
                let inner_ctx = Ctx {
                    candidates: vec![format!("{name}Value"), format!("{name}Inner")],
                    ..ctx
                };
                let ti = self.schema_type(v, loc, &inner_ctx, depth + 1);
                ModelKind::Alias(Alias { ty: ti.ty })
            }
            _ => {
                let ti = self.schema_type(v, loc, &ctx, depth + 1);
                ModelKind::Alias(Alias { ty: ti.ty })
            }
        }
    }

    /// The type of a schema used somewhere (property, item, parameter...).
    /// Inline schemas that need a model get one, named from `ctx`.
    pub fn schema_type(&mut self, v: &Value, loc: &Loc, ctx: &Ctx, depth: u32) -> TypeInfo {
        if depth > MAX_DEPTH {
            self.error(loc, format!("schema nesting exceeds {MAX_DEPTH} levels (a `$ref` cycle?)"));
            return TypeInfo::of(Type::Any);
        }
        if !v.is_object() {
            if v.as_bool() == Some(true) {
                return TypeInfo::of(Type::Any);
            }
            self.error(loc, "expected a schema object");
            return TypeInfo::of(Type::Any);
        }
        let nullable = own_nullable(v);
        let mut ti = match shape(v) {
            Shape::Ref(r) => self.ref_type(r, loc, ctx, depth),
            Shape::AllOfOne(member) => {
                let mloc = loc.child("allOf").index(0);
                self.schema_type(member, &mloc, ctx, depth + 1)
            }
            Shape::UnionOne(key, i, member) => {
                let mloc = loc.child(key).index(i);
                self.schema_type(member, &mloc, ctx, depth + 1)
            }
            Shape::Enum(_) | Shape::Union(..) | Shape::Multi(_) | Shape::Struct | Shape::AllOf => {
                let mut cands = Vec::new();
                if let Some(o) = name_override(v) {
                    cands.push(o);
                }
                cands.extend(ctx.candidates.iter().cloned());
                let name = self.names.alloc(&ctx.ns, &cands);
                let me = ModelRef { namespace: ctx.ns.clone(), name: name.clone() };
                let kind = self.model_kind(v, loc, &ctx.ns, &name, &ctx.parent, depth + 1);
                let model = Model {
                    name: name.clone(),
                    origin: self.origin(loc),
                    description: str_of(v, "description"),
                    deprecated: None,
                    kind,
                };
                self.insert_model(&me, model);
                TypeInfo::of(Type::Ref { target: me })
            }
            Shape::Const(c) => {
                if c.is_null() {
                    TypeInfo { ty: Type::Any, nullable: true }
                } else {
                    TypeInfo::of(Type::Literal { value: c.clone() })
                }
            }
            Shape::Map(values) => {
                let ty = match values {
                    None => Type::Any,
                    Some(s) => {
                        let vloc = loc.child("additionalProperties");
                        let t = self.schema_type(s, &vloc, ctx, depth + 1);
                        t.ty
                    }
                };
                TypeInfo::of(Type::Map { values: Box::new(ty) })
            }
            Shape::Array(items) => {
                let ty = match items {
                    None => Type::Any,
                    Some(s) => self.schema_type(s, &loc.child("items"), ctx, depth + 1).ty,
                };
                TypeInfo::of(Type::Array { items: Box::new(ty) })
            }
            Shape::Prim("null") => TypeInfo { ty: Type::Any, nullable: true },
            Shape::Prim(t) => {
                if !matches!(t, "string" | "number" | "integer" | "boolean") {
                    self.error(
                        loc,
                        format!(
                            "unknown type `{t}`; expected string, number, integer, boolean, \
                             array, object or null"
                        ),
                    );
                    let kinds = ["string", "number", "integer", "boolean", "array", "object", "null"];
                    let help = crate::diag::closest(t, kinds).map(|k| format!("did you mean `type: {k}`?"));
                    if let Some(d) = self.diags.last_mut() {
                        d.help = help;
                    }
                }
                TypeInfo::of(prim(t, v))
            }
            Shape::Any => TypeInfo::of(Type::Any),
        };
        ti.nullable |= nullable;
        if let Some(types) = &mut self.types {
            types.entry(loc.clone()).or_insert_with(|| ti.clone());
        }
        ti
    }

    /// A `$ref`: component schemas (in any file) are named models; other
    /// targets are inlined, or named after their last pointer token when
    /// they need a model.
    fn ref_type(&mut self, r: &str, loc: &Loc, ctx: &Ctx, depth: u32) -> TypeInfo {
        let target = match self.src.resolve(&loc.child("$ref"), r, &mut self.diags) {
            Ok(t) => t,
            Err(msg) => {
                self.error(loc, msg);
                return TypeInfo::of(Type::Any);
            }
        };
        let nullable = self.src.get(&target).is_some_and(own_nullable);
        if let Some(m) = self.named_ref(&target, &ctx.ns) {
            return TypeInfo { ty: Type::Ref { target: m }, nullable };
        }
        let Some(tv) = self.src.get(&target).cloned() else {
            self.error(loc, format!("`$ref: {r}` does not resolve"));
            return TypeInfo::of(Type::Any);
        };
        if matches!(
            shape(&tv),
            Shape::Enum(_) | Shape::Union(..) | Shape::Multi(_) | Shape::Struct | Shape::AllOf
        ) {
            let last = target.pointer.rsplit('/').next().unwrap_or("").replace("~1", "/").replace("~0", "~");
            let name = self.names.alloc(&ctx.ns, &[pascal_case(&last), format!("{}{}", ctx.parent, pascal_case(&last))]);
            let me = ModelRef { namespace: ctx.ns.clone(), name };
            self.named.insert(target.clone(), me.clone());
            self.pending.push_back((target, me.clone()));
            return TypeInfo { ty: Type::Ref { target: me }, nullable };
        }
        let mut ti = self.schema_type(&tv, &target, ctx, depth + 1);
        ti.nullable |= nullable;
        ti
    }

    /// The model for a `$ref` target that is a component schema, registering
    /// components of files loaded through `$ref` on first use.
    fn named_ref(&mut self, target: &Loc, ns: &str) -> Option<ModelRef> {
        if let Some(m) = self.named.get(target) {
            return Some(m.clone());
        }
        let name = component_name(&target.pointer)?;
        // A component of a file reached only through `$ref`: named like a
        // local component, in the namespace of the schema that refers to it.
        let ns = if ns == "errors" || ns == "operations" { "shared" } else { ns };
        let name = self.names.alloc(ns, &[name]);
        let me = ModelRef { namespace: ns.to_string(), name };
        self.named.insert(target.clone(), me.clone());
        self.pending.push_back((target.clone(), me.clone()));
        Some(me)
    }

    /// Collects properties, required names and additionalProperties of an
    /// object schema, merging `allOf` members (through `$ref`s).
    fn gather(&mut self, v: &Value, loc: &Loc, m: &mut Merged, stack: &mut Vec<Loc>, depth: u32) {
        if depth > MAX_DEPTH {
            self.error(loc, format!("allOf nesting exceeds {MAX_DEPTH} levels"));
            return;
        }
        if let Some(r) = v.get("$ref").and_then(Value::as_str) {
            let target = match self.src.resolve(&loc.child("$ref"), r, &mut self.diags) {
                Ok(t) => t,
                Err(msg) => {
                    self.error(loc, msg);
                    return;
                }
            };
            if stack.contains(&target) {
                self.error(loc, format!("`$ref: {r}` forms a cycle through allOf; an object cannot contain itself"));
                return;
            }
            let Some(tv) = self.src.get(&target).cloned() else { return };
            stack.push(target.clone());
            self.gather(&tv, &target, m, stack, depth + 1);
            stack.pop();
            return;
        }
        if let Some(all) = v.get("allOf").and_then(Value::as_array) {
            for (i, member) in all.iter().enumerate() {
                let mloc = loc.child("allOf").index(i);
                if !member.is_object() {
                    self.error(&mloc, "expected a schema object in allOf");
                    continue;
                }
                let ok = member.get("$ref").is_some()
                    || member.get("allOf").is_some()
                    || matches!(shape(member), Shape::Struct | Shape::Map(_) | Shape::Any);
                if !ok {
                    self.error(
                        &mloc,
                        "allOf member is not an object schema; expected properties to merge",
                    );
                    continue;
                }
                self.gather(member, &mloc, m, stack, depth + 1);
            }
        }
        if let Some(props) = v.get("properties") {
            match props.as_object() {
                Some(props) => {
                    let ploc = loc.child("properties");
                    for (name, schema) in props {
                        if let Some(prev) = m.props.iter().find(|p| &p.name == name) {
                            if &prev.schema != schema {
                                let prev_at = format!("{}#{}", self.src.display(prev.loc.file), prev.loc.pointer);
                                self.error(
                                    &ploc.child(name),
                                    format!(
                                        "allOf merge conflict: property `{name}` is also defined \
                                         differently at {prev_at}; expected identical definitions"
                                    ),
                                );
                            }
                            continue;
                        }
                        m.props.push(Prop { name: name.clone(), schema: schema.clone(), loc: ploc.child(name) });
                    }
                }
                None => self.error(&loc.child("properties"), "expected an object of property schemas"),
            }
        }
        if let Some(req) = v.get("required") {
            match req.as_array() {
                Some(a) => {
                    for r in a {
                        match r.as_str() {
                            Some(s) => {
                                m.required.insert(s.to_string());
                            }
                            None => self.error(&loc.child("required"), "expected an array of property names"),
                        }
                    }
                }
                // `required: true` on a property schema is a common 2.0-ism; ignore it.
                None if req.is_boolean() => {}
                None => self.error(&loc.child("required"), "expected an array of property names"),
            }
        }
        match v.get("additionalProperties") {
            Some(Value::Bool(false)) => m.deny_unknown = true,
            Some(Value::Bool(true)) => m.additional = Some(None),
            Some(ap @ Value::Object(o)) => {
                m.additional = Some(if o.is_empty() { None } else { Some((ap.clone(), loc.child("additionalProperties"))) });
            }
            Some(_) => self.error(&loc.child("additionalProperties"), "expected a boolean or a schema"),
            None => {}
        }
    }

    fn lower_struct(&mut self, m: Merged, ns: &str, name: &str, depth: u32) -> Struct {
        let mut fields = Vec::with_capacity(m.props.len());
        for p in &m.props {
            let ctx = Ctx {
                ns: ns.to_string(),
                parent: name.to_string(),
                candidates: vec![pascal_case(&p.name), format!("{name}{}", pascal_case(&p.name))],
            };
            if !p.schema.is_object() {
                self.error(&p.loc, "expected a property schema object");
                continue;
            }
            let ti = self.schema_type(&p.schema, &p.loc, &ctx, depth + 1);
            fields.push(Field {
                name: p.name.clone(),
                wire_name: p.name.clone(),
                ty: ti.ty,
                required: m.required.contains(&p.name),
                nullable: ti.nullable,
                description: str_of(&p.schema, "description"),
                example: example_of(&p.schema),
                default: p.schema.get("default").cloned(),
                deprecated: deprecated_of(&p.schema),
                read_only: p.schema.get("readOnly").and_then(Value::as_bool) == Some(true),
                write_only: p.schema.get("writeOnly").and_then(Value::as_bool) == Some(true),
                location: None,
                origin: self.origin(&p.loc),
            });
        }
        let (additional, deny_unknown) = if m.deny_unknown {
            (None, true)
        } else if let Some(extra) = m.additional {
            let ty = match extra {
                None => Type::Any,
                Some((s, sloc)) => {
                    let ctx = Ctx {
                        ns: ns.to_string(),
                        parent: name.to_string(),
                        candidates: vec![format!("{name}Additional")],
                    };
                    self.schema_type(&s, &sloc, &ctx, depth + 1).ty
                }
            };
            (Some(ty), false)
        } else if fields.is_empty() {
            // `type: object` with nothing declared: keep every key received.
            (Some(Type::Any), false)
        } else {
            (None, false)
        };
        Struct { fields, additional, deny_unknown }
    }

    fn lower_enum(&mut self, v: &Value, values: &[Value], loc: &Loc) -> Enum {
        let non_null: Vec<&Value> = values.iter().filter(|x| !x.is_null()).collect();
        let repr = if non_null.iter().all(|x| x.is_string()) {
            EnumRepr::String
        } else if non_null.iter().all(|x| x.is_i64() || x.is_u64()) {
            EnumRepr::Integer
        } else {
            self.error(
                &loc.child("enum"),
                "enum values must be all strings or all integers (plus null); found a mix or \
                 another kind",
            );
            EnumRepr::String
        };
        let names = ["x-enum-varnames", "x-enumNames"]
            .iter()
            .find_map(|k| v.get(*k).and_then(Value::as_array))
            .filter(|a| a.len() == values.len());
        let descriptions = v
            .get("x-enum-descriptions")
            .and_then(Value::as_array)
            .filter(|a| a.len() == values.len());
        let mut out: Vec<EnumValue> = Vec::new();
        // Values seen, as JSON text (canonical for strings and integers): a
        // set, as enums with thousands of values exist (a scan per value
        // was a third of lowering the marketing spec).
        let mut seen = std::collections::BTreeSet::new();
        for (i, x) in values.iter().enumerate() {
            let keep = match repr {
                EnumRepr::String => x.is_string(),
                EnumRepr::Integer => x.is_i64() || x.is_u64(),
            };
            if !keep || !seen.insert(x.to_string()) {
                continue;
            }
            out.push(EnumValue {
                name: names.and_then(|n| n.get(i)).and_then(Value::as_str).map(str::to_string),
                value: x.clone(),
                description: descriptions.and_then(|d| d.get(i)).and_then(Value::as_str).map(str::to_string),
            });
        }
        if let Some(extra) = v.get("x-extensible-enum").and_then(Value::as_array) {
            for x in extra {
                if x.is_string() && seen.insert(x.to_string()) {
                    out.push(EnumValue { name: None, value: x.clone(), description: None });
                }
            }
        }
        Enum { repr, values: out, open: is_open_enum(v) }
    }

    /// A property's single allowed value (`const` or one-value `enum`) in an
    /// object schema, looked up through `allOf` members and `$ref`s; used as
    /// a discriminator tag.
    fn fixed_property_value(&mut self, schema: &Value, loc: &Loc, prop: &str, depth: u32) -> Option<String> {
        if depth > 16 {
            return None;
        }
        if let Some(p) = schema.get("properties").and_then(|p| p.get(prop)) {
            if let Some(c) = p.get("const").and_then(Value::as_str) {
                return Some(c.to_string());
            }
            if let Some(e) = p.get("enum").and_then(Value::as_array) {
                if e.len() == 1 {
                    return e[0].as_str().map(str::to_string);
                }
            }
        }
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let mut scratch = Vec::new();
            let t = self.src.resolve(loc, r, &mut scratch).ok()?;
            let doc = self.src.doc(&t)?;
            let tv = super::source::at(&doc, &t)?;
            return self.fixed_property_value(tv, &t, prop, depth + 1);
        }
        let members = schema.get("allOf").and_then(Value::as_array)?;
        for (i, m) in members.iter().enumerate() {
            if let Some(v) = self.fixed_property_value(m, &loc.child("allOf").index(i), prop, depth + 1) {
                return Some(v);
            }
        }
        None
    }

    #[allow(clippy::too_many_arguments)]
    fn lower_union(
        &mut self,
        v: &Value,
        key: &str,
        members: &[(usize, &Value)],
        loc: &Loc,
        ns: &str,
        name: &str,
        parent: &str,
        depth: u32,
    ) -> Union {
        let disc = v.get("discriminator");
        let property = disc.and_then(|d| d.get("propertyName")).and_then(Value::as_str);
        if disc.is_some() && property.is_none() {
            self.error(&loc.child("discriminator"), "expected `propertyName` in discriminator");
        }
        let mapping: Vec<(String, Loc)> = match disc.and_then(|d| d.get("mapping")) {
            Some(Value::Object(map)) => {
                let mut out = Vec::new();
                for (tag, target) in map {
                    let mloc = loc.child("discriminator").child("mapping").child(tag);
                    let Some(t) = target.as_str() else {
                        self.error(&mloc, "expected a schema name or `$ref` string");
                        continue;
                    };
                    // A bare name means `#/components/schemas/<name>`.
                    let r = if t.contains('#') || t.contains('/') || t.ends_with(".yaml") || t.ends_with(".json") {
                        t.to_string()
                    } else {
                        format!("#/components/schemas/{}", super::source::escape_token(t))
                    };
                    match self.src.resolve(&mloc, &r, &mut self.diags) {
                        Ok(l) => out.push((tag.clone(), l)),
                        Err(msg) => self.error(&mloc, msg),
                    }
                }
                out
            }
            Some(_) => {
                self.error(&loc.child("discriminator").child("mapping"), "expected an object");
                Vec::new()
            }
            None => Vec::new(),
        };
        let mut variants = Vec::new();
        for &(i, member) in members {
            let mloc = loc.child(key).index(i);
            let ctx = Ctx {
                ns: ns.to_string(),
                parent: parent.to_string(),
                candidates: vec![format!("{parent}{}", i + 1), format!("{name}{}", i + 1)],
            };
            let ti = self.schema_type(member, &mloc, &ctx, depth + 1);
            let mut tags = Vec::new();
            if let Some(prop) = property {
                let target = member
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| self.src.resolve(&mloc.child("$ref"), r, &mut self.diags).ok());
                if let Some(t) = &target {
                    tags.extend(mapping.iter().filter(|(_, l)| l == t).map(|(tag, _)| tag.clone()));
                }
                if tags.is_empty() {
                    let resolved = match &target {
                        Some(t) => self.src.get(t).cloned(),
                        None => Some(member.clone()),
                    };
                    let fixed = match (&resolved, &target) {
                        (Some(s), Some(t)) => self.fixed_property_value(s, t, prop, 0),
                        (Some(s), None) => self.fixed_property_value(s, &mloc, prop, 0),
                        _ => None,
                    };
                    if let Some(tag) = fixed {
                        tags.push(tag);
                    } else if let Some(n) = target.as_ref().and_then(|t| component_name(&t.pointer)) {
                        tags.push(n);
                    } else {
                        self.error(
                            &mloc,
                            format!(
                                "cannot tell the discriminator value (`{prop}`) of this variant; \
                                 expected a `$ref` to a component, a mapping entry, or a const/enum \
                                 on `{prop}`"
                            ),
                        );
                    }
                }
            }
            let label = match member.get("$ref").and_then(Value::as_str) {
                Some(_) => match &ti.ty {
                    Type::Ref { target } => target.name.clone(),
                    other => label_of(other),
                },
                None => label_of(&ti.ty),
            };
            variants.push(Variant { label, ty: ti.ty, tags });
        }
        Union {
            variants,
            discriminator: property.map(|p| Discriminator { property: p.to_string() }),
        }
    }
}

/// A primitive type with its format.
fn prim(t: &str, v: &Value) -> Type {
    let format = v.get("format").and_then(Value::as_str);
    match t {
        "string" => match format {
            Some("date-time") => Type::DateTime,
            Some("date") => Type::Date,
            Some("uuid") => Type::Uuid,
            Some("byte") => Type::Bytes,
            Some("binary") => Type::Binary,
            _ => Type::String,
        },
        "integer" => Type::Integer { format: format.map(str::to_string) },
        "number" => Type::Number { format: format.map(str::to_string) },
        "boolean" => Type::Boolean,
        _ => Type::Any,
    }
}

/// How a variant is labelled in the docs' `## Supported Types` style.
pub fn label_of(t: &Type) -> String {
    match t {
        Type::String | Type::Uuid | Type::Bytes => "string".into(),
        Type::Number { .. } | Type::Integer { .. } => "number".into(),
        Type::Boolean => "boolean".into(),
        Type::DateTime | Type::Date => "Date".into(),
        Type::Binary => "Uint8Array".into(),
        Type::Any => "any".into(),
        Type::Array { items } => format!("{}[]", label_of(items)),
        Type::Map { values } => format!("Record<string, {}>", label_of(values)),
        Type::Ref { target } => target.name.clone(),
        Type::Literal { value } => value.to_string(),
        Type::Opaque { .. } => "opaque".into(),
    }
}
