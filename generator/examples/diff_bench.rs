//! Times the semantic diff on the real corpus (not a test: run it in release).
//!
//! ```sh
//! cargo run --release -p modelgen --example diff_bench [CORPUS_DIR]
//! ```
//!
//! Loads docs-2024-08, docs-2025-12 and docs-2026-02 once, then times
//! `diff::diff` alone (median of 20 runs) and the JSON rendering for both pairs.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use modelgen::{diff, Config, WireNameRule};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn main() {
    let corpus = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("MODELGEN_CORPUS").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let config = Config {
        wire_names: WireNameRule::SnakeCase,
        ..Config::default()
    };
    let versions = ["docs-2024-08", "docs-2025-12", "docs-2026-02"];
    let mut irs = Vec::new();
    for v in versions {
        let root = corpus.join("stackone").join(v).join("sdk/models");
        let t = Instant::now();
        match modelgen::markdown::load(&root, &config) {
            Ok(ir) => {
                println!(
                    "load {v}: {} models in {:.1?}",
                    ir.model_count(),
                    t.elapsed()
                );
                irs.push(ir);
            }
            Err(e) => {
                eprintln!("{}: {e}", root.display());
                std::process::exit(2);
            }
        }
    }
    for (i, pair) in irs.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        let mut diff_times = Vec::new();
        let mut json_times = Vec::new();
        let mut report = None;
        for _ in 0..20 {
            let t = Instant::now();
            let r = diff::diff(a, b, &config);
            diff_times.push(t.elapsed());
            let t = Instant::now();
            let json = diff::render::json(&r);
            json_times.push(t.elapsed());
            std::hint::black_box(json);
            report = Some(r);
        }
        let Some(report) = report else { continue };
        println!(
            "{} -> {}: diff {:.2?} (median of 20), json {:.2?}; {}",
            versions[i],
            versions[i + 1],
            median(diff_times),
            median(json_times),
            diff::render::summary_line(&report)
        );
    }
}
