//! The `modelgen` command line (cargo feature `cli`). Exit codes: 0 success,
//! 1 `check` found stale output (or `diff --fail-on` matched), 2 bad input or
//! usage. The grammar is `cli/args.rs`; diagnostics are rendered by
//! `cli/render.rs`; `watch`'s file-system events are `cli/events.rs`.

mod cli;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{CommandFactory, FromArgMatches};
use modelgen::pipeline::{self, Inputs};
use modelgen::{review, write, Config, Error};

use cli::args::{
    self, CheckArgs, Cli, Command, DiffArgs, ExamplesArgs, GenerateArgs, InputArgs, IrArgs, MessageArgs, WatchArgs,
};
use cli::render::Reporter;

// A run makes millions of small allocations on two threads; mimalloc
// took a quarter off the wall time of the merged corpus spec (217 -> 154 ms)
// and of docs-2026-02 (240 -> 186 ms) against glibc's malloc.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let start = Instant::now();
    let raw: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let mut cmd = Cli::command();
    // `--color` also colours clap's own help and errors.
    if let Some(choice) = color_flag(&raw) {
        cmd = cmd.color(choice);
    }
    let cli = match Cli::from_arg_matches(&cmd.get_matches_from(std::env::args_os())) {
        Ok(c) => c,
        Err(e) => e.exit(),
    };
    let header = args::regenerate_command(&raw);
    let m = &cli.messages;
    match &cli.command {
        Command::Generate(a) => generate(a, m, &header, start),
        Command::Check(a) => check(a, m, &header),
        Command::Ir(a) => ir(a, m, &header, start),
        Command::Diff(a) => diff(a, m, &header),
        Command::Watch(a) => watch(a, m, &header),
        Command::Examples(a) => examples(a, m, &header),
        Command::Completions(a) => {
            clap_complete::generate(a.shell, &mut Cli::command(), "modelgen", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

fn color_flag(raw: &[String]) -> Option<clap::ColorChoice> {
    let value = raw.iter().enumerate().find_map(|(i, a)| match a.strip_prefix("--color") {
        Some("") => raw.get(i + 1).cloned(),
        Some(v) => v.strip_prefix('=').map(str::to_string),
        None => None,
    })?;
    match value.as_str() {
        "always" => Some(clap::ColorChoice::Always),
        "never" => Some(clap::ColorChoice::Never),
        _ => None,
    }
}

/// Settings from the config file (if any), then command-line flags on top.
fn resolve(a: &InputArgs, header: &str) -> Result<(Inputs, Config), Error> {
    let mut config = match &a.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    if let Some(r) = a.wire_names {
        config.wire_names = r;
    }
    if let Some(d) = a.datetime {
        config.datetime = d;
    }
    if config.regenerate_command.is_none() {
        config.regenerate_command = Some(header.to_string());
    }
    let mut inputs = a.inputs();
    if inputs.docs.is_none() {
        inputs.docs = config.docs.clone();
    }
    if inputs.openapi.is_empty() {
        inputs.openapi = config.openapi.clone();
    }
    Ok((inputs, config))
}

/// Folders the diagnostics' file names may be relative to: the docs roots
/// and the folders of the specs and the config.
fn roots<'a>(inputs: impl IntoIterator<Item = &'a Inputs>, config: Option<&Path>) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for i in inputs {
        v.extend(i.docs.iter().cloned());
        v.extend(i.openapi.iter().filter_map(|p| p.parent()).map(Path::to_path_buf));
    }
    v.extend(config.and_then(Path::parent).map(Path::to_path_buf));
    v.dedup();
    v
}

/// Settings and inputs, or the reporter that printed why not.
fn setup(a: &InputArgs, m: &MessageArgs, header: &str) -> Result<(Inputs, Config, Reporter), ExitCode> {
    match resolve(a, header) {
        Ok((inputs, config)) => {
            let reporter = Reporter::new(m, roots([&inputs], a.config.as_deref()));
            Ok((inputs, config, reporter))
        }
        Err(e) => Err(fail(&mut Reporter::new(m, roots([&a.inputs()], a.config.as_deref())), &e)),
    }
}

fn fail(reporter: &mut Reporter, e: &Error) -> ExitCode {
    reporter.error(e);
    ExitCode::from(2)
}

/// What the docs+spec join matched and what it did not (and why), on
/// stderr so that `ir`'s stdout stays JSON.
fn show_join(reporter: &mut Reporter, report: Option<&modelgen::join::JoinReport>, quiet: bool) {
    if let (Some(r), false) = (report, quiet) {
        reporter.note(&r.to_string());
    }
}

/// `--timings`: machine-readable lines on stderr (see `modelgen::timing`).
fn print_timings(start: Instant, models: usize) {
    for (stage, d) in modelgen::timing::totals() {
        eprintln!("timing {} {:.6}", stage.name(), d.as_secs_f64());
    }
    eprintln!("timing total {:.6}", start.elapsed().as_secs_f64());
    eprintln!("timing models {models}");
}

fn generate(a: &GenerateArgs, m: &MessageArgs, header: &str, start: Instant) -> ExitCode {
    let (inputs, config, mut reporter) = match setup(&a.inputs, m, header) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let out = &a.output.out;
    let mut models = 0;
    let written = pipeline::build_with_report(&inputs, &config).and_then(|(ir, mut files, join)| {
        show_join(&mut reporter, join.as_ref(), m.quiet);
        models = ir.model_count();
        if a.output.ir_snapshot || review::has_snapshot(out) {
            review::add_snapshot(&mut files, &ir);
        }
        let written = write::write(out, &files);
        // The process ends right after: freeing the IR and the output text
        // would only cost time.
        std::mem::forget((ir, files));
        written
    });
    if a.timings {
        print_timings(start, models);
    }
    match written {
        Ok(changes) => {
            if !m.quiet {
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
        Err(e) => fail(&mut reporter, &e),
    }
}

fn check(a: &CheckArgs, m: &MessageArgs, header: &str) -> ExitCode {
    let (inputs, config, mut reporter) = match setup(&a.inputs, m, header) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let out = &a.out;
    let checked = pipeline::build_with_report(&inputs, &config).and_then(|(ir, mut files, join)| {
        show_join(&mut reporter, join.as_ref(), m.quiet);
        if review::has_snapshot(out) {
            review::add_snapshot(&mut files, &ir);
        }
        let changes = write::compare(out, &files)?;
        Ok((ir, files, changes))
    });
    match checked {
        Ok((_, _, changes)) if changes.is_empty() => {
            if !m.quiet {
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
                Err(e) => reporter.error(&e),
            }
            println!(
                "regenerate with: {}",
                config.regenerate_command.as_deref().unwrap_or("modelgen generate")
            );
            ExitCode::from(1)
        }
        Err(e) => fail(&mut reporter, &e),
    }
}

fn ir(a: &IrArgs, m: &MessageArgs, header: &str, start: Instant) -> ExitCode {
    let (inputs, config, mut reporter) = match setup(&a.inputs, m, header) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let ir = match pipeline::load_with_report(&inputs, &config) {
        Ok((ir, join)) => {
            show_join(&mut reporter, join.as_ref(), m.quiet);
            ir
        }
        Err(e) => return fail(&mut reporter, &e),
    };
    if a.timings {
        print_timings(start, ir.model_count());
        return ExitCode::SUCCESS;
    }
    match serde_json::to_string_pretty(&ir) {
        Ok(json) => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), format!("{json}\n").as_bytes());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot serialize the IR: {e}");
            ExitCode::from(2)
        }
    }
}

