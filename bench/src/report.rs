//! The benchmark run: generation (modelgen and typify), crate-only checks,
//! the no-op build, and the printed report.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::measure::{median, secs, summary, Run, Runner};
use crate::scratch::{self, GenCrate};
use crate::Options;

/// Stages `modelgen generate --timings` reports, in pipeline order.
const STAGES: &[&str] = &["read", "parse", "lower", "codegen", "format", "write"];

#[derive(Debug, Clone)]
enum Input {
    Docs(PathBuf),
    Spec(PathBuf),
}

#[derive(Debug, Default)]
struct GenResult {
    /// Median wall seconds.
    median: f64,
    min: f64,
    /// Median CPU seconds (user + system).
    cpu: Option<f64>,
    models: Option<usize>,
    stages: BTreeMap<String, f64>,
    peak_mib: Option<f64>,
    /// Where the last run wrote its output.
    out_dir: Option<PathBuf>,
}

impl GenResult {
    fn of(runs: &[Run]) -> Self {
        let (median, cpu, peak_mib) = summary(runs);
        GenResult {
            median,
            min: runs.iter().map(|r| r.wall).fold(f64::INFINITY, f64::min),
            cpu,
            peak_mib,
            ..GenResult::default()
        }
    }
}

/// One crate-only check configuration.
struct Check {
    label: String,
    features: String,
    runs: usize,
    wall: f64,
    cpu: Option<f64>,
}

/// The no-op build of the root crate.
struct Noop {
    wall: f64,
    cpu: Option<f64>,
    rewritten: Vec<String>,
    recompiled: bool,
}

struct Report {
    text: String,
}

impl Report {
    fn line(&mut self, s: impl AsRef<str>) {
        println!("{}", s.as_ref());
        self.text.push_str(s.as_ref());
        self.text.push('\n');
    }
}

