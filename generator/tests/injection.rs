//! No code injection: names, descriptions, examples and enum values that
//! contain Rust syntax, comment terminators, `#[`, quotes, backslashes,
//! newlines and Unicode bidirectional controls (Trojan Source) come out as
//! data. For a markdown docs tree and an OpenAPI spec full of such text, the
//! generated code
//! - parses, and `syn` shows exactly the intended items: one type per model
//!   (found by a marker in its description), `impl` blocks only for types of
//!   the same file, no other items, the intended number of fields and
//!   variants, and only the attributes codegen emits;
//! - keeps every wire name and enum value exactly (as string literals);
//! - carries no bidi or control character anywhere (doc comments included);
//! - writes files only under sanitized identifier paths;
//! - compiles with `-D warnings` in a scratch crate.

mod common;

#[path = "../../fuzz/src/harness.rs"]
mod harness;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use modelgen::codegen::Files;
use modelgen::ir::{Ir, ModelKind};
use modelgen::Config;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;

/// Text that must stay text.
const EVIL: &str = "*/ fn injected() {} /* \"q\" \\ `tick` #[cfg(any())] #![deny(warnings)] }; mod m {} // \u{202E}rtl\u{2066}iso\u{2069} \u{200B}";

fn tempdir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("modelgen-injection-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Markdown table cells cannot hold `|` or newlines as such.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br/>")
}

const HEAD: &str = "| Field | Type | Required | Description | Example |\n| --- | --- | --- | --- | --- |\n";

fn docs_tree(root: &Path) {
    // Field names: keywords, raw-identifier syntax, quotes, comment and
    // attribute syntax, bidi, names that collide after case conversion.
    let names = [
        "type", "self", "Self", "super", "crate", "r#try", "fn", "async", "_", "__", "1st", "a\"b", "c\\d",
        "*/x", "#[x]", "\u{202E}evil", "évidé", "a-b", "a_b", "ABC", "abc", "serde", "Option",
    ];
    let mut rows = String::new();
    for (i, n) in names.iter().enumerate() {
        let ty = ["*string*", "*number*", "*boolean*", "[shared.Option](../../../sdk/models/shared/option.md)"][i % 4];
        let req = if i % 2 == 0 { ":heavy_check_mark:" } else { ":heavy_minus_sign:" };
        rows.push_str(&format!("| `{n}` | {ty} | {req} | {} | {} |\n", cell(EVIL), cell(EVIL)));
    }
    write(
        root,
        "shared/evil.md",
        &format!(
            "# Evil\n\nmodel-id:evil {}\n\nSecond paragraph with a fence:\n\n```\nfn injected() {{}}\n```\n\n    indented code would be a doctest\n\n## Fields\n\n{HEAD}{rows}",
            cell(EVIL)
        ),
    );
    // An open enum named like a std type, with values that are Rust syntax,
    // collide after case conversion, or collide with the catch-all variant.
    let values = [
        "\"quoted\"", "back\\slash", "*/", "#[cfg(any())]", "a\u{202E}b", "A", "a", "Unrecognized", "self", "1", "",
    ];
    let mut vrows = String::new();
    for (i, v) in values.iter().enumerate() {
        if v.is_empty() {
            continue;
        }
        vrows.push_str(&format!("| `V{i}` | {} |\n", cell(v)));
    }
    write(
        root,
        "shared/option.md",
        &format!(
            "# Option\n\nmodel-id:option {}\n\n## Values\n\nThis is an open enum. Unrecognized values will be captured as the `Unrecognized<string>` branded type.\n\n| Name | Value |\n| --- | --- |\n{vrows}| - | `Unrecognized<string>` |\n",
            cell(EVIL)
        ),
    );
    // Models named like the std and serde items generated code uses.
    for (i, name) in ["String", "Vec", "Box", "Result", "Serialize", "Deserialize", "Value", "BTreeMap"].iter().enumerate() {
        write(
            root,
            &format!("shared/shadow{i}.md"),
            &format!(
                "# {name}\n\nmodel-id:shadow{i}\n\n## Fields\n\n{HEAD}| `text` | *string* | :heavy_check_mark: | N/A | |\n| `list` | *number*[] | :heavy_minus_sign: | N/A | |\n| `map` | Record<string, *any*> | :heavy_minus_sign: | N/A | |\n| `opt` | [shared.Option](../../../sdk/models/shared/option.md) | :heavy_minus_sign: | N/A | |\n"
            ),
        );
    }
    // A union whose members include the shadowing models.
    write(
        root,
        "shared/union.md",
        "# Union\n\nmodel-id:union\n\n## Supported Types\n\n### `string`\n\n```typescript\nconst value: string = \"*/\";\n```\n\n### `shared.Option`\n\n```typescript\nconst value: shared.Option = \"A\";\n```\n\n### `shared.String`\n\n```typescript\nconst value: shared.String = {};\n```\n",
    );
    // Namespaces and models whose module names are keywords or clash with
    // the module files themselves (`mod.rs`).
    for ns in ["self", "mod", "std", "type", "crate"] {
        write(
            root,
            &format!("{ns}/mod.md"),
            &format!(
                "# Mod\n\nmodel-id:{ns}.mod\n\n## Fields\n\n{HEAD}| `mod` | *string* | :heavy_check_mark: | N/A | |\n| `other` | [shared.Evil](../../../sdk/models/shared/evil.md) | :heavy_minus_sign: | N/A | |\n"
            ),
        );
    }
}

