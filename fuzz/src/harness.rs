//! The checks behind every fuzz target, shared with the normal test suite
//! (`generator/tests/fuzz_regressions.rs` and the property test include this
//! file with `#[path]`), so a crash the fuzzer finds is replayed by
//! `cargo test` with exactly the same code.
//!
//! Beyond "never panics", each target checks what must hold for any input:
//! - every diagnostic names a file and a message, and its line/column lie
//!   inside the text it points into;
//! - a successful load renders, and every rendered file is a safe relative
//!   `.rs` path whose text parses with `syn` and starts with the `@generated`
//!   line;
//! - rendering the same IR twice gives the same bytes.
//!
//! Only std, `syn` and `modelgen` are used here, so the file compiles both in
//! the fuzz crate and in modelgen's own tests.

#![allow(dead_code)]

use std::path::{Component, Path, PathBuf};

use modelgen::ir::{
    Alias, Enum, EnumRepr, EnumValue, Field, Ir, Model, ModelKind, ModelRef, Namespace, OpaqueKind, Origin,
    Struct, Type, Union, Variant,
};
use modelgen::{Config, Diagnostics};

/// A per-process scratch folder for inputs that the front ends read from disk.
/// Under /dev/shm when available: the fuzzers rewrite it every execution.
pub fn scratch(name: &str) -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("modelgen-fuzz-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Checks the diagnostics of a failed run. `texts` maps a diagnostic's file
/// (as displayed) to the text it was read from, when known, so positions can
/// be checked against it.
pub fn check_diagnostics(d: &Diagnostics, texts: &[(String, Vec<u8>)]) {
    assert!(!d.is_empty(), "an error without any diagnostic");
    for diag in &d.0 {
        assert!(!diag.file.is_empty(), "diagnostic without a file: {diag:?}");
        assert!(!diag.message.trim().is_empty(), "diagnostic without a message: {diag:?}");
        if diag.line == 0 {
            assert_eq!(diag.column, 0, "column without a line: {diag:?}");
        }
        if diag.line > 0 {
            assert!(diag.column > 0, "line without a column: {diag:?}");
        }
        let Some((_, bytes)) = texts.iter().find(|(f, _)| diag.file.ends_with(f.as_str())) else {
            continue;
        };
        if diag.line == 0 {
            continue;
        }
        // serde_json and the markdown front end end lines at `\n` only;
        // YAML (and CommonMark, and editors) also at a lone `\r`. The
        // position must be inside the text under one of the two readings.
        let raw = String::from_utf8_lossy(bytes);
        let universal = raw.replace("\r\n", "\n").replace('\r', "\n");
        let inside = |text: &str| {
            let lines: Vec<&str> = text.split('\n').collect();
            lines
                .get(diag.line as usize - 1)
                .is_some_and(|l| diag.column as usize <= l.chars().count() + 1)
        };
        assert!(
            inside(&raw) || inside(&universal),
            "position past the end of the text ({} lines): {diag}",
            raw.split('\n').count()
        );
    }
}

/// Renders a loaded IR and checks the output.
pub fn check_ir(ir: &Ir) {
    let config = Config::default();
    let first = modelgen::codegen::generate(ir, &config);
    let files = match first {
        Ok(f) => f,
        Err(d) => {
            check_diagnostics(&d, &[]);
            return;
        }
    };
    assert!(files.contains_key("mod.rs"), "no root mod.rs: {:?}", files.keys());
    for (rel, text) in &files {
        check_output_path(rel);
        assert!(
            text.lines().next().is_some_and(|l| l.contains("@generated")),
            "{rel}: first line lacks @generated"
        );
        if let Err(e) = syn::parse_file(text) {
            panic!("{rel} does not parse: {e}\n{text}");
        }
    }
    let again = modelgen::codegen::generate(ir, &config).expect("second render of the same IR");
    assert!(again == files, "rendering the same IR twice differs");
}

/// An output path must be relative, made of plain components whose names
/// come from sanitized identifiers, and end in `.rs`.
pub fn check_output_path(rel: &str) {
    let p = Path::new(rel);
    assert!(rel.ends_with(".rs"), "output path {rel:?} is not a .rs file");
    for c in p.components() {
        let Component::Normal(name) = c else {
            panic!("output path {rel:?} has a non-plain component");
        };
        let name = name.to_string_lossy();
        let stem = name.strip_suffix(".rs").unwrap_or(&name);
        assert!(
            !stem.is_empty()
                && stem.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !stem.starts_with(|c: char| c.is_ascii_digit()),
            "output path {rel:?}: component {name:?} is not a sanitized identifier"
        );
    }
}

/// One markdown doc, as `shared/fuzzed.md` beside two well-formed docs it
/// can link to.
pub fn markdown_doc(data: &[u8]) {
    let root = scratch("md-doc");
    let shared = root.join("shared");
    std::fs::create_dir_all(&shared).expect("scratch");
    std::fs::write(shared.join("fuzzed.md"), data).expect("scratch write");
    std::fs::write(shared.join("pet.md"), PET_DOC).expect("scratch write");
    std::fs::write(shared.join("color.md"), COLOR_DOC).expect("scratch write");
    let texts = vec![("fuzzed.md".to_string(), data.to_vec())];
    run_markdown(&root, &texts);
    let _ = std::fs::remove_dir_all(&root);
}

pub const PET_DOC: &str = "# Pet\n\nA pet.\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `name` | *string* | :heavy_check_mark: | The name |\n| `color` | [shared.Color](../../../sdk/models/shared/color.md) | :heavy_minus_sign: | N/A |\n";
pub const COLOR_DOC: &str =
    "# Color\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `Red` | red |\n| `Blue` | blue |\n";

fn run_markdown(root: &Path, texts: &[(String, Vec<u8>)]) {
    match modelgen::markdown::load(root, &Config::default()) {
        Ok(ir) => check_ir(&ir),
        Err(d) => check_diagnostics(&d, texts),
    }
}

/// A small docs tree. The input is a list of files, each introduced by a
/// line `%%% <path>`; path components are reduced to `[a-z0-9_.]` (at most 4
/// levels) so the tree stays inside the scratch folder, which is exactly what
/// the front end is asked to handle: names, nesting and links between docs.
pub fn markdown_tree(data: &[u8]) {
    let root = scratch("md-tree");
    let mut texts = Vec::new();
    for (path, body) in split_files(data) {
        let full = root.join(&path);
        if let Some(dir) = full.parent() {
            if std::fs::create_dir_all(dir).is_err() {
                continue;
            }
        }
        // Two chunks may map to a file and a folder of the same name.
        if std::fs::write(&full, body).is_ok() {
            texts.push((path, body.to_vec()));
        }
    }
    run_markdown(&root, &texts);
    let _ = std::fs::remove_dir_all(&root);
}

/// Splits `%%% path\nbody%%% path\nbody...` into sanitized relative paths
/// and bodies. Text before the first marker becomes `shared/doc.md`.
pub fn split_files(data: &[u8]) -> Vec<(String, &[u8])> {
    const MARK: &[u8] = b"%%% ";
    let mut out = Vec::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while i + MARK.len() <= data.len() {
        if (i == 0 || data[i - 1] == b'\n') && &data[i..i + MARK.len()] == MARK {
            starts.push(i);
        }
        i += 1;
    }
    if starts.first() != Some(&0) {
        let end = starts.first().copied().unwrap_or(data.len());
        out.push(("shared/doc.md".to_string(), &data[..end]));
    }
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(data.len());
        let chunk = &data[s + MARK.len()..end];
        let nl = chunk.iter().position(|&b| b == b'\n').unwrap_or(chunk.len());
        let path = sanitize_path(&String::from_utf8_lossy(&chunk[..nl]));
        let body = chunk.get(nl + 1..).unwrap_or(&[]);
        if out.len() < 32 && !path.is_empty() {
            out.push((path, body));
        }
    }
    out
}

