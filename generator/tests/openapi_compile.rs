//! Every corpus spec generates Rust that compiles with `-D warnings` (one
//! scratch crate, one module per spec), and every field `example` in the
//! specs whose type is generated (and that is valid for its own schema)
//! deserializes into that type and serializes back without losing a key.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use modelgen::ir::{EnumRepr, Ir, ModelKind, ModelRef, Type};
use modelgen::Config;
use serde_json::Value;

use common::scratch::Scratch;

/// (module name, spec path relative to the corpus's stackone/, docs root to
/// join with). The last entry is the docs + spec join of docs-2025-12.
fn specs() -> Vec<(String, String, Option<String>)> {
    let mut v: Vec<(String, String, Option<String>)> =
        ["ats", "core", "crm", "documents", "hris", "iam", "lms", "marketing"]
            .iter()
            .map(|m| (format!("spec_{m}"), format!("openapi-2025-12/{m}.json"), None))
            .collect();
    v.push(("spec_merged".into(), "openapi-2025-12-merged.yaml".into(), None));
    v.push(("spec_marketing_2024".into(), "openapi-2024-marketing.yaml".into(), None));
    v.push((
        "joined_docs_2025_12".into(),
        "openapi-2025-12-merged.yaml".into(),
        Some("docs-2025-12/sdk/models".into()),
    ));
    v
}

/// Rust type names each namespace module re-exports (`pub use x::{A, B};`).
fn exported(files: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in files {
        let Some((ns, "mod.rs")) = path.split_once('/') else { continue };
        for line in text.lines() {
            let Some(rest) = line.trim().strip_prefix("pub use ") else { continue };
            let names = rest.split_once("::").map_or(rest, |(_, r)| r);
            for n in names.split(|c: char| !(c.is_alphanumeric() || c == '_')) {
                if !n.is_empty() {
                    out.entry(ns.to_string()).or_default().insert(n.to_string());
                }
            }
        }
    }
    out
}

struct Paths<'a> {
    module: &'a str,
    ir: &'a Ir,
    exported: BTreeMap<String, BTreeSet<String>>,
}

impl Paths<'_> {
    /// The Rust path of a model (codegen's documented naming: PascalCase of
    /// the model name; skipped when that name was suffixed for a collision).
    fn model(&self, r: &ModelRef) -> Option<String> {
        let ty = modelgen::naming::pascal_case(&r.name);
        let ns = modelgen::naming::snake_case(&r.namespace);
        self.exported.get(&ns)?.contains(&ty).then(|| format!("crate::{}::{ns}::{ty}", self.module))
    }

    /// The Rust type codegen documents for an IR type (None: no JSON form).
    fn ty(&self, t: &Type) -> Option<String> {
        Some(match t {
            Type::String | Type::Uuid | Type::Bytes => "String".into(),
            Type::Number { format } if format.as_deref() == Some("float") => "f32".into(),
            Type::Number { .. } => "f64".into(),
            Type::Integer { format } if format.as_deref() == Some("int32") => "i32".into(),
            Type::Integer { .. } => "i64".into(),
            Type::Boolean => "bool".into(),
            Type::DateTime => "::chrono::DateTime<::chrono::Utc>".into(),
            Type::Date => "::chrono::NaiveDate".into(),
            Type::Any => "::serde_json::Value".into(),
            Type::Array { items } => format!("Vec<{}>", self.ty(items)?),
            Type::Map { values } => format!("::std::collections::BTreeMap<String, {}>", self.ty(values)?),
            Type::Ref { target } => self.model(target)?,
            Type::Binary | Type::Opaque { .. } | Type::Literal { .. } => return None,
        })
    }

    /// Whether the example is valid for its own schema (as far as the
    /// generated type enforces it): JSON kinds, closed-enum values, object
    /// keys the struct knows (unknown keys would be dropped), required keys,
    /// date and date-time text. Corpus examples that are not are counted and
    /// listed, not round-tripped.
    fn fits(&self, t: &Type, v: &Value, nullable: bool, depth: usize) -> bool {
        if depth > 32 {
            return true;
        }
        match (t, v) {
            (_, Value::Null) => nullable || matches!(t, Type::Any),
            (Type::Any, _) => true,
            (Type::String | Type::Uuid | Type::Bytes, v) => v.is_string(),
            (Type::DateTime, Value::String(s)) => is_rfc3339(s),
            (Type::Date, Value::String(s)) => s.len() == 10 && shape_ok(s, "dddd-dd-dd"),
            (Type::DateTime | Type::Date, _) => false,
            (Type::Number { .. }, v) => v.is_number(),
            (Type::Integer { format }, v) => {
                v.is_i64() && (format.as_deref() != Some("int32") || v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()))
            }
            (Type::Boolean, v) => v.is_boolean(),
            (Type::Array { items }, Value::Array(a)) => a.iter().all(|x| self.fits(items, x, false, depth + 1)),
            (Type::Map { values }, Value::Object(o)) => o.values().all(|x| self.fits(values, x, false, depth + 1)),
            (Type::Array { .. } | Type::Map { .. }, _) => false,
            (Type::Ref { target }, v) => match self.ir.model(target).map(|m| &m.kind) {
                Some(ModelKind::Enum(e)) => e.open && (v.is_string() == (e.repr == EnumRepr::String))
                    || e.values.iter().any(|x| &x.value == v),
                Some(ModelKind::Struct(st)) => {
                    let Value::Object(o) = v else { return false };
                    let known = o.iter().all(|(k, x)| match st.fields.iter().find(|f| &f.wire_name == k) {
                        Some(f) => self.fits(&f.ty, x, f.nullable, depth + 1),
                        None => st.additional.is_some(),
                    });
                    let required = st.fields.iter().all(|f| !f.required || f.nullable || o.contains_key(&f.wire_name));
                    known && required
                }
                Some(ModelKind::Alias(a)) => self.fits(&a.ty, v, nullable, depth + 1),
                Some(ModelKind::Union(u)) => u.variants.iter().any(|x| self.fits(&x.ty, v, false, depth + 1)),
                None => true,
            },
            _ => true,
        }
    }
}