const SPEC: &str = r##"{
  "openapi": "3.1.0",
  "info": {"title": "*/ fn injected() {} /*", "version": "1"},
  "paths": {},
  "components": {"schemas": {
    "*/ fn injected() {} /*": {
      "description": "model-id:oa-evil EVIL",
      "type": "object",
      "required": ["\"; fn injected() {} //", ""],
      "properties": {
        "\"; fn injected() {} //": {"type": "string", "description": "EVIL", "example": "EVIL", "default": "EVIL"},
        "": {"type": "integer", "description": "an empty property name"},
        "a b": {"type": "boolean"},
        "a_b": {"type": "boolean"},
        "$ref": {"type": "string"},
        "\u202Ertl": {"type": "string", "examples": ["\u202E"]},
        "kind": {"$ref": "#/components/schemas/Self"}
      }
    },
    "../../../../etc/passwd": {"description": "model-id:oa-path", "type": "object", "properties": {"x": {"type": "string"}}},
    "a/b\\c": {"description": "model-id:oa-slash", "type": "object", "properties": {"x": {"type": "string"}}},
    "Self": {
      "description": "model-id:oa-self EVIL",
      "type": "string",
      "enum": ["\"", "\\", "*/", "#[x]", "a\u202Eb", "A", "a", "", "self", "Self", "\n"]
    },
    "mod": {"description": "model-id:oa-mod", "type": "object", "properties": {"mod": {"type": "string"}}},
    "Pet": {"description": "model-id:oa-pet-upper", "type": "object", "properties": {"x": {"type": "string"}}},
    "pet": {"description": "model-id:oa-pet-lower", "type": "object", "properties": {"y": {"type": "string"}}},
    "🦀": {"description": "model-id:oa-crab", "type": "integer", "enum": [1, -1, 0]}
  }}
}
"##;

/// What the output must contain per model, from the IR.
struct Expect {
    /// Fields (+1 for a flattened map) or variants (+1 for an open enum).
    members: usize,
    kind: &'static str,
    /// Wire names / values that must appear verbatim as string literals.
    strings: Vec<String>,
}

fn expectations(ir: &Ir) -> BTreeMap<String, Expect> {
    let mut out = BTreeMap::new();
    for (_, m) in ir.models() {
        let Some(id) = m.description.as_deref().and_then(marker) else {
            continue;
        };
        let e = match &m.kind {
            ModelKind::Struct(s) => Expect {
                members: s.fields.len() + usize::from(s.additional.is_some()),
                kind: "struct",
                strings: s.fields.iter().map(|f| f.wire_name.clone()).collect(),
            },
            ModelKind::Enum(e) => Expect {
                members: e.values.len() + usize::from(e.open),
                kind: "enum",
                strings: e.values.iter().filter_map(|v| v.value.as_str().map(str::to_string)).collect(),
            },
            ModelKind::Union(u) => Expect {
                members: u.variants.len(),
                kind: "enum",
                strings: Vec::new(),
            },
            ModelKind::Alias(_) => Expect {
                members: 0,
                kind: "alias",
                strings: Vec::new(),
            },
        };
        assert!(out.insert(id.clone(), e).is_none(), "marker {id} twice");
    }
    out
}

fn marker(text: &str) -> Option<String> {
    let i = text.find("model-id:")?;
    Some(text[i..].split_whitespace().next()?.to_string())
}

fn doc_text(attrs: &[syn::Attribute]) -> String {
    let mut s = String::new();
    for a in attrs {
        if let syn::Meta::NameValue(nv) = &a.meta {
            if nv.path.is_ident("doc") {
                if let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(l), .. }) = &nv.value {
                    s.push_str(&l.value());
                    s.push('\n');
                }
            }
        }
    }
    s
}

