//! Every dated docs folder of the real corpus loads into the IR with zero
//! errors; prints what it found.

mod common;

use std::time::Instant;

use modelgen::ir::{ModelKind, Type};
use modelgen::{Config, WireNameRule};

#[test]
fn corpus_docs_load_without_errors() {
    let Some(corpus) = common::corpus_dir() else {
        return;
    };
    let config = Config {
        wire_names: WireNameRule::SnakeCase,
        ..Config::default()
    };
    let mut failures = Vec::new();
    for (label, root) in common::docs_roots(&corpus) {
        let docs = walk_md(&root);
        let start = Instant::now();
        let result = modelgen::markdown::load(&root, &config);
        let elapsed = start.elapsed();
        let ir = match result {
            Ok(ir) => ir,
            Err(d) => {
                failures.push(format!("{label}: {d}"));
                continue;
            }
        };
        let (mut structs, mut empty, mut enums, mut open, mut unions, mut fields, mut refs) =
            (0, 0, 0, 0, 0, 0, 0);
        for (_, m) in ir.models() {
            match &m.kind {
                ModelKind::Struct(s) => {
                    structs += 1;
                    empty += usize::from(s.fields.is_empty());
                    fields += s.fields.len();
                    for f in &s.fields {
                        f.ty.for_each_ref(&mut |r| {
                            refs += 1;
                            assert!(ir.model(r).is_some(), "{label}: dangling ref {r}");
                        });
                    }
                }
                ModelKind::Enum(e) => {
                    enums += 1;
                    open += usize::from(e.open);
                }
                ModelKind::Union(u) => {
                    unions += 1;
                    for v in &u.variants {
                        v.ty.for_each_ref(&mut |r| {
                            refs += 1;
                            assert!(ir.model(r).is_some(), "{label}: dangling ref {r}");
                        });
                    }
                }
                ModelKind::Alias(_) => panic!("markdown docs never produce aliases"),
            }
        }
        eprintln!(
            "{label}: {docs} docs -> {} models: {structs} structs ({empty} without fields), \
             {enums} enums ({open} open), {unions} unions; {fields} fields, {refs} refs; {:.1} ms",
            ir.model_count(),
            elapsed.as_secs_f64() * 1e3
        );
        assert_eq!(ir.model_count(), docs, "{label}: one model per doc");
        assert!(
            structs > 0 && enums > 0 && open > 0 && unions > 0,
            "{label}: every kind occurs"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn corpus_connect_session_matches_the_doc() {
    let Some(corpus) = common::corpus_dir() else {
        return;
    };
    let root = corpus.join("stackone/docs-2026-02/sdk/models");
    let config = Config {
        wire_names: WireNameRule::SnakeCase,
        ..Config::default()
    };
    let ir = match modelgen::markdown::load(&root, &config) {
        Ok(ir) => ir,
        Err(d) => panic!("{d}"),
    };
    let m = &ir.namespaces["shared"].models["ConnectSession"];
    let ModelKind::Struct(s) = &m.kind else {
        panic!("ConnectSession is a struct")
    };
    let f = |n: &str| {
        s.fields
            .iter()
            .find(|f| f.name == n)
            .unwrap_or_else(|| panic!("field {n}"))
    };
    assert_eq!(f("createdAt").ty, Type::DateTime);
    assert!(f("createdAt").required);
    assert_eq!(f("createdAt").wire_name, "created_at");
    assert!(!f("accountId").required);
    match &f("categories").ty {
        Type::Array { items } => match &**items {
            Type::Ref { target } => assert_eq!(target.to_string(), "shared.Categories"),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert_eq!(m.origin.file, "shared/connectsession.md");
    assert_eq!((m.origin.line, m.origin.column), (1, 1));
    let ModelKind::Enum(e) = &ir.namespaces["shared"].models["ConnectSessionType"].kind else {
        panic!("ConnectSessionType is an enum")
    };
    assert!(e.open);
}

fn walk_md(root: &std::path::Path) -> usize {
    std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| {
            std::fs::read_dir(e.path())
                .into_iter()
                .flatten()
                .flatten()
                .filter(|f| f.path().extension().is_some_and(|x| x == "md"))
                .count()
        })
        .sum()
}