/// `modelgen watch`: settings are re-read on every rebuild, so a broken
/// `modelgen.toml` at start is reported like any bad edit and watched.
fn watch(a: &WatchArgs, m: &MessageArgs, header: &str) -> ExitCode {
    let opts = modelgen::watch::WatchOptions {
        out: a.output.out.clone(),
        ir_snapshot: a.output.ir_snapshot,
        max_builds: None,
    };
    // The config file and the inputs named on the command line; inputs the
    // config names are added once it resolves.
    let extra: Vec<PathBuf> = a.inputs.config.iter().cloned().chain(a.inputs.inputs().watched_paths()).collect();
    let poll = || Box::new(modelgen::watch::Poll::new(Duration::from_millis(a.interval)));
    let mut trigger: Box<dyn modelgen::watch::Trigger> = if a.poll {
        poll()
    } else {
        // Events where the platform gives them for every path to watch
        // (creating the watcher or adding a watch fails on some file systems
        // and when the inotify watch limit is reached); polling otherwise.
        let mut first = extra.clone();
        if let Ok((inputs, _)) = resolve(&a.inputs, header) {
            first.extend(inputs.watched_paths());
        }
        let events = cli::events::Events::new(Duration::from_millis(a.debounce)).and_then(|mut e| {
            modelgen::watch::Trigger::watch(&mut e, &first)?;
            Ok(e)
        });
        match events {
            Ok(events) => Box::new(events),
            Err(e) => {
                eprintln!("note: file-system events are unavailable ({e}); polling every {} ms", a.interval);
                poll()
            }
        }
    };
    let mut reporter = Reporter::new(m, roots([&a.inputs.inputs()], a.inputs.config.as_deref()));
    let mut report = |e: &Error| {
        // Where the config names the inputs, the roots come from it.
        if let Ok((inputs, _)) = resolve(&a.inputs, header) {
            reporter = Reporter::new(m, roots([&inputs], a.inputs.config.as_deref()));
        }
        reporter.error(e);
    };
    let never = || false;
    let result = modelgen::watch::watch(
        || resolve(&a.inputs, header),
        &extra,
        &opts,
        trigger.as_mut(),
        &never,
        &mut std::io::stdout(),
        &mut report,
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&mut Reporter::new(m, Vec::new()), &e),
    }
}

