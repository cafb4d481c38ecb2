//! All or nothing on disk: a `generate` killed at any moment leaves every
//! output file either exactly as the previous run wrote it or exactly as the
//! new run would, never half-written, and stale files of the previous run are
//! only removed by a run that completes. The next complete run cleans up the
//! temporary files a killed run left behind.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A spec with `n` models; `version` changes every model's text and drops
/// the last ten models (so the new run has stale files to remove).
fn spec(n: usize, version: u32) -> String {
    let mut schemas = serde_json::Map::new();
    let keep = if version == 1 { n } else { n - 10 };
    for i in 0..keep {
        schemas.insert(
            format!("Model{i}"),
            serde_json::json!({
                "description": format!("Model {i}, version {version}. {}", "Padding text. ".repeat(20)),
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    format!("field_v{version}"): {"type": "integer"},
                    "next": {"$ref": format!("#/components/schemas/Model{}", (i + 1) % keep)}
                }
            }),
        );
    }
    serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}})
        .to_string()
}

fn generate(work: &Path, spec_file: &str, out: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_modelgen"));
    c.args(["generate", "--openapi", spec_file, "--out", out, "-q"]).current_dir(work);
    c
}

#[test]
fn a_killed_run_leaves_old_or_new_files_never_half_written() {
    let work = common::temp_dir("interrupt", "kill");
    let n = 300;
    fs::write(work.join("v1.json"), spec(n, 1)).unwrap();
    fs::write(work.join("v2.json"), spec(n, 2)).unwrap();
    // The two complete outputs, for reference (made under the same `--out`
    // name: the `@generated` header names the command).
    for (v, name) in [("v1.json", "ref1"), ("v2.json", "ref2")] {
        assert!(generate(&work, v, "out").status().unwrap().success());
        fs::rename(work.join("out"), work.join(name)).unwrap();
    }
    let (ref1, ref2) = (tree(&work.join("ref1")), tree(&work.join("ref2")));
    let stale: Vec<&String> = ref1.keys().filter(|k| !ref2.contains_key(*k)).collect();
    assert!(stale.len() >= 10);

    // How long a full v1 -> v2 run takes here, to spread the kills over it.
    let copy = |to: &Path| {
        let _ = fs::remove_dir_all(to);
        for (rel, bytes) in &ref1 {
            fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
            fs::write(to.join(rel), bytes).unwrap();
        }
    };
    copy(&work.join("out"));
    let t = Instant::now();
    assert!(generate(&work, "v2.json", "out").status().unwrap().success());
    let full = t.elapsed();

    let mut outcomes = BTreeMap::new();
    // Rendering comes first and writing last: kill across the second half.
    for step in 1..=6u32 {
        copy(&work.join("out"));
        let mut child = generate(&work, "v2.json", "out").spawn().unwrap();
        std::thread::sleep(full.mul_f64(0.4 + f64::from(step) / 10.0).min(Duration::from_secs(20)));
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&work.join("out"));
        let (mut old, mut new, mut temps) = (0, 0, 0);
        for (rel, bytes) in &now {
            let name = rel.rsplit('/').next().unwrap();
            if name.starts_with('.') && name.contains(".modelgen-tmp.") {
                temps += 1;
                continue;
            }
            if ref2.get(rel) == Some(bytes) {
                new += 1;
            } else if ref1.get(rel) == Some(bytes) {
                old += 1;
            } else {
                panic!("after a kill at step {step}, {rel} is neither the old nor the new file");
            }
        }
        // Stale files go only after every new file is in place.
        let stale_gone = stale.iter().filter(|s| !now.contains_key(**s)).count();
        if stale_gone > 0 {
            assert_eq!(old, 0, "step {step}: stale files removed while {old} files are still old");
        }
        for rel in ref1.keys().chain(ref2.keys()) {
            assert!(
                now.contains_key(rel) || (stale.contains(&rel) && stale_gone > 0) || ref2.contains_key(rel) && !ref1.contains_key(rel),
                "step {step}: {rel} vanished"
            );
        }
        outcomes.insert(step, (old, new, temps));
        // Finishing the run repairs everything and drops the temporaries.
        assert!(generate(&work, "v2.json", "out").status().unwrap().success());
        assert!(tree(&work.join("out")) == ref2, "step {step}: the next run did not restore the new output");
    }
    eprintln!("(old, new, temporary) files after each kill: {outcomes:?}");
    let _ = fs::remove_dir_all(&work);
}
