//! Differential test of the written-out struct `Deserialize`
//! (`deserialize_struct!`, the default) against serde's derive
//! (`derive-deserialize = true`): the same IR is generated both ways into
//! one scratch crate, and every struct and union type reads the same JSON
//! texts to the same result through both: the same value (compared as
//! JSON), or the same error message, position included. The texts are the
//! IR's samples and, for every object, each key dropped, set to `null`,
//! set to a value of the wrong type, or given twice, an unknown key added,
//! and a few non-object values. Every text is read from a string and, when
//! it parses as a `serde_json::Value`, from that value too (the path
//! untagged unions take).
//!
//! Inputs: every codegen golden case, this project's `specs/`, and (when the
//! corpus is present) two StackOne specs with optional nullable fields.
//!
//! Not compared: a struct read from a JSON array, which only the derive
//! accepts (`visit_seq`); no API sends one, and `modelgen.toml` can ask for
//! the derive.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use common::scratch::Scratch;
use modelgen::ir::{Ir, ModelKind};
use modelgen::{codegen, samples, Config};
use serde_json::Value;

#[test]
fn written_deserialize_reads_json_as_the_derive_does() {
    let mut inputs: Vec<(String, Ir, Config)> = Vec::new();
    for dir in common::golden::cases() {
        let (ir, config) = common::golden::load_case(&dir).unwrap_or_else(|e| panic!("{e}"));
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        inputs.push((format!("golden_{name}"), ir, config));
    }
    let specs = common::scratch::workspace_root().join("specs/modelgen.toml");
    let config = Config::load(&specs).unwrap_or_else(|e| panic!("{e}"));
    let docs = config.docs.clone().expect("specs/modelgen.toml names its docs");
    let ir = modelgen::markdown::load(&docs, &config).unwrap_or_else(|d| panic!("{d}"));
    inputs.push(("specs".to_string(), ir, config));
    if let Some(corpus) = common::corpus_dir() {
        let stackone = corpus.join("stackone");
        for (label, spec) in [
            ("marketing_2025", stackone.join("openapi-2025-12/marketing.json")),
            ("crm_2025", stackone.join("openapi-2025-12/crm.json")),
        ] {
            let config = Config::default();
            let ir = modelgen::openapi::load(&[spec], &config).unwrap_or_else(|d| panic!("{label}: {d}"));
            inputs.push((label.to_string(), ir, config));
        }
    }

    let scratch = Scratch::new("deserialize-equiv", &[]);
    let _ = std::fs::remove_dir_all(scratch.dir.join("src"));
    let mut lib = String::from("#![allow(deprecated)]\n");
    let mut cases: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut calls = String::new();
    for (label, ir, config) in &inputs {
        // Features would gate the namespaces off in the scratch crate.
        let written = Config { namespace_features: false, derive_deserialize: false, ..config.clone() };
        let derived = Config { derive_deserialize: true, ..written.clone() };
        for (suffix, config) in [("w", &written), ("d", &derived)] {
            let files = codegen::generate(ir, config).unwrap_or_else(|d| panic!("{label}: {d}"));
            scratch.write_tree(&format!("src/{label}_{suffix}"), &files);
            writeln!(lib, "#[path = \"{label}_{suffix}/mod.rs\"]\npub mod {label}_{suffix};").unwrap();
        }
        let paths = codegen::type_paths(ir, &written);
        for (r, m) in ir.models() {
            if !matches!(m.kind, ModelKind::Struct(_) | ModelKind::Union(_)) {
                continue;
            }
            let Some(path) = paths.get(&r) else { continue };
            let texts: Vec<String> = samples::model_samples(ir, &r).iter().flat_map(variations).collect();
            let key = format!("{label}::{path}");
            writeln!(
                calls,
                "    add(check::<lib::{label}_w::{path}, lib::{label}_d::{path}>({key:?}, &cases, &mut failures));"
            )
            .unwrap();
            cases.insert(key, texts);
        }
    }
    let texts: usize = cases.values().map(Vec::len).sum();
    assert!(texts > 1000, "only {texts} texts: the inputs lost their structs");
    scratch.write("src/lib.rs", &lib);
    scratch.write("cases.json", &serde_json::to_string(&cases).unwrap());
    scratch.write("src/main.rs", &main_rs(&calls));
    let run = scratch.cargo(&["run", "--quiet"]);
    eprintln!("{} types, {texts} texts; {}", cases.len(), run.stdout.trim());
    scratch.clean_artifacts();
    assert!(run.ok && run.warnings == 0, "{}\n{}", run.stdout, tail(&run.stderr, 60));
}

