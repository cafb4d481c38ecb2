//! Inputs that are legal but large or long must cost roughly linear time and
//! bounded stack: no quadratic walk, no recursion per element. Each case is
//! sized so that a linear implementation takes well under a second (debug
//! build) while a quadratic one takes minutes; the time bounds are loose so a
//! busy CI machine does not fail them.

use std::time::{Duration, Instant};

use modelgen::Config;

fn tempdir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("modelgen-scale-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const BOUND: Duration = Duration::from_secs(60);

/// 5,000 component schemas, each a `$ref` to the next (used to take
/// minutes: the alias-cycle check walked every chain with a list lookup per
/// step), then a 3,000-alias cycle (one error per alias, shortened chains).
#[test]
fn long_ref_chains_and_cycles() {
    let dir = tempdir("chain");
    let chain = |n: usize, cyclic: bool| {
        let mut schemas = serde_json::Map::new();
        for i in 0..n {
            let next = if cyclic { (i + 1) % n } else { i + 1 };
            schemas.insert(format!("S{i}"), serde_json::json!({"$ref": format!("#/components/schemas/S{next}")}));
        }
        if !cyclic {
            schemas.insert(format!("S{n}"), serde_json::json!({"type": "string"}));
        }
        serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": schemas}})
            .to_string()
    };
    std::fs::write(dir.join("chain.json"), chain(5_000, false)).unwrap();
    let t = Instant::now();
    let ir = modelgen::openapi::load(&[dir.join("chain.json")], &Config::default()).unwrap();
    assert_eq!(ir.model_count(), 5_001);
    let files = modelgen::codegen::generate(&ir, &Config::default()).unwrap();
    assert!(files.len() > 5_000);
    assert!(t.elapsed() < BOUND, "5,000-alias chain took {:?}", t.elapsed());

    std::fs::write(dir.join("cycle.json"), chain(3_000, true)).unwrap();
    let t = Instant::now();
    let err = modelgen::openapi::load(&[dir.join("cycle.json")], &Config::default()).unwrap_err();
    assert_eq!(err.len(), 3_000);
    assert!(err.0.iter().all(|d| d.message.contains("(3000 aliases in all)") && d.message.len() < 400));
    assert!(t.elapsed() < BOUND, "3,000-alias cycle took {:?}", t.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A doc just under the size limit: one table with 10,000 rows, and a
/// 3 MB description cell.
#[test]
fn big_docs_under_the_limit() {
    let dir = tempdir("big");
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    let mut doc = String::from("# Big\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n");
    for i in 0..10_000 {
        doc.push_str(&format!("| `f{i}` | *string*[] | :heavy_minus_sign: | Field {i} |\n"));
    }
    std::fs::write(dir.join("shared/big.md"), &doc).unwrap();
    let cell = "word ".repeat(3 * 1024 * 1024 / 5);
    std::fs::write(
        dir.join("shared/long.md"),
        format!("# Long\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `a` | *string* | :heavy_check_mark: | {cell} |\n"),
    )
    .unwrap();
    let t = Instant::now();
    let ir = modelgen::markdown::load(&dir, &Config::default()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(ir.model_count(), 2);
    let files = modelgen::codegen::generate(&ir, &Config::default()).unwrap();
    assert!(files.values().any(|t| t.len() > 3_000_000));
    assert!(t.elapsed() < BOUND, "big docs took {:?}", t.elapsed());
    let _ = std::fs::remove_dir_all(&dir);
}
