//! The scratch crate that reads the examples with the generated types: the
//! models as a library (`models`), and a driver binary with one
//! `serde_json` round trip per Rust type, table-driven, which reads the
//! cases (`<type index>\t<example JSON>` lines) from a file and writes one
//! `ok\t<JSON written back>` or `err\t<message>` line per case. The cases
//! are data, so the crate is rebuilt only when the models change.
//!
//! Built with cargo in a target dir that can be shared between specs and
//! runs (serde and chrono build once), without debug info or incremental
//! caches.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::codegen::Files;
use crate::Error;

/// The crate's dependencies: what generated code may use.
const DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
time = { version = "0.3", default-features = false, features = ["std", "formatting", "parsing"] }
"#;

/// The driver, less its table of checks.
const DRIVER: &str = r#"
use std::io::Write as _;

type Check = fn(&str) -> Result<String, String>;

fn check<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<String, String> {
    let value: T = serde_json::from_str(json).map_err(|e| format!("does not deserialize: {e}"))?;
    serde_json::to_string(&value).map_err(|e| format!("does not serialize back: {e}"))
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r', '\t'], " ")
}

fn run(cases: &str, results: &str, start: usize) -> Result<(), String> {
    let cases = std::fs::read_to_string(cases).map_err(|e| format!("{cases}: {e}"))?;
    let file = std::fs::File::create(results).map_err(|e| format!("{results}: {e}"))?;
    let mut out = std::io::BufWriter::new(file);
    // A panicking impl is reported as that example's failure, not printed.
    std::panic::set_hook(Box::new(|_| {}));
    for line in cases.lines().skip(start) {
        let (ty, json) = line.split_once('\t').ok_or("bad case line")?;
        let check = ty.parse::<usize>().ok().and_then(|i| CHECKS.get(i)).ok_or("bad type index")?;
        let result = std::panic::catch_unwind(|| check(json)).unwrap_or_else(|payload| {
            let msg = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            Err(format!("panicked: {msg}"))
        });
        let line = match result {
            Ok(back) => format!("ok\t{back}\n"),
            Err(e) => format!("err\t{}\n", one_line(&e)),
        };
        // Flushed per case: a crash (stack overflow) loses no finished case.
        out.write_all(line.as_bytes()).and_then(|()| out.flush()).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let start = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(0);
    let done = match (args.get(1), args.get(2)) {
        (Some(cases), Some(results)) => run(cases, results, start),
        _ => Err("usage: driver CASES RESULTS [START]".to_string()),
    };
    if let Err(e) = done {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}
"#;

/// Where and how to build.
#[derive(Debug, Clone)]
pub struct BuildSettings {
    pub crate_dir: PathBuf,
    pub target_dir: PathBuf,
    /// A `Cargo.lock` to start from (its versions, nothing fetched when
    /// they are in cargo's cache).
    pub lockfile: Option<PathBuf>,
    /// Build with `RUSTFLAGS=-D warnings`.
    pub deny_warnings: bool,
}

/// The result of one example: the JSON written back, or why not.
pub type Outcome = Result<String, String>;

pub struct Ran {
    pub outcomes: Vec<Outcome>,
    pub build_time: Duration,
    pub run_time: Duration,
}

/// The scratch crate could not be built: the generated code (or the driver)
/// does not compile. That is a modelgen bug, shown with cargo's output.
#[derive(Debug)]
pub struct BuildFailed {
    pub crate_dir: PathBuf,
    pub output: String,
}

/// Writes the crate (`models`: the generated files; `types`: Rust types
/// named from the crate root), builds it, and runs every case
/// (`(index into types, example JSON)`).
pub fn run(
    settings: &BuildSettings,
    name: &str,
    models: &Files,
    types: &[String],
    cases: &[(usize, String)],
) -> Result<Result<Ran, BuildFailed>, Error> {
    let mut files = Files::new();
    for (rel, text) in models {
        files.insert(format!("models/{rel}"), text.clone());
    }
    files.insert("driver.rs".into(), driver(types));
    files.insert("Cargo.toml".into(), manifest(name));
    crate::write::write(&settings.crate_dir, &files)?;
    let lock = settings.crate_dir.join("Cargo.lock");
    if let (Some(from), false) = (&settings.lockfile, lock.exists()) {
        std::fs::copy(from, &lock).map_err(|e| io(from, e))?;
    }

    let start = Instant::now();
    let mut build = cargo(settings);
    build.args(["build", "--quiet", "--message-format=json-render-diagnostics", "--bin", name]);
    let out = build.output().map_err(|e| io(Path::new("cargo"), e))?;
    let build_time = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let exe = stdout
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|m| m.get("executable").and_then(|e| e.as_str()).map(PathBuf::from))
        .next_back();
    let exe = match (out.status.success(), exe) {
        (true, Some(exe)) => exe,
        _ => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            let output = stderr.lines().take(60).collect::<Vec<_>>().join("\n");
            return Ok(Err(BuildFailed { crate_dir: settings.crate_dir.clone(), output }));
        }
    };

    let start = Instant::now();
    let cases_file = settings.crate_dir.join("cases.tsv");
    let results_file = settings.crate_dir.join("results.tsv");
    let text: String = cases.iter().map(|(ty, json)| format!("{ty}\t{json}\n")).collect();
    std::fs::write(&cases_file, text).map_err(|e| io(&cases_file, e))?;
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(cases.len());
    // A case that kills the driver (a stack overflow cannot be caught) is
    // that case's failure; the driver starts again after it.
    while outcomes.len() < cases.len() {
        let _ = std::fs::remove_file(&results_file);
        let run = Command::new(&exe)
            .arg(&cases_file)
            .arg(&results_file)
            .arg(outcomes.len().to_string())
            .output()
            .map_err(|e| io(&exe, e))?;
        let results = std::fs::read_to_string(&results_file).unwrap_or_default();
        let before = outcomes.len();
        for line in results.lines().take(cases.len() - before) {
            outcomes.push(match line.split_once('\t') {
                Some(("ok", back)) => Ok(back.to_string()),
                Some((_, msg)) => Err(msg.to_string()),
                None => Err(format!("unreadable driver output `{line}`")),
            });
        }
        if outcomes.len() < cases.len() {
            let stderr = String::from_utf8_lossy(&run.stderr);
            let tail = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
            if run.status.code() == Some(2) && outcomes.len() == before {
                // The driver's own error (it could not read its files).
                return Err(io(&exe, std::io::Error::other(tail.to_string())));
            }
            let msg = format!("the driver stopped on this example ({}): {tail}", run.status);
            outcomes.push(Err(msg));
        }
    }
    Ok(Ok(Ran { outcomes, build_time, run_time: start.elapsed() }))
}

fn cargo(settings: &BuildSettings) -> Command {
    let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    c.current_dir(&settings.crate_dir)
        .env("CARGO_TARGET_DIR", &settings.target_dir)
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0");
    if settings.deny_warnings {
        c.env("RUSTFLAGS", "-D warnings")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS");
    }
    c
}

fn manifest(name: &str) -> String {
    format!(
        "# @generated by modelgen examples\n[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[lib]\nname = \"models\"\npath = \"models/mod.rs\"\n\n[[bin]]\nname = \"{name}\"\n\
         path = \"driver.rs\"\n\n[dependencies]\n{DEPENDENCIES}\n# Not part of an enclosing workspace.\n[workspace]\n"
    )
}

fn driver(types: &[String]) -> String {
    let mut s = String::from(
        "// @generated by modelgen examples: reads each example into its generated type and writes it back.\n",
    );
    s.push_str(DRIVER);
    s.push_str("\nconst CHECKS: &[Check] = &[\n");
    for t in types {
        s.push_str(&format!("    check::<{t}>,\n"));
    }
    s.push_str("];\n");
    s
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io { path: path.display().to_string(), source }
}