fn sanitize_path(raw: &str) -> String {
    let parts: Vec<String> = raw
        .split('/')
        .map(|p| {
            p.chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '.')
                .take(24)
                .collect::<String>()
        })
        .filter(|p| !p.is_empty() && p != "." && p != "..")
        .take(4)
        .collect();
    parts.join("/")
}

/// The type-expression parser of markdown `Type` cells.
pub fn type_expr(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = modelgen::markdown::type_expr::parse(text) {
        assert!(e.at <= text.len(), "error offset {} past the end {}", e.at, text.len());
        assert!(text.is_char_boundary(e.at), "error offset {} inside a character", e.at);
        assert!(!e.message.is_empty());
    }
}

/// One OpenAPI spec. The first byte picks JSON or YAML (the rest is the text).
pub fn openapi(data: &[u8]) {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let name = if first & 1 == 0 { "spec.yaml" } else { "spec.json" };
    let root = scratch("openapi");
    let path = root.join(name);
    std::fs::write(&path, body).expect("scratch write");
    // A second file that `$ref`s may point to.
    std::fs::write(root.join("common.yaml"), COMMON_SPEC).expect("scratch write");
    let texts = vec![(name.to_string(), body.to_vec())];
    match modelgen::openapi::load(&[path], &Config::default()) {
        Ok(ir) => check_ir(&ir),
        Err(d) => check_diagnostics(&d, &texts),
    }
    let _ = std::fs::remove_dir_all(&root);
}

