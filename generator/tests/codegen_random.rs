//! Random IR thrown at codegen (a bounded, deterministic property test):
//! never a panic; either diagnostics or files that parse as Rust, are the
//! same on a second run, and (for a sample) compile with `-D warnings`.

mod common;

use std::collections::BTreeMap;

use modelgen::ir::*;
use modelgen::Config;

use common::rng::Rng;

const NAMES: &[&str] = &[
    "type", "self", "Self", "super", "crate", "", "_", "1", "1st", "foo-bar", "foo_bar", "FooBar", "fooBar",
    "Option", "Some", "None", "String", "Vec", "Box", "Result", "é", "\u{202e}x", "mod", "a\nb", "\"", "}{",
    "*/", "#[x]", "Unrecognized", "value", "r#type", "__modelgen", "shared", "a b", "A", "B", "Node", "default",
];
const NAMESPACES: &[&str] = &["shared", "operations", "", "type", "Shared", "self", "mod", "__modelgen", "errors"];
const FORMATS: &[&str] = &["int32", "int64", "float", "double", "weird"];

fn origin(rng: &mut Rng) -> Origin {
    Origin { file: format!("f{}.md", rng.below(5)), line: rng.below(50) as u32, column: 1, pointer: None }
}

fn ty(rng: &mut Rng, depth: usize) -> Type {
    let n = if depth >= 3 { 12 } else { 16 };
    match rng.below(n) {
        0 => Type::String,
        1 => Type::Number { format: rng.chance(30).then(|| rng.pick(FORMATS).to_string()) },
        2 => Type::Integer { format: rng.chance(30).then(|| rng.pick(FORMATS).to_string()) },
        3 => Type::Boolean,
        4 => Type::DateTime,
        5 => Type::Date,
        6 => Type::Uuid,
        7 => Type::Bytes,
        8 => Type::Any,
        9 | 10 => Type::Ref {
            target: ModelRef { namespace: rng.pick(&NAMESPACES[..3]).to_string(), name: rng.pick(NAMES).to_string() },
        },
        11 => match rng.below(6) {
            0 => Type::Literal { value: serde_json::json!(rng.pick(NAMES)) },
            1 => Type::Literal { value: serde_json::json!(rng.below(5) as i64 - 2) },
            2 => Type::Literal { value: serde_json::json!(rng.chance(50)) },
            3 => Type::Literal { value: serde_json::Value::Null },
            4 => Type::Literal { value: serde_json::json!({"a": [1, "}"]}) },
            _ => Type::Opaque { what: if rng.chance(50) { OpaqueKind::HttpResponse } else { OpaqueKind::ByteStream } },
        },
        12 | 13 => Type::Array { items: Box::new(ty(rng, depth + 1)) },
        14 => Type::Map { values: Box::new(ty(rng, depth + 1)) },
        _ => Type::Binary,
    }
}

fn model(rng: &mut Rng, name: &str) -> Model {
    let kind = match rng.below(4) {
        0 => ModelKind::Struct(Struct {
            fields: (0..rng.below(6))
                .map(|_| {
                    let name = rng.pick(NAMES).to_string();
                    Field {
                        wire_name: if rng.chance(70) { name.clone() } else { rng.pick(NAMES).to_string() },
                        name,
                        ty: ty(rng, 0),
                        required: rng.chance(50),
                        nullable: rng.chance(30),
                        description: rng.chance(30).then(|| rng.pick(NAMES).repeat(3)),
                        example: rng.chance(20).then(|| serde_json::json!(rng.pick(NAMES))),
                        default: None,
                        deprecated: rng.chance(10).then(|| rng.pick(NAMES).to_string()),
                        read_only: false,
                        write_only: false,
                        location: rng.chance(20).then_some(ParamLocation::Query),
                        origin: origin(rng),
                    }
                })
                .collect(),
            additional: rng.chance(30).then(|| ty(rng, 1)),
            deny_unknown: rng.chance(20),
        }),
        1 => {
            let int = rng.chance(40);
            ModelKind::Enum(Enum {
                repr: if int { EnumRepr::Integer } else { EnumRepr::String },
                values: (0..rng.below(6))
                    .map(|_| EnumValue {
                        name: rng.chance(30).then(|| rng.pick(NAMES).to_string()),
                        value: if int && rng.chance(90) {
                            serde_json::json!(rng.below(7) as i64 - 3)
                        } else {
                            serde_json::json!(rng.pick(NAMES))
                        },
                        description: None,
                    })
                    .collect(),
                open: rng.chance(50),
            })
        }
        2 => ModelKind::Union(Union {
            variants: (0..rng.below(5))
                .map(|_| Variant {
                    label: rng.pick(NAMES).to_string(),
                    ty: ty(rng, 1),
                    tags: (0..rng.below(3)).map(|_| rng.pick(NAMES).to_string()).collect(),
                })
                .collect(),
            discriminator: rng.chance(30).then(|| Discriminator { property: rng.pick(NAMES).to_string() }),
        }),
        _ => ModelKind::Alias(Alias { ty: ty(rng, 0) }),
    };
    Model {
        name: name.to_string(),
        origin: origin(rng),
        description: rng.chance(30).then(|| "```\nfn x() {}\n```\n\u{2066}".to_string()),
        deprecated: rng.chance(10).then(String::new),
        kind,
    }
}

fn random_ir(seed: u64) -> Ir {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut namespaces = BTreeMap::new();
    for _ in 0..1 + rng.below(3) {
        let mut models = BTreeMap::new();
        for _ in 0..rng.below(8) {
            let name = rng.pick(NAMES).to_string();
            let m = model(&mut rng, &name);
            models.insert(name, m);
        }
        namespaces.insert(rng.pick(NAMESPACES).to_string(), Namespace { models });
    }
    Ir { namespaces }
}

#[test]
fn random_ir_never_panics_and_output_parses() {
    let mut ok = 0;
    let mut sample: Vec<(u64, modelgen::codegen::Files)> = Vec::new();
    for seed in 0..400u64 {
        let ir = random_ir(seed);
        let config = Config { namespace_features: seed % 7 == 0, ..Config::default() };
        let first = std::panic::catch_unwind(|| modelgen::codegen::generate(&ir, &config));
        let Ok(result) = first else { panic!("seed {seed}: codegen panicked on {}", serde_json::to_string(&ir).unwrap()) };
        match result {
            Ok(files) => {
                ok += 1;
                for (path, text) in &files {
                    if let Err(e) = syn::parse_file(text) {
                        panic!("seed {seed}: {path} does not parse: {e}\n{text}");
                    }
                }
                assert_eq!(modelgen::codegen::generate(&ir, &config).ok(), Some(files.clone()), "seed {seed}");
                if sample.len() < 40 && !config.namespace_features {
                    sample.push((seed, files));
                }
            }
            Err(d) => assert!(!d.is_empty(), "seed {seed}: empty diagnostics"),
        }
    }
    assert!(ok > 40, "only {ok} random IRs generated; the generator of IRs is too hostile to test codegen");

    // A sample of the successful outputs must compile without warnings.
    let s = common::scratch::Scratch::new("codegen_random", &[]);
    let mut lib = String::new();
    for (seed, files) in &sample {
        s.write_tree(&format!("src/r{seed}"), files);
        lib.push_str(&format!("#[path = \"r{seed}/mod.rs\"]\npub mod r{seed};\n"));
    }
    s.write("src/lib.rs", &lib);
    let run = s.cargo(&["check", "--quiet", "--message-format=short"]);
    assert!(run.ok && run.warnings == 0, "random IR output does not compile cleanly:\n{}", run.stderr);
}