pub fn run(o: &Options) -> Result<(), String> {
    let stack = o.corpus.join("stackone");
    if !stack.is_dir() {
        let require = std::env::var("CI").is_ok_and(|v| v == "true")
            || std::env::var("MODELGEN_REQUIRE_CORPUS").is_ok_and(|v| v == "1");
        if o.smoke && !require {
            println!(
                "corpus not found at {}, skipping the benchmark smoke run",
                stack.display()
            );
            return Ok(());
        }
        return Err(format!(
            "corpus not found at {} (set MODELGEN_CORPUS)",
            stack.display()
        ));
    }
    fs::create_dir_all(&o.out).map_err(|e| format!("cannot create {}: {e}", o.out.display()))?;
    // Output of an earlier run is moved aside now (a rename frees no inodes)
    // and deleted at the end, after every measurement (see `modelgen_gen`).
    let gen = o.gen_dir();
    if gen.exists() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        // Beside it, on the same file system (a rename cannot cross).
        let trash = gen.with_file_name(format!("trash-{nanos}"));
        fs::rename(&gen, &trash).map_err(|e| format!("cannot move {} aside: {e}", gen.display()))?;
    }
    let mut r = Report {
        text: String::new(),
    };
    machine(&mut r, o);
    let runner = Runner {
        time_bin: o.time.clone(),
        scratch: o.out.clone(),
        prefix: Vec::new(),
    };
    // Generator runs are short: run them at real-time priority when asked,
    // so other work on a shared machine does not stretch their wall time.
    // (cargo check runs are long and stay at normal priority.)
    let gen_runner = Runner {
        time_bin: o.time.clone(),
        scratch: o.out.clone(),
        prefix: o.rt_prefix.clone(),
    };

    let marketing = stack.join("openapi-2024-marketing.yaml");
    let merged = stack.join("openapi-2025-12-merged.yaml");
    let specs: Vec<(&str, &Path)> = if o.smoke {
        vec![("openapi-2024-marketing", &marketing)]
    } else {
        vec![
            ("openapi-2024-marketing", &marketing),
            ("openapi-2025-12-merged", &merged),
        ]
    };
    let mut inputs: Vec<(String, Input)> = Vec::new();
    if !o.smoke {
        for v in ["docs-2024-08", "docs-2025-12", "docs-2026-02"] {
            inputs.push((v.into(), Input::Docs(stack.join(v).join("sdk/models"))));
        }
    }
    for (name, path) in &specs {
        inputs.push(((*name).into(), Input::Spec(path.to_path_buf())));
    }

    // JSON Schema documents for typify (converted in smoke mode too, so the
    // converter is exercised by CI).
    r.line("\n## Inputs converted for typify (components/schemas -> JSON Schema definitions)\n");
    let mut jsonschemas = BTreeMap::new();
    for (name, spec) in &specs {
        let out = o.out.join("jsonschema").join(format!("{name}.json"));
        let st = crate::convert_file(spec, &out)?;
        r.line(format!(
            "- {name}: {} definitions, {} refs rewritten, {} nullable schemas, {} enums relaxed to strings (values typify cannot name apart) -> {}",
            st.definitions,
            st.refs,
            st.nullable,
            st.relaxed_enums,
            out.display()
        ));
        jsonschemas.insert(name.to_string(), out);
    }

    // Generation.
    let config = o.out.join(CONFIG);
    fs::write(&config, "# Written by bench/run.\nnamespace-features = true\n")
        .map_err(|e| format!("cannot write {}: {e}", config.display()))?;
    let mut mg: BTreeMap<String, GenResult> = BTreeMap::new();
    let mut failures: Vec<(String, String)> = Vec::new();
    for (name, input) in inputs.iter().filter(|_| !o.skip_modelgen) {
        eprintln!("bench: modelgen generate {name} ...");
        match modelgen_gen(o, &gen_runner, name, input) {
            Ok(g) => {
                mg.insert(name.clone(), g);
            }
            // A full run reports a failing input and goes on; smoke fails.
            Err(e) if !o.smoke => failures.push((format!("modelgen {name}"), e)),
            Err(e) => return Err(e),
        }
    }
    let mut ty: BTreeMap<String, GenResult> = BTreeMap::new();
    if let Some(typify) = &o.typify {
        for (name, schema) in &jsonschemas {
            for builder in [true, false] {
                let label = typify_label(name, builder);
                eprintln!("bench: cargo-typify {label} ...");
                ty.insert(
                    label.clone(),
                    typify_gen(o, &gen_runner, typify, &label, schema, builder)?,
                );
            }
        }
    }
    generation_tables(&mut r, o, &inputs, &mg, &ty);
    if !failures.is_empty() {
        r.line("\n## Failed runs\n");
        for (what, e) in &failures {
            let shown: Vec<&str> = e.lines().take(6).collect();
            r.line(format!("- {what}:\n\n```text\n{}\n```", shown.join("\n")));
        }
    }

    // Crate-only checks.
    let checks = crate_checks(o, &runner, &mg, &ty)?;
    r.line("\n## Crate-only `cargo check` of the generated code\n");
    r.line("Median of `cargo check -p <crate>` runs after touching the crate root; dependencies prebuilt, incremental off.\n");
    r.line("| crate | features | runs | check (wall) | check (CPU) |");
    r.line("|---|---|---|---|---|");
    for c in &checks {
        r.line(format!(
            "| {} | {} | {} | {} | {} |",
            c.label,
            c.features,
            c.runs,
            secs(c.wall),
            opt_secs(c.cpu)
        ));
    }

    // No-op build of the repo's root crate.
    let noop = if o.no_build || o.smoke {
        None
    } else {
        Some(noop_build(o, &runner)?)
    };
    if let Some(n) = &noop {
        r.line("\n## No-op `cargo build` of the root crate (specs unchanged)\n");
        r.line(format!(
            "- {} wall, {} CPU (median of {} runs); generated files rewritten: {}; root crate recompiled: {}",
            secs(n.wall),
            opt_secs(n.cpu),
            o.check_runs,
            if n.rewritten.is_empty() {
                "none".to_string()
            } else {
                n.rewritten.join(", ")
            },
            if n.recompiled { "yes" } else { "no" }
        ));
    }

    if !o.smoke {
        targets(&mut r, &mg, &ty, &checks, noop.as_ref());
    }
    let path = o.out.join(if o.smoke {
        "results-smoke.md"
    } else {
        "results.md"
    });
    fs::write(&path, &r.text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("bench: report written to {}", path.display());
    let gen_parent = o.gen_dir().parent().map(Path::to_path_buf).unwrap_or_else(|| o.out.clone());
    for entry in fs::read_dir(&gen_parent).map_err(|e| format!("cannot list {}: {e}", gen_parent.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.file_name().is_some_and(|n| n.to_string_lossy().starts_with("trash-")) {
            remove_dir(&path)?;
        }
    }
    Ok(())
}

fn typify_label(name: &str, builder: bool) -> String {
    if builder {
        name.to_string()
    } else {
        format!("{name}-no-builder")
    }
}

fn machine(r: &mut Report, o: &Options) {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")
                .map(|v| v.trim_start_matches([' ', '\t', ':']).to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let nproc = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(0);
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(&o.repo)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    r.line(if o.smoke {
        "# modelgen benchmark (smoke run: one input, one run, no typify)"
    } else {
        "# modelgen benchmark"
    });
    // Other work on the machine skews timings; say how busy it was.
    let load = fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into());
    let runs = if o.smoke {
        "one untimed run of each step".to_string()
    } else {
        format!("{} timed runs per generator after one warm-up", o.runs)
    };
    let rt = if o.rt_prefix.is_empty() {
        String::new()
    } else {
        format!("; generators run under `{}`", o.rt_prefix.join(" "))
    };
    r.line(format!(
        "\nMachine: {nproc} CPU(s), {cpu}; {rustc}; load average at start {load}; modelgen commit {commit}; {runs}{rt}; generated output written under `{}`.",
        o.gen_dir().display()
    ));
}

fn modelgen_command(o: &Options, input: &Input, out: &Path) -> Command {
    let mut c = Command::new(&o.modelgen);
    c.arg("generate");
    match input {
        Input::Docs(d) => {
            c.arg("--docs").arg(d).args(["--wire-names", "snake_case"]);
        }
        Input::Spec(s) => {
            c.arg("--openapi").arg(s);
        }
    }
    // One cargo feature per namespace, so the checks can build one alone.
    c.arg("--config").arg(o.out.join(CONFIG));
    c.arg("--out").arg(out).arg("--timings");
    c
}

/// modelgen settings of every run (written by [`run`]).
const CONFIG: &str = "modelgen-bench.toml";

fn modelgen_gen(
    o: &Options,
    runner: &Runner,
    name: &str,
    input: &Input,
) -> Result<GenResult, String> {
    // Every run writes into a fresh, never-used folder: deleting 2,400 files
    // and creating them again right away makes ext4 scan for free inodes
    // (it avoids reusing recently deleted ones), which once cost more than
    // the generator itself. Old output is removed after the whole run.
    let base = o.gen_dir().join("modelgen").join(name);
    let mut k = 0;
    let out = std::cell::RefCell::new(base.clone());
    let next = || {
        k += 1;
        *out.borrow_mut() = base.join(format!("run-{k}"));
        Ok(())
    };
    let runs = runner.repeat(o.runs, !o.smoke, next, || {
        modelgen_command(o, input, &out.borrow())
    })?;
    let mut res = GenResult::of(&runs);
    res.out_dir = Some(out.into_inner());
    let mut per_stage: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for run in &runs {
        let (stages, models) = parse_timings(&String::from_utf8_lossy(&run.output.stderr));
        for (k, v) in stages {
            per_stage.entry(k).or_default().push(v);
        }
        res.models = res.models.or(models);
    }
    res.stages = per_stage
        .into_iter()
        .map(|(k, v)| (k, median(&v)))
        .collect();
    Ok(res)
}

/// `timing <stage> <seconds>` and `timing models <count>` lines.
fn parse_timings(stderr: &str) -> (BTreeMap<String, f64>, Option<usize>) {
    let mut stages = BTreeMap::new();
    let mut models = None;
    for line in stderr.lines() {
        let mut w = line.split_whitespace();
        if w.next() != Some("timing") {
            continue;
        }
        match (w.next(), w.next()) {
            (Some("models"), Some(n)) => models = n.parse().ok(),
            (Some(stage), Some(v)) => {
                if let Ok(v) = v.parse() {
                    stages.insert(stage.to_string(), v);
                }
            }
            _ => {}
        }
    }
    (stages, models)
}

fn typify_command(typify: &Path, schema: &Path, out: &Path, builder: bool) -> Command {
    let mut c = Command::new(typify);
    c.arg("typify").arg(schema).arg("-o").arg(out);
    if !builder {
        c.arg("--no-builder");
    }
    c
}

fn typify_gen(
    o: &Options,
    runner: &Runner,
    typify: &Path,
    label: &str,
    schema: &Path,
    builder: bool,
) -> Result<GenResult, String> {
    let dir = o.gen_dir().join("typify");
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let out = dir.join(format!("{label}.rs"));
    let runs = runner.repeat(
        o.runs,
        true,
        || Ok(()),
        || typify_command(typify, schema, &out, builder),
    )?;
    let mut res = GenResult::of(&runs);
    let code =
        fs::read_to_string(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    res.models = Some(
        code.lines()
            .filter(|l| {
                l.starts_with("pub struct ")
                    || l.starts_with("pub enum ")
                    || l.starts_with("pub type ")
            })
            .count(),
    );
    Ok(res)
}

fn opt_secs(s: Option<f64>) -> String {
    s.map_or("n/a".into(), secs)
}

fn remove_dir(dir: &Path) -> Result<(), String> {
    match fs::remove_dir_all(dir) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(format!("cannot remove {}: {e}", dir.display())),
    }
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 && a.is_finite() && b.is_finite() => Some(a / b),
        _ => None,
    }
}