/// `modelgen diff`: each side from its own flags or positional path, with
/// `--docs`/`--openapi` (or the config's inputs) filling a side given neither.
fn diff(a: &DiffArgs, m: &MessageArgs, header: &str) -> ExitCode {
    let (shared, config, _) = match setup(&a.inputs, m, header) {
        Ok(v) => v,
        Err(code) => return code,
    };
    let mut old = Inputs { docs: a.old_docs.clone(), openapi: a.old_openapi.clone() };
    let mut new = Inputs { docs: a.new_docs.clone(), openapi: a.new_openapi.clone() };
    if let (Some(o), Some(n)) = (&a.old, &a.new) {
        for (side, path) in [(&mut old, o), (&mut new, n)] {
            if path.is_dir() {
                side.docs = Some(path.clone());
            } else {
                side.openapi.push(path.clone());
            }
        }
    }
    for side in [&mut old, &mut new] {
        if side.docs.is_none() && side.openapi.is_empty() {
            side.docs = shared.docs.clone();
            side.openapi = shared.openapi.clone();
        }
    }
    let mut reporter = Reporter::new(m, roots([&old, &new], a.inputs.config.as_deref()));
    let start = Instant::now();
    let loaded = review::load_pair(&old, &new, &config);
    let load_time = start.elapsed();
    match loaded {
        Ok((before, after)) => {
            let t = Instant::now();
            let report = modelgen::diff::diff(&before, &after, &config);
            let diff_time = t.elapsed();
            let text = modelgen::diff::render::render(&report, a.format);
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
            if a.timings {
                eprintln!("timing load {:.6}", load_time.as_secs_f64());
                eprintln!("timing diff {:.6}", diff_time.as_secs_f64());
                eprintln!("timing total {:.6}", start.elapsed().as_secs_f64());
                eprintln!("timing models {}", before.model_count() + after.model_count());
            }
            if a.fail_on.fails(&report) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => fail(&mut reporter, &e),
    }
}

/// `modelgen examples`: the report on stdout (and as JSON with `--report`);
/// exit 1 when a valid example is rejected or the generated code does not
/// build.
#[cfg(feature = "examples")]
fn examples(a: &ExamplesArgs, m: &MessageArgs, header: &str) -> ExitCode {
    let (inputs, config, mut reporter) = match setup(&a.inputs, m, header) {
        Ok(v) => v,
        Err(code) => return code,
    };
    if inputs.openapi.is_empty() || inputs.docs.is_some() {
        usage_error("examples needs --openapi SPEC (and no --docs)");
    }
    let mut options = modelgen::examples::Options::default();
    if let Some(dir) = &a.work_dir {
        options.work_dir = dir.clone();
    }
    options.target_dir = a.target_dir.clone();
    let checked = match modelgen::examples::check(&inputs.openapi, &config, &options) {
        Ok(r) => r,
        Err(e) => return fail(&mut reporter, &e),
    };
    if let Some(path) = &a.report {
        if let Err(e) = modelgen::examples::write_report(&checked, path) {
            return fail(&mut reporter, &e);
        }
    }
    if !m.quiet || checked.failed() {
        print!("{}", checked.render_text());
    }
    if checked.failed() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(not(feature = "examples"))]
fn examples(_: &ExamplesArgs, _: &MessageArgs, _: &str) -> ExitCode {
    usage_error("this modelgen was built without the `examples` feature")
}


/// A usage error in clap's words and with its exit code (2).
fn usage_error(message: &str) -> ! {
    Cli::command().error(clap::error::ErrorKind::ArgumentConflict, message).exit()
}
