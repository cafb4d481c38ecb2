//! `generated/` must be exactly what the pipeline produces from `specs/`.
//! (rust-analyzer/prost style: the failure names the command that fixes it.)

use std::path::Path;

#[test]
fn generated_matches_specs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (files, changes) = modelgen::Builder::new()
        .config_file(root.join("specs/modelgen.toml"))
        .out_dir(root.join("generated"))
        .check()
        .unwrap_or_else(|e| panic!("specs/ does not generate:\n{e}"));
    if !changes.is_empty() {
        let diff = modelgen::write::render_diff(&root.join("generated"), &files, &changes);
        panic!("generated/ is stale; regenerate with `cargo build` and commit the result:\n{diff}");
    }
    assert!(changes.unchanged > 3, "expected a module tree, found {} files", changes.unchanged);
}

#[test]
fn generation_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let render = || {
        modelgen::Builder::new()
            .config_file(root.join("specs/modelgen.toml"))
            .out_dir(root.join("generated"))
            .render()
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(render(), render());
}