fn opt_ratio(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |x| format!("{x:.3}"))
}

fn mib(x: Option<f64>) -> String {
    x.map_or("n/a".into(), |m| format!("{m:.0} MiB"))
}

fn generation_tables(
    r: &mut Report,
    o: &Options,
    inputs: &[(String, Input)],
    mg: &BTreeMap<String, GenResult>,
    ty: &BTreeMap<String, GenResult>,
) {
    if !mg.is_empty() {
        r.line(format!(
            "\n## modelgen: end-to-end generation (`modelgen generate`, output into an empty folder; median of {} runs)\n",
            o.runs
        ));
        r.line(
            "| input | models | wall (median) | wall (min) | CPU (median) | peak RSS | models/s |",
        );
        r.line("|---|---|---|---|---|---|---|");
    }
    for (name, _) in inputs {
        let Some(g) = mg.get(name) else { continue };
        r.line(format!(
            "| {name} | {} | {} | {} | {} | {} | {} |",
            g.models.map_or("?".into(), |m| m.to_string()),
            secs(g.median),
            secs(g.min),
            opt_secs(g.cpu),
            mib(g.peak_mib),
            g.models
                .map_or("?".into(), |m| format!("{:.0}", m as f64 / g.median)),
        ));
    }
    if !mg.is_empty() {
        r.line("\n### Per-stage breakdown (`modelgen generate --timings`; CPU time per stage summed over threads, median)\n");
        let mut header = String::from("| input |");
        let mut rule = String::from("|---|");
        for s in STAGES {
            let _ = write!(header, " {s} |");
            rule.push_str("---|");
        }
        r.line(header + " wall total |");
        r.line(rule + "---|");
    }
    for (name, _) in inputs {
        let Some(g) = mg.get(name) else { continue };
        let mut row = format!("| {name} |");
        for s in STAGES.iter().chain(&["total"]) {
            let _ = write!(row, " {} |", opt_secs(g.stages.get(*s).copied()));
        }
        r.line(row);
    }
    if ty.is_empty() {
        return;
    }
    r.line(format!(
        "\n## cargo-typify on the same schemas (median of {} runs; default = with builders)\n",
        o.runs
    ));
    r.line("| input | types | wall | CPU | peak RSS | modelgen wall | modelgen/typify (wall) | modelgen/typify (CPU) |");
    r.line("|---|---|---|---|---|---|---|---|");
    for (label, t) in ty {
        let m = mg.get(label.trim_end_matches("-no-builder"));
        r.line(format!(
            "| {label} | {} | {} | {} | {} | {} | {} | {} |",
            t.models.map_or("?".into(), |m| m.to_string()),
            secs(t.median),
            opt_secs(t.cpu),
            mib(t.peak_mib),
            opt_secs(m.map(|m| m.median)),
            opt_ratio(ratio(m.map(|m| m.median), Some(t.median))),
            opt_ratio(ratio(m.and_then(|m| m.cpu), t.cpu)),
        ));
    }
}