/// `s` follows `pattern` (`d` = an ASCII digit, anything else literally).
fn shape_ok(s: &str, pattern: &str) -> bool {
    s.len() >= pattern.len()
        && s.bytes().zip(pattern.bytes()).all(|(c, p)| if p == b'd' { c.is_ascii_digit() } else { c == p })
}

/// RFC 3339 date-time text: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`.
fn is_rfc3339(s: &str) -> bool {
    if !shape_ok(s, "dddd-dd-ddTdd:dd:dd") {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &frac[digits..];
    }
    rest.eq_ignore_ascii_case("z") || (rest.len() == 6 && (rest.starts_with('+') || rest.starts_with('-')) && shape_ok(&rest[1..], "dd:dd"))
}

const HARNESS: &str = r#"
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Every key of `a` is in `b`, recursively (values may be normalized, e.g.
/// `2020-01-01T00:00:00.000Z` written back as `2020-01-01T00:00:00Z`).
fn keys_kept(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.iter().all(|(k, v)| y.get(k).is_some_and(|w| keys_kept(v, w)))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| keys_kept(v, w))
        }
        _ => true,
    }
}

#[derive(Default)]
pub struct Stats {
    pub exact: usize,
    pub normalized: usize,
    pub failed: Vec<String>,
}

pub fn check<T: DeserializeOwned + Serialize>(id: &str, json: &str, s: &mut Stats) {
    let v: Value = serde_json::from_str(json).expect("example JSON");
    match serde_json::from_value::<T>(v.clone()) {
        Err(e) => s.failed.push(format!("{id}: does not deserialize: {e}; example {json}")),
        Ok(t) => match serde_json::to_value(&t) {
            Err(e) => s.failed.push(format!("{id}: does not serialize: {e}")),
            Ok(back) if back == v => s.exact += 1,
            Ok(back) if keys_kept(&v, &back) => s.normalized += 1,
            Ok(back) => s.failed.push(format!("{id}: lost a key: {json} -> {back}")),
        },
    }
}

pub fn report(spec: &str, s: &Stats) {
    println!("ROUNDTRIP {spec} exact={} normalized={} failed={}", s.exact, s.normalized, s.failed.len());
    for f in &s.failed {
        println!("ROUNDTRIP-FAIL {spec} {f}");
    }
}
"#;