pub const COMMON_SPEC: &str = "openapi: 3.0.3\ninfo: {title: common, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Money:\n      type: object\n      required: [amount]\n      properties:\n        amount: {type: number}\n        currency: {type: string, enum: [EUR, USD]}\n";

/// Codegen on an IR built straight from the fuzzer's bytes: names, wire
/// names, docs and values drawn from hostile text, types nested and
/// referring to models that may not exist.
pub fn codegen_ir(data: &[u8]) {
    let ir = IrBuilder { data, pos: 0 }.ir();
    check_ir(&ir);
}

/// Text pieces that have broken code generators: keywords, comment and
/// string terminators, attributes, raw identifiers, non-ASCII and bidi
/// controls, path separators.
pub const HOSTILE: &[&str] = &[
    "",
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "r#type",
    "_",
    "__",
    "0",
    "1st",
    "mod",
    "Option",
    "String",
    "Vec",
    "Box",
    "serde",
    "std",
    "*/",
    "/*",
    "//",
    "#[",
    "#![allow(warnings)]",
    "\"",
    "'",
    "\\",
    "\\\"",
    "\n",
    "\r\n",
    "}\n}\nfn evil() {}\n",
    "\"; fn evil() { std::process::exit(1) } //",
    "*/ #[cfg(any())] /*",
    "```rust\nfn x(){}\n```",
    "\u{202E}",
    "\u{2066}",
    "\u{2069}",
    "\u{200B}",
    "\u{FEFF}",
    "é",
    "日本",
    "🦀",
    "../x",
    "a/b",
    "a.b",
    "a-b",
    "a b",
    "A",
    "a",
    "aB",
    "a_b",
    "ID",
    "Id",
    "id",
];

struct IrBuilder<'a> {
    data: &'a [u8],
    pos: usize,
}