fn crate_checks(
    o: &Options,
    runner: &Runner,
    mg: &BTreeMap<String, GenResult>,
    ty: &BTreeMap<String, GenResult>,
) -> Result<Vec<Check>, String> {
    let dir = o.out.join("check");
    let gen = o.gen_dir();
    let abs = |p: PathBuf| fs::canonicalize(&p).map_err(|e| format!("{}: {e}", p.display()));
    let mut crates: Vec<(GenCrate, Vec<Option<String>>)> = Vec::new();
    let mut add =
        |crate_name: &str, root: PathBuf, lib: PathBuf, one_feature: bool| -> Result<(), String> {
            let c = scratch::describe(crate_name, &abs(lib)?, &abs(root)?)?;
            let mut variants = vec![None];
            if !c.features.is_empty() {
                variants = vec![Some("--all-features".to_string())];
                if one_feature {
                    if let Some(f) = pick_one_feature(&c) {
                        variants.push(Some(f));
                    }
                }
            }
            crates.push((c, variants));
            Ok(())
        };
    for name in ["openapi-2024-marketing", "docs-2026-02"] {
        if let Some(root) = mg.get(name).and_then(|g| g.out_dir.clone()) {
            let lib = root.join("mod.rs");
            add(&format!("modelgen-{name}"), root, lib, true)?;
        }
    }
    for label in ty
        .keys()
        .filter(|l| l.starts_with("openapi-2024-marketing"))
    {
        let f = gen.join("typify").join(format!("{label}.rs"));
        add(&format!("typify-{label}"), f.clone(), f, false)?;
    }
    let list: Vec<GenCrate> = crates.iter().map(|c| c.0.clone()).collect();
    scratch::write_workspace(&dir, &list)?;
    // Start from the repo's dependency versions, so nothing new is fetched
    // for the crates the repo already uses.
    let lock = dir.join("Cargo.lock");
    if !lock.exists() {
        let _ = fs::copy(o.repo.join("Cargo.lock"), &lock);
    }
    // The smoke run shares the target dir of the repo's compile tests (CI
    // has built serde & co. there already); timed runs keep their own.
    let target = if o.smoke {
        o.repo.join("target/compile-tests/target")
    } else {
        dir.join("target")
    };

    if !o.smoke {
        // Dependencies (and every crate once), untimed: afterwards each timed
        // check compiles only the touched generated crate.
        eprintln!("bench: building the scratch crates' dependencies ...");
        let mut cmd = Command::new("cargo");
        cmd.current_dir(&dir)
            .env("CARGO_TARGET_DIR", &target)
            .args(["check", "--quiet", "--workspace", "--all-features"]);
        runner.run(cmd)?;
    }
    let mut out = Vec::new();
    for (c, variants) in &crates {
        // The full docs crate takes a minute or more per check on 2 cores.
        let runs = if c.name.starts_with("modelgen-docs") {
            o.big_check_runs
        } else {
            o.check_runs
        };
        for v in variants {
            eprintln!(
                "bench: cargo check -p {} {} ...",
                c.name,
                v.as_deref().unwrap_or("")
            );
            let make = || {
                let mut cmd = Command::new("cargo");
                cmd.current_dir(&dir)
                    .env("CARGO_INCREMENTAL", "0")
                    .env("CARGO_TARGET_DIR", &target)
                    .args(["check", "--quiet", "-p", &c.name]);
                match v.as_deref() {
                    Some("--all-features") => {
                        cmd.arg("--all-features");
                    }
                    Some(f) => {
                        cmd.args(["--features", f]);
                    }
                    None => {}
                }
                cmd
            };
            let runs = runner.repeat(runs, false, || scratch::touch(&c.lib), make)?;
            let (wall, cpu, _) = summary(&runs);
            let n = runs.len();
            let features = match v.as_deref() {
                None => "-".to_string(),
                Some("--all-features") => format!("all ({})", c.features.len()),
                Some(f) => format!("only `{f}`"),
            };
            out.push(Check {
                label: c.name.clone(),
                features,
                runs: n,
                wall,
                cpu,
            });
        }
    }
    Ok(out)
}

