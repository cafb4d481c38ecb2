//! The broken-input suite: every folder under `tests/broken/<case>/` is an
//! input the generator must refuse with clear diagnostics. Each case is run
//! through the real CLI binary and must
//! - exit with code 2,
//! - print exactly the diagnostics in `expected.txt` on stderr, rendered as
//!   a user sees them (rustc style: message, file:line:column, the source
//!   line with the offending cell or node underlined, the JSON pointer, a
//!   `help:` line), nothing more and nothing less,
//! - write nothing: `--out` holds a previous generated output, which must be
//!   left byte for byte as it was (no file added, changed or removed), and the
//!   input folder must be unchanged too.
//!
//! A case folder holds `docs/` (a docs root, passed as `--docs docs`) and/or
//! `spec.yaml` / `spec.json` / `spec.yml` (passed as `--openapi`), and
//! optionally `args.txt` (extra arguments, one per line). Inputs too large or
//! too strange to check in (a 10 MB cell, a sparse 65 MB file, a symlink) are
//! made by the test from a `make.txt` naming one of the makers below.
//!
//! To accept new diagnostics after a deliberate change, run with
//! `MODELGEN_BLESS=1` and review the diff of the `expected.txt` files.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken")
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("modelgen-broken-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dest);
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// Every file under `dir` (symlinks not followed) with its bytes, or the
/// link target for a symlink.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd {
            let e = e.unwrap();
            let p = e.path();
            let ft = e.file_type().unwrap();
            let rel = p.strip_prefix(dir).unwrap().to_path_buf();
            if ft.is_symlink() {
                out.insert(rel, fs::read_link(&p).unwrap().to_string_lossy().as_bytes().to_vec());
            } else if ft.is_dir() {
                out.insert(rel, b"<dir>".to_vec());
                stack.push(p);
            } else if fs::metadata(&p).unwrap().len() > 1 << 20 {
                // Large generated inputs: compare by length (and skip reading 65 MB).
                out.insert(rel, format!("<{} bytes>", fs::metadata(&p).unwrap().len()).into_bytes());
            } else {
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Inputs that are made at test time rather than checked in.
fn make(name: &str, case: &Path) {
    match name {
        // A Fields table whose Description cell is 10 MB.
        "huge-cell" => {
            let mut doc = String::from(
                "# Huge\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `a` | *string* | :heavy_check_mark: | ",
            );
            doc.push_str(&"lorem ipsum ".repeat(10 * 1024 * 1024 / 12 + 1));
            doc.push_str(" |\n");
            fs::create_dir_all(case.join("docs/shared")).unwrap();
            fs::write(case.join("docs/shared/huge.md"), doc).unwrap();
        }
        // A 65 MB spec (sparse: the size check must come before reading).
        "huge-spec" => {
            let f = fs::File::create(case.join("spec.yaml")).unwrap();
            f.set_len(65 * 1024 * 1024).unwrap();
        }
        // A doc that is a symlink to a file outside the docs root.
        #[cfg(unix)]
        "symlink-doc" => {
            let outside = case.join("outside.md");
            fs::write(&outside, "# Outside\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `A` | a |\n").unwrap();
            fs::create_dir_all(case.join("docs/shared")).unwrap();
            std::os::unix::fs::symlink(&outside, case.join("docs/shared/outside.md")).unwrap();
        }
        // A namespace folder that is a symlink to a folder outside the root.
        #[cfg(unix)]
        "symlink-dir" => {
            let outside = case.join("elsewhere");
            fs::create_dir_all(&outside).unwrap();
            fs::write(outside.join("x.md"), "# X\n\n## Values\n\n| Name | Value |\n| --- | --- |\n| `A` | a |\n").unwrap();
            fs::create_dir_all(case.join("docs")).unwrap();
            std::os::unix::fs::symlink(&outside, case.join("docs/linked")).unwrap();
        }
        // A Type cell nested 10,000 arrays deep.
        "deep-type" => {
            let doc = format!(
                "# Deep\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `a` | *string*{} | :heavy_check_mark: | N/A |\n",
                "[]".repeat(10_000)
            );
            fs::create_dir_all(case.join("docs/shared")).unwrap();
            fs::write(case.join("docs/shared/deep.md"), doc).unwrap();
        }
        other => panic!("unknown maker {other}"),
    }
}

fn args_for(case: &Path) -> Vec<String> {
    let mut args = Vec::new();
    // A config names the docs itself.
    if case.join("docs").exists() && !case.join("modelgen.toml").exists() {
        args.extend(["--docs".to_string(), "docs".to_string()]);
    }
    for spec in ["spec.yaml", "spec.yml", "spec.json"] {
        if fs::symlink_metadata(case.join(spec)).is_ok() {
            args.extend(["--openapi".to_string(), spec.to_string()]);
        }
    }
    if let Ok(extra) = fs::read_to_string(case.join("args.txt")) {
        args.extend(extra.lines().filter(|l| !l.trim().is_empty()).map(str::to_string));
    }
    args
}

const PREVIOUS: &str = "// @generated by modelgen: the output of an earlier, good run\npub mod shared;\n";

/// Runs one case; returns a description of each way it failed.
fn run_case(name: &str, src: &Path, bless: bool) -> Vec<String> {
    let work = scratch(name);
    let case = work.join("case");
    copy_tree(src, &case);
    if let Ok(m) = fs::read_to_string(case.join("make.txt")) {
        for maker in m.split_whitespace() {
            make(maker, &case);
        }
    }
    let out = work.join("out");
    fs::create_dir_all(out.join("shared")).unwrap();
    fs::write(out.join("mod.rs"), PREVIOUS).unwrap();
    fs::write(out.join("shared/mod.rs"), "// @generated\npub mod old;\n").unwrap();
    fs::write(out.join("shared/old.rs"), "// @generated\npub struct Old;\n").unwrap();
    let before_out = snapshot(&out);
    let before_in = snapshot(&case);

    let mut args = vec!["generate".to_string(), "--color".to_string(), "never".to_string()];
    args.extend(args_for(&case));
    args.extend(["--out".to_string(), out.display().to_string()]);
    let res = Command::new(env!("CARGO_BIN_EXE_modelgen"))
        .args(&args)
        .current_dir(&case)
        .env_remove("MODELGEN_CORPUS")
        .env_remove("MODELGEN_CONFIG")
        .output()
        .expect("run modelgen");
    let stderr = String::from_utf8_lossy(&res.stderr);
    let got_text = stderr.to_string();

    let mut problems = Vec::new();
    if res.status.code() != Some(2) {
        problems.push(format!(
            "exit code {:?}, expected 2\nstdout: {}\nstderr: {}",
            res.status.code(),
            String::from_utf8_lossy(&res.stdout),
            stderr
        ));
    }
    if !stderr.contains("error: ") {
        problems.push(format!("no diagnostic printed; stderr: {stderr}"));
    }
    let expected_path = src.join("expected.txt");
    if bless {
        fs::write(&expected_path, &got_text).unwrap();
    } else {
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got_text {
            problems.push(format!("diagnostics differ\n--- expected\n{expected}--- got\n{got_text}"));
        }
    }
    if snapshot(&out) != before_out {
        problems.push(format!("--out was changed: {:?}", snapshot(&out).keys().collect::<Vec<_>>()));
    }
    if snapshot(&case) != before_in {
        problems.push("the input folder was changed".to_string());
    }
    let _ = fs::remove_dir_all(&work);
    problems
}

#[test]
fn broken_inputs_are_refused_with_expected_diagnostics_and_write_nothing() {
    let bless = std::env::var_os("MODELGEN_BLESS").is_some();
    let mut names: Vec<String> = fs::read_dir(cases_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // A case can be picked alone: `BROKEN_CASE=md-empty-file cargo test ...`.
    if let Ok(only) = std::env::var("BROKEN_CASE") {
        names.retain(|n| n.contains(&only));
    }
    assert!(names.len() >= 40 || std::env::var_os("BROKEN_CASE").is_some(), "only {} cases", names.len());
    let mut failures = Vec::new();
    for name in &names {
        for p in run_case(name, &cases_dir().join(name), bless) {
            failures.push(format!("== {name}: {p}"));
        }
    }
    assert!(failures.is_empty(), "{} problem(s):\n{}", failures.len(), failures.join("\n"));
    println!("{} broken inputs refused as expected", names.len());
}
