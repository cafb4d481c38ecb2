//! Checks examples against their own schema with the `jsonschema` crate
//! (JSON Schema 2020-12), on the spec files converted by `dialect`.
//!
//! Every file read is one resource of a registry, under a `file://` URI of
//! its path, so relative `$ref`s between files resolve as they did for
//! modelgen; nothing is fetched. An example's schema is validated as
//! `{"$ref": "<file uri>#<pointer>"}`, compiled once per schema location.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;

use jsonschema::{Draft, Registry, Validator};
use serde_json::Value;

use super::collect::Site;
use super::dialect;
use crate::openapi::Typed;

/// Errors shown per invalid example (the count is always exact).
const SHOWN_ERRORS: usize = 3;

pub enum Verdict {
    Valid,
    /// The validator's messages, each with the place in the example.
    Invalid(Vec<String>),
    /// The schema could not be compiled (an unresolvable `$ref`, a keyword
    /// in a form 2020-12 does not have): the example is not checked.
    SchemaError(String),
}

pub struct Validators {
    registry: Option<Registry<'static>>,
    registry_error: Option<String>,
    uris: Vec<String>,
    compiled: BTreeMap<Site, Result<Validator, String>>,
}

impl Validators {
    pub fn new(t: &Typed) -> Validators {
        let v30 = t
            .inputs
            .first()
            .and_then(|&i| t.files.get(i))
            .and_then(|f| f.value.get("openapi"))
            .and_then(Value::as_str)
            .is_some_and(|v| v.starts_with("3.0"));
        let uris: Vec<String> = t.files.iter().map(|f| file_uri(&f.path)).collect();
        let resources = t.files.iter().zip(&uris).map(|(f, uri)| {
            let mut doc = Value::clone(&f.value);
            dialect::convert_document(&mut doc, v30);
            (uri.clone(), Draft::Draft202012.create_resource(doc))
        });
        let registry = std::panic::catch_unwind(AssertUnwindSafe(|| {
            Registry::new()
                .draft(Draft::Draft202012)
                .extend(resources)
                .and_then(|b| b.prepare())
                .map_err(|e| e.to_string())
        }))
        .unwrap_or_else(|_| Err("the validator panicked reading the spec files".into()));
        let (registry, registry_error) = match registry {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        };
        Validators { registry, registry_error, uris, compiled: BTreeMap::new() }
    }

    pub fn check(&mut self, schema: &Site, example: &Value) -> Verdict {
        if !self.compiled.contains_key(schema) {
            let v = self.compile(schema);
            self.compiled.insert(schema.clone(), v);
        }
        match self.compiled.get(schema) {
            Some(Ok(v)) => {
                // Input is untrusted: a panic in the validator is this
                // example's problem, not the run's.
                let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    v.iter_errors(example).map(|e| (e.instance_path().to_string(), e.to_string())).collect::<Vec<_>>()
                }));
                let Ok(errors) = run else {
                    return Verdict::SchemaError("the validator panicked on this example".into());
                };
                if errors.is_empty() {
                    return Verdict::Valid;
                }
                let mut shown: Vec<String> = errors
                    .iter()
                    .take(SHOWN_ERRORS)
                    .map(|(at, e)| {
                        let at = if at.is_empty() { "(the example)" } else { at.as_str() };
                        format!("at {at}: {e}")
                    })
                    .collect();
                if errors.len() > SHOWN_ERRORS {
                    shown.push(format!("... {} errors in all", errors.len()));
                }
                Verdict::Invalid(shown)
            }
            Some(Err(e)) => Verdict::SchemaError(e.clone()),
            None => Verdict::SchemaError("internal: no validator".into()),
        }
    }

    fn compile(&self, schema: &Site) -> Result<Validator, String> {
        let Some(registry) = &self.registry else {
            return Err(self.registry_error.clone().unwrap_or_default());
        };
        let uri = self.uris.get(schema.0).ok_or("internal: unknown file")?;
        let root = serde_json::json!({ "$ref": format!("{uri}#{}", escape_raw(&schema.1)) });
        let built = std::panic::catch_unwind(AssertUnwindSafe(|| {
            jsonschema::options()
                .with_draft(Draft::Draft202012)
                .with_registry(registry)
                .should_validate_formats(true)
                .build(&root)
                .map_err(|e| e.to_string())
        }));
        built.unwrap_or_else(|_| Err("the validator panicked compiling this schema".into()))
    }
}

/// `file:///abs/path/spec.yaml`, percent-encoded.
fn file_uri(path: &std::path::Path) -> String {
    let p = path.to_string_lossy().replace('\\', "/");
    let p = if p.starts_with('/') { p } else { format!("/{p}") };
    format!("file://{}", escape_raw(&p).replace('?', "%3F"))
}

/// Percent-encodes text that has no escapes yet (a path, a JSON pointer),
/// `#` included.
fn escape_raw(s: &str) -> String {
    dialect::uri_escape(&s.replace('%', "%25").replace('#', "%23"))
}
