//! The command line's grammar (clap derive): one struct per subcommand,
//! built from shared groups (inputs, output, message format). A new flag
//! goes into the group or subcommand it belongs to; `main.rs` reads it.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand, ValueEnum};

use modelgen::diff::Format;
use modelgen::pipeline::Inputs;
use modelgen::review::FailOn;
use modelgen::{DateTimeType, WireNameRule};

const EXIT_CODES: &str = "\
Exit codes: 0 success, 1 `check` found stale output (or `diff --fail-on` matched, or `examples` found a valid \
example its generated type rejects), 2 bad input or usage.
Run `modelgen help <command>` for a command's options.";

/// Rust serde models from Speakeasy markdown model docs and OpenAPI 3.0/3.1 specs.
#[derive(Debug, Parser)]
#[command(name = "modelgen", version, after_help = EXIT_CODES)]
#[command(max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    #[command(flatten)]
    pub messages: MessageArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the models (only changed files are touched)
    Generate(GenerateArgs),
    /// Exit 1 and show a diff when the output is stale; never writes
    Check(CheckArgs),
    /// Print the IR as JSON on stdout
    Ir(IrArgs),
    /// Semantic diff of two inputs, with breaking-change verdicts
    Diff(DiffArgs),
    /// Regenerate whenever an input changes
    Watch(WatchArgs),
    /// Check a spec's own examples: validate each against its schema, read
    /// each valid one into its generated type and write it back (builds a
    /// scratch crate with cargo)
    Examples(ExamplesArgs),
    /// Print a shell completion script on stdout
    Completions(CompletionsArgs),
}

/// What to read: a docs root and/or specs, and the settings.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Inputs")]
pub struct InputArgs {
    /// Docs root: one subfolder per namespace, one .md per model
    #[arg(long, value_name = "DIR")]
    pub docs: Option<PathBuf>,
    /// OpenAPI 3.0/3.1 spec, YAML or JSON (repeatable)
    #[arg(long, value_name = "FILE")]
    pub openapi: Vec<PathBuf>,
    /// modelgen.toml: settings, and the docs/openapi inputs when not given here
    #[arg(long, value_name = "FILE", env = "MODELGEN_CONFIG", hide_env_values = true)]
    pub config: Option<PathBuf>,
    /// JSON names for docs-only input [default: as-is]
    #[arg(long, value_name = "RULE", value_parser = Named::new(WireNameRule::NAMES, WireNameRule::parse))]
    pub wire_names: Option<WireNameRule>,
    /// Rust type of date-times [default: chrono]
    #[arg(long, value_name = "TYPE", value_parser = Named::new(&["chrono", "time", "string"], DateTimeType::parse))]
    pub datetime: Option<DateTimeType>,
}

impl InputArgs {
    pub fn inputs(&self) -> Inputs {
        Inputs {
            docs: self.docs.clone(),
            openapi: self.openapi.clone(),
        }
    }
}

/// Where the models go.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Output")]
pub struct OutputArgs {
    /// Output folder (a module tree rooted at OUT/mod.rs)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also write OUT/modelgen-ir.json (kept fresh once present), which lets
    /// `check` print a semantic summary of what changed
    #[arg(long)]
    pub ir_snapshot: bool,
}

/// How results and diagnostics are printed; accepted by every command.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Messages")]
pub struct MessageArgs {
    /// Print nothing on success
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Colour in diagnostics (auto: only on a terminal, and not with NO_COLOR set)
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = Color::Auto, global = true)]
    pub color: Color,
    /// Diagnostics as rustc renders them (human), one line each (short), or
    /// one JSON object per line on stderr (json)
    #[arg(long, value_enum, value_name = "FMT", default_value_t = MessageFormat::Human, global = true)]
    pub message_format: MessageFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MessageFormat {
    Human,
    Short,
    Json,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Print the time per stage, total and model count to stderr
    /// (`timing <stage> <seconds>` lines, read by bench/run)
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: InputArgs,
    /// The generated folder to compare with
    #[arg(long, value_name = "DIR", help_heading = "Output")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct IrArgs {
    /// Print the load time and model count to stderr instead of the IR
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub inputs: InputArgs,
}

/// Each side is a docs folder and/or specs; `--docs`/`--openapi` (or the
/// config's inputs) apply to a side given neither.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old side: a docs folder or a spec file
    #[arg(value_name = "OLD", requires = "new")]
    pub old: Option<PathBuf>,
    /// The new side: a docs folder or a spec file
    #[arg(value_name = "NEW")]
    pub new: Option<PathBuf>,
    /// text, markdown (a PR comment) or json
    #[arg(long, value_name = "FORMAT", default_value = "text",
          value_parser = Named::new(&["text", "markdown", "json"], Format::parse))]
    pub format: Format,
    /// Exit 1 on: breaking, any (change), never
    #[arg(long, value_name = "WHEN", default_value = "never",
          value_parser = Named::new(&["breaking", "any", "never"], FailOn::parse))]
    pub fail_on: FailOn,
    /// Print load, diff and total time to stderr
    #[arg(long)]
    pub timings: bool,
    /// The old side's docs root
    #[arg(long, value_name = "DIR", help_heading = "Sides")]
    pub old_docs: Option<PathBuf>,
    /// The new side's docs root
    #[arg(long, value_name = "DIR", help_heading = "Sides")]
    pub new_docs: Option<PathBuf>,
    /// The old side's specs (repeatable)
    #[arg(long, value_name = "FILE", help_heading = "Sides")]
    pub old_openapi: Vec<PathBuf>,
    /// The new side's specs (repeatable)
    #[arg(long, value_name = "FILE", help_heading = "Sides")]
    pub new_openapi: Vec<PathBuf>,
    #[command(flatten)]
    pub inputs: InputArgs,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Wait this long after the last change of a burst of saves before regenerating
    #[arg(long, value_name = "MS", default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..))]
    pub debounce: u64,
    /// Poll modification times instead of listening to file-system events
    /// (for network and container file systems, where events do not arrive)
    #[arg(long)]
    pub poll: bool,
    /// Poll interval, with --poll or where file-system events are unavailable
    #[arg(long, value_name = "MS", default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    pub interval: u64,
    #[command(flatten)]
    pub inputs: InputArgs,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct ExamplesArgs {
    /// Also write the full report as JSON (every example and its status)
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Where the scratch crates are built [default: <temp>/modelgen-examples]
    #[arg(long, value_name = "DIR")]
    pub work_dir: Option<PathBuf>,
    /// Cargo target dir to share between runs [default: WORK_DIR/target]
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
    #[command(flatten)]
    pub inputs: InputArgs,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, elvish, fish, powershell or zsh
    pub shell: clap_complete::Shell,
}

