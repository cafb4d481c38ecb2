//! The `modelgen` command line. Exit codes: 0 success, 1 `check` found stale
//! output, 2 bad input or usage.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use modelgen::pipeline::{self, Inputs};
use modelgen::{review, write, Config, DateTimeType, Error, WireNameRule};

// A run makes millions of small allocations on two threads; mimalloc
// took a quarter off the wall time of the merged corpus spec (217 -> 154 ms)
// and of docs-2026-02 (240 -> 186 ms) against glibc's malloc.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
modelgen: Rust serde models from Speakeasy markdown model docs and OpenAPI 3.0/3.1 specs

USAGE:
    modelgen generate [INPUTS] --out DIR     write the models (only changed files are touched)
    modelgen check    [INPUTS] --out DIR     exit 1 and show a diff when DIR is stale; never writes
    modelgen ir       [INPUTS]               print the IR as JSON on stdout
    modelgen diff     OLD NEW [OPTIONS]      semantic diff of two inputs, with breaking-change verdicts
    modelgen watch    [INPUTS] --out DIR     regenerate whenever an input changes
    modelgen examples --openapi SPEC [OPTIONS]  check the spec's examples against their schemas
                           and read each valid one into its generated type and back (builds a
                           scratch crate with cargo); exit 1 when a valid example is rejected

INPUTS:
    --docs DIR             docs root: one subfolder per namespace, one .md per model
    --openapi FILE         OpenAPI 3.0/3.1 spec, YAML or JSON (repeatable)
    --config FILE          modelgen.toml (settings; may also name docs/openapi inputs)
    --wire-names RULE      JSON names for docs-only input: as-is, snake_case, camelCase,
                           PascalCase, kebab-case, SCREAMING_SNAKE_CASE (default: as-is)
    --datetime TYPE        chrono (default), time or string

DIFF (each side: a docs folder and/or specs; --docs/--openapi apply to a side given neither):
    OLD NEW                a docs folder or a spec file for each side
    --old-docs DIR, --new-docs DIR, --old-openapi FILE, --new-openapi FILE
    --format FORMAT        text (default), markdown (a PR comment) or json
    --fail-on WHEN         exit 1 on: breaking, any (change), never (default)

CHECK / GENERATE / WATCH:
    --ir-snapshot          also write OUT/modelgen-ir.json (kept fresh once present), which
                           lets `check` print a semantic summary of what changed
    --interval MS          watch: poll interval in milliseconds (default 500)
    --timings              generate: print time per stage, total and model count to stderr;
                           diff: load, diff and total time
                           (`timing <stage> <seconds>` lines, read by bench/run);
                           ir: the same for loading only, instead of printing the IR

EXAMPLES:
    --report FILE          also write the full report as JSON (every example, its status)
    --work-dir DIR         where the scratch crates are built (default: <temp>/modelgen-examples)
    --target-dir DIR       cargo target dir to share between runs (default: WORK_DIR/target)

OTHER:
    -q, --quiet            print nothing on success
    -h, --help             this text

EXIT CODES: 0 success, 1 check found stale output (or diff --fail-on matched), 2 bad input or usage";

struct Args {
    command: String,
    inputs: Inputs,
    config_file: Option<PathBuf>,
    wire_names: Option<WireNameRule>,
    datetime: Option<DateTimeType>,
    out: Option<PathBuf>,
    quiet: bool,
    /// `diff`: the two sides (positional paths fill what the flags leave).
    old: Inputs,
    new: Inputs,
    positional: Vec<PathBuf>,
    format: modelgen::diff::Format,
    fail_on: review::FailOn,
    ir_snapshot: bool,
    interval_ms: u64,
    timings: bool,
    /// `examples`: JSON report file, scratch crates' folder, cargo target dir.
    report: Option<PathBuf>,
    work_dir: Option<PathBuf>,
    target_dir: Option<PathBuf>,
    /// The arguments as given, to name the regenerating command.
    raw: Vec<String>,
}

fn usage_error(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}

