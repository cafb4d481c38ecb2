//! The `modelgen` command line. Exit codes: 0 success, 1 `check` found stale
//! output, 2 bad input or usage.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use modelgen::pipeline::{self, Inputs};
use modelgen::{write, Config, DateTimeType, Error, WireNameRule};

const USAGE: &str = "\
modelgen: Rust serde models from Speakeasy markdown model docs and OpenAPI 3.0/3.1 specs

USAGE:
    modelgen generate [INPUTS] --out DIR     write the models (only changed files are touched)
    modelgen check    [INPUTS] --out DIR     exit 1 and show a diff when DIR is stale; never writes
    modelgen ir       [INPUTS]               print the IR as JSON on stdout

INPUTS:
    --docs DIR             docs root: one subfolder per namespace, one .md per model
    --openapi FILE         OpenAPI 3.0/3.1 spec, YAML or JSON (repeatable)
    --config FILE          modelgen.toml (settings; may also name docs/openapi inputs)
    --wire-names RULE      JSON names for docs-only input: as-is, snake_case, camelCase,
                           PascalCase, kebab-case, SCREAMING_SNAKE_CASE (default: as-is)
    --datetime TYPE        chrono (default), time or string

OTHER:
    -q, --quiet            print nothing on success
    -h, --help             this text

EXIT CODES: 0 success, 1 check found stale output, 2 bad input or usage";

struct Args {
    command: String,
    inputs: Inputs,
    config_file: Option<PathBuf>,
    wire_names: Option<WireNameRule>,
    datetime: Option<DateTimeType>,
    out: Option<PathBuf>,
    quiet: bool,
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
        cmd.extend(args.raw.iter().map(|a| {
            let a = if a == "check" { "generate" } else { a.as_str() };
            shell_quote(a)
        }));
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

fn report(e: &Error) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args_os().skip(1).collect()) {
        Ok(a) => a,
        Err(msg) => return usage_error(msg),
    };
    if args.command == "help" {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
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
            match pipeline::generate(&inputs, &config, out) {
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
            match pipeline::check(&inputs, &config, out) {
                Ok((_, changes)) if changes.is_empty() => {
                    if !args.quiet {
                        println!("{} is up to date ({} files)", out.display(), changes.unchanged);
                    }
                    ExitCode::SUCCESS
                }
                Ok((files, changes)) => {
                    print!("{}", write::render_diff(out, &files, &changes));
                    println!("\n{} is stale:", out.display());
                    for (what, path) in changes.changed_paths() {
                        println!("{what:>8} {path}");
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
        "ir" => match pipeline::load(&inputs, &config) {
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
        other => usage_error(format!("unknown command `{other}`")),
    }
}
