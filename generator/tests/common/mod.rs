//! Helpers shared by integration tests (`mod common;`; each test crate uses
//! what it needs).
#![allow(dead_code)]

pub mod golden;
pub mod rng;
pub mod scratch;

use std::path::{Path, PathBuf};

/// The corpus root (env `MODELGEN_CORPUS`, default `<workspace>/../shared/corpus`),
/// or `None` (the caller skips) when it is absent. With `CI=true` or
/// `MODELGEN_REQUIRE_CORPUS=1` an absent corpus fails the test instead.
#[allow(dead_code)]
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("MODELGEN_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    if dir.join("stackone").is_dir() {
        return Some(dir);
    }
    let required = std::env::var("CI").is_ok_and(|v| v == "true")
        || std::env::var("MODELGEN_REQUIRE_CORPUS").is_ok_and(|v| v == "1");
    assert!(!required, "corpus not found at {}", dir.display());
    eprintln!("corpus not found at {}, skipping", dir.display());
    None
}

/// The three dated docs roots of the corpus, as (label, path).
#[allow(dead_code)]
pub fn docs_roots(corpus: &Path) -> Vec<(&'static str, PathBuf)> {
    ["docs-2024-08", "docs-2025-12", "docs-2026-02"]
        .into_iter()
        .map(|v| (v, corpus.join("stackone").join(v).join("sdk/models")))
        .collect()
}

/// A fresh, empty folder under the system temp dir, unique to this test
/// process: `<temp>/modelgen-<prefix>-<pid>-<name>`.
pub fn temp_dir(prefix: &str, name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("modelgen-{prefix}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("create temp dir");
    d
}
