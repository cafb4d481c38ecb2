//! Codegen golden cases: `tests/golden/codegen/<case>/{ir.json, config.toml, out/}`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use modelgen::ir::Ir;
use modelgen::Config;

pub fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/codegen")
}

/// Case directories in name order.
pub fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(cases_root())
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.join("ir.json").is_file())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

pub fn load_case(dir: &Path) -> Result<(Ir, Config), String> {
    let ir_path = dir.join("ir.json");
    let text =
        std::fs::read_to_string(&ir_path).map_err(|e| format!("{}: {e}", ir_path.display()))?;
    let ir: Ir = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", ir_path.display()))?;
    let cfg_path = dir.join("config.toml");
    let config = if cfg_path.is_file() {
        let t = std::fs::read_to_string(&cfg_path).map_err(|e| e.to_string())?;
        Config::from_toml(&cfg_path.display().to_string(), &t).map_err(|d| d.to_string())?
    } else {
        Config::default()
    };
    Ok((ir, config))
}

/// Every file under `root`, keyed by `/`-separated relative path.
pub fn read_tree(root: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(root, &p, out);
            } else if let Ok(text) = std::fs::read_to_string(&p) {
                let rel = p.strip_prefix(root).unwrap_or(&p);
                let key = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(key, text);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}
