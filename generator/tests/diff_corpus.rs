//! Semantic diff over the real corpus: docs-2024-08 -> docs-2025-12 and
//! docs-2025-12 -> docs-2026-02. The reported added/removed models must be
//! exactly the difference of the two folders' doc sets, once the reported
//! renames are taken out. Prints the summary counts (run with --nocapture).
//! Timing lives in generator/benches/diff_corpus.sh (release build), not here.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use modelgen::diff::{self, DiffReport};
use modelgen::ir::Ir;
use modelgen::{Config, WireNameRule};

/// `namespace/stem` of every doc in a docs root.
fn doc_set(root: &Path) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    for ns in std::fs::read_dir(root).unwrap().flatten() {
        if !ns.path().is_dir() {
            continue;
        }
        let ns_name = ns.file_name().to_string_lossy().into_owned();
        for f in std::fs::read_dir(ns.path()).unwrap().flatten() {
            let name = f.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".md") {
                set.insert(format!("{ns_name}/{stem}"));
            }
        }
    }
    set
}

/// `namespace.Model` -> `namespace/stem` of the doc it came from.
fn doc_of(ir: &Ir, name: &str) -> String {
    let (ns, model) = name.split_once('.').unwrap();
    let m = ir
        .namespaces
        .get(ns)
        .and_then(|n| n.models.get(model))
        .unwrap_or_else(|| panic!("{name} is not in the IR"));
    let file = Path::new(&m.origin.file);
    let stem = file.file_stem().unwrap().to_string_lossy();
    format!("{ns}/{stem}")
}

fn load(root: &Path, config: &Config) -> Ir {
    modelgen::markdown::load(root, config).unwrap_or_else(|e| panic!("{}: {e}", root.display()))
}

fn root(corpus: &Path, version: &str) -> PathBuf {
    corpus.join("stackone").join(version).join("sdk/models")
}

fn config() -> Config {
    Config {
        wire_names: WireNameRule::SnakeCase,
        ..Config::default()
    }
}

fn check_pair(corpus: &Path, (old, a): (&str, &Ir), (new, b): (&str, &Ir)) -> DiffReport {
    let config = config();
    let root = |v: &str| root(corpus, v);
    let report = diff::diff(a, b, &config);

    let (da, db) = (doc_set(&root(old)), doc_set(&root(new)));
    let renamed_old: BTreeSet<String> = report
        .models
        .renamed
        .iter()
        .map(|(o, _)| doc_of(a, o))
        .collect();
    let renamed_new: BTreeSet<String> = report
        .models
        .renamed
        .iter()
        .map(|(_, n)| doc_of(b, n))
        .collect();
    let expect_added: BTreeSet<String> = db
        .difference(&da)
        .filter(|d| !renamed_new.contains(*d))
        .cloned()
        .collect();
    let expect_removed: BTreeSet<String> = da
        .difference(&db)
        .filter(|d| !renamed_old.contains(*d))
        .cloned()
        .collect();
    let added: BTreeSet<String> = report.models.added.iter().map(|n| doc_of(b, n)).collect();
    let removed: BTreeSet<String> = report.models.removed.iter().map(|n| doc_of(a, n)).collect();
    assert_eq!(
        added.len(),
        report.models.added.len(),
        "one doc per added model"
    );
    assert_eq!(
        removed.len(),
        report.models.removed.len(),
        "one doc per removed model"
    );
    assert_eq!(
        added
            .symmetric_difference(&expect_added)
            .collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "{old} -> {new}: added models vs new docs"
    );
    assert_eq!(
        removed
            .symmetric_difference(&expect_removed)
            .collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "{old} -> {new}: removed models vs deleted docs"
    );
    // Every model on both sides appears in exactly one bucket.
    let s = &report.summary;
    assert_eq!(s.old_models, a.model_count());
    assert_eq!(s.new_models, b.model_count());
    assert_eq!(
        s.old_models - s.removed - s.renamed,
        s.new_models - s.added - s.renamed
    );

    // Stable: the same inputs give the same bytes.
    let json = diff::render::json(&report);
    assert_eq!(json, diff::render::json(&diff::diff(a, b, &config)));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["models"]["added"].as_array().map(Vec::len), Some(s.added));

    println!(
        "{old} -> {new}: {} -> {} models; {}",
        s.old_models,
        s.new_models,
        diff::render::summary_line(&report)
    );
    report
}

#[test]
fn corpus_diffs_match_the_doc_folders() {
    let Some(corpus) = common::corpus_dir() else { return };
    let config = config();
    let [v1, v2, v3] = ["docs-2024-08", "docs-2025-12", "docs-2026-02"];
    let (i1, i2, i3) = (
        load(&root(&corpus, v1), &config),
        load(&root(&corpus, v2), &config),
        load(&root(&corpus, v3), &config),
    );
    let r1 = check_pair(&corpus, (v1, &i1), (v2, &i2));
    let r2 = check_pair(&corpus, (v2, &i2), (v3, &i3));
    // The corpus really changed between these dates; a diff that saw nothing
    // would be broken.
    assert!(r1.summary.added > 0 && r1.summary.changed > 0 && r1.summary.breaking > 0);
    assert!(r2.summary.changed > 0);
}
