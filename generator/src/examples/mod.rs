//! `modelgen examples`: the spec's own examples as a wire test of the
//! generated types.
//!
//! 1. Load the spec as `generate` does, noting the type generated for each
//!    schema location (`openapi::load_typed`).
//! 2. Find every example attached to something that has a generated type
//!    (`collect`): schema `example`/`examples`, and the `example`/`examples`
//!    (Example objects, `$ref`s followed) of JSON media types and of
//!    parameters.
//! 3. Validate each against its schema with the `jsonschema` crate (2020-12,
//!    OpenAPI forms converted by `dialect`). An invalid example is a spec
//!    defect: counted and listed, not a failure.
//! 4. Read each valid example into its generated type and write it back, in
//!    a scratch crate built with cargo (`scratch`), and compare (`compare`).
//!    A valid example that the generated type rejects is a modelgen bug.

mod collect;
mod compare;
mod dialect;
mod scratch;
mod validate;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::codegen::ExternalTypes;
use crate::{openapi, Config, Error};

pub use collect::Kind;
pub use compare::{Difference, Why};

/// Where the scratch crate is built.
#[derive(Debug, Clone)]
pub struct Options {
    /// Holds one scratch crate per spec (and the target dir, unless set).
    pub work_dir: PathBuf,
    /// Cargo's target dir; share it between runs and specs so the
    /// dependencies build once. Default: `<work_dir>/target`.
    pub target_dir: Option<PathBuf>,
    /// A `Cargo.lock` for a new scratch crate (pinned versions, nothing
    /// fetched when cargo's cache has them).
    pub lockfile: Option<PathBuf>,
    /// Build with `RUSTFLAGS=-D warnings`.
    pub deny_warnings: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            work_dir: std::env::temp_dir().join("modelgen-examples"),
            target_dir: None,
            lockfile: None,
            deny_warnings: false,
        }
    }
}

/// What happened to one example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not checked (see `detail`).
    Skipped,
    /// Does not match its own schema: a spec defect.
    Invalid,
    /// Valid, but the generated type does not read it: a modelgen bug.
    Rejected,
    /// Read and written back unchanged.
    Equal,
    /// Written back as the same value in another notation.
    Normalized,
    /// Written back as a different value.
    Different,
}

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// `file#/pointer` of the example value.
    pub at: String,
    /// `file#/pointer` of the schema it is an example of.
    pub schema: String,
    pub kind: Kind,
    pub status: Status,
    /// The generated Rust type it was read into.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rust_type: Option<String>,
    /// Why skipped, the validator's errors, or the deserialization error.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub detail: Vec<String>,
    /// For `normalized` and `different`: the first differences.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<Difference>,
    /// How many differences in all.
    #[serde(skip_serializing_if = "is_zero")]
    pub difference_count: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Every example attached to something with a generated type.
    pub found: usize,
    /// Not checked (no generated type, not JSON, no JSON form...).
    pub skipped: usize,
    /// Valid against their own schema.
    pub valid: usize,
    /// Invalid against their own schema: spec defects.
    pub invalid: usize,
    /// Valid and read by the generated type.
    pub deserialized: usize,
    /// Valid and rejected by the generated type: modelgen bugs.
    pub rejected: usize,
    /// Written back unchanged.
    pub equal: usize,
    /// Written back as the same value in another notation.
    pub normalized: usize,
    /// Written back as another value.
    pub different: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct BuildInfo {
    pub crate_dir: String,
    /// Distinct Rust types read.
    pub types: usize,
    pub build_seconds: f64,
    pub run_seconds: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub specs: Vec<String>,
    pub counts: Counts,
    /// For normalized and different examples: how many examples show each
    /// reason.
    pub reasons: BTreeMap<Why, usize>,
    /// Every example, by file and pointer.
    pub examples: Vec<Entry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build: Option<BuildInfo>,
    /// The scratch crate did not compile (cargo's output): a modelgen bug.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub build_failure: Option<String>,
    pub load_seconds: f64,
    pub validate_seconds: f64,
}