#[test]
fn corpus_specs_compile_and_examples_round_trip() {
    let Some(corpus) = common::corpus_dir() else { return };
    let config = Config::default();
    let features: Vec<String> = specs().into_iter().map(|(m, ..)| m).collect();
    let s = Scratch::new("openapi_corpus", &features);
    // No debug info: the generated code is large and only its behaviour is
    // tested; this roughly halves the build.
    let manifest = std::fs::read_to_string(s.dir.join("Cargo.toml")).unwrap_or_default();
    if !manifest.contains("[profile.dev]") {
        s.write("Cargo.toml", &format!("{manifest}\n[profile.dev]\ndebug = 0\n"));
    }
    let mut lib = String::from("//! modelgen output for every corpus spec.\n#![allow(clippy::all)]\n\n");
    let mut tests = String::from("use super::harness::{check, report, Stats};\n");
    let mut summary = Vec::new();
    let mut total_pairs = 0;
    for (module, rel, docs) in specs() {
        let spec = corpus.join("stackone").join(&rel);
        let ir = match &docs {
            None => modelgen::openapi::load(&[spec.clone()], &config).unwrap_or_else(|d| panic!("{rel}: {d}")),
            Some(docs) => {
                // The docs-only rule for this corpus; the spec overrides it.
                let mut c = config.clone();
                c.wire_names = modelgen::WireNameRule::SnakeCase;
                let inputs = modelgen::pipeline::Inputs {
                    docs: Some(corpus.join("stackone").join(docs)),
                    openapi: vec![spec.clone()],
                };
                modelgen::pipeline::load(&inputs, &c).unwrap_or_else(|e| panic!("{docs} + {rel}: {e}"))
            }
        };
        let rel = match &docs {
            Some(d) => format!("{d} joined with {rel}"),
            None => rel,
        };
        let files = modelgen::codegen::generate(&ir, &config).unwrap_or_else(|d| panic!("{rel}: {d}"));
        s.write_tree(&format!("src/{module}"), &files);
        writeln!(lib, "#[cfg(feature = {module:?})]\npub mod {module};").unwrap();
        let paths = Paths { module: &module, ir: &ir, exported: exported(&files) };
        let (mut pairs, mut contradict, mut no_type) = (0, Vec::new(), 0);
        writeln!(tests, "\n#[cfg(feature = {module:?})]\n#[test]\nfn {module}() {{\n    let mut s = Stats::default();").unwrap();
        for (r, m) in ir.models() {
            let ModelKind::Struct(st) = &m.kind else { continue };
            for f in &st.fields {
                let Some(ex) = &f.example else { continue };
                let Some(ty) = paths.ty(&f.ty) else {
                    no_type += 1;
                    continue;
                };
                if !paths.fits(&f.ty, ex, f.nullable, 0) {
                    contradict.push(format!("{r}.{} = {ex}", f.wire_name));
                    continue;
                }
                let ty = if f.nullable { format!("Option<{ty}>") } else { ty };
                let id = format!("{r}.{}", f.wire_name);
                let json = serde_json::to_string(ex).unwrap();
                writeln!(tests, "    check::<{ty}>({id:?}, {json:?}, &mut s);").unwrap();
                pairs += 1;
            }
        }
        writeln!(tests, "    report({module:?}, &s);\n    assert!(s.failed.is_empty());\n}}").unwrap();
        total_pairs += pairs;
        summary.push(format!(
            "{rel}: {} models, {} files; {pairs} field examples to round-trip, {} contradict their own schema \
             (e.g. {:?}), {no_type} on types with no JSON form or an unexported name",
            ir.model_count(),
            files.len(),
            contradict.len(),
            contradict.iter().take(3).collect::<Vec<_>>()
        ));
    }
    lib.push_str("\n#[cfg(test)]\nmod harness;\n#[cfg(test)]\nmod roundtrip;\n");
    s.write("src/lib.rs", &lib);
    s.write("src/harness.rs", HARNESS);
    s.write("src/roundtrip.rs", &tests);
    for line in &summary {
        println!("{line}");
    }
    // One build of the test target compiles every spec's output (with
    // `-D warnings`) and the round trips.
    let run = s.cargo(&["test", "--lib", "--quiet", "--", "--nocapture", "--test-threads=1"]);
    // `--quiet` prints progress dots without a newline before our lines.
    let rt: Vec<&str> = run.stdout.lines().filter_map(|l| l.find("ROUNDTRIP").map(|i| &l[i..])).collect();
    println!("cargo test in the scratch crate: {:.1?}, ok={}, warnings={}", run.elapsed, run.ok, run.warnings);
    for l in rt.iter().take(40) {
        println!("{l}");
    }
    println!("{total_pairs} examples checked");
    assert!(
        run.ok,
        "scratch crate {} failed (-D warnings):\n{}\n{}",
        s.dir.display(),
        run.stderr.lines().take(80).collect::<Vec<_>>().join("\n"),
        run.stdout.lines().filter(|l| !l.starts_with("ROUNDTRIP ")).take(80).collect::<Vec<_>>().join("\n")
    );
    assert_eq!(run.warnings, 0, "{}", run.stderr);
}