/// The single feature measured alone: `shared` when there is one (the
/// namespace every other one builds on), else the first.
fn pick_one_feature(c: &GenCrate) -> Option<String> {
    if c.features.contains_key("shared") {
        return Some("shared".into());
    }
    c.features.keys().next().cloned()
}

/// `cargo build` of the repo's root crate with nothing changed: the median
/// time, the generated files whose mtime changed, and whether the root crate
/// was rebuilt.
fn noop_build(o: &Options, runner: &Runner) -> Result<Noop, String> {
    let generated = o.repo.join("generated");
    let snapshot = || -> Result<BTreeMap<PathBuf, std::time::SystemTime>, String> {
        let mut m = BTreeMap::new();
        for f in scratch::rust_files(&generated)? {
            let t = fs::metadata(&f)
                .and_then(|m| m.modified())
                .map_err(|e| format!("{}: {e}", f.display()))?;
            m.insert(f, t);
        }
        Ok(m)
    };
    let make = || {
        let mut c = Command::new("cargo");
        c.current_dir(&o.repo)
            .args(["build", "-v", "-p", "modelgen-models"]);
        c
    };
    // Warm-up: builds whatever is stale (the first run may compile a lot).
    runner.run(make())?;
    let before = snapshot()?;
    let runs = runner.repeat(o.check_runs, false, || Ok(()), make)?;
    let recompiled = runs.iter().any(|run| {
        String::from_utf8_lossy(&run.output.stderr)
            .lines()
            .any(|l| {
                let l = l.trim_start();
                (l.starts_with("Compiling ") || l.starts_with("Dirty "))
                    && l.contains("modelgen-models")
            })
    });
    let after = snapshot()?;
    let rewritten = after
        .iter()
        .filter(|(f, t)| before.get(*f) != Some(t))
        .map(|(f, _)| f.display().to_string())
        .collect();
    let (wall, cpu, _) = summary(&runs);
    Ok(Noop {
        wall,
        cpu,
        rewritten,
        recompiled,
    })
}

