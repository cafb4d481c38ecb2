//! A scratch cargo workspace holding each tool's generated code as its own
//! crate, so `cargo check -p <crate>` measures only the generated crate: the
//! dependencies are built by a warm-up run, then the crate root is touched
//! and re-checked with incremental compilation off.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One crate of generated code.
#[derive(Debug, Clone)]
pub struct GenCrate {
    pub name: String,
    /// The crate root (`lib.rs` / `mod.rs`) of the generated code.
    pub lib: PathBuf,
    /// Crates the generated code names (`::chrono::...`), see [`used_deps`].
    pub deps: BTreeSet<&'static str>,
    /// Cargo features the generated code gates on, see [`used_features`],
    /// each with the features it needs (see [`describe`]).
    pub features: BTreeMap<String, BTreeSet<String>>,
}

/// Dependencies generated code may name, with the Cargo.toml line for each.
const KNOWN_DEPS: &[(&str, &str)] = &[
    (
        "serde",
        r#"serde = { version = "1", features = ["derive"] }"#,
    ),
    ("serde_json", r#"serde_json = "1""#),
    (
        "chrono",
        r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }"#,
    ),
    (
        "time",
        r#"time = { version = "0.3", features = ["serde", "formatting", "parsing"] }"#,
    ),
    ("uuid", r#"uuid = { version = "1", features = ["serde"] }"#),
    ("regress", r#"regress = "0.10""#),
    (
        "bytes",
        r#"bytes = { version = "1", features = ["serde"] }"#,
    ),
];

/// Every `.rs` file under `dir` (or `dir` itself when it is a file).
pub fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = fs::read_dir(&d).map_err(|e| format!("cannot list {}: {e}", d.display()))?;
        for entry in entries {
            let path = entry
                .map_err(|e| format!("cannot list {}: {e}", d.display()))?
                .path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Which of [`KNOWN_DEPS`] the code names as a path root (`chrono::` not
/// preceded by an identifier character or `::`-less segment of another path).
pub fn used_deps(code: &str) -> BTreeSet<&'static str> {
    let mut found = BTreeSet::new();
    for (name, _) in KNOWN_DEPS {
        let needle = format!("{name}::");
        let hit = code.match_indices(&needle).any(|(i, _)| {
            let before = &code[..i];
            let prev = before.chars().next_back();
            match prev {
                Some(c) if c.is_alphanumeric() || c == '_' => false,
                // `::name::` is a root path only at the very start of a path.
                Some(':') => {
                    let b = before.trim_end_matches(':');
                    !b.ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '>')
                }
                _ => true,
            }
        });
        if hit {
            found.insert(*name);
        }
    }
    found.insert("serde");
    found
}

/// Names used in `feature = "..."` cfgs.
pub fn used_features(code: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find("feature = \"") {
        rest = &rest[i + "feature = \"".len()..];
        if let Some(end) = rest.find('"') {
            out.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

/// Scans generated code (a file or a directory) for its deps and features.
/// modelgen gates each namespace module `<root>/<ns>/` on feature `<ns>`; a
/// namespace whose code names another gated one (`super::super::<other>::`)
/// needs that feature too.
pub fn describe(name: &str, lib: &Path, root: &Path) -> Result<GenCrate, String> {
    let mut deps = BTreeSet::new();
    let mut names = BTreeSet::new();
    let mut code_of = Vec::new();
    for f in rust_files(root)? {
        let code =
            fs::read_to_string(&f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
        deps.extend(used_deps(&code));
        names.extend(used_features(&code));
        code_of.push((f, code));
    }
    let mut features: BTreeMap<String, BTreeSet<String>> =
        names.iter().map(|n| (n.clone(), BTreeSet::new())).collect();
    for (f, code) in &code_of {
        let Some(ns) = f
            .strip_prefix(root)
            .ok()
            .and_then(|rel| rel.components().next())
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
        else {
            continue;
        };
        for other in &names {
            if *other != ns && code.contains(&format!("super::super::{other}::")) {
                if let Some(needs) = features.get_mut(&ns) {
                    needs.insert(other.clone());
                }
            }
        }
    }
    Ok(GenCrate {
        name: name.to_string(),
        lib: lib.to_path_buf(),
        deps,
        features,
    })
}

/// Writes `dir/Cargo.toml` (a workspace) and one manifest per crate.
pub fn write_workspace(dir: &Path, crates: &[GenCrate]) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut ws = String::from("# Written by bench/run: scratch crates of generated code.\n[workspace]\nresolver = \"2\"\nmembers = [\n");
    for c in crates {
        let _ = writeln!(ws, "    \"{}\",", c.name);
        let cdir = dir.join(&c.name);
        fs::create_dir_all(&cdir).map_err(|e| format!("cannot create {}: {e}", cdir.display()))?;
        let mut m = String::new();
        let _ = writeln!(
            m,
            "[package]\nname = \"{}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n",
            c.name
        );
        let _ = writeln!(m, "[lib]\npath = {:?}\n", c.lib.display().to_string());
        m.push_str("[dependencies]\n");
        for (name, line) in KNOWN_DEPS {
            if c.deps.contains(name) {
                let _ = writeln!(m, "{line}");
            }
        }
        if !c.features.is_empty() {
            m.push_str("\n[features]\n");
            for (f, needs) in &c.features {
                let list: Vec<String> = needs.iter().map(|x| format!("{x:?}")).collect();
                let _ = writeln!(m, "{f:?} = [{}]", list.join(", "));
            }
        }
        write_if_changed(&cdir.join("Cargo.toml"), &m)?;
    }
    ws.push_str("]\n\n[profile.dev]\nincremental = false\n");
    write_if_changed(&dir.join("Cargo.toml"), &ws)
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if fs::read_to_string(path).ok().as_deref() == Some(text) {
        return Ok(());
    }
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Sets a file's mtime to now, so cargo sees the crate as changed.
pub fn touch(path: &Path) -> Result<(), String> {
    let f = fs::File::options()
        .write(true)
        .open(path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    f.set_modified(SystemTime::now())
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_root_paths_only() {
        let code = "use ::serde::Deserialize; pub x: ::chrono::DateTime<chrono::Utc>, y: ::serde_json::Value, z: my::time::T, w: datetime::X";
        let d = used_deps(code);
        assert!(d.contains("chrono") && d.contains("serde_json") && d.contains("serde"));
        assert!(!d.contains("time"), "{d:?}");
    }

    #[test]
    fn feature_needs_from_cross_namespace_paths() {
        let dir = std::env::temp_dir().join(format!("modelgen-bench-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("shared")).unwrap();
        fs::create_dir_all(dir.join("operations")).unwrap();
        fs::write(dir.join("mod.rs"), "#[cfg(feature = \"shared\")] pub mod shared;\n#[cfg(feature = \"operations\")] pub mod operations;").unwrap();
        fs::write(dir.join("shared/a.rs"), "pub struct A;").unwrap();
        fs::write(dir.join("operations/b.rs"), "pub struct B(super::super::shared::A, ::serde_json::Value);").unwrap();
        let c = describe("x", &dir.join("mod.rs"), &dir).unwrap();
        assert_eq!(c.features["operations"].iter().collect::<Vec<_>>(), ["shared"]);
        assert!(c.features["shared"].is_empty());
        assert!(c.deps.contains("serde_json"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn finds_features() {
        let f = used_features(
            "#[cfg(feature = \"hris\")]\nmod hris;\n#[cfg(feature = \"ats\")] mod ats;",
        );
        assert_eq!(f.into_iter().collect::<Vec<_>>(), ["ats", "hris"]);
    }
}