impl IrBuilder<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.data.get(self.pos).copied().unwrap_or(0);
        self.pos += 1;
        b
    }

    fn done(&self) -> bool {
        self.pos >= self.data.len()
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            self.byte() as usize % n
        }
    }

    /// A name: one to three hostile pieces, or raw fuzzer bytes.
    fn text(&mut self) -> String {
        let n = 1 + self.below(3);
        let mut s = String::new();
        for _ in 0..n {
            if self.byte() < 200 {
                s.push_str(HOSTILE[self.below(HOSTILE.len())]);
            } else {
                let len = self.below(8);
                let end = (self.pos + len).min(self.data.len());
                s.push_str(&String::from_utf8_lossy(&self.data[self.pos.min(end)..end]));
                self.pos += len;
            }
        }
        s
    }

    fn opt_text(&mut self) -> Option<String> {
        (self.byte() & 1 == 1).then(|| self.text())
    }

    fn model_ref(&mut self, names: &[(String, String)]) -> ModelRef {
        if !names.is_empty() && self.byte() < 230 {
            let (namespace, name) = names[self.below(names.len())].clone();
            ModelRef { namespace, name }
        } else {
            ModelRef {
                namespace: self.text(),
                name: self.text(),
            }
        }
    }

    fn ty(&mut self, names: &[(String, String)], depth: usize) -> Type {
        let pick = if depth > 6 { self.below(13) } else { self.below(17) };
        match pick {
            0 => Type::String,
            1 => Type::Number { format: self.opt_text() },
            2 => Type::Integer {
                format: [None, Some("int32"), Some("int64"), Some("uint8")][self.below(4)].map(str::to_string),
            },
            3 => Type::Boolean,
            4 => Type::DateTime,
            5 => Type::Date,
            6 => Type::Uuid,
            7 => Type::Bytes,
            8 => Type::Binary,
            9 => Type::Any,
            10 => Type::Literal { value: self.json() },
            11 => Type::Opaque {
                what: if self.byte() & 1 == 0 {
                    OpaqueKind::HttpResponse
                } else {
                    OpaqueKind::ByteStream
                },
            },
            12 => Type::Ref {
                target: self.model_ref(names),
            },
            13 | 14 => Type::Array {
                items: Box::new(self.ty(names, depth + 1)),
            },
            _ => Type::Map {
                values: Box::new(self.ty(names, depth + 1)),
            },
        }
    }

    fn json(&mut self) -> serde_json::Value {
        match self.below(6) {
            0 => serde_json::Value::Null,
            1 => serde_json::Value::Bool(self.byte() & 1 == 1),
            2 => serde_json::Value::from(self.byte() as i64 - 128),
            3 => serde_json::Value::from(i64::MIN + self.byte() as i64),
            4 => serde_json::json!(self.byte() as f64 / 7.0),
            _ => serde_json::Value::String(self.text()),
        }
    }

    fn origin(&mut self) -> Origin {
        Origin {
            // Never empty (front ends always name a file), otherwise hostile.
            file: format!("docs/{}", self.text()),
            line: self.byte() as u32,
            column: self.byte() as u32,
            pointer: self.opt_text(),
        }
    }

    fn ir(mut self) -> Ir {
        // First the names, so that references can point at real models.
        let mut names = Vec::new();
        let count = 1 + self.below(8);
        for _ in 0..count {
            let ns = ["shared", "operations", "errors"][self.below(3)].to_string();
            let ns = if self.byte() < 40 { self.text() } else { ns };
            names.push((ns, self.text()));
        }
        let mut ir = Ir::default();
        for (ns, name) in names.clone() {
            if self.done() && !ir.namespaces.is_empty() {
                break;
            }
            let kind = match self.below(4) {
                0 => ModelKind::Struct(Struct {
                    fields: (0..self.below(6)).map(|_| self.field(&names)).collect(),
                    additional: (self.byte() < 60).then(|| self.ty(&names, 0)),
                    deny_unknown: self.byte() < 30,
                }),
                1 => {
                    let integer = self.byte() < 60;
                    ModelKind::Enum(Enum {
                        repr: if integer { EnumRepr::Integer } else { EnumRepr::String },
                        values: (0..self.below(6))
                            .map(|_| EnumValue {
                                name: self.opt_text(),
                                value: if integer {
                                    serde_json::Value::from(self.byte() as i64 - 3)
                                } else {
                                    serde_json::Value::String(self.text())
                                },
                                description: self.opt_text(),
                            })
                            .collect(),
                        open: self.byte() & 1 == 1,
                    })
                }
                2 => ModelKind::Union(Union {
                    variants: (0..self.below(5))
                        .map(|_| Variant {
                            label: self.text(),
                            ty: self.ty(&names, 0),
                            tags: Vec::new(),
                        })
                        .collect(),
                    discriminator: None,
                }),
                _ => ModelKind::Alias(Alias { ty: self.ty(&names, 0) }),
            };
            let model = Model {
                name: name.clone(),
                origin: self.origin(),
                description: self.opt_text(),
                deprecated: self.opt_text(),
                kind,
            };
            ir.namespaces
                .entry(ns)
                .or_insert_with(Namespace::default)
                .models
                .insert(name, model);
        }
        ir
    }

    fn field(&mut self, names: &[(String, String)]) -> Field {
        let name = self.text();
        Field {
            wire_name: if self.byte() < 128 { name.clone() } else { self.text() },
            name,
            ty: self.ty(names, 0),
            required: self.byte() & 1 == 1,
            nullable: self.byte() & 1 == 1,
            description: self.opt_text(),
            example: (self.byte() & 1 == 1).then(|| self.json()),
            default: (self.byte() < 40).then(|| self.json()),
            deprecated: self.opt_text(),
            read_only: false,
            write_only: false,
            location: None,
            origin: self.origin(),
        }
    }
}
