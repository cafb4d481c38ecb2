//! Every OpenAPI spec of the real corpus loads with zero errors.

mod common;

use std::path::{Path, PathBuf};

use modelgen::ir::ModelKind;
use modelgen::Config;

fn specs(root: &Path) -> Vec<PathBuf> {
    let so = root.join("stackone");
    let mut v: Vec<PathBuf> = std::fs::read_dir(so.join("openapi-2025-12"))
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v.push(so.join("openapi-2025-12-merged.yaml"));
    v.push(so.join("openapi-2024-marketing.yaml"));
    v
}

#[test]
fn corpus_specs_load_without_errors() {
    let Some(root) = common::corpus_dir() else { return };
    let config = Config::default();
    let mut failed = Vec::new();
    for spec in specs(&root) {
        let text = std::fs::read_to_string(&spec).unwrap_or_default();
        let value: serde_json::Value = if spec.extension().is_some_and(|e| e == "json") {
            serde_json::from_str(&text).unwrap_or_default()
        } else {
            serde_yaml::from_str(&text).unwrap_or_default()
        };
        let schemas = value
            .pointer("/components/schemas")
            .and_then(|s| s.as_object())
            .map_or(0, |m| m.len());
        match modelgen::openapi::load(std::slice::from_ref(&spec), &config) {
            Ok(ir) => {
                let (mut s, mut e, mut u, mut a, mut fields) = (0, 0, 0, 0, 0);
                for (_, m) in ir.models() {
                    match &m.kind {
                        ModelKind::Struct(st) => {
                            s += 1;
                            fields += st.fields.len();
                        }
                        ModelKind::Enum(_) => e += 1,
                        ModelKind::Union(_) => u += 1,
                        ModelKind::Alias(_) => a += 1,
                    }
                }
                let per_ns: Vec<String> = ir
                    .namespaces
                    .iter()
                    .map(|(n, ns)| format!("{n}={}", ns.models.len()))
                    .collect();
                println!(
                    "{}: {schemas} component schemas -> {} models ({s} structs, {e} enums, {u} unions, {a} aliases; {fields} fields) [{}]",
                    spec.strip_prefix(&root).unwrap_or(&spec).display(),
                    ir.model_count(),
                    per_ns.join(" ")
                );
            }
            Err(d) => {
                println!("{}: {} error(s)\n{d}", spec.display(), d.len());
                failed.push(spec);
            }
        }
    }
    assert!(failed.is_empty(), "specs with errors: {failed:?}");
}


/// Big YAML specs are parsed in two halves on two cores: on every YAML spec
/// of the corpus that must give exactly the value of one whole parse.
#[test]
fn corpus_yaml_halves_equal_one_whole_parse() {
    let Some(root) = common::corpus_dir() else { return };
    for spec in specs(&root).into_iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
        let text = std::fs::read_to_string(&spec).expect("read spec");
        let whole = modelgen::limits::parse_yaml_single(&text).expect("spec parses");
        let halves = modelgen::limits::parse_yaml_in_halves(&text);
        assert!(halves.is_some(), "{}: expected the spec to split in two halves", spec.display());
        assert!(halves == Some(whole), "{}: the halves differ from the whole parse", spec.display());
    }
}

/// Differential check of the two-halves YAML parse: on copies of the corpus
/// YAML specs with lines deleted, doubled, re-indented, anchored, aliased,
/// unbalanced or split into documents (mostly near the middle, where the
/// cut goes), `parse_yaml` must give exactly what one whole parse gives:
/// the same value, or the same error at the same place. Seeded, bounded.
#[test]
fn corpus_yaml_halves_agree_with_whole_parse_on_mutations() {
    let Some(root) = common::corpus_dir() else { return };
    let (mut cases, mut split) = (0, 0);
    for spec in specs(&root).into_iter().filter(|p| p.extension().is_some_and(|e| e == "yaml")) {
        let text = std::fs::read_to_string(&spec).expect("read spec");
        let lines: Vec<&str> = text.lines().collect();
        let mut r = common::rng::Rng(0x9E37_79B9_7F4A_7C15_u64 ^ text.len() as u64);
        for _ in 0..MUTATIONS_PER_SPEC {
            let mut ls: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            for _ in 0..1 + r.below(4) {
                let i = if r.chance(50) { ls.len() / 2 + r.below(400) - 200 } else { r.below(ls.len()) };
                match r.below(9) {
                    0 => drop(ls.remove(i)),
                    1 => ls.insert(i, ls[i].clone()),
                    2 => ls[i] = format!(" {}", ls[i]),
                    3 => ls[i] = ls[i].trim_start().to_string(),
                    4 => ls[i].push_str(" &anchor"),
                    5 => ls.insert(i, "    again: *anchor".to_string()),
                    6 => ls[i].push('"'),
                    7 => ls[i].push_str(" {"),
                    _ => ls.insert(i, "---".to_string()),
                }
            }
            let t = ls.join("\n");
            let whole = modelgen::limits::parse_yaml_single(&t);
            let got = modelgen::limits::parse_yaml(&t);
            split += usize::from(modelgen::limits::parse_yaml_in_halves(&t).is_some());
            cases += 1;
            let same = match (&whole, &got) {
                (Ok(a), Ok(b)) => a == b,
                (Err(a), Err(b)) => (a.line, a.column, &a.message) == (b.line, b.column, &b.message),
                _ => false,
            };
            assert!(same, "{}: a mutated copy parses differently in halves and whole", spec.display());
        }
    }
    println!("{cases} mutated specs, {split} of them parsed in halves; all agree with the whole parse");
    assert!(split > 0, "no mutated spec split: the check would prove nothing");
}

const MUTATIONS_PER_SPEC: usize = 30;