fn targets(
    r: &mut Report,
    mg: &BTreeMap<String, GenResult>,
    ty: &BTreeMap<String, GenResult>,
    checks: &[Check],
    noop: Option<&Noop>,
) {
    r.line("\n## Targets (issue 5; wall time, CPU time in brackets)\n");
    let mut row = |what: &str, value: String, ok: Option<bool>| {
        let mark = match ok {
            Some(true) => "met",
            Some(false) => "MISSED",
            None => "n/a",
        };
        r.line(format!("- {what}: {value} -> {mark}"));
    };
    let both = |g: &GenResult| format!("{} ({})", secs(g.median), opt_secs(g.cpu));
    for (input, limit) in [("docs-2026-02", 0.25), ("openapi-2025-12-merged", 0.15)] {
        let g = mg.get(input);
        row(
            &format!("{input} end to end < {limit} s"),
            g.map_or("n/a".into(), both),
            g.map(|g| g.median < limit),
        );
    }
    for spec in ["openapi-2024-marketing", "openapi-2025-12-merged"] {
        let (m, t) = (mg.get(spec), ty.get(spec));
        let wall = ratio(m.map(|m| m.median), t.map(|t| t.median));
        let cpu = ratio(m.and_then(|m| m.cpu), t.and_then(|t| t.cpu));
        row(
            &format!("{spec}: generation time modelgen/typify <= 0.2"),
            format!("{} ({})", opt_ratio(wall), opt_ratio(cpu)),
            wall.map(|x| x <= 0.2),
        );
    }
    let peak = mg
        .values()
        .filter_map(|g| g.peak_mib)
        .fold(None, |a: Option<f64>, x| Some(a.map_or(x, |a| a.max(x))));
    row(
        "peak memory < 150 MB (largest of all inputs)",
        mib(peak),
        peak.map(|p| p * 1.048576 < 150.0),
    );
    let check = |label: &str, only: bool| {
        checks
            .iter()
            .find(|c| c.label == label && c.features.starts_with("only") == only)
    };
    let t = check("typify-openapi-2024-marketing", false);
    for (only, what) in [
        (false, "whole output (all features: component schemas + operation models)"),
        (true, "component schemas only (feature `shared`: what typify is given)"),
    ] {
        let m = check("modelgen-openapi-2024-marketing", only);
        let wall = ratio(m.map(|c| c.wall), t.map(|c| c.wall));
        let cpu = ratio(m.and_then(|c| c.cpu), t.and_then(|c| c.cpu));
        row(
            &format!("marketing crate-only check modelgen/typify <= 0.6, {what}"),
            format!("{} ({})", opt_ratio(wall), opt_ratio(cpu)),
            wall.map(|x| x <= 0.6),
        );
    }
    if let Some(n) = noop {
        row(
            "no-op build: no file rewritten, root crate not recompiled",
            format!("{} ({})", secs(n.wall), opt_secs(n.cpu)),
            Some(n.rewritten.is_empty() && !n.recompiled),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_timing_lines() {
        let (s, m) = parse_timings(
            "warning: x\ntiming read 0.010\ntiming parse 0.5\ntiming models 12\ntiming bogus\n",
        );
        assert_eq!(s.get("read"), Some(&0.010));
        assert_eq!(s.get("parse"), Some(&0.5));
        assert_eq!(m, Some(12));
    }
}
