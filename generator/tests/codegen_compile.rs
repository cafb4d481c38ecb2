//! Compiles every golden codegen tree in one scratch crate with
//! `-D warnings` and runs the JSON round-trip tests of
//! `tests/compile/roundtrip.rs` against them.

mod common;

use common::golden::{cases, load_case};
use common::scratch::{path_mod, Scratch};

#[test]
fn golden_trees_compile_and_round_trip() {
    let mut lib = String::from("//! Golden codegen trees, compiled together.\n\n");
    let mut features = Vec::new();
    for dir in cases() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let (ir, config) = load_case(&dir).unwrap();
        if config.namespace_features {
            let files = modelgen::codegen::generate(&ir, &config).unwrap();
            // Feature names are the namespace module names.
            for path in files.keys() {
                if let Some((ns, "mod.rs")) = path.split_once('/') {
                    features.push(ns.to_string());
                }
            }
        }
        lib.push_str(&path_mod(&name, &dir.join("out").join("mod.rs")));
    }
    let roundtrip = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/compile/roundtrip.rs");
    lib.push_str(&format!("\n#[cfg(test)]\n{}", path_mod("roundtrip", &roundtrip).replace("pub mod", "mod")));
    let s = Scratch::new("codegen_golden", &features);
    s.write("src/lib.rs", &lib);
    let run = s.cargo(&["test", "--quiet"]);
    assert!(
        run.ok,
        "scratch crate {} failed (cargo test, -D warnings):\n{}\n{}",
        s.dir.display(),
        run.stderr,
        run.stdout
    );
    assert_eq!(run.warnings, 0, "{}", run.stderr);
    eprintln!("golden trees: cargo test in {:.1?}\n{}", run.elapsed, run.stdout);
}
