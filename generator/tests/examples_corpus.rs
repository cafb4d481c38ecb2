//! `modelgen examples` on every corpus spec that loads: each example is
//! checked against its own schema, and every valid one must be read by its
//! generated type (zero rejections) and written back. One scratch crate
//! per spec, built in the compile tests' shared target dir (no debug info,
//! `-D warnings`). Figures per spec are printed for the closing notes.

mod common;

use modelgen::examples;
use modelgen::Config;

/// Corpus specs checked (relative to the corpus root).
const SPECS: &[&str] = &[
    "realworld/openapi/twilio_api_v2010.yaml",
    "realworld/openapi/twilio_conversations_v1.yaml",
    "realworld/openapi/oxide-nexus.json",
    "realworld/speakeasy/glean-ts/openapi.yaml",
    "stackone/openapi-2024-marketing.yaml",
    "stackone/openapi-2025-12-merged.yaml",
];

// ---------------------------------------------------------------------------
// NOT YET CHECKED: these corpus specs do not load on this branch (issue 10,
// items 1-4: allOf merging, numbers beyond i64, `$ref`s in path items and
// operations). Once they do, move each line into `SPECS` above.
//
//     "realworld/openapi/openai.yaml",
//     "realworld/openapi/box.json",
//     "realworld/openapi/plaid.yaml",
//     "realworld/openapi/digitalocean/DigitalOcean-public.v2.yaml",
//     "realworld/speakeasy/mistral-ts/openapi.yaml",
// ---------------------------------------------------------------------------

#[test]
fn corpus_examples_are_read_by_their_generated_types() {
    let Some(corpus) = common::corpus_dir() else { return };
    let dir = common::scratch::compile_tests_dir();
    let options = examples::Options {
        work_dir: dir.join("examples"),
        target_dir: Some(dir.join("target")),
        lockfile: Some(common::scratch::workspace_root().join("Cargo.lock")),
        deny_warnings: true,
    };
    let mut failed = Vec::new();
    for rel in SPECS {
        let spec = corpus.join(rel);
        let report = examples::check(&[spec], &Config::default(), &options)
            .unwrap_or_else(|e| panic!("{rel}: {e}"));
        let reasons: Vec<String> = report.reasons.iter().map(|(w, n)| format!("{n} {}", w.text())).collect();
        println!("{rel}: {} [{}]", report.counts_line(), reasons.join("; "));
        if let Some(b) = &report.build {
            println!("    {} Rust types; cargo build {:.1} s, run {:.2} s", b.types, b.build_seconds, b.run_seconds);
        }
        if report.failed() || report.counts.deserialized == 0 {
            print!("{}", report.render_text());
            failed.push(*rel);
        }
    }
    assert!(failed.is_empty(), "examples rejected by their generated types (or none read) in: {failed:?}");
}
