//! The command line as a user meets it: --version, help, typo suggestions,
//! completions, the MODELGEN_CONFIG fallback, and diagnostics as JSON
//! messages. (Rendered diagnostics are pinned by broken_inputs.rs.)

use std::path::{Path, PathBuf};
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_modelgen");

fn run(args: &[&str], env: &[(&str, &Path)]) -> (i32, String, String) {
    let mut c = Command::new(BIN);
    c.args(args).env_remove("MODELGEN_CONFIG").env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn broken(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken").join(case)
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("modelgen-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn version_help_and_typos() {
    let (code, out, _) = run(&["--version"], &[]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), format!("modelgen {}", env!("CARGO_PKG_VERSION")));

    let (code, out, _) = run(&["help", "watch"], &[]);
    assert_eq!(code, 0);
    assert!(out.contains("--debounce <MS>") && out.contains("--poll"), "{out}");

    let (code, _, err) = run(&["generate", "--doc", "x", "--out", "o"], &[]);
    assert_eq!(code, 2, "usage errors exit 2");
    assert!(err.contains("a similar argument exists: '--docs'"), "{err}");
    let (code, _, err) = run(&["chek"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("a similar subcommand exists: 'check'"), "{err}");
    let (code, _, err) = run(&["generate", "--docs", "d"], &[]);
    assert_eq!(code, 2);
    assert!(err.contains("--out <DIR>"), "names the missing flag: {err}");
}

#[test]
fn completions_for_each_shell() {
    for (shell, marker) in [("bash", "_modelgen()"), ("zsh", "#compdef modelgen"), ("fish", "complete -c modelgen")] {
        let (code, out, err) = run(&["completions", shell], &[]);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains(marker) && out.contains("wire-names") && out.contains("snake_case"), "{shell}: {out}");
    }
}

#[test]
fn config_from_the_environment() {
    // The config names the docs (relative to itself) and the wire-name rule.
    let dir = scratch("env");
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff/docs");
    let config = dir.join("modelgen.toml");
    std::fs::write(&config, format!("docs = {:?}\nwire-names = \"snake_case\"\n", docs.display().to_string())).unwrap();
    let out = dir.join("out");
    let (code, stdout, err) = run(&["generate", "--out", out.to_str().unwrap()], &[("MODELGEN_CONFIG", &config)]);
    assert_eq!(code, 0, "{stdout}{err}");
    assert!(out.join("shared/session.rs").is_file(), "{stdout}");
    let session = std::fs::read_to_string(out.join("shared/session.rs")).unwrap();
    assert!(session.contains("\"expires_in\""), "the config's rule applied");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn diagnostics_as_json_messages() {
    let case = broken("md-unknown-type");
    let dir = scratch("json");
    let out = dir.join("out").display().to_string();
    let json_run = |input: &str, path: PathBuf| {
        let path = path.display().to_string();
        run(&["generate", input, &path, "--out", &out, "--message-format", "json"], &[])
    };
    let (code, stdout, stderr) = json_run("--docs", case.join("docs"));
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    let messages: Vec<serde_json::Value> = stderr.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(messages.len(), 3, "one object per diagnostic, nothing else:\n{stderr}");
    let m = &messages[0];
    assert_eq!(m["reason"], "diagnostic");
    assert_eq!(m["level"], "error");
    assert!(m["message"].as_str().unwrap().starts_with("in the type of field `name`: unknown type `strnig`"));
    let span = &m["spans"][0];
    assert!(span["file"].as_str().unwrap().ends_with("shared/pet.md"), "{span}");
    assert!(Path::new(span["file"].as_str().unwrap()).is_file(), "a path an editor can open: {span}");
    assert_eq!((span["line"].as_u64(), span["column"].as_u64()), (Some(7), Some(13)));
    assert_eq!(span["column_end"].as_u64(), Some(20));
    assert_eq!(span["pointer"], serde_json::Value::Null);
    assert_eq!(m["help"], "did you mean `string`?");
    assert!(m["rendered"].as_str().unwrap().contains("^^^^^^^"), "{m}");

    // A spec diagnostic: the pointer, and the line it was found on.
    let case = broken("oa-many-errors");
    let (code, _, stderr) = json_run("--openapi", case.join("spec.yaml"));
    assert_eq!(code, 2);
    let m: serde_json::Value = serde_json::from_str(stderr.lines().next().unwrap()).unwrap();
    assert_eq!(m["spans"][0]["pointer"], "#/components/schemas/A/properties/x");
    assert_eq!(m["spans"][0]["line"], 9);
    assert!(!dir.join("out").exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let case = broken("md-unknown-type");
    let dir = scratch("color");
    let (docs, out) = (case.join("docs").display().to_string(), dir.join("out").display().to_string());
    let stderr = |color: &str| run(&["generate", "--docs", &docs, "--out", &out, "--color", color], &[]).2;
    assert!(stderr("always").contains("\u{1b}["), "--color always");
    assert!(!stderr("never").contains('\u{1b}'), "--color never");
    // Not a terminal (a pipe here): no colour.
    assert!(!stderr("auto").contains('\u{1b}'), "auto on a pipe");
    let _ = std::fs::remove_dir_all(&dir);
}
