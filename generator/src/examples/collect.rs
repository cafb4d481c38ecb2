//! Finds the examples attached to what modelgen generates a type for:
//! schema `example` / `examples` (every schema location lowering typed),
//! and the `example` / `examples` (Example objects, through `$ref`) of JSON
//! media types of request bodies and responses and of parameters.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::openapi::Typed;

/// A place in one of the loaded files: (index into `Typed::files`, JSON
/// pointer).
pub type Site = (usize, String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `example` / `examples` of a schema.
    Schema,
    /// Of a request or response media type.
    Media,
    /// Of a parameter.
    Parameter,
}

/// An example and the schema it is an example of.
#[derive(Debug, Clone)]
pub struct Found {
    pub at: Site,
    pub schema: Site,
    pub value: Value,
    pub kind: Kind,
}

/// An example that is not checked, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub at: Site,
    pub reason: String,
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// How many `$ref`s a chain may have (a cycle is cut here).
const MAX_REF_CHAIN: usize = 32;

struct Walk<'t> {
    t: &'t Typed,
    found: Vec<Found>,
    skipped: Vec<Skipped>,
    seen: BTreeSet<Site>,
}

/// Every example, sorted by file and pointer, each once; and the ones
/// that cannot be checked, with the reason.
pub fn collect(t: &Typed) -> (Vec<Found>, Vec<Skipped>) {
    let mut w = Walk { t, found: Vec::new(), skipped: Vec::new(), seen: BTreeSet::new() };
    for (file, pointer) in t.types.keys() {
        let Some(schema) = w.get(*file, pointer) else { continue };
        let site = (*file, pointer.clone());
        w.schema_examples(schema, &site);
    }
    for &file in &t.inputs {
        w.operations(file);
    }
    w.found.sort_by(|a, b| a.at.cmp(&b.at));
    w.skipped.sort_by(|a, b| a.at.cmp(&b.at));
    (w.found, w.skipped)
}

fn child(site: &Site, key: &str) -> Site {
    (site.0, format!("{}/{}", site.1, key.replace('~', "~0").replace('/', "~1")))
}

