//! The review loop end to end on a small docs project
//! (tests/fixtures/diff/docs): generate, edit one field, check, diff, watch.

use std::path::{Path, PathBuf};
use std::io::Write as _;
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use modelgen::pipeline::Inputs;
use modelgen::review::IR_SNAPSHOT;
use modelgen::watch::{watch, Poll, WatchOptions};
use modelgen::{Config, WireNameRule};

const BIN: &str = env!("CARGO_BIN_EXE_modelgen");

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/docs")
}

/// A fresh scratch folder holding a copy of the fixture docs.
fn project(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let root = std::env::temp_dir().join(format!("modelgen-review-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let docs = root.join("docs");
    copy_dir(&fixture(), &docs);
    let out = root.join("out");
    (root, docs, out)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

fn run(args: &[&str]) -> (i32, String, String) {
    let o = Command::new(BIN).args(args).env_remove("MODELGEN_CONFIG").output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Every generated file under `out` with its text.
fn snapshot_tree(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(out)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                v.push((rel, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    v.sort();
    v
}

/// Changes the type of `expiresIn` in the Session doc: one field of one model.
fn edit_one_field(docs: &Path) {
    let p = docs.join("shared/session.md");
    let text = std::fs::read_to_string(&p).unwrap();
    let edited = text.replace(
        "| `expiresIn`        | *number*  ",
        "| `expiresIn`        | *string*  ",
    );
    assert_ne!(text, edited, "fixture row not found");
    std::fs::write(&p, edited).unwrap();
}

#[test]
fn one_field_edit_changes_one_file_and_check_names_that_model() {
    let (root, docs, out) = project("check");
    let gen = [
        "generate",
        "--docs",
        s(&docs),
        "--out",
        s(&out),
        "--wire-names",
        "snake_case",
        "--ir-snapshot",
    ];
    let (code, stdout, stderr) = run(&gen);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(out.join(IR_SNAPSHOT).is_file());
    let before = snapshot_tree(&out);

    edit_one_field(&docs);
    let check = [
        "check",
        "--docs",
        s(&docs),
        "--out",
        s(&out),
        "--wire-names",
        "snake_case",
    ];
    let (code, stdout, stderr) = run(&check);
    assert_eq!(code, 1, "check must fail on stale output\n{stdout}{stderr}");
    // The file list: exactly one model file (plus the snapshot).
    let listed: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.trim().strip_prefix("modified "))
        .collect();
    let rs: Vec<&&str> = listed.iter().filter(|p| p.ends_with(".rs")).collect();
    assert_eq!(rs.len(), 1, "{stdout}");
    assert!(rs[0].starts_with("shared/"), "{stdout}");
    // The semantic summary: exactly that model, exactly that change.
    assert!(
        stdout.contains("0 added, 0 removed, 0 renamed, 1 changed (0 doc-only); 1 breaking change"),
        "{stdout}"
    );
    assert!(stdout.contains("  * shared.Session\n"), "{stdout}");
    assert!(
        stdout.contains("BREAKING field_type_changed Session.expires_in: type number -> string"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("  * ").count(), 1, "{stdout}");

    // Regenerating rewrites exactly that model's file (and the snapshot).
    let (code, stdout, stderr) = run(&gen);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let after = snapshot_tree(&out);
    let changed: Vec<&String> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(before.len(), after.len());
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(
        changed.iter().any(|p| p.as_str() == IR_SNAPSHOT),
        "{changed:?}"
    );
    assert!(changed.iter().any(|p| p.as_str() == *rs[0]), "{changed:?}");
    let (code, stdout, _) = run(&check);
    assert_eq!(code, 0, "{stdout}");

    // Blank lines move every origin line but change no model: still fresh
    // (the snapshot keeps no line numbers).
    let session = docs.join("shared/session.md");
    let text = std::fs::read_to_string(&session).unwrap();
    std::fs::write(&session, text.replacen("\n", "\n\n\n", 1)).unwrap();
    let (code, stdout, _) = run(&check);
    assert_eq!(code, 0, "{stdout}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn check_without_snapshot_names_models_by_file() {
    let (root, docs, out) = project("nosnap");
    let (code, o, e) = run(&["generate", "--docs", s(&docs), "--out", s(&out)]);
    assert_eq!(code, 0, "{o}{e}");
    assert!(!out.join(IR_SNAPSHOT).exists(), "the snapshot is opt-in");
    edit_one_field(&docs);
    let (code, stdout, _) = run(&["check", "--docs", s(&docs), "--out", s(&out)]);
    assert_eq!(code, 1);
    assert!(stdout.contains("--ir-snapshot"), "{stdout}");
    let models: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("modified shared."))
        .collect();
    assert_eq!(models.len(), 1, "{stdout}");
    assert!(models[0].contains("shared.Session"), "{stdout}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn diff_cli_formats_and_fail_on() {
    let (root, docs, _) = project("diff");
    let old = fixture();
    edit_one_field(&docs);
    let base = ["diff", s(&old), s(&docs), "--wire-names", "snake_case"];

    let (code, json, e) = run(&[&base[..], &["--format", "json"]].concat());
    assert_eq!(code, 0, "{e}");
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["breaking"], 1);
    assert_eq!(v["models"]["changed"][0]["name"], "shared.Session");
    assert_eq!(
        v["models"]["changed"][0]["changes"][0]["path"],
        "Session.expires_in"
    );

    let (code, md, _) = run(&[&base[..], &["--format", "markdown"]].concat());
    assert_eq!(code, 0);
    assert!(
        md.contains("| **breaking** | `field_type_changed` | `Session.expires_in` |"),
        "{md}"
    );

    let (code, text, _) = run(&[&base[..], &["--fail-on", "breaking"]].concat());
    assert_eq!(code, 1, "{text}");
    // Same docs on both sides: nothing to fail on.
    let (code, text, _) = run(&["diff", s(&old), s(&old), "--fail-on", "any"]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("no changes"), "{text}");
    // Bad arguments are usage errors.
    let (code, _, e) = run(&["diff", s(&old)]);
    assert_eq!(code, 2, "{e}");
    let _ = std::fs::remove_dir_all(&root);
}

/// A `Write` the test can read while `watch` runs in another thread.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }

    /// Waits until `needle` occurs `n` times (watch polls every 20 ms).
    fn wait_for(&self, needle: &str, n: usize) {
        let start = Instant::now();
        while self.text().matches(needle).count() < n {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "timed out waiting for {needle:?}:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn watch_regenerates_reports_and_survives_bad_edits() {
    let (root, docs, out) = project("watch");
    let stop = Arc::new(AtomicBool::new(false));
    let log = Log::default();
    let handle = {
        let (docs, out, stop, mut log) = (docs.clone(), out.clone(), stop.clone(), log.clone());
        std::thread::spawn(move || {
            let opts = WatchOptions {
                out,
                ir_snapshot: false,
                max_builds: None,
            };
            let resolve = || {
                let config = Config {
                    wire_names: WireNameRule::SnakeCase,
                    ..Config::default()
                };
                let inputs = Inputs {
                    docs: Some(docs.clone()),
                    openapi: vec![],
                };
                Ok((inputs, config))
            };
            let mut errors = log.clone();
            watch(
                resolve,
                &[],
                &opts,
                &mut Poll::new(Duration::from_millis(20)),
                &|| stop.load(Ordering::SeqCst),
                &mut log,
                &mut |e| {
                    let _ = writeln!(errors, "{e}");
                },
            )
        })
    };
    log.wait_for("built ", 1);
    let good = snapshot_tree(&out);
    assert!(!good.is_empty());

    // A half-typed edit: a link to a doc that does not exist.
    let session = docs.join("shared/session.md");
    let text = std::fs::read_to_string(&session).unwrap();
    std::fs::write(
        &session,
        text.replace(
            "*number*",
            "[shared.Missing](../../../sdk/models/shared/missing.md)",
        ),
    )
    .unwrap();
    log.wait_for("build failed", 1);
    assert_eq!(
        snapshot_tree(&out),
        good,
        "a failed build must leave the output alone"
    );

    // The fix, with one real change: the diff is against the last good IR.
    std::fs::write(&session, &text).unwrap();
    edit_one_field(&docs);
    log.wait_for("built ", 2);
    log.wait_for("field_type_changed Session.expires_in", 1);
    stop.store(true, Ordering::SeqCst);
    handle.join().unwrap().unwrap();
    let t = log.text();
    assert!(t.contains("session.md"), "names the changed input:\n{t}");
    let _ = std::fs::remove_dir_all(&root);
}

/// Runs `modelgen watch` on the fixture docs with `extra` arguments, saves
/// one doc twice in quick succession (one burst), and checks that exactly
/// one regeneration follows, which rewrites exactly one file. Returns the
/// watcher's stderr.
fn watch_cli_burst(name: &str, extra: &[&str]) -> String {
    use std::io::{BufRead, BufReader, Read};
    let (root, docs, out) = project(name);
    let mut child = Command::new(BIN)
        .args(["watch", "--docs", s(&docs), "--out", s(&out), "--wire-names", "snake_case"])
        .args(extra)
        .env_remove("MODELGEN_CONFIG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let log = Log::default();
    let reader = {
        let mut log = log.clone();
        let stdout = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = writeln!(log, "{line}");
            }
        })
    };
    log.wait_for("built ", 1);
    let before = snapshot_tree(&out);

    // Two saves 50 ms apart: an editor's save, then a formatter's.
    let session = docs.join("shared/session.md");
    let text = std::fs::read_to_string(&session).unwrap();
    std::fs::write(&session, text.replace("Session identifier ", "The session's id   ")).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    edit_one_field(&docs);
    log.wait_for("built ", 2);
    // Time for a second regeneration to show up, were there one.
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().unwrap();
    let _ = child.wait();
    reader.join().unwrap();
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();

    let t = log.text();
    assert_eq!(t.matches("built ").count(), 2, "one regeneration per burst:\n{t}\n{stderr}");
    assert!(t.contains("changed: ") && t.contains("session.md"), "{t}");
    assert!(t.contains("1 file(s) written"), "{t}");
    assert!(t.contains("field_type_changed Session.expires_in: type number -> string"), "{t}");
    let after = snapshot_tree(&out);
    let changed: Vec<&String> = after.iter().zip(&before).filter(|(a, b)| a != b).map(|(a, _)| &a.0).collect();
    assert_eq!(before.len(), after.len());
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert!(changed[0].starts_with("shared/"), "{changed:?}");
    let _ = std::fs::remove_dir_all(&root);
    stderr
}

#[test]
fn watch_cli_regenerates_once_per_burst_on_file_system_events() {
    let stderr = watch_cli_burst("watch-events", &["--debounce", "300"]);
    assert!(!stderr.contains("polling"), "file-system events must work here:\n{stderr}");
}

#[test]
fn watch_cli_regenerates_once_per_burst_when_polling() {
    watch_cli_burst("watch-poll", &["--poll", "--interval", "100"]);
}
