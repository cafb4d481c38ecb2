//! Determinism: the same inputs give byte-identical output across runs
//! (separate processes, so hash seeds differ), input orders (the docs tree
//! re-created with files and folders made in reverse order, under another
//! folder name) and machines (no absolute input path leaks into the output).
//! Runs on the project's own specs, on a hostile-name tree, on an OpenAPI
//! spec, and on one real corpus version when the corpus is present.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Every file under `dir`, relative path -> bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
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

/// Copies `from` into `to`, creating folders and files in the given order
/// (directory listing order follows creation order on most file systems).
fn copy_ordered(from: &Path, to: &Path, reverse: bool) {
    let mut files: Vec<(String, Vec<u8>)> = tree(from).into_iter().collect();
    if reverse {
        files.reverse();
    }
    for (rel, bytes) in files {
        let p = to.join(&rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
}

fn run(args: &[&str], cwd: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_modelgen")).args(args).current_dir(cwd).output().unwrap();
    assert!(
        out.status.success(),
        "modelgen {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Generates from two copies of a docs tree (forward and reverse creation
/// order, different folder names) and compares the outputs byte for byte.
/// `config` is the body of a `modelgen.toml` (without `docs = ...`); the
/// config names the regenerate command, so the `@generated` headers do not
/// depend on the folder names either.
fn docs_twice(name: &str, docs: &Path, config: &str) -> usize {
    let work = common::temp_dir("determinism", name);
    let mut outs = Vec::new();
    for (side, folder, reverse) in [("a", "aaa-docs", false), ("b", "zzz-other-name", true)] {
        let dir = work.join(side);
        copy_ordered(docs, &dir.join(folder), reverse);
        fs::write(
            dir.join("modelgen.toml"),
            format!("docs = \"{folder}\"\nregenerate-command = \"make models\"\n{config}"),
        )
        .unwrap();
        run(&["generate", "--config", "modelgen.toml", "--out", "out", "-q"], &dir);
        outs.push(tree(&dir.join("out")));
    }
    compare(&outs[0], &outs[1], name);
    for (rel, text) in &outs[0] {
        let text = String::from_utf8_lossy(text);
        for leak in [work.to_string_lossy().as_ref(), "aaa-docs", "zzz-other-name"] {
            assert!(!text.contains(leak), "{name}: {rel} contains the input path {leak:?}");
        }
    }
    let n = outs[0].len();
    let _ = fs::remove_dir_all(&work);
    n
}

fn compare(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, name: &str) {
    assert!(!a.is_empty(), "{name}: no output");
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "{name}: file lists differ");
    for (rel, bytes) in a {
        assert!(bytes == &b[rel], "{name}: {rel} differs between runs");
    }
}

#[test]
fn project_specs_are_deterministic() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/docs");
    // The project's own settings, minus the inputs and the command.
    let toml = fs::read_to_string(docs.join("../modelgen.toml")).unwrap();
    let settings: String = toml
        .lines()
        .filter(|l| !l.starts_with("docs") && !l.starts_with("regenerate-command"))
        .map(|l| format!("{l}\n"))
        .collect();
    let n = docs_twice("specs", &docs, &settings);
    assert!(n > 5);
}

/// Names that collide after sanitizing are suffixed in a deterministic order
/// (by source name, never by hash or listing order).
#[test]
fn colliding_names_are_deterministic() {
    let src = common::temp_dir("determinism", "colliding-src");
    let titles = ["FooBar", "Foo_Bar", "FOO_BAR", "Foobar", "foo_bar", "Type", "Self", "Mod"];
    for (i, t) in titles.iter().enumerate() {
        let body = "## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n\
                    | `a-b` | *string* | :heavy_check_mark: | N/A |\n| `a_b` | *string* | :heavy_check_mark: | N/A |\n\
                    | `AB` | *string* | :heavy_minus_sign: | N/A |\n| `ab` | *number* | :heavy_minus_sign: | N/A |\n";
        let p = src.join(format!("ns{}", i % 3)).join(format!("m{i}.md"));
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, format!("# {t}\n\n{body}")).unwrap();
    }
    docs_twice("colliding", &src, "");
    let _ = fs::remove_dir_all(&src);
}

#[test]
fn openapi_output_is_deterministic() {
    let spec = r##"openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: filter, in: query, schema: {type: object, properties: {a: {type: string}, b: {type: string, enum: [x, y]}}}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Pet"}}}}
components:
  schemas:
    Pet:
      type: object
      properties:
        z: {type: string}
        a: {type: integer}
        m: {oneOf: [{type: string}, {$ref: "#/components/schemas/Pet"}, {type: object, properties: {q: {type: string}}}]}
        pet: {type: string}
        Pet: {type: string}
    pet: {type: object, properties: {x: {type: string}}}
"##;
    let work = common::temp_dir("determinism", "openapi");
    let mut outs = Vec::new();
    for dir in ["first", "second-copy"] {
        let dir = work.join(dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("api.yaml"), spec).unwrap();
        run(&["generate", "--openapi", "api.yaml", "--out", "out", "-q"], &dir);
        outs.push(tree(&dir.join("out")));
    }
    compare(&outs[0], &outs[1], "openapi");
    let _ = fs::remove_dir_all(&work);
}

/// One real corpus version (1,085 docs), re-created in reverse order.
#[test]
fn corpus_output_is_deterministic() {
    let Some(root) = common::corpus_dir() else { return };
    let docs = root.join("stackone/docs-2024-08/sdk/models");
    let n = docs_twice("corpus", &docs, "wire-names = \"snake_case\"\n");
    assert!(n > 1000, "{n} files");
}
