//! Bounded property test (part of the normal suite, a few seconds): random
//! docs trees and OpenAPI specs, built from the constructs the front ends
//! understand plus hostile text and random corruption, must
//! - never panic,
//! - fail only with diagnostics that name a file and a position inside it
//!   (line:column, or a JSON pointer for specs),
//! - when they succeed, render files that parse with `syn`, under sanitized
//!   paths, identically twice (the checks of `fuzz/src/harness.rs`).
//!
//! Seeds are fixed, so a failure reproduces; the failing input is written to
//! the temp folder and named in the panic message. `PROPTEST_CASES=N` runs
//! more cases (e.g. for a longer local soak).

#[path = "../../fuzz/src/harness.rs"]
mod harness;
mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use modelgen::{Config, Diagnostics};

use common::rng::Rng;

fn cases() -> usize {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(250)
}

const NAMESPACES: &[&str] = &["shared", "operations", "errors"];
const TITLES: &[&str] = &["Pet", "Owner", "Color", "Kind", "Value", "Type", "Self", "Option", "String", "Mod", "Pet2", "Big"];

/// A word of text for names, descriptions and values: plain or hostile.
fn text(r: &mut Rng) -> String {
    if r.chance(60) {
        r.pick(&["name", "createdAt", "id", "x_y", "HTTPCode", "a1", "value", "type"]).to_string()
    } else {
        harness::HOSTILE[r.below(harness::HOSTILE.len())].to_string()
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace("\r\n", "<br/>").replace(['\n', '\r'], "<br/>")
}

/// A type cell, usually valid, linking to docs of the tree (which may be
/// missing) or nesting.
fn type_expr(r: &mut Rng, docs: &[(String, String)], depth: usize) -> String {
    let n = if depth > 3 { 6 } else { 11 };
    match r.below(n) {
        0 => "*string*".into(),
        1 => "*number*".into(),
        2 => "*boolean*".into(),
        3 => "*any*".into(),
        4 => "[Date](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date)".into(),
        5 => {
            let (ns, title) = &docs[r.below(docs.len())];
            if r.chance(50) {
                format!("[{ns}.{title}](../../../sdk/models/{ns}/{}.md)", title.to_lowercase())
            } else {
                format!("*{ns}.{title}*")
            }
        }
        6 => format!("{}[]", type_expr(r, docs, depth + 1)),
        7 => format!("Record<string, {}>", type_expr(r, docs, depth + 1)),
        8 => format!("{{ [k: string]: {} }}", type_expr(r, docs, depth + 1)),
        9 => format!("*\"{}\"*", text(r).replace(['"', '\\', '*', '|', '\n', '\r'], "")),
        _ => r.pick(&["*Uint8Array*", "*strin*", "[x](", "Record<", "*number*[", "", "*ReadableStream<Uint8Array>*"]).into(),
    }
}

fn doc(r: &mut Rng, title: &str, docs: &[(String, String)]) -> String {
    let mut d = format!("# {title}\n\n");
    if r.chance(50) {
        d.push_str(&format!("{}\n\n", text(r)));
    }
    match r.below(3) {
        0 => {
            d.push_str("## Fields\n\n| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n");
            for _ in 0..r.below(6) {
                let name = text(r).replace(['`', ' ', '\n', '\r', '\t'], "");
                let name = if name.is_empty() { "f".to_string() } else { name };
                let req = if r.chance(50) { ":heavy_check_mark:" } else { ":heavy_minus_sign:" };
                d.push_str(&format!(
                    "| `{name}` | {} | {req} | {} | {} |\n",
                    type_expr(r, docs, 0),
                    cell(&text(r)),
                    cell(&text(r))
                ));
            }
        }
        1 => {
            d.push_str("## Values\n\n");
            let open = r.chance(30);
            if open {
                d.push_str("This is an open enum. Unrecognized values will be captured as the `Unrecognized<string>` branded type.\n\n");
            }
            d.push_str("| Name | Value |\n| --- | --- |\n");
            for i in 0..1 + r.below(5) {
                d.push_str(&format!("| `V{i}` | {} |\n", cell(&text(r))));
            }
            if open {
                d.push_str("| - | `Unrecognized<string>` |\n");
            }
        }
        _ => {
            d.push_str("## Supported Types\n\n");
            for _ in 0..1 + r.below(3) {
                let t = type_expr(r, docs, 2).replace(['*', '`'], "");
                let t = if t.contains('[') && t.contains('(') { "string".to_string() } else { t };
                d.push_str(&format!("### `{t}`\n\n```typescript\nconst value: {t} = x;\n```\n\n"));
            }
        }
    }
    d
}

/// Random damage: delete, duplicate or cut a line, or drop bytes in.
fn corrupt(r: &mut Rng, text: &str) -> Vec<u8> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if lines.is_empty() {
        return text.as_bytes().to_vec();
    }
    match r.below(6) {
        0 => {
            lines.remove(r.below(lines.len()));
        }
        1 => {
            let i = r.below(lines.len());
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        2 => {
            let i = r.below(lines.len());
            let cut = r.below(lines[i].len() + 1);
            let cut = (0..=cut).rev().find(|&c| lines[i].is_char_boundary(c)).unwrap_or(0);
            lines[i].truncate(cut);
        }
        3 => {
            let i = r.below(lines.len());
            lines[i].push_str(" | extra |");
        }
        4 => {
            let mut bytes = lines.join("\n").into_bytes();
            let at = r.below(bytes.len() + 1);
            const JUNK: &[&[u8]] = &[b"\xff", b"\x00", b"\r", b"\xe2\x80\xae", b"`", b"|"];
            let junk = JUNK[r.below(JUNK.len())];
            bytes.splice(at..at, junk.iter().copied());
            return bytes;
        }
        _ => {
            let i = r.below(lines.len());
            let j = r.below(lines.len());
            lines.swap(i, j);
        }
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s.into_bytes()
}

/// Errors must point into the input: a position for markdown (whole-file
/// and folder problems excepted), a position or pointer for specs.
fn check_positions(d: &Diagnostics, spec: bool, input: &str) {
    for diag in &d.0 {
        let whole_file = diag.message.contains("binary content")
            || diag.message.contains("nested folder")
            || diag.message.contains("symbolic link")
            || diag.message.starts_with("cannot read")
            // serde_yaml gives no position; located when a `---` starts it.
            || diag.message.contains("more than one document");
        assert!(
            diag.line > 0 || (spec && diag.pointer.is_some()) || whole_file,
            "diagnostic without a position: {diag}\n(input in {input})"
        );
    }
}

fn run_case(name: &str, input_dir: &Path, f: impl FnOnce()) {
    if let Err(e) = catch_unwind(AssertUnwindSafe(f)) {
        let msg = e
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        panic!("case {name} failed: {msg}\ninput kept in {}", input_dir.display());
    }
}

#[test]
fn random_docs_trees() {
    let config = Config::default();
    let (mut ok, mut failed) = (0, 0);
    for case in 0..cases() {
        let mut r = Rng(0x9E37_79B9_7F4A_7C15 ^ (case as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03));
        let root = common::temp_dir("prop", &format!("docs-{case}"));
        let mut docs: Vec<(String, String)> = Vec::new();
        for _ in 0..1 + r.below(6) {
            let d = (r.pick(NAMESPACES).to_string(), r.pick(TITLES).to_string());
            if !docs.contains(&d) {
                docs.push(d);
            }
        }
        let mut texts = Vec::new();
        for i in 0..docs.len() {
            let (ns, title) = docs[i].clone();
            let text = doc(&mut r, &title, &docs);
            let bytes = if r.chance(25) { corrupt(&mut r, &text) } else { text.into_bytes() };
            // Sometimes a second doc with the same title (a duplicate model).
            let dup = if r.chance(5) { "_copy" } else { "" };
            let rel = format!("{ns}/{}{dup}.md", title.to_lowercase());
            std::fs::create_dir_all(root.join(&ns)).unwrap();
            std::fs::write(root.join(&rel), &bytes).unwrap();
            texts.push((rel, bytes));
        }
        run_case(&format!("docs-{case}"), &root, || match modelgen::markdown::load(&root, &config) {
            Ok(ir) => {
                ok += 1;
                harness::check_ir(&ir);
            }
            Err(d) => {
                failed += 1;
                harness::check_diagnostics(&d, &texts);
                check_positions(&d, false, &root.display().to_string());
            }
        });
        let _ = std::fs::remove_dir_all(&root);
    }
    eprintln!("random docs trees: {ok} generated, {failed} refused with diagnostics");
    assert!(ok > 0 && failed > 0, "the generator should produce both good and bad trees");
}

fn schema(r: &mut Rng, names: &[String], depth: usize) -> serde_json::Value {
    use serde_json::json;
    let n = if depth > 3 { 5 } else { 12 };
    let mut s = match r.below(n) {
        0 => json!({"type": "string"}),
        1 => json!({"type": "integer", "format": r.pick(&["int32", "int64", "uint8", "wat"])}),
        2 => json!({"type": "number"}),
        3 => json!({"type": "boolean"}),
        4 => json!({"$ref": format!("#/components/schemas/{}", names[r.below(names.len())])}),
        5 => json!({"type": "array", "items": schema(r, names, depth + 1)}),
        6 => {
            let mut props = serde_json::Map::new();
            let mut required = Vec::new();
            for _ in 0..r.below(5) {
                let k = text(r);
                if r.chance(50) {
                    required.push(json!(k));
                }
                props.insert(k, schema(r, names, depth + 1));
            }
            json!({"type": "object", "properties": props, "required": required})
        }
        7 => json!({"type": "string", "enum": (0..1 + r.below(4)).map(|_| text(r)).collect::<Vec<_>>()}),
        8 => json!({"oneOf": (0..1 + r.below(3)).map(|_| schema(r, names, depth + 1)).collect::<Vec<_>>()}),
        9 => json!({"allOf": (0..1 + r.below(3)).map(|_| schema(r, names, depth + 1)).collect::<Vec<_>>()}),
        10 => json!({"type": "object", "additionalProperties": schema(r, names, depth + 1)}),
        _ => json!({"anyOf": [schema(r, names, depth + 1), {"type": "null"}]}),
    };
    if r.chance(20) {
        s["description"] = json!(text(r));
    }
    if r.chance(15) {
        s["nullable"] = json!(true);
    }
    if r.chance(5) {
        s["type"] = json!(r.pick(&["strnig", "object", "null"]));
    }
    s
}

#[test]
fn random_openapi_specs() {
    use serde_json::json;
    let config = Config::default();
    let (mut ok, mut failed) = (0, 0);
    for case in 0..cases() {
        let mut r = Rng(0x2545_F491_4F6C_DD1D ^ (case as u64 + 7).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let root = common::temp_dir("prop", &format!("spec-{case}"));
        let names: Vec<String> = (0..1 + r.below(5)).map(|_| text(&mut r)).collect();
        let mut schemas = serde_json::Map::new();
        for n in &names {
            let s = schema(&mut r, &names, 0);
            schemas.insert(n.clone(), s);
        }
        let version = r.pick(&["3.0.3", "3.1.0", "2.0", "3.1"]);
        let spec = json!({
            "openapi": version,
            "info": {"title": text(&mut r), "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        let json_file = r.chance(50);
        let text = if json_file {
            serde_json::to_string_pretty(&spec).unwrap()
        } else {
            serde_yaml::to_string(&spec).unwrap()
        };
        let bytes = if r.chance(20) { corrupt(&mut r, &text) } else { text.into_bytes() };
        let name = if json_file { "spec.json" } else { "spec.yaml" };
        std::fs::write(root.join(name), &bytes).unwrap();
        let texts = vec![(name.to_string(), bytes)];
        run_case(&format!("spec-{case}"), &root, || {
            match modelgen::openapi::load(&[root.join(name)], &config) {
                Ok(ir) => {
                    ok += 1;
                    harness::check_ir(&ir);
                }
                Err(d) => {
                    failed += 1;
                    harness::check_diagnostics(&d, &texts);
                    check_positions(&d, true, &root.display().to_string());
                }
            }
        });
        let _ = std::fs::remove_dir_all(&root);
    }
    eprintln!("random specs: {ok} generated, {failed} refused with diagnostics");
    assert!(ok > 0 && failed > 0, "the generator should produce both good and bad specs");
}
