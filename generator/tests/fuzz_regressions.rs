//! Replays every input under `tests/fuzz-regressions/<target>/` through the
//! fuzz target's own check (`fuzz/src/harness.rs`): inputs that once crashed
//! a target, or broke one of its invariants, stay fixed.

#[path = "../../fuzz/src/harness.rs"]
mod harness;

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("markdown_doc", harness::markdown_doc),
    ("markdown_tree", harness::markdown_tree),
    ("type_expr", harness::type_expr),
    ("openapi", harness::openapi),
    ("codegen_ir", harness::codegen_ir),
];

#[test]
fn fuzz_regressions_stay_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let Some((_, run)) = TARGETS.iter().find(|(t, _)| *t == name) else {
            panic!("{}: not a fuzz target (expected one of {:?})", dir.display(), TARGETS.iter().map(|t| t.0).collect::<Vec<_>>());
        };
        let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).unwrap();
            let outcome = std::panic::catch_unwind(|| run(&data));
            assert!(outcome.is_ok(), "{} fails again", f.display());
            count += 1;
        }
    }
    assert!(count > 0, "no regression inputs found under {}", root.display());
    eprintln!("{count} fuzz regression inputs replayed");
}