fn parse_args(argv: Vec<OsString>) -> Result<Args, String> {
    use lexopt::prelude::*;
    let raw = argv.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut p = lexopt::Parser::from_args(argv);
    let command = match p.next().map_err(|e| e.to_string())? {
        Some(Value(v)) => v.string().map_err(|e| e.to_string())?,
        Some(Long("help") | Short('h')) | None => "help".to_string(),
        Some(other) => return Err(format!("expected a command first, found {}", other.unexpected())),
    };
    let mut args = Args {
        command,
        inputs: Inputs::default(),
        config_file: None,
        wire_names: None,
        datetime: None,
        out: None,
        quiet: false,
        old: Inputs::default(),
        new: Inputs::default(),
        positional: Vec::new(),
        format: modelgen::diff::Format::Text,
        fail_on: review::FailOn::Never,
        ir_snapshot: false,
        interval_ms: 500,
        timings: false,
        report: None,
        work_dir: None,
        target_dir: None,
        raw,
    };
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("docs") => args.inputs.docs = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("openapi") => args.inputs.openapi.push(p.value().map_err(|e| e.to_string())?.into()),
            Long("config") => args.config_file = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("out") => args.out = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("wire-names") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                args.wire_names = Some(WireNameRule::parse(&v).ok_or_else(|| {
                    format!("unknown --wire-names `{v}`; expected one of: {}", WireNameRule::NAMES.join(", "))
                })?);
            }
            Long("datetime") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                args.datetime = Some(
                    DateTimeType::parse(&v)
                        .ok_or_else(|| format!("unknown --datetime `{v}`; expected chrono, time or string"))?,
                );
            }
            Long("old-docs") => args.old.docs = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("new-docs") => args.new.docs = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("old-openapi") => args.old.openapi.push(p.value().map_err(|e| e.to_string())?.into()),
            Long("new-openapi") => args.new.openapi.push(p.value().map_err(|e| e.to_string())?.into()),
            Long("format") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                args.format = modelgen::diff::Format::parse(&v)
                    .ok_or_else(|| format!("unknown --format `{v}`; expected text, markdown or json"))?;
            }
            Long("fail-on") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                args.fail_on = review::FailOn::parse(&v)
                    .ok_or_else(|| format!("unknown --fail-on `{v}`; expected breaking, any or never"))?;
            }
            Long("report") => args.report = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("work-dir") => args.work_dir = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("target-dir") => args.target_dir = Some(p.value().map_err(|e| e.to_string())?.into()),
            Long("ir-snapshot") => args.ir_snapshot = true,
            Long("timings") => args.timings = true,
            Long("interval") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|e| e.to_string())?;
                args.interval_ms = v
                    .parse()
                    .ok()
                    .filter(|ms| *ms > 0)
                    .ok_or_else(|| format!("--interval expects milliseconds > 0, found `{v}`"))?;
            }
            Value(v) if args.command == "diff" => args.positional.push(v.into()),
            Short('q') | Long("quiet") => args.quiet = true,
            Short('h') | Long("help") => args.command = "help".to_string(),
            other => return Err(other.unexpected().to_string()),
        }
    }
    Ok(args)
}

/// Settings from the config file (if any), then command-line flags on top.
fn resolve(args: &Args) -> Result<(Inputs, Config), Error> {
    let mut config = match &args.config_file {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(r) = args.wire_names {
        config.wire_names = r;
    }
    if let Some(d) = args.datetime {
        config.datetime = d;
    }
    if config.regenerate_command.is_none() {
        let mut cmd = vec!["modelgen".to_string()];
        // The same header whichever command wrote the files: `check` and
        // `watch` name `generate`, and flags that do not change the models
        // (`--ir-snapshot`, `--interval MS`) are left out.
        let mut raw = args.raw.iter().enumerate();
        while let Some((i, a)) = raw.next() {
            match a.as_str() {
                "check" | "watch" if i == 0 => cmd.push("generate".to_string()),
                "--ir-snapshot" => {}
                "--interval" => {
                    raw.next();
                }
                a if a.starts_with("--interval=") => {}
                a => cmd.push(shell_quote(a)),
            }
        }
        config.regenerate_command = Some(cmd.join(" "));
    }
    let mut inputs = args.inputs.clone();
    if inputs.docs.is_none() {
        inputs.docs = config.docs.clone();
    }
    if inputs.openapi.is_empty() {
        inputs.openapi = config.openapi.clone();
    }
    Ok((inputs, config))
}

fn shell_quote(a: &str) -> String {
    if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+".contains(c)) {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\'', r"'\''"))
    }
}