/// Every string literal in a token stream (nested groups included).
fn string_literals(ts: TokenStream, out: &mut BTreeSet<String>) {
    for tt in ts {
        match tt {
            TokenTree::Group(g) => string_literals(g.stream(), out),
            TokenTree::Literal(l) => {
                if let Ok(s) = syn::parse_str::<syn::LitStr>(&l.to_string()) {
                    out.insert(s.value());
                }
            }
            _ => {}
        }
    }
}

const ALLOWED_ATTRS: &[&str] = &["doc", "derive", "serde", "deprecated", "non_exhaustive", "allow", "default", "cfg"];

fn check_attrs(attrs: &[syn::Attribute], where_: &str, problems: &mut Vec<String>) {
    for a in attrs {
        let name = a.path().segments.iter().map(|s| s.ident.to_string()).collect::<Vec<_>>().join("::");
        if !ALLOWED_ATTRS.contains(&name.as_str()) {
            problems.push(format!("{where_}: unexpected attribute #[{name}]"));
        }
        if name == "cfg" {
            let t = a.to_token_stream().to_string();
            if !t.contains("feature") {
                problems.push(format!("{where_}: unexpected cfg {t}"));
            }
        }
    }
}

fn is_bad_char(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Checks a rendered tree against the IR; returns the problems found.
fn check_output(ir: &Ir, files: &Files) -> Vec<String> {
    let mut problems = Vec::new();
    let expect = expectations(ir);
    let mut seen = BTreeSet::new();
    for (rel, text) in files {
        harness::check_output_path(rel);
        if let Some((i, c)) = text.char_indices().find(|&(_, c)| is_bad_char(c)) {
            problems.push(format!("{rel}: character U+{:04X} at byte {i}", c as u32));
        }
        let file = match syn::parse_file(text) {
            Ok(f) => f,
            Err(e) => {
                problems.push(format!("{rel}: does not parse: {e}"));
                continue;
            }
        };
        check_attrs(&file.attrs, rel, &mut problems);
        let is_mod = rel == "mod.rs" || rel.ends_with("/mod.rs");
        let mut types = BTreeSet::new();
        for item in &file.items {
            match item {
                syn::Item::Struct(s) => {
                    types.insert(s.ident.to_string());
                }
                syn::Item::Enum(e) => {
                    types.insert(e.ident.to_string());
                }
                syn::Item::Type(t) => {
                    types.insert(t.ident.to_string());
                }
                _ => {}
            }
        }
        let mut literals = BTreeSet::new();
        string_literals(file.to_token_stream(), &mut literals);
        for item in &file.items {
            let (attrs, what): (&[syn::Attribute], String) = match item {
                syn::Item::Struct(s) => {
                    for f in s.fields.iter() {
                        check_attrs(&f.attrs, &format!("{rel}: field of {}", s.ident), &mut problems);
                    }
                    (&s.attrs, format!("struct {}", s.ident))
                }
                syn::Item::Enum(e) => {
                    for v in &e.variants {
                        check_attrs(&v.attrs, &format!("{rel}: variant {}::{}", e.ident, v.ident), &mut problems);
                    }
                    (&e.attrs, format!("enum {}", e.ident))
                }
                syn::Item::Type(t) => (&t.attrs, format!("type {}", t.ident)),
                syn::Item::Impl(i) => {
                    let self_ty = i.self_ty.to_token_stream().to_string();
                    if !types.contains(&self_ty) && !is_mod {
                        problems.push(format!("{rel}: impl for `{self_ty}`, not a type of this file"));
                    }
                    (&i.attrs, format!("impl {self_ty}"))
                }
                syn::Item::Macro(m) if !is_mod => {
                    check_deserialize_struct(&file, m, rel, &mut problems);
                    (&m.attrs, "macro".to_string())
                }
                syn::Item::Mod(m) if is_mod => (&m.attrs, format!("mod {}", m.ident)),
                syn::Item::Use(u) if is_mod => (&u.attrs, "use".to_string()),
                other => {
                    problems.push(format!("{rel}: unexpected item {}", other.to_token_stream()));
                    continue;
                }
            };
            check_attrs(attrs, &format!("{rel}: {what}"), &mut problems);
            // The model item: find it by the marker in its doc comment.
            let Some(id) = marker(&doc_text(attrs)) else { continue };
            let Some(e) = expect.get(&id) else {
                problems.push(format!("{rel}: marker {id} on {what} has no model"));
                continue;
            };
            if !seen.insert(id.clone()) {
                problems.push(format!("{rel}: marker {id} twice"));
            }
            let (kind, members) = match item {
                syn::Item::Struct(s) => ("struct", s.fields.len()),
                syn::Item::Enum(en) => ("enum", en.variants.len()),
                syn::Item::Type(_) => ("alias", 0),
                // An alias may be emitted as a newtype struct.
                _ => ("other", 0),
            };
            if kind != e.kind && !(e.kind == "alias" && kind == "struct") {
                problems.push(format!("{rel}: {id} is a {kind}, expected a {}", e.kind));
            } else if kind == e.kind && members != e.members {
                problems.push(format!("{rel}: {id} has {members} members, expected {}", e.members));
            }
            for s in &e.strings {
                // serde uses the field or variant name itself (raw
                // identifiers without their `r#`) when there is no rename.
                let as_ident = !s.is_empty()
                    && file.items.iter().any(|it| {
                        it.to_token_stream().to_string().split(' ').any(|t| t.strip_prefix("r#").unwrap_or(t) == s)
                    });
                if !literals.contains(s) && !as_ident {
                    problems.push(format!("{rel}: {id}: wire text {s:?} not kept verbatim"));
                }
            }
        }
        // Only the items counted above, and nothing parses as a function
        // outside impl blocks (an injected `fn` would).
        if file.items.iter().any(|i| matches!(i, syn::Item::Fn(_) | syn::Item::ExternCrate(_))) && !is_mod {
            problems.push(format!("{rel}: a free function or extern crate"));
        }
    }
    for id in expect.keys() {
        if !seen.contains(id) {
            problems.push(format!("model {id}: no item carries its marker"));
        }
    }
    problems
}

/// The one macro a model file may invoke: `super::super::__modelgen::
/// deserialize_struct! { Name { field: read "key", ... } skip { field, ... } }`
/// for a struct `Name` of the same file, naming each of its fields once,
/// `read` one of the three the macro knows, each key a string literal.
fn check_deserialize_struct(file: &syn::File, m: &syn::ItemMacro, rel: &str, problems: &mut Vec<String>) {
    let path = m.mac.path.to_token_stream().to_string().replace(' ', "");
    if path != "super::super::__modelgen::deserialize_struct" || !matches!(m.mac.delimiter, syn::MacroDelimiter::Brace(_)) {
        problems.push(format!("{rel}: unexpected macro {}", m.to_token_stream()));
        return;
    }
    let mut tokens = m.mac.tokens.clone().into_iter();
    let (Some(TokenTree::Ident(name)), Some(TokenTree::Group(body))) = (tokens.next(), tokens.next()) else {
        problems.push(format!("{rel}: deserialize_struct! without `Name {{ ... }}`"));
        return;
    };
    let Some(s) = file.items.iter().find_map(|i| match i {
        syn::Item::Struct(s) if s.ident == name => Some(s),
        _ => None,
    }) else {
        problems.push(format!("{rel}: deserialize_struct! for `{name}`, not a struct of this file"));
        return;
    };
    let mut named = Vec::new();
    let body: Vec<TokenTree> = body.stream().into_iter().collect();
    for entry in body.chunks(5) {
        match entry {
            [TokenTree::Ident(f), TokenTree::Punct(c), TokenTree::Ident(read), TokenTree::Literal(key), TokenTree::Punct(comma)]
                if c.as_char() == ':'
                    && comma.as_char() == ','
                    && ["required", "optional", "nullable"].contains(&read.to_string().as_str())
                    && syn::parse_str::<syn::LitStr>(&key.to_string()).is_ok() =>
            {
                named.push(f.to_string())
            }
            _ => problems.push(format!("{rel}: deserialize_struct! entry {:?}", entry.iter().map(|t| t.to_string()).collect::<Vec<_>>())),
        }
    }
    match (tokens.next(), tokens.next(), tokens.next()) {
        (None, _, _) => {}
        (Some(TokenTree::Ident(skip)), Some(TokenTree::Group(g)), None) if skip == "skip" => {
            let list: Vec<TokenTree> = g.stream().into_iter().collect();
            for entry in list.chunks(2) {
                match entry {
                    [TokenTree::Ident(f), TokenTree::Punct(comma)] if comma.as_char() == ',' => named.push(f.to_string()),
                    _ => problems.push(format!("{rel}: deserialize_struct! skip entry {entry:?}")),
                }
            }
        }
        _ => problems.push(format!("{rel}: deserialize_struct! has more than `Name {{ ... }} skip {{ ... }}`")),
    }
    let mut fields: Vec<String> = s.fields.iter().filter_map(|f| f.ident.as_ref().map(|i| i.to_string())).collect();
    fields.sort();
    named.sort();
    if fields != named {
        problems.push(format!("{rel}: deserialize_struct! for `{name}` names {named:?}, the struct has {fields:?}"));
    }
}

fn compile(name: &str, files: &Files) {
    let s = common::scratch::Scratch::new(name, &[]);
    let _ = std::fs::remove_dir_all(s.dir.join("src/models"));
    for (rel, text) in files {
        s.write(&format!("src/models/{rel}"), text);
    }
    s.write("src/lib.rs", "#[path = \"models/mod.rs\"]\npub mod models;\n");
    let run = s.cargo(&["build", "--quiet"]);
    assert!(run.ok, "generated code does not compile in {}:\n{}", s.dir.display(), run.stderr);
    assert_eq!(run.warnings, 0, "{}", run.stderr);
}

#[test]
fn hostile_markdown_comes_out_as_data() {
    let root = tempdir("docs");
    docs_tree(&root);
    let config = Config::default();
    let ir = match modelgen::markdown::load(&root, &config) {
        Ok(ir) => ir,
        Err(d) => panic!("hostile but valid docs were refused:\n{d}"),
    };
    let files = modelgen::codegen::generate(&ir, &config).unwrap_or_else(|d| panic!("{d}"));
    let problems = check_output(&ir, &files);
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    compile("hostile_markdown", &files);
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn hostile_openapi_comes_out_as_data() {
    let root = tempdir("spec");
    let spec = SPEC.replace("EVIL", &EVIL.replace('\\', "\\\\").replace('"', "\\\"").replace('\u{202E}', "\\u202E"));
    write(&root, "spec.json", &spec);
    let config = Config::default();
    let ir = match modelgen::openapi::load(&[root.join("spec.json")], &config) {
        Ok(ir) => ir,
        Err(d) => panic!("hostile but valid spec was refused:\n{d}"),
    };
    let files = modelgen::codegen::generate(&ir, &config).unwrap_or_else(|d| panic!("{d}"));
    let problems = check_output(&ir, &files);
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
    compile("hostile_openapi", &files);
    let _ = std::fs::remove_dir_all(&root);
}

/// The checker itself catches what it is there to catch: an injected item,
/// a foreign attribute, a bidi control, a lost field.
#[test]
fn the_checker_catches_injections() {
    let root = tempdir("self-test");
    docs_tree(&root);
    let config = Config::default();
    let ir = modelgen::markdown::load(&root, &config).unwrap_or_else(|d| panic!("{d}"));
    let files = modelgen::codegen::generate(&ir, &config).unwrap_or_else(|d| panic!("{d}"));
    assert!(check_output(&ir, &files).is_empty());
    let evil = files.keys().find(|k| k.ends_with("evil.rs")).unwrap().clone();
    let tamper = |f: &dyn Fn(&str) -> String| {
        let mut t = files.clone();
        let text = f(&t[&evil]);
        t.insert(evil.clone(), text);
        check_output(&ir, &t)
    };
    assert!(!tamper(&|s| format!("{s}\nfn injected() {{}}\n")).is_empty(), "free fn");
    assert!(!tamper(&|s| s.replacen("#[derive(", "#[no_mangle]\n#[derive(", 1)).is_empty(), "attribute");
    assert!(!tamper(&|s| s.replacen("/// */", "/// \u{202E}*/", 1)).is_empty(), "bidi");
    assert!(!tamper(&|s| s.replacen("pub r#fn: bool,", "", 1)).is_empty(), "lost field");
    // The key is in the field's rename and in `deserialize_struct!`.
    assert!(!tamper(&|s| s.replace("\"self\"", "\"self \"")).is_empty(), "changed wire name");
    assert!(!tamper(&|s| format!("{s}\nmacro_rules! m {{ () => {{}} }}\n")).is_empty(), "other macro");
    assert!(!tamper(&|s| s.replacen(": required ", ": injected ", 1)).is_empty(), "unknown read");
    assert!(!tamper(&|s| s.replacen("        r#fn: required \"fn\",\n", "", 1)).is_empty(), "field not read");
    assert!(
        !tamper(&|s| s.replacen("deserialize_struct! {\n    ", "deserialize_struct! {\n    Other ", 1)).is_empty(),
        "read another type"
    );
    let _ = std::fs::remove_dir_all(&root);
}
