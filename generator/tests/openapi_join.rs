//! docs-2025-12 joined with the spec it was generated from: how much of the
//! docs is matched to the spec (target: at least 99% of the wire fields).

mod common;


use modelgen::pipeline::{load_with_report, Inputs};
use modelgen::{Config, WireNameRule};

#[test]
fn docs_2025_12_join_merged_spec() {
    let Some(root) = common::corpus_dir() else { return };
    let so = root.join("stackone");
    let inputs = Inputs {
        docs: Some(so.join("docs-2025-12/sdk/models")),
        openapi: vec![so.join("openapi-2025-12-merged.yaml")],
    };
    // The docs-only rule for this corpus, so the report counts the JSON
    // names that only the spec could tell.
    let mut config = Config::default();
    config.wire_names = WireNameRule::SnakeCase;
    let (ir, report) = match load_with_report(&inputs, &config) {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    let report = report.expect("docs + spec give a join report");
    println!("{report}");
    assert_eq!(ir.model_count(), report.models_total, "the join keeps every doc model");
    // The docs were generated from a slightly newer spec: operations and
    // schemas it lacks (the screening API) cannot match. Everything else must.
    let covered = report.wire_fields() - report.fields_in_absent_models;
    assert!(
        report.fields_matched * 100 >= covered * 99,
        "fewer than 99% of the doc wire fields (in models the spec has) matched: {}/{covered}",
        report.fields_matched
    );
    assert!(
        report.fields_matched * 1000 >= report.wire_fields() * 985,
        "fewer than 98.5% of all doc wire fields matched: {}/{}",
        report.fields_matched,
        report.wire_fields()
    );
    assert!(report.models_matched * 100 >= report.models_total * 98);
}