impl Report {
    /// A valid example was rejected, or the generated code did not build.
    pub fn failed(&self) -> bool {
        self.counts.rejected > 0 || self.build_failure.is_some()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The counts, in words, on one line.
    pub fn counts_line(&self) -> String {
        let c = &self.counts;
        format!(
            "{} found, {} skipped, {} valid, {} invalid against their own schema (spec defects), {} deserialized, \
             {} rejected by the generated type; written back: {} equal, {} same value in another notation, \
             {} different",
            c.found, c.skipped, c.valid, c.invalid, c.deserialized, c.rejected, c.equal, c.normalized, c.different
        )
    }

    /// The summary and, one line each, every example that is rejected,
    /// different, invalid or skipped (normalized ones are counted by
    /// reason; the JSON report lists them).
    pub fn render_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "examples of {}: {}", self.specs.join(", "), self.counts_line());
        for (why, n) in &self.reasons {
            let _ = writeln!(s, "  {n:>5} {} {}", if why.same_value() { "same value:" } else { "different:" }, why.text());
        }
        if let Some(b) = &self.build {
            let _ = writeln!(
                s,
                "read with {} Rust types: load {:.2} s, validation {:.2} s, cargo build {:.1} s, run {:.2} s (crate {})",
                b.types, self.load_seconds, self.validate_seconds, b.build_seconds, b.run_seconds, b.crate_dir
            );
        }
        if let Some(f) = &self.build_failure {
            let _ = writeln!(s, "\nthe generated code did not build (a modelgen bug):\n{f}");
        }
        let sections = [
            (Status::Rejected, "rejected by the generated type (modelgen bugs)"),
            (Status::Different, "written back as a different value"),
            (Status::Invalid, "invalid against their own schema (spec defects)"),
            (Status::Skipped, "not checked"),
        ];
        for (status, title) in sections {
            let list: Vec<&Entry> = self.examples.iter().filter(|e| e.status == status).collect();
            if list.is_empty() {
                continue;
            }
            let _ = writeln!(s, "\n{title} ({}):", list.len());
            for e in list {
                let mut line = format!("  {}", e.at);
                if let Some(t) = &e.rust_type {
                    let _ = write!(line, " as {}", compact_type(t));
                }
                let mut details: Vec<String> = e.detail.clone();
                details.extend(e.differences.iter().map(|d| format!("at {}: {} ({})", d.at, d.why.text(), d.detail)));
                if e.difference_count > e.differences.len() {
                    details.push(format!("{} differences in all", e.difference_count));
                }
                let _ = writeln!(s, "{line}: {}", details.join("; "));
            }
        }
        s
    }
}

/// `:: std :: option :: Option < :: models :: shared :: Pet >` ->
/// `Option<shared::Pet>`.
fn compact_type(t: &str) -> String {
    t.replace(' ', "")
        .replace("::std::option::", "")
        .replace("::std::vec::", "")
        .replace("::std::string::", "")
        .replace("::std::collections::", "")
        .replace("::models::", "")
}

/// The longest validator or serde message kept per example.
const MAX_MESSAGE: usize = 300;

fn shorten(s: &str) -> String {
    if s.chars().count() > MAX_MESSAGE {
        format!("{}...", s.chars().take(MAX_MESSAGE - 3).collect::<String>())
    } else {
        s.to_string()
    }
}