/// Flags that never change the generated models, left out of the command
/// named in the `@generated` header (so `check`, `watch` and `generate`, with
/// or without them, agree on it), with whether each takes a value.
const NOT_IN_HEADER: &[(&str, bool)] = &[
    ("--ir-snapshot", false),
    ("--report", true),
    ("--work-dir", true),
    ("--target-dir", true),
    ("--timings", false),
    ("--quiet", false),
    ("-q", false),
    ("--poll", false),
    ("--interval", true),
    ("--debounce", true),
    ("--color", true),
    ("--message-format", true),
];

/// The command that regenerates the output, from the arguments as given:
/// `check` and `watch` become `generate`; flags that do not change the
/// models are dropped.
pub fn regenerate_command(raw: &[String]) -> String {
    let mut cmd = vec!["modelgen".to_string()];
    let mut seen_command = false;
    let mut args = raw.iter();
    while let Some(a) = args.next() {
        let name = a.split_once('=').map_or(a.as_str(), |(n, _)| n);
        if let Some((_, takes_value)) = NOT_IN_HEADER.iter().find(|(f, _)| *f == name) {
            if *takes_value && !a.contains('=') {
                args.next();
            }
            continue;
        }
        if !seen_command && !a.starts_with('-') {
            seen_command = true;
            cmd.push(if a == "check" || a == "watch" { "generate".to_string() } else { a.clone() });
            continue;
        }
        cmd.push(shell_quote(a));
    }
    cmd.join(" ")
}

fn shell_quote(a: &str) -> String {
    if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,@+".contains(c)) {
        a.to_string()
    } else {
        format!("'{}'", a.replace('\'', r"'\''"))
    }
}

/// A value parser over a library type's own `parse` (which accepts the
/// spellings users type, like `snake-case` for `snake_case`), listing the
/// canonical names in help, errors and completions.
#[derive(Clone)]
struct Named<T> {
    names: &'static [&'static str],
    parse: fn(&str) -> Option<T>,
}

impl<T> Named<T> {
    fn new(names: &'static [&'static str], parse: fn(&str) -> Option<T>) -> Self {
        Named { names, parse }
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for Named<T> {
    type Value = T;

    fn parse_ref(&self, cmd: &clap::Command, arg: Option<&clap::Arg>, value: &OsStr) -> Result<T, clap::Error> {
        let text = value.to_string_lossy();
        value.to_str().and_then(self.parse).ok_or_else(|| {
            let mut e = clap::Error::new(ErrorKind::InvalidValue).with_cmd(cmd);
            if let Some(arg) = arg {
                e.insert(ContextKind::InvalidArg, ContextValue::String(arg.to_string()));
            }
            e.insert(ContextKind::InvalidValue, ContextValue::String(text.into_owned()));
            e.insert(
                ContextKind::ValidValue,
                ContextValue::Strings(self.names.iter().map(|s| s.to_string()).collect()),
            );
            e
        })
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.names.iter().map(PossibleValue::new)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn header_command_is_the_same_for_generate_check_and_watch() {
        let raw = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let want = "modelgen generate --docs d --wire-names snake_case --out o";
        for args in [
            "generate --docs d --wire-names snake_case --out o --ir-snapshot -q",
            "check --docs d --wire-names snake_case --out o",
            "--color never watch --docs d --wire-names snake_case --out o --interval 20 --debounce=5 --poll",
            "--message-format=json generate --timings --docs d --wire-names snake_case --out o",
        ] {
            assert_eq!(regenerate_command(&raw(args)), want, "{args}");
        }
        assert_eq!(regenerate_command(&raw("generate --docs a&b --out o")), "modelgen generate --docs 'a&b' --out o");
    }

    #[test]
    fn lenient_values_and_typos() {
        let cli = Cli::try_parse_from(["modelgen", "generate", "--docs", "d", "--out", "o", "--wire-names", "snake-case"]).unwrap();
        let Command::Generate(g) = cli.command else { panic!() };
        assert_eq!(g.inputs.wire_names, Some(WireNameRule::SnakeCase));
        let e = Cli::try_parse_from(["modelgen", "generate", "--docs", "d", "--out", "o", "--wire-names", "shouting"]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
        assert!(e.to_string().contains("snake_case"), "{e}");
        let e = Cli::try_parse_from(["modelgen", "generate", "--doc", "d"]).unwrap_err();
        assert!(e.to_string().contains("--docs"), "suggests the flag meant: {e}");
        let e = Cli::try_parse_from(["modelgen", "genrate"]).unwrap_err();
        assert!(e.to_string().contains("generate"), "suggests the command meant: {e}");
    }
}
