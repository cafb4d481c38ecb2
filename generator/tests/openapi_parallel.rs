//! Operations are lowered on a second thread while the components are
//! (`openapi::load` on a machine with two cores or more), and that work is
//! kept only when it equals lowering them afterwards. The IR and the
//! diagnostics must be exactly those of the one-thread lowering: on every
//! fixture spec, on specs built so that the two lowerings would name
//! something differently (then the second thread's work must be dropped),
//! and on every corpus spec.

mod common;

use std::path::{Path, PathBuf};

use modelgen::openapi::load_with;
use modelgen::Config;

fn same_both_ways(files: &[PathBuf]) -> Result<modelgen::Ir, String> {
    let config = Config::default();
    let parallel = load_with(files, &config, true);
    let serial = load_with(files, &config, false);
    let shown = files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>().join(", ");
    match (parallel, serial) {
        (Ok(a), Ok(b)) if a == b => Ok(a),
        (Err(a), Err(b)) if a == b => Err(format!("{shown}: {a}")),
        (a, b) => panic!("{shown}: lowered differently on two threads:\n{a:?}\n---\n{b:?}"),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn fixtures_lower_the_same_on_two_threads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let p = e.path();
        if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml" | "json")) {
            let _ = same_both_ways(&[p]);
            n += 1;
        }
    }
    assert!(n > 0, "no fixture specs in {}", dir.display());
}

/// A component and an operation both want the inline name `Detail` in
/// `errors`: in order, the component's property gets it and the operation's
/// falls back to its longer name, so the second thread's names are wrong.
const SAME_NAME: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "400":
          description: bad
          content:
            application/json:
              schema:
                type: object
                properties:
                  detail:
                    type: object
                    properties: { code: { type: string } }
        "404":
          description: missing
          content:
            application/json:
              schema: { $ref: "#/components/schemas/NotFound" }
components:
  schemas:
    NotFound:
      type: object
      properties:
        detail:
          type: object
          properties: { message: { type: string } }
"##;

/// An operation's body is a `$ref` into a component's property, which the
/// component lowering names first (and the operation then reuses).
const SHARED_TARGET: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Holder/properties/inner" }
components:
  schemas:
    Holder:
      type: object
      properties:
        inner:
          type: object
          properties: { a: { type: integer } }
        again: { $ref: "#/components/schemas/Holder/properties/inner" }
"##;

#[test]
fn conflicting_names_fall_back_to_lowering_in_order() {
    let dir = common::temp_dir("openapi-parallel", "conflicts");
    let ir = same_both_ways(&[write(&dir, "same_name.yaml", SAME_NAME)]).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<String> = ir.models().map(|(r, _)| r.to_string()).collect();
    assert!(names.contains(&"errors.Detail".to_string()), "{names:?}");
    assert!(names.iter().any(|n| n.starts_with("errors.ListThings400ResponseBodyDetail")), "{names:?}");
    let ir = same_both_ways(&[write(&dir, "shared_target.yaml", SHARED_TARGET)]).unwrap_or_else(|e| panic!("{e}"));
    let response = ir.models().find(|(r, _)| r.to_string() == "operations.ListThingsResponse");
    assert!(response.is_some(), "{:?}", ir.models().map(|(r, _)| r.to_string()).collect::<Vec<_>>());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn corpus_specs_lower_the_same_on_two_threads() {
    let Some(corpus) = common::corpus_dir() else { return };
    let stackone = corpus.join("stackone");
    let mut specs = vec![stackone.join("openapi-2025-12-merged.yaml"), stackone.join("openapi-2024-marketing.yaml")];
    for e in std::fs::read_dir(stackone.join("openapi-2025-12")).unwrap().flatten() {
        specs.push(e.path());
    }
    specs.sort();
    for s in &specs {
        same_both_ways(std::slice::from_ref(s)).unwrap_or_else(|e| panic!("{e}"));
    }
    // Several files at once (each file's operations after all components).
    let per_api: Vec<PathBuf> = specs.iter().filter(|p| p.parent().is_some_and(|d| d.ends_with("openapi-2025-12"))).cloned().collect();
    same_both_ways(&per_api).unwrap_or_else(|e| panic!("{e}"));
}
