//! The whole pipeline on the real corpus: each dated docs folder generates
//! with zero errors, the output compiles with `-D warnings` in a scratch
//! crate, and every generated struct, enum and union reads and writes back,
//! unchanged, JSON built from the IR alone (wire names, every field filled,
//! each enum value, an unknown value for open enums).

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use common::scratch::Scratch;
use modelgen::ir::ModelKind;
use modelgen::{codegen, markdown, samples, Config, WireNameRule};

#[test]
fn corpus_docs_generate_compile_and_round_trip() {
    let Some(corpus) = common::corpus_dir() else {
        return;
    };
    let config = Config {
        wire_names: WireNameRule::SnakeCase,
        ..Config::default()
    };
    let mut failures = Vec::new();
    for (label, root) in common::docs_roots(&corpus) {
        let start = Instant::now();
        let ir = match markdown::load(&root, &config) {
            Ok(ir) => ir,
            Err(d) => {
                failures.push(format!("{label}: {} load errors:\n{d}", d.len()));
                continue;
            }
        };
        let files = match codegen::generate(&ir, &config) {
            Ok(f) => f,
            Err(d) => {
                failures.push(format!("{label}: codegen errors:\n{d}"));
                continue;
            }
        };
        let gen_time = start.elapsed();

        // Sample JSON per type, keyed by the type's Rust path.
        let paths = codegen::type_paths(&ir, &config);
        let mut cases: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
        let (mut structs, mut enums, mut unions) = (0, 0, 0);
        for (r, m) in ir.models() {
            match m.kind {
                ModelKind::Struct(_) => structs += 1,
                ModelKind::Enum(_) => enums += 1,
                ModelKind::Union(_) => unions += 1,
                ModelKind::Alias(_) => continue,
            }
            let values = samples::model_samples(&ir, &r);
            assert!(!values.is_empty(), "{label}: no sample for {r}");
            cases.insert(paths[&r].clone(), values);
        }
        let value_count: usize = cases.values().map(Vec::len).sum();

        let crate_name = format!("corpus-{label}");
        let scratch = Scratch::new(&crate_name, &[]);
        scratch.write_tree("src/models", &files);
        scratch.write("src/lib.rs", "pub mod models;\n");
        scratch.write("samples.json", &serde_json::to_string(&cases).unwrap());
        scratch.write("src/main.rs", &round_trip_main(&crate_name.replace('-', "_"), &cases));
        let run = scratch.cargo(&["run", "--quiet"]);
        eprintln!(
            "{label}: {} models ({structs} structs, {enums} enums, {unions} unions), {} files, \
             generated in {:.2?}; compile+run {:.1?}, warnings {}; {}",
            ir.model_count(),
            files.len(),
            gen_time,
            run.elapsed,
            run.warnings,
            run.stdout.trim()
        );
        // Each version's binary and rlib are hundreds of MB: keep only the
        // shared dependencies so three versions fit on a small CI disk.
        scratch.clean_artifacts();
        if !run.ok || run.warnings > 0 {
            let tail: String = run.stderr.lines().rev().take(60).collect::<Vec<_>>().into_iter().rev().collect::<Vec<_>>().join("\n");
            failures.push(format!("{label}: generated crate failed (expected {value_count} round trips):\n{}\n{tail}", run.stdout));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// A program that round-trips every sample through its type and reports.
fn round_trip_main(krate: &str, cases: &BTreeMap<String, Vec<serde_json::Value>>) -> String {
    let mut calls = String::new();
    for path in cases.keys() {
        writeln!(calls, "    n += check::<models::{path}>({path:?}, &samples, &mut failures);").unwrap();
    }
    format!(
        r#"#![allow(deprecated)]
use std::collections::BTreeMap;
use {krate}::models;
use serde_json::Value;

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(
    name: &str,
    samples: &BTreeMap<String, Vec<Value>>,
    failures: &mut Vec<String>,
) -> usize {{
    let mut ok = 0;
    for v in &samples[name] {{
        match serde_json::from_value::<T>(v.clone()).map(|t| serde_json::to_value(&t)) {{
            Ok(Ok(back)) if back == *v => ok += 1,
            Ok(Ok(back)) => failures.push(format!("{{name}}: {{v}} came back as {{back}}")),
            Ok(Err(e)) => failures.push(format!("{{name}}: {{v}} does not serialize: {{e}}")),
            Err(e) => failures.push(format!("{{name}}: {{v}} does not deserialize: {{e}}")),
        }}
    }}
    ok
}}

fn main() {{
    let samples: BTreeMap<String, Vec<Value>> =
        serde_json::from_str(include_str!("../samples.json")).expect("samples.json");
    let mut failures = Vec::new();
    let mut n = 0;
{calls}
    println!("{{n}} values round-tripped through {{}} types, {{}} failed", samples.len(), failures.len());
    for f in failures.iter().take(30) {{
        eprintln!("{{f}}");
    }}
    if !failures.is_empty() {{
        std::process::exit(1);
    }}
}}
"#
    )
}
