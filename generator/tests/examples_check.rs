//! `modelgen examples` on two small specs (fixtures/examples/) that hold one
//! example of each outcome: every example gets the status written beside
//! it in the spec, and the CLI exits 1 because one valid example (an
//! integer beyond i64) is rejected by its generated type.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use modelgen::examples::{self, Status};
use modelgen::Config;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/examples").join(name)
}

/// Shared with the other compile tests: their target dir, lock file and
/// `-D warnings`, so serde and chrono are built once.
fn options() -> examples::Options {
    let dir = common::scratch::compile_tests_dir();
    examples::Options {
        work_dir: dir.join("examples"),
        target_dir: Some(dir.join("target")),
        lockfile: Some(common::scratch::workspace_root().join("Cargo.lock")),
        deny_warnings: true,
    }
}

/// Status by the example's JSON pointer.
fn statuses(report: &examples::Report) -> BTreeMap<String, Status> {
    report
        .examples
        .iter()
        .map(|e| (e.at.split_once('#').map_or("", |(_, p)| p).to_string(), e.status))
        .collect()
}

fn expected(list: &[(&str, Status)]) -> BTreeMap<String, Status> {
    list.iter().map(|(p, s)| (p.to_string(), *s)).collect()
}

#[test]
fn openapi_3_0_fixture_and_cli() {
    use Status::*;
    let spec = fixture("pets-3.0.yaml");
    let report = examples::check(std::slice::from_ref(&spec), &Config::default(), &options()).unwrap();
    print!("{}", report.render_text());
    let pets = "/paths/~1pets~1{petId}";
    let pet = "/components/schemas/Pet";
    assert_eq!(
        statuses(&report),
        expected(&[
            (&format!("{pets}/parameters/0/example"), Equal),
            ("/components/parameters/Verbose/examples/yes/value", Equal),
            ("/components/parameters/Verbose/examples/bad/value", Invalid),
            ("/components/examples/Rex/value", Normalized),
            (&format!("{pets}/get/responses/200/content/application~1json/examples/far"), Skipped),
            (&format!("{pets}/get/responses/200/content/text~1plain/example"), Skipped),
            (&format!("{pets}/post/requestBody/content/application~1x-www-form-urlencoded/example"), Different),
            (&format!("{pet}/properties/id/example"), Equal),
            (&format!("{pet}/properties/born/example"), Invalid),
            (&format!("{pet}/properties/weight/example"), Invalid),
            (&format!("{pet}/properties/tag/example"), Equal),
            (&format!("{pet}/properties/legs/example"), Invalid),
            (&format!("{pet}/properties/chip/example"), Rejected),
            (&format!("{pet}/properties/toy/example"), Invalid),
            (&format!("{pet}/example"), Equal),
            ("/components/schemas/Owner/example", Equal),
        ])
    );
    let c = &report.counts;
    assert_eq!((c.found, c.skipped, c.valid, c.invalid), (16, 2, 9, 5));
    assert_eq!((c.deserialized, c.rejected, c.equal, c.normalized, c.different), (8, 1, 6, 1, 1));
    assert!(report.failed());
    let why = |at: &str| report.examples.iter().find(|e| e.at.ends_with(at)).unwrap().clone();
    let rex = why("/components/examples/Rex/value");
    let notations: Vec<_> = rex.differences.iter().map(|d| (d.at.as_str(), d.why)).collect();
    assert_eq!(notations, [("/born", examples::Why::DateTimeForm), ("/weight", examples::Why::NumberForm)]);
    let form = why("x-www-form-urlencoded/example");
    assert_eq!(form.differences[0].why, examples::Why::KeyDropped);
    assert_eq!(form.differences[0].at, "/nickname");
    assert!(why("/properties/chip/example").detail[0].contains("does not deserialize"), "{:?}", why("chip/example"));
    assert!(why("/Verbose/examples/bad/value").detail[0].contains("not of type"));

    // The CLI: the same check (the scratch crate is already built), exit 1
    // for the rejected example, the JSON report.
    let opts = options();
    let json = opts.work_dir.join("pets-3.0-report.json");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_modelgen"))
        .args(["examples", "--openapi"])
        .arg(&spec)
        .arg("--work-dir")
        .arg(&opts.work_dir)
        .arg("--target-dir")
        .arg(opts.target_dir.as_ref().unwrap())
        .arg("--report")
        .arg(&json)
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("16 found, 2 skipped, 9 valid, 5 invalid"), "{stdout}");
    assert!(stdout.contains("rejected by the generated type (modelgen bugs) (1):"), "{stdout}");
    let written: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(written["counts"]["rejected"], 1);
    assert_eq!(written["examples"].as_array().map(Vec::len), Some(16));
}

#[test]
fn openapi_3_1_fixture() {
    use Status::*;
    let spec = fixture("events-3.1.yaml");
    let report = examples::check(&[spec], &Config::default(), &options()).unwrap();
    print!("{}", report.render_text());
    let event = "/components/schemas/Event";
    assert_eq!(
        statuses(&report),
        expected(&[
            ("/paths/~1events/get/parameters/0/examples/day/value", Equal),
            ("/paths/~1events/get/responses/200/content/application~1json/example", Normalized),
            ("/paths/~1events#stream/post/requestBody/content/application~1json/example", Equal),
            (&format!("{event}/properties/kind/examples/0"), Equal),
            (&format!("{event}/properties/count/examples/0"), Equal),
            (&format!("{event}/properties/count/examples/1"), Invalid),
            (&format!("{event}/properties/labels/examples/0"), Equal),
            (&format!("{event}/properties/score/examples/0"), Equal),
            (&format!("{event}/properties/score/examples/1"), Equal),
            (&format!("{event}/examples/0"), Equal),
            (&format!("{event}/examples/1"), Invalid),
        ])
    );
    assert!(!report.failed());
    // The const is read by its helper type, not by `serde_json::Value`.
    let kind = report.examples.iter().find(|e| e.at.ends_with("/kind/examples/0")).unwrap();
    assert_eq!(kind.rust_type.as_deref().map(|t| t.replace(' ', "")), Some("::models::shared::EventKind".into()));
}