/// The text of `v`, and when it is an object, its variations.
fn variations(v: &Value) -> Vec<String> {
    let mut out = vec![v.to_string()];
    for other in ["null", "true", "\"text\"", "1", "{}"] {
        out.push(other.to_string());
    }
    let Value::Object(map) = v else { return out };
    let entries: Vec<(String, String)> =
        map.iter().map(|(k, v)| (Value::String(k.clone()).to_string(), v.to_string())).collect();
    let object = |entries: &[(String, String)]| {
        let body: Vec<String> = entries.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        format!("{{{}}}", body.join(","))
    };
    for (i, (k, v)) in entries.iter().enumerate() {
        let mut without = entries.clone();
        without.remove(i);
        out.push(object(&without));
        for replacement in ["null", if v == "true" || v == "false" { "\"text\"" } else { "true" }] {
            let mut changed = entries.clone();
            changed[i].1 = replacement.to_string();
            out.push(object(&changed));
        }
        let mut twice = entries.clone();
        twice.push((k.clone(), v.clone()));
        out.push(object(&twice));
    }
    let mut unknown = entries.clone();
    unknown.insert(0, ("\"modelgen_unknown_key\"".to_string(), "[1,{\"a\":null}]".to_string()));
    out.push(object(&unknown));
    out.sort();
    out.dedup();
    out
}

fn main_rs(calls: &str) -> String {
    format!(
        r#"#![allow(deprecated)]
use std::collections::BTreeMap;
use deserialize_equiv as lib;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

type Outcome = Result<Result<Value, String>, String>;

fn read<T: DeserializeOwned + Serialize>(text: &str) -> (Outcome, Option<Outcome>) {{
    let from_str = serde_json::from_str::<T>(text)
        .map(|t| serde_json::to_value(&t).map_err(|e| e.to_string()))
        .map_err(|e| e.to_string());
    let from_value = serde_json::from_str::<Value>(text).ok().map(|v| {{
        T::deserialize(&v).map(|t| serde_json::to_value(&t).map_err(|e| e.to_string())).map_err(|e| e.to_string())
    }});
    (from_str, from_value)
}}

fn check<W: DeserializeOwned + Serialize, D: DeserializeOwned + Serialize>(
    name: &str,
    cases: &BTreeMap<String, Vec<String>>,
    failures: &mut Vec<String>,
) -> [usize; 2] {{
    let mut counts = [0, 0];
    for text in &cases[name] {{
        let (w, d) = (read::<W>(text), read::<D>(text));
        if w != d {{
            failures.push(format!("{{name}}: {{text}}\n  written: {{w:?}}\n  derived: {{d:?}}"));
        }}
        counts[usize::from(matches!(w.0, Err(_)))] += 1;
    }}
    counts
}}

fn main() {{
    let cases: BTreeMap<String, Vec<String>> =
        serde_json::from_str(include_str!("../cases.json")).expect("cases.json");
    let mut failures = Vec::new();
    let mut n = [0, 0];
    let mut add = |c: [usize; 2]| {{ n[0] += c[0]; n[1] += c[1]; }};
{calls}
    println!("read alike: {{}} values, {{}} errors; {{}} differ", n[0], n[1], failures.len());
    for f in failures.iter().take(20) {{
        eprintln!("{{f}}");
    }}
    if !failures.is_empty() {{
        std::process::exit(1);
    }}
}}
"#
    )
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

