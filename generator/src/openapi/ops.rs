//! Operations -> `<Op>Request` / `<Op>Response` models in `operations`
//! (and inline error bodies in `errors`).

use serde_json::Value;

use super::schema::{deprecated_of, example_of, str_of, Ctx};
use super::source::Loc;
use super::Lowerer;
use crate::ir::{Field, Model, ModelKind, ModelRef, ParamLocation, Struct, Type};
use crate::naming::{camel_case, pascal_case};

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Preferred media type: JSON first, then anything else in source order.
fn pick_media(content: &serde_json::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<(&String, &Value)> = content.iter().collect();
    v.sort_by_key(|(k, _)| if k.contains("json") { 0 } else { 1 });
    v
}

impl Lowerer<'_> {
    pub fn lower_operations(&mut self, file: usize) {
        let ploc = Loc { file, pointer: "/paths".into() };
        // A handle on the document, not a copy: lowering needs `&mut self`.
        let Some(doc) = self.src.files.get(file).map(|f| std::sync::Arc::clone(&f.value)) else { return };
        let paths = match doc.get("paths") {
            None => return,
            Some(Value::Object(p)) => p,
            Some(_) => {
                self.error(&ploc, "expected a mapping of paths to path items");
                return;
            }
        };
        for (path, item) in paths {
            let mut iloc = ploc.child(path);
            let mut item = std::borrow::Cow::Borrowed(item);
            if let Some(r) = item.get("$ref").and_then(Value::as_str).map(str::to_string) {
                match self.src.resolve(&iloc.child("$ref"), &r, &mut self.diags) {
                    Ok(t) => {
                        item = std::borrow::Cow::Owned(self.src.get(&t).cloned().unwrap_or(Value::Null));
                        iloc = t;
                    }
                    Err(msg) => {
                        self.error(&iloc, msg);
                        continue;
                    }
                }
            }
            if !item.is_object() {
                self.error(&iloc, "expected a path item mapping");
                continue;
            }
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let oloc = iloc.child(method);
                if !op.is_object() {
                    self.error(&oloc, "expected an operation mapping");
                    continue;
                }
                self.lower_operation(path, method, &item, &iloc, op, &oloc);
            }
        }
    }

    fn lower_operation(
        &mut self,
        path: &str,
        method: &str,
        item: &Value,
        iloc: &Loc,
        op: &Value,
        oloc: &Loc,
    ) {
        let base = match op.get("operationId").and_then(Value::as_str) {
            Some(id) if !pascal_case(id).is_empty() => pascal_case(id),
            _ => pascal_case(&format!("{method} {path}")),
        };
        if let Some(prev) = self.operations.get(&base) {
            if self.src.get(prev) == Some(op) {
                return;
            }
        }
        self.operations.insert(base.clone(), oloc.clone());
        let ns = "operations";

        // Parameters: path-level ones, overridden by the operation's own
        // with the same (name, in).
        let mut params: Vec<(Found, Loc)> = Vec::new();
        for (owner, owner_loc) in [(item, iloc), (op, oloc)] {
            let Some(list) = owner.get("parameters") else { continue };
            let lloc = owner_loc.child("parameters");
            let Some(list) = list.as_array() else {
                self.error(&lloc, "expected an array of parameters");
                continue;
            };
            for (i, p) in list.iter().enumerate() {
                let Some((p, loc)) = self.deref(p, &lloc.index(i)) else { continue };
                let key = |v: &Value| (str_of(v, "name"), str_of(v, "in"));
                params.retain(|(q, _)| key(q.value()) != key(p.value()));
                params.push((p, loc));
            }
        }
        let mut fields = Vec::new();
        for (p, loc) in &params {
            if let Some(mut f) = self.param_field(p.value(), loc, &base) {
                // The same name in another location (`x-account-id` header and
                // query): Speakeasy's field name `xAccountIdQueryParameter`.
                if fields.iter().any(|g: &Field| g.wire_name == f.wire_name) {
                    let word = format!("{:?}", f.location.unwrap_or(ParamLocation::Query));
                    f.name = format!("{}_{}_parameter", f.name, word.to_lowercase());
                }
                fields.push(f);
            }
        }
        if let Some(body) = op.get("requestBody") {
            if let Some((found, bloc)) = self.deref(body, &oloc.child("requestBody")) {
                let body = found.value();
                let required = body.get("required").and_then(Value::as_bool) == Some(true);
                let description = str_of(body, "description");
                for (ty, ref_name, ex, _mloc) in self.content_types(body, &bloc, ns, &base, &format!("{base}RequestBody"), false) {
                    let name = ref_name.unwrap_or_else(|| "requestBody".to_string());
                    if fields.iter().any(|f: &Field| f.ty == ty) {
                        continue;
                    }
                    let name = unique_field(&fields, &name);
                    fields.push(Field {
                        name: name.clone(),
                        wire_name: name,
                        ty,
                        required,
                        nullable: false,
                        description: description.clone(),
                        example: ex,
                        default: None,
                        deprecated: None,
                        read_only: false,
                        write_only: false,
                        location: Some(ParamLocation::Body),
                        origin: self.origin(&bloc),
                    });
                }
            }
        }
        let req = self.names.alloc(ns, &[format!("{base}Request")]);
        self.emit_struct(ns, &req, op, oloc, fields);

        // Responses: success bodies into `<Op>Response`; inline error bodies
        // are named into `errors`.
        let mut rfields: Vec<Field> = Vec::new();
        let rloc = oloc.child("responses");
        if let Some(Value::Object(responses)) = op.get("responses") {
            for (status, resp) in responses {
                let Some((found, loc)) = self.deref(resp, &rloc.child(status)) else { continue };
                let resp = found.value();
                let success = status.starts_with('2');
                let error = status.starts_with('4') || status.starts_with('5') || status == "default";
                if !success && !error {
                    continue;
                }
                let (rns, inline_name) = if success {
                    ("operations", format!("{base}ResponseBody"))
                } else {
                    ("errors", format!("{base}{}ResponseBody", pascal_case(status)))
                };
                let found = self.content_types(resp, &loc, rns, &base, &inline_name, true);
                if !success {
                    continue;
                }
                for (ty, ref_name, ex, mloc) in found {
                    if rfields.iter().any(|f| f.ty == ty) {
                        continue;
                    }
                    let name = match (&ty, ref_name) {
                        (Type::Binary, _) => "body".to_string(),
                        (_, Some(n)) => n,
                        // Speakeasy's names for an inline array / object body.
                        (Type::Array { .. }, None) => "classes".to_string(),
                        _ => "object".to_string(),
                    };
                    let name = unique_field(&rfields, &name);
                    rfields.push(Field {
                        name: name.clone(),
                        wire_name: name,
                        ty,
                        required: false,
                        nullable: false,
                        description: str_of(resp, "description"),
                        example: ex,
                        default: None,
                        deprecated: None,
                        read_only: false,
                        write_only: false,
                        location: Some(ParamLocation::Body),
                        origin: self.origin(&mloc),
                    });
                }
            }
        } else if op.get("responses").is_some() {
            self.error(&rloc, "expected a mapping of status codes to responses");
        }
        let resp = self.names.alloc(ns, &[format!("{base}Response")]);
        self.emit_struct(ns, &resp, op, oloc, rfields);
    }

    fn emit_struct(&mut self, ns: &str, name: &str, op: &Value, oloc: &Loc, fields: Vec<Field>) {
        let me = ModelRef { namespace: ns.to_string(), name: name.to_string() };
        let model = Model {
            name: name.to_string(),
            origin: self.origin(oloc),
            description: str_of(op, "summary").or_else(|| str_of(op, "description")),
            deprecated: deprecated_of(op),
            kind: ModelKind::Struct(Struct { fields, additional: None, deny_unknown: false }),
        };
        self.insert_model(&me, model);
    }

    /// Follows a `$ref` (parameter, request body, response), returning the
    /// value found (without copying it: parameters and bodies were a fifth
    /// of lowering the merged corpus spec when cloned) and its location.
    fn deref<'v>(&mut self, v: &'v Value, loc: &Loc) -> Option<(Found<'v>, Loc)> {
        let mut found = Found::Here(v);
        let mut loc = loc.clone();
        for _ in 0..super::MAX_DEPTH {
            let Some(r) = found.value().get("$ref").and_then(Value::as_str).map(str::to_string) else {
                if !found.value().is_object() {
                    self.error(&loc, "expected a mapping");
                    return None;
                }
                return Some((found, loc));
            };
            match self.src.resolve(&loc.child("$ref"), &r, &mut self.diags) {
                Ok(t) => {
                    found = match self.src.doc(&t) {
                        Some(doc) => Found::There(doc, t.clone()),
                        None => Found::Here(&Value::Null),
                    };
                    loc = t;
                }
                Err(msg) => {
                    self.error(&loc, msg);
                    return None;
                }
            }
        }
        self.error(&loc, "`$ref` chain too long (a cycle?)");
        None
    }

    fn param_field(&mut self, p: &Value, loc: &Loc, base: &str) -> Option<Field> {
        let Some(name) = str_of(p, "name") else {
            self.error(loc, "parameter without `name`; expected a string");
            return None;
        };
        let location = match p.get("in").and_then(Value::as_str) {
            Some("path") => ParamLocation::Path,
            Some("query") => ParamLocation::Query,
            Some("header") => ParamLocation::Header,
            Some("cookie") => ParamLocation::Cookie,
            other => {
                self.error(
                    &loc.child("in"),
                    format!("parameter `in: {}`; expected path, query, header or cookie", other.unwrap_or("(missing)")),
                );
                return None;
            }
        };
        let loc_word = match location {
            ParamLocation::Path => "PathParam",
            ParamLocation::Query => "QueryParam",
            ParamLocation::Header => "HeaderParam",
            ParamLocation::Cookie => "CookieParam",
            ParamLocation::Body => "Body",
        };
        let pn = pascal_case(&name);
        let ctx = Ctx {
            ns: "operations".into(),
            parent: format!("{base}Request"),
            candidates: vec![pn.clone(), format!("{loc_word}{pn}"), format!("{base}{loc_word}{pn}")],
        };
        // A parameter has a `schema`, or a `content` with one media type.
        let (schema, sloc) = if let Some(s) = p.get("schema") {
            (s.clone(), loc.child("schema"))
        } else if let Some(Value::Object(content)) = p.get("content") {
            match pick_media(content).first() {
                Some((media, m)) => (
                    m.get("schema").cloned().unwrap_or(Value::Object(Default::default())),
                    loc.child("content").child(media).child("schema"),
                ),
                None => (Value::Object(Default::default()), loc.clone()),
            }
        } else {
            (Value::Object(Default::default()), loc.clone())
        };
        let ti = self.schema_type(&schema, &sloc, &ctx, 0);
        let required = location == ParamLocation::Path || p.get("required").and_then(Value::as_bool) == Some(true);
        Some(Field {
            name: name.clone(),
            wire_name: name,
            ty: ti.ty,
            required,
            nullable: ti.nullable,
            description: str_of(p, "description").or_else(|| str_of(&schema, "description")),
            example: p.get("example").cloned().or_else(|| example_of(&schema)),
            default: schema.get("default").cloned(),
            deprecated: deprecated_of(p).or_else(|| deprecated_of(&schema)),
            read_only: false,
            write_only: false,
            location: Some(location),
            origin: self.origin(loc),
        })
    }

    /// The types of a body's media types (JSON first), deduplicated.
    fn content_types(
        &mut self,
        body: &Value,
        loc: &Loc,
        ns: &str,
        base: &str,
        inline_name: &str,
        response: bool,
    ) -> Vec<(Type, Option<String>, Option<Value>, Loc)> {
        let mut out: Vec<(Type, Option<String>, Option<Value>, Loc)> = Vec::new();
        let Some(content) = body.get("content") else { return out };
        let Some(content) = content.as_object() else {
            self.error(&loc.child("content"), "expected a mapping of media types");
            return out;
        };
        for (media, m) in pick_media(content) {
            let mloc = loc.child("content").child(media);
            let Some(schema) = m.get("schema") else { continue };
            let ctx = Ctx {
                ns: ns.to_string(),
                parent: base.to_string(),
                candidates: vec![inline_name.to_string()],
            };
            let ty = self.schema_type(schema, &mloc.child("schema"), &ctx, 0).ty;
            let ref_name = match (&ty, schema.get("$ref")) {
                (Type::Ref { target }, Some(_)) => Some(camel_case(&target.name)),
                _ => None,
            };
            // A response body in a non-JSON media type is not the schema's
            // JSON: `text/*` arrives as a string, anything else as raw bytes
            // (what Speakeasy's SDK exposes too).
            let ty = match media_kind(media) {
                _ if !response => ty,
                Media::Json => ty,
                Media::Text => Type::String,
                Media::Bytes => Type::Binary,
            };
            if out.iter().any(|(t, ..)| *t == ty) {
                continue;
            }
            let ex = m.get("example").cloned().or_else(|| example_of(schema));
            out.push((ty, ref_name, ex, mloc));
        }
        out
    }
}

/// A value [`Lowerer::deref`] found: the one given, or one a `$ref` led
/// to, read from its (shared) document.
enum Found<'v> {
    Here(&'v Value),
    There(std::sync::Arc<Value>, Loc),
}

impl Found<'_> {
    fn value(&self) -> &Value {
        match self {
            Found::Here(v) => v,
            Found::There(doc, loc) => super::source::at(doc, loc).unwrap_or(&Value::Null),
        }
    }
}

enum Media {
    Json,
    Text,
    Bytes,
}

fn media_kind(media: &str) -> Media {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    if m.contains("json") || m.is_empty() {
        Media::Json
    } else if m.starts_with("text/") {
        Media::Text
    } else {
        Media::Bytes
    }
}

fn unique_field(fields: &[Field], name: &str) -> String {
    if !fields.iter().any(|f| f.name == name) {
        return name.to_string();
    }
    (1u64..)
        .map(|n| format!("{name}{n}"))
        .find(|c| !fields.iter().any(|f| &f.name == c))
        .unwrap_or_else(|| name.to_string())
}
