//! modelgen benchmark harness, driven by `bench/run` (see docs/performance.md).
//!
//! ```text
//! modelgen-bench to-jsonschema SPEC.yaml OUT.json
//! modelgen-bench run [--smoke] --repo DIR --corpus DIR --out DIR --modelgen BIN
//!                    [--typify BIN] [--time BIN] [--runs N] [--check-runs N]
//! ```

mod jsonschema;
mod measure;
mod report;
mod scratch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("to-jsonschema") => to_jsonschema(&args[1..]),
        Some("run") => Options::parse(&args[1..]).and_then(|o| report::run(&o)),
        _ => Err(
            "usage: modelgen-bench to-jsonschema SPEC OUT.json | modelgen-bench run [options] (see bench/run)"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("modelgen-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

fn to_jsonschema(args: &[String]) -> Result<(), String> {
    let [spec, out] = args else {
        return Err("usage: modelgen-bench to-jsonschema SPEC OUT.json".into());
    };
    let stats = convert_file(Path::new(spec), Path::new(out))?;
    eprintln!(
        "{out}: {} definitions, {} refs rewritten, {} nullable schemas, {} enums relaxed",
        stats.definitions, stats.refs, stats.nullable, stats.relaxed_enums
    );
    Ok(())
}

/// Reads an OpenAPI spec (YAML or JSON) and writes the JSON Schema document.
pub fn convert_file(spec: &Path, out: &Path) -> Result<jsonschema::Stats, String> {
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    // YAML is a superset of JSON, so one parser reads both.
    let doc: serde_json::Value = serde_yaml::from_str(&text)
        .map_err(|e| format!("{}: not valid YAML/JSON: {e}", spec.display()))?;
    let (schema, stats) =
        jsonschema::convert(&doc).map_err(|e| format!("{}: {e}", spec.display()))?;
    if let Some(r) = stats.foreign_refs.first() {
        return Err(format!(
            "{}: {} ref(s) point outside components/schemas (first: {r}); typify could not resolve them",
            spec.display(),
            stats.foreign_refs.len()
        ));
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    let json = serde_json::to_string_pretty(&schema).map_err(|e| e.to_string())?;
    std::fs::write(out, json).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(stats)
}

/// Settings of a `run`.
#[derive(Debug, Clone)]
pub struct Options {
    pub smoke: bool,
    pub repo: PathBuf,
    pub corpus: PathBuf,
    pub out: PathBuf,
    /// Where generator outputs go (`--gen-dir`; default `<out>/gen`).
    pub gen: Option<PathBuf>,
    pub modelgen: PathBuf,
    pub typify: Option<PathBuf>,
    pub time: Option<PathBuf>,
    /// Timed runs of each generator (after one warm-up).
    pub runs: usize,
    /// Timed runs of each `cargo check`.
    pub check_runs: usize,
    /// Timed runs of each `cargo check` of the full docs crate (slow).
    pub big_check_runs: usize,
    /// Skip the no-op `cargo build` of the repo's root crate.
    pub no_build: bool,
    /// Measure typify only.
    pub skip_modelgen: bool,
    /// Command the generator runs are wrapped in (`--rt`: `chrt -f 50`).
    pub rt_prefix: Vec<String>,
}

impl Options {
    /// Where generator outputs go.
    pub fn gen_dir(&self) -> PathBuf {
        self.gen.clone().unwrap_or_else(|| self.out.join("gen"))
    }

    fn parse(args: &[String]) -> Result<Self, String> {
        let mut o = Options {
            smoke: false,
            repo: PathBuf::from("."),
            corpus: PathBuf::from("../shared/corpus"),
            out: PathBuf::from("bench/out"),
            gen: None,
            modelgen: PathBuf::from("target/release/modelgen"),
            typify: None,
            time: None,
            runs: 10,
            check_runs: 3,
            big_check_runs: 1,
            no_build: false,
            skip_modelgen: false,
            rt_prefix: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let mut value = || it.next().cloned().ok_or(format!("{a} needs a value"));
            match a.as_str() {
                "--smoke" => o.smoke = true,
                "--no-build" => o.no_build = true,
                "--skip-modelgen" => o.skip_modelgen = true,
                "--rt" => o.rt_prefix = ["chrt", "-f", "50"].map(String::from).to_vec(),
                "--repo" => o.repo = value()?.into(),
                "--corpus" => o.corpus = value()?.into(),
                "--out" => o.out = value()?.into(),
                "--gen-dir" => o.gen = Some(value()?.into()),
                "--modelgen" => o.modelgen = value()?.into(),
                "--typify" => o.typify = Some(value()?.into()),
                "--time" => o.time = Some(value()?.into()),
                "--runs" => o.runs = parse_count(&value()?)?,
                "--check-runs" => o.check_runs = parse_count(&value()?)?,
                "--big-check-runs" => o.big_check_runs = parse_count(&value()?)?,
                other => return Err(format!("unknown option `{other}`")),
            }
        }
        if o.smoke {
            o.runs = 1;
            o.check_runs = 1;
            o.big_check_runs = 1;
            o.typify = None;
        }
        Ok(o)
    }
}

fn parse_count(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("expected a positive count, got `{s}`")),
    }
}
