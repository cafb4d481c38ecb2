//! Regenerates `generated/` from `specs/` before this crate is compiled.
//!
//! Only files whose content changed are rewritten, so a second `cargo build`
//! with unchanged specs rewrites nothing and recompiles nothing.

use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    println!("cargo:rerun-if-changed=specs");
    println!("cargo:rerun-if-changed=build.rs");
    let result = modelgen::Builder::new()
        .config_file(root.join("specs/modelgen.toml"))
        .out_dir(root.join("generated"))
        .emit_rerun_if_changed(false)
        .compile();
    if let Err(e) = result {
        // Cargo shows a failing build script's stderr.
        eprintln!("modelgen could not regenerate generated/ from specs/:\n{e}");
        std::process::exit(1);
    }
}