impl<'t> Walk<'t> {
    fn get(&self, file: usize, pointer: &str) -> Option<&'t Value> {
        let doc: &'t Value = &self.t.files.get(file)?.value;
        if pointer.is_empty() {
            Some(doc)
        } else {
            doc.pointer(pointer)
        }
    }

    /// Follows `$ref`s from the value at `site`: the value found and where.
    fn deref(&mut self, site: &Site) -> Option<(&'t Value, Site)> {
        let mut site = site.clone();
        for _ in 0..MAX_REF_CHAIN {
            let v = self.get(site.0, &site.1)?;
            let Some(r) = v.get("$ref").and_then(Value::as_str) else { return Some((v, site)) };
            site = self.t.resolve(site.0, r)?;
        }
        None
    }

    fn add(&mut self, at: Site, schema: &Site, value: &Value, kind: Kind) {
        if !self.seen.insert(at.clone()) {
            return;
        }
        if self.t.types.contains_key(schema) {
            self.found.push(Found { at, schema: schema.clone(), value: value.clone(), kind });
        } else {
            let reason = "modelgen generates no type for its schema (not lowered)".to_string();
            self.skipped.push(Skipped { at, reason });
        }
    }

    fn skip(&mut self, at: Site, reason: impl Into<String>) {
        if self.seen.insert(at.clone()) {
            self.skipped.push(Skipped { at, reason: reason.into() });
        }
    }

    fn schema_examples(&mut self, schema: &Value, site: &Site) {
        if let Some(v) = schema.get("example") {
            self.add(child(site, "example"), site, v, Kind::Schema);
        }
        match schema.get("examples") {
            Some(Value::Array(list)) => {
                let at = child(site, "examples");
                for (i, v) in list.iter().enumerate() {
                    self.add(child(&at, &i.to_string()), site, v, Kind::Schema);
                }
            }
            Some(_) => self.skip(
                child(site, "examples"),
                "a schema's `examples` must be an array of values (JSON Schema); this one is not",
            ),
            None => {}
        }
    }

    fn operations(&mut self, file: usize) {
        let paths = (file, "/paths".to_string());
        let Some(Value::Object(items)) = self.get(file, &paths.1) else { return };
        for key in items.keys() {
            let Some((item, iloc)) = self.deref(&child(&paths, key)) else { continue };
            for method in METHODS {
                if item.get(method).is_none() {
                    continue;
                }
                let Some((op, oloc)) = self.deref(&child(&iloc, method)) else { continue };
                for (owner, owner_loc) in [(item, &iloc), (op, &oloc)] {
                    let Some(Value::Array(params)) = owner.get("parameters") else { continue };
                    let ploc = child(owner_loc, "parameters");
                    for i in 0..params.len() {
                        if let Some((p, loc)) = self.deref(&child(&ploc, &i.to_string())) {
                            self.parameter(p, &loc);
                        }
                    }
                }
                if op.get("requestBody").is_some() {
                    if let Some((body, bloc)) = self.deref(&child(&oloc, "requestBody")) {
                        self.content(body, &bloc, false);
                    }
                }
                if let Some(Value::Object(responses)) = op.get("responses") {
                    let rloc = child(&oloc, "responses");
                    for status in responses.keys() {
                        if let Some((resp, loc)) = self.deref(&child(&rloc, status)) {
                            self.content(resp, &loc, true);
                        }
                    }
                }
            }
        }
    }

    fn parameter(&mut self, p: &Value, loc: &Site) {
        let schema = if p.get("schema").is_some() {
            Some(child(loc, "schema"))
        } else {
            p.get("content").and_then(Value::as_object).and_then(|c| {
                let media = c.keys().find(|m| is_json(m)).or_else(|| c.keys().next())?;
                Some(child(&child(&child(loc, "content"), media), "schema"))
            })
        };
        match &schema {
            Some(s) => self.examples_of(p, loc, s, Kind::Parameter),
            None => self.no_schema(p, loc),
        }
        self.content(p, loc, false);
    }

    /// The media types of a request body, response or parameter. A
    /// request body's type is its schema's whatever the media type (a form
    /// is an object of the same fields); a response in a media type that is
    /// not JSON is text or bytes in the generated code, not the schema.
    fn content(&mut self, owner: &Value, loc: &Site, response: bool) {
        let Some(Value::Object(content)) = owner.get("content") else { return };
        let cloc = child(loc, "content");
        for (media, m) in content {
            let mloc = child(&cloc, media);
            if response && !is_json(media) {
                for at in example_sites(m, &mloc) {
                    self.skip(at, format!("response media type `{media}` is read as text or bytes, not JSON"));
                }
                continue;
            }
            if m.get("schema").is_some() {
                self.examples_of(m, &mloc, &child(&mloc, "schema"), Kind::Media);
            } else {
                self.no_schema(m, &mloc);
            }
        }
    }

    /// `example` and `examples` (a map of Example objects) of a media type
    /// or parameter.
    fn examples_of(&mut self, owner: &Value, loc: &Site, schema: &Site, kind: Kind) {
        if let Some(v) = owner.get("example") {
            self.add(child(loc, "example"), schema, v, kind);
        }
        let Some(Value::Object(named)) = owner.get("examples") else { return };
        let eloc = child(loc, "examples");
        for name in named.keys() {
            let at = child(&eloc, name);
            let Some((ex, exloc)) = self.deref(&at) else {
                self.skip(at, "its `$ref` does not resolve to a value in the files modelgen read");
                continue;
            };
            if let Some(v) = ex.get("value") {
                self.add(child(&exloc, "value"), schema, v, kind);
            } else if ex.get("externalValue").is_some() {
                self.skip(exloc, "`externalValue`: the example is in another document, not read");
            } else {
                self.skip(exloc, "an Example object without `value`");
            }
        }
    }

    fn no_schema(&mut self, owner: &Value, loc: &Site) {
        for at in example_sites(owner, loc) {
            self.skip(at, "no schema to check it against");
        }
    }
}

/// Where the examples of a media type or parameter are (unresolved).
fn example_sites(owner: &Value, loc: &Site) -> Vec<Site> {
    let mut out = Vec::new();
    if owner.get("example").is_some() {
        out.push(child(loc, "example"));
    }
    if let Some(Value::Object(named)) = owner.get("examples") {
        let eloc = child(loc, "examples");
        out.extend(named.keys().map(|n| child(&eloc, n)));
    }
    out
}

/// Media types whose body modelgen reads as JSON (the rule of lowering:
/// the name contains `json`, or is empty).
fn is_json(media: &str) -> bool {
    let m = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    m.is_empty() || m.contains("json")
}