/// `--timings`: machine-readable lines on stderr (see `modelgen::timing`).
fn print_timings(start: std::time::Instant, models: usize) {
    for (stage, d) in modelgen::timing::totals() {
        eprintln!("timing {} {:.6}", stage.name(), d.as_secs_f64());
    }
    eprintln!("timing total {:.6}", start.elapsed().as_secs_f64());
    eprintln!("timing models {models}");
}

fn report(e: &Error) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(2)
}

/// What the docs+spec join matched and what it did not (and why), on
/// stderr so that `ir`'s stdout stays JSON.
fn show_join(report: Option<&modelgen::join::JoinReport>, quiet: bool) {
    if let (Some(r), false) = (report, quiet) {
        eprintln!("{r}");
    }
}

fn main() -> ExitCode {
    let start = std::time::Instant::now();
    let args = match parse_args(std::env::args_os().skip(1).collect()) {
        Ok(a) => a,
        Err(msg) => return usage_error(msg),
    };
    if args.command == "help" {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    if args.command == "watch" {
        return run_watch(&args);
    }
    let (inputs, config) = match resolve(&args) {
        Ok(v) => v,
        Err(e) => return report(&e),
    };
    match args.command.as_str() {
        "generate" => {
            let Some(out) = &args.out else {
                return usage_error("generate needs --out DIR");
            };
            let mut models = 0;
            let written = pipeline::build_with_report(&inputs, &config).and_then(|(ir, mut files, join)| {
                show_join(join.as_ref(), args.quiet);
                models = ir.namespaces.values().map(|ns| ns.models.len()).sum();
                if args.ir_snapshot || review::has_snapshot(out) {
                    review::add_snapshot(&mut files, &ir);
                }
                let written = write::write(out, &files);
                // The process ends right after: freeing the IR and the
                // output text would only cost time.
                std::mem::forget((ir, files));
                written
            });
            if args.timings {
                print_timings(start, models);
            }
            match written {
                Ok(changes) => {
                    if !args.quiet {
                        for (what, path) in changes.changed_paths() {
                            println!("{what:>8} {}", out.join(path).display());
                        }
                        println!(
                            "{} file(s) written, {} removed, {} unchanged",
                            changes.added.len() + changes.modified.len(),
                            changes.removed.len(),
                            changes.unchanged
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => report(&e),
            }
        }
        "check" => {
            let Some(out) = &args.out else {
                return usage_error("check needs --out DIR");
            };
            let checked = pipeline::build_with_report(&inputs, &config).and_then(|(ir, mut files, join)| {
                show_join(join.as_ref(), args.quiet);
                if review::has_snapshot(out) {
                    review::add_snapshot(&mut files, &ir);
                }
                let changes = write::compare(out, &files)?;
                Ok((ir, files, changes))
            });
            match checked {
                Ok((_, _, changes)) if changes.is_empty() => {
                    if !args.quiet {
                        println!("{} is up to date ({} files)", out.display(), changes.unchanged);
                    }
                    ExitCode::SUCCESS
                }
                Ok((ir, mut files, changes)) => {
                    // The snapshot is JSON: its diff is the semantic summary below.
                    files.remove(review::IR_SNAPSHOT);
                    let mut shown = changes.clone();
                    shown.added.retain(|p| p != review::IR_SNAPSHOT);
                    shown.modified.retain(|p| p != review::IR_SNAPSHOT);
                    print!("{}", write::render_diff(out, &files, &shown));
                    println!("\n{} is stale:", out.display());
                    for (what, path) in changes.changed_paths() {
                        println!("{what:>8} {path}");
                    }
                    match review::check_summary(out, &ir, &changes, &config) {
                        Ok(summary) => print!("\n{summary}"),
                        Err(e) => eprintln!("{e}"),
                    }
                    println!(
                        "regenerate with: {}",
                        config.regenerate_command.as_deref().unwrap_or("modelgen generate")
                    );
                    ExitCode::from(1)
                }
                Err(e) => report(&e),
            }
        }
        "ir" => match pipeline::load_with_report(&inputs, &config).map(|(ir, join)| {
            show_join(join.as_ref(), args.quiet);
            ir
        }) {
            Ok(ir) if args.timings => {
                print_timings(start, ir.namespaces.values().map(|ns| ns.models.len()).sum());
                ExitCode::SUCCESS
            }
            Ok(ir) => match serde_json::to_string_pretty(&ir) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: cannot serialize the IR: {e}");
                    ExitCode::from(2)
                }
            },
            Err(e) => report(&e),
        },
        "diff" => run_diff(&args, &inputs, &config),
        "examples" => run_examples(&args, &inputs, &config),
        other => usage_error(format!("unknown command `{other}`")),
    }
}

/// `modelgen watch`: settings are re-read on every rebuild, so a broken
/// `modelgen.toml` at start is reported like any bad edit and watched.
fn run_watch(args: &Args) -> ExitCode {
    let Some(out) = &args.out else {
        return usage_error("watch needs --out DIR");
    };
    let opts = modelgen::watch::WatchOptions {
        out: out.clone(),
        interval: std::time::Duration::from_millis(args.interval_ms),
        ir_snapshot: args.ir_snapshot,
        max_builds: None,
    };
    // The config file and the inputs named on the command line; inputs the
    // config names are added once it resolves.
    let extra: Vec<PathBuf> = args.config_file.iter().cloned().chain(args.inputs.watched_paths()).collect();
    let mut log = std::io::stdout();
    match modelgen::watch::watch(|| resolve(args), &extra, &opts, &|| false, &mut log) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => report(&e),
    }
}

/// `modelgen diff`: each side from its own flags or positional path, with
/// `--docs`/`--openapi` (or the config's inputs) filling a side given neither.
fn run_diff(args: &Args, shared: &Inputs, config: &Config) -> ExitCode {
    let (mut old, mut new) = (args.old.clone(), args.new.clone());
    match args.positional.as_slice() {
        [] => {}
        [o, n] => {
            for (side, path) in [(&mut old, o), (&mut new, n)] {
                if path.is_dir() {
                    side.docs = Some(path.clone());
                } else {
                    side.openapi.push(path.clone());
                }
            }
        }
        other => return usage_error(format!("diff takes two paths (OLD NEW), found {}", other.len())),
    }
    for side in [&mut old, &mut new] {
        if side.docs.is_none() && side.openapi.is_empty() {
            side.docs = shared.docs.clone();
            side.openapi = shared.openapi.clone();
        }
    }
    let start = std::time::Instant::now();
    let loaded = review::load_pair(&old, &new, config);
    let load_time = start.elapsed();
    match loaded {
        Ok((a, b)) => {
            let t = std::time::Instant::now();
            let report = modelgen::diff::diff(&a, &b, config);
            let diff_time = t.elapsed();
            let text = modelgen::diff::render::render(&report, args.format);
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
            if args.timings {
                eprintln!("timing load {:.6}", load_time.as_secs_f64());
                eprintln!("timing diff {:.6}", diff_time.as_secs_f64());
                eprintln!("timing total {:.6}", start.elapsed().as_secs_f64());
                eprintln!("timing models {}", a.model_count() + b.model_count());
            }
            if args.fail_on.fails(&report) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => report(&e),
    }
}

/// `modelgen examples`: the report on stdout (and as JSON with `--report`);
/// exit 1 when a valid example is rejected or the generated code does not
/// build.
#[cfg(feature = "examples")]
fn run_examples(args: &Args, inputs: &Inputs, config: &Config) -> ExitCode {
    if inputs.openapi.is_empty() || inputs.docs.is_some() {
        return usage_error("examples needs --openapi SPEC (and no --docs)");
    }
    let mut options = modelgen::examples::Options::default();
    if let Some(dir) = &args.work_dir {
        options.work_dir = dir.clone();
    }
    options.target_dir = args.target_dir.clone();
    let checked = match modelgen::examples::check(&inputs.openapi, config, &options) {
        Ok(r) => r,
        Err(e) => return report(&e),
    };
    if let Some(path) = &args.report {
        if let Err(e) = modelgen::examples::write_report(&checked, path) {
            return report(&e);
        }
    }
    if !args.quiet || checked.failed() {
        print!("{}", checked.render_text());
    }
    if checked.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(not(feature = "examples"))]
fn run_examples(_: &Args, _: &Inputs, _: &Config) -> ExitCode {
    usage_error("this modelgen was built without the `examples` feature")
}
