//! Scratch cargo projects for compile tests of generated code.
//!
//! Every scratch crate lives under `<workspace>/target/compile-tests/<name>`
//! and builds into ONE shared target dir (`target/compile-tests/target`), so
//! serde and friends compile once for all compile tests. Dependencies use the
//! workspace's `Cargo.lock` versions (copied in on first use), so nothing new
//! is fetched when the registry cache already has them; set
//! `CARGO_NET_OFFLINE=true` to forbid network access.
//! Builds run with `RUSTFLAGS=-D warnings`, without debug info and without
//! incremental caches: the corpus crates are large, and their debug and
//! incremental artifacts ran a CI disk out of space.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

pub fn compile_tests_dir() -> PathBuf {
    workspace_root().join("target").join("compile-tests")
}

/// The dependency lines of every scratch crate (what generated code may use).
pub const DEPENDENCIES: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = "1"
chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
time = { version = "0.3", default-features = false, features = ["std", "formatting", "parsing"] }
"#;

pub struct Scratch {
    pub name: String,
    pub dir: PathBuf,
}

/// Result of a cargo run in a scratch crate.
pub struct CargoRun {
    pub ok: bool,
    pub elapsed: Duration,
    pub stdout: String,
    pub stderr: String,
    /// `warning:` lines (should be none under `-D warnings`).
    pub warnings: usize,
}

impl Scratch {
    /// Creates (or reuses) `target/compile-tests/<name>` with the given
    /// `[features]` (each enabled by default).
    pub fn new(name: &str, features: &[String]) -> Scratch {
        let dir = compile_tests_dir().join(name);
        std::fs::create_dir_all(dir.join("src")).expect("create scratch dir");
        let mut manifest = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [lib]\npath = \"src/lib.rs\"\n\n[dependencies]\n{DEPENDENCIES}\n"
        );
        let mut features: Vec<&String> = features.iter().collect();
        features.sort();
        features.dedup();
        manifest.push_str("[features]\ndefault = [");
        manifest.push_str(
            &features
                .iter()
                .map(|f| format!("{f:?}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        manifest.push_str("]\n");
        for f in &features {
            manifest.push_str(&format!("{f:?} = []\n"));
        }
        // Not part of the enclosing workspace.
        manifest.push_str("\n[workspace]\n");
        let s = Scratch {
            name: name.to_string(),
            dir,
        };
        s.write("Cargo.toml", &manifest);
        let lock = s.dir.join("Cargo.lock");
        if !lock.exists() {
            let _ = std::fs::copy(workspace_root().join("Cargo.lock"), &lock);
        }
        s
    }

    /// Writes a file relative to the crate dir, only if its content changed
    /// (unchanged files keep their mtime, so cargo does not rebuild).
    pub fn write(&self, rel: &str, text: &str) {
        let p = self.dir.join(rel);
        if std::fs::read_to_string(&p).ok().as_deref() == Some(text) {
            return;
        }
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&p, text).expect("write scratch file");
    }

    /// Writes a generated tree (relative path -> text) under `rel`, removing
    /// files from an earlier run that are no longer generated.
    pub fn write_tree(&self, rel: &str, files: &std::collections::BTreeMap<String, String>) {
        let root = self.dir.join(rel);
        if root.exists() {
            let existing = super::golden::read_tree(&root);
            for path in existing.keys() {
                if !files.contains_key(path) {
                    let _ = std::fs::remove_file(root.join(path));
                }
            }
        }
        for (path, text) in files {
            self.write(&format!("{rel}/{path}"), text);
        }
    }

    /// Runs `cargo <args>` in the crate with `-D warnings` and the shared
    /// target dir.
    pub fn cargo(&self, args: &[&str]) -> CargoRun {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let start = Instant::now();
        let out = Command::new(cargo)
            .args(args)
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", compile_tests_dir().join("target"))
            .env("RUSTFLAGS", "-D warnings")
            .env("CARGO_PROFILE_DEV_DEBUG", "0")
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_BUILD_RUSTFLAGS")
            .env_remove("RUSTC_WRAPPER")
            .output()
            .expect("run cargo");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let warnings = stderr.lines().filter(|l| l.starts_with("warning")).count();
        CargoRun {
            ok: out.status.success(),
            elapsed: start.elapsed(),
            stdout,
            stderr,
            warnings,
        }
    }

    /// Deletes this crate's own build artifacts from the shared target dir
    /// (the dependencies stay, so later scratch crates reuse them).
    pub fn clean_artifacts(&self) {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
        let _ = Command::new(cargo)
            .args(["clean", "--quiet", "-p", &self.name])
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", compile_tests_dir().join("target"))
            .output();
    }
}

/// `#[path = "<abs>"] pub mod <name>;` for a generated tree's root file.
pub fn path_mod(name: &str, root_file: &Path) -> String {
    format!(
        "#[path = {:?}]\npub mod {name};\n",
        root_file.display().to_string()
    )
}