/// Runs the whole check on one spec (several files are merged as for
/// `generate`). `Err` only for bad input or a failure to run cargo; a
/// rejected example or a build failure is in the report ([`Report::failed`]).
pub fn check(specs: &[PathBuf], config: &Config, options: &Options) -> Result<Report, Error> {
    let start = Instant::now();
    let typed = openapi::load_typed(specs, config)?;
    let models = crate::codegen::generate(&typed.ir, config)?;
    let load_time = start.elapsed();
    let display = |site: &collect::Site| {
        let file = typed.files.get(site.0).map_or("?", |f| f.display.as_str());
        format!("{file}#{}", site.1)
    };

    let start = Instant::now();
    let (found, skipped) = collect::collect(&typed);
    let external = ExternalTypes::new(&typed.ir, config, "::models");
    let mut validators = validate::Validators::new(&typed);
    let mut entries: Vec<Entry> = Vec::new();
    let mut types: Vec<String> = Vec::new();
    let mut type_index: BTreeMap<String, usize> = BTreeMap::new();
    // (entry index, type index, example) of every valid example.
    let mut cases: Vec<(usize, usize, &Value)> = Vec::new();
    for s in &skipped {
        entries.push(Entry {
            at: display(&s.at),
            schema: String::new(),
            kind: Kind::Schema,
            status: Status::Skipped,
            rust_type: None,
            detail: vec![s.reason.clone()],
            differences: Vec::new(),
            difference_count: 0,
        });
    }
    for f in &found {
        let mut entry = Entry {
            at: display(&f.at),
            schema: display(&f.schema),
            kind: f.kind,
            status: Status::Skipped,
            rust_type: None,
            detail: Vec::new(),
            differences: Vec::new(),
            difference_count: 0,
        };
        let st = &typed.types[&f.schema];
        let site = (typed.files[f.schema.0].display.as_str(), format!("#{}", f.schema.1));
        let Some(rust) = external.ty(&st.ty, st.nullable, Some((site.0, &site.1))) else {
            entry.detail.push("its generated type has no JSON form (binary), or is a `const` inside a union".into());
            entries.push(entry);
            continue;
        };
        match validators.check(&f.schema, &f.value) {
            validate::Verdict::Valid => {
                let next = types.len();
                let ti = *type_index.entry(rust.clone()).or_insert(next);
                if ti == next {
                    types.push(rust.clone());
                }
                cases.push((entries.len(), ti, &f.value));
            }
            validate::Verdict::Invalid(errors) => {
                entry.status = Status::Invalid;
                entry.detail = errors.iter().map(|e| shorten(e)).collect();
            }
            validate::Verdict::SchemaError(e) => {
                entry.detail.push(shorten(&format!("the validator cannot use its schema: {e}")));
            }
        }
        entry.rust_type = Some(rust);
        entries.push(entry);
    }
    let validate_time = start.elapsed();

    let mut report = Report {
        specs: specs.iter().map(|p| p.display().to_string()).collect(),
        counts: Counts::default(),
        reasons: BTreeMap::new(),
        examples: Vec::new(),
        build: None,
        build_failure: None,
        load_seconds: load_time.as_secs_f64(),
        validate_seconds: validate_time.as_secs_f64(),
    };
    if !cases.is_empty() {
        let name = crate_name(specs);
        let settings = scratch::BuildSettings {
            crate_dir: options.work_dir.join(&name),
            target_dir: options.target_dir.clone().unwrap_or_else(|| options.work_dir.join("target")),
            lockfile: options.lockfile.clone(),
            deny_warnings: options.deny_warnings,
        };
        let texts: Vec<(usize, String)> =
            cases.iter().map(|(_, ti, v)| (*ti, serde_json::to_string(v).unwrap_or_default())).collect();
        match scratch::run(&settings, &name, &models, &types, &texts)? {
            Ok(ran) => {
                report.build = Some(BuildInfo {
                    crate_dir: settings.crate_dir.display().to_string(),
                    types: types.len(),
                    build_seconds: secs(ran.build_time),
                    run_seconds: secs(ran.run_time),
                });
                for ((ei, _, before), outcome) in cases.iter().zip(ran.outcomes) {
                    judge(&mut entries[*ei], before, outcome);
                }
            }
            Err(failed) => {
                report.build_failure = Some(format!("{} (in {})", failed.output, failed.crate_dir.display()));
                for (ei, ..) in &cases {
                    entries[*ei].status = Status::Rejected;
                    entries[*ei].detail.push("not read: the scratch crate did not build".into());
                }
            }
        }
    }
    entries.sort_by(|a, b| a.at.cmp(&b.at));
    report.counts = count(&entries);
    for e in &entries {
        let mut whys: Vec<Why> = e.differences.iter().map(|d| d.why).collect();
        whys.dedup();
        for w in whys {
            *report.reasons.entry(w).or_default() += 1;
        }
    }
    report.examples = entries;
    Ok(report)
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

/// Fills in a valid example's entry from what the driver did with it.
fn judge(entry: &mut Entry, before: &Value, outcome: scratch::Outcome) {
    let back = match outcome {
        Err(e) => {
            entry.status = Status::Rejected;
            entry.detail.push(shorten(&e));
            return;
        }
        Ok(text) => text,
    };
    let after: Value = match serde_json::from_str(&back) {
        Ok(v) => v,
        Err(e) => {
            entry.status = Status::Different;
            entry.detail.push(shorten(&format!("written back as text that is not JSON ({e}): {back}")));
            return;
        }
    };
    let (differences, all) = compare::compare(before, &after);
    entry.status = if differences.is_empty() {
        Status::Equal
    } else if differences.iter().all(|d| d.why.same_value()) && all == differences.len() {
        Status::Normalized
    } else {
        Status::Different
    };
    entry.differences = differences;
    entry.difference_count = all;
}

fn count(entries: &[Entry]) -> Counts {
    let mut c = Counts { found: entries.len(), ..Counts::default() };
    for e in entries {
        match e.status {
            Status::Skipped => c.skipped += 1,
            Status::Invalid => c.invalid += 1,
            Status::Rejected => c.rejected += 1,
            Status::Equal => c.equal += 1,
            Status::Normalized => c.normalized += 1,
            Status::Different => c.different += 1,
        }
    }
    c.deserialized = c.equal + c.normalized + c.different;
    c.valid = c.deserialized + c.rejected;
    c
}

/// `mg_examples_<stem>_<hash of the spec paths>`: one scratch crate per
/// spec, reused by the next run on it.
fn crate_name(specs: &[PathBuf]) -> String {
    let stem: String = specs
        .first()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect())
        .unwrap_or_default();
    let stem: String = stem.chars().take(32).collect();
    // FNV-1a over the canonical paths: stable across runs and platforms.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in specs {
        let canon = std::fs::canonicalize(p).unwrap_or_else(|_| p.clone());
        for b in canon.to_string_lossy().bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("mg_examples_{stem}_{:08x}", h as u32)
}

/// Writes the JSON report.
pub fn write_report(report: &Report, path: &Path) -> Result<(), Error> {
    std::fs::write(path, report.to_json() + "\n")
        .map_err(|source| Error::Io { path: path.display().to_string(), source })
}
