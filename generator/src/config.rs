//! Generator settings: one type shared by the CLI, `modelgen.toml` and the
//! library builder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::naming;

/// How docs-only runs derive a field's JSON name from its doc (SDK) name.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", rename_all = "kebab-case")]
pub enum WireNameRule {
    /// The doc name is the JSON name.
    #[default]
    AsIs,
    /// `createdAt` -> `created_at`, `street1` -> `street_1` (the inverse of
    /// the camelCase SDK generators derive from snake_case JSON).
    SnakeCase,
    CamelCase,
    PascalCase,
    KebabCase,
    ScreamingSnakeCase,
}

impl WireNameRule {
    pub const NAMES: &'static [&'static str] = &[
        "as-is",
        "snake_case",
        "camelCase",
        "PascalCase",
        "kebab-case",
        "SCREAMING_SNAKE_CASE",
    ];

    /// Accepts the spellings users type: `snake_case`, `snake-case`, `camelCase`...
    pub fn parse(s: &str) -> Option<Self> {
        let norm: String = s
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match norm.as_str() {
            "asis" | "none" | "preserve" => WireNameRule::AsIs,
            "snakecase" | "snake" => WireNameRule::SnakeCase,
            "camelcase" | "camel" => WireNameRule::CamelCase,
            "pascalcase" | "pascal" => WireNameRule::PascalCase,
            "kebabcase" | "kebab" => WireNameRule::KebabCase,
            "screamingsnakecase" | "screamingsnake" => WireNameRule::ScreamingSnakeCase,
            _ => return None,
        })
    }

    pub fn apply(self, doc_name: &str) -> String {
        match self {
            WireNameRule::AsIs => doc_name.to_string(),
            WireNameRule::SnakeCase => naming::snake_case_split_digits(doc_name),
            WireNameRule::CamelCase => naming::camel_case(doc_name),
            WireNameRule::PascalCase => naming::pascal_case(doc_name),
            WireNameRule::KebabCase => naming::kebab_case(doc_name),
            WireNameRule::ScreamingSnakeCase => naming::screaming_snake_case(doc_name),
        }
    }
}

impl TryFrom<String> for WireNameRule {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        WireNameRule::parse(&s).ok_or_else(|| {
            format!(
                "unknown wire-name rule `{s}`; expected one of: {}",
                WireNameRule::NAMES.join(", ")
            )
        })
    }
}

/// Rust type used for `date-time` values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateTimeType {
    /// `chrono::DateTime<chrono::Utc>` / `chrono::NaiveDate`.
    #[default]
    Chrono,
    /// `time::OffsetDateTime` / `time::Date` (with `time`'s serde rfc3339).
    Time,
    /// Plain `String`: no parsing, exact round trip.
    String,
}

impl DateTimeType {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "chrono" => Some(Self::Chrono),
            "time" => Some(Self::Time),
            "string" => Some(Self::String),
            _ => None,
        }
    }
}

/// Rust map type for `Record<string, T>` / `additionalProperties`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MapType {
    /// `std::collections::BTreeMap`: deterministic serialization order.
    #[default]
    BTreeMap,
    HashMap,
}

/// Per-model overrides from `modelgen.toml`:
///
/// ```toml
/// [models."shared.ConnectSession"]
/// rename = "Session"            # Rust type name
/// fields = { accountId = "account" }   # doc field name -> JSON name
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelOverride {
    #[serde(default)]
    pub rename: Option<String>,
    /// Doc field name -> exact JSON name.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// Docs root to read, relative to the config file (a CLI flag overrides it).
    pub docs: Option<PathBuf>,
    /// OpenAPI specs to read, relative to the config file.
    pub openapi: Vec<PathBuf>,
    /// Docs-only JSON-name rule.
    pub wire_names: WireNameRule,
    pub datetime: DateTimeType,
    pub map: MapType,
    /// Keyed by `namespace.Model` (or just `Model` when unambiguous).
    pub models: BTreeMap<String, ModelOverride>,
    /// `#[non_exhaustive]` on generated structs (adding an optional field is
    /// then not a breaking change for users).
    pub non_exhaustive_structs: bool,
    /// `#[non_exhaustive]` on closed enums.
    pub non_exhaustive_enums: bool,
    /// `#[non_exhaustive]` on open enums (default on): an open enum already
    /// keeps unknown values at run time, and this makes a new known value
    /// compatible at compile time too (users match with a `_` arm).
    pub non_exhaustive_open_enums: bool,
    /// Emit one cargo feature per namespace (`#[cfg(feature = "...")]`).
    pub namespace_features: bool,
    /// Derive serde's `Deserialize` on structs instead of the written-out
    /// impl (`deserialize_struct!`): slower to compile, but also reads a
    /// struct from a sequence, as non-self-describing formats send it.
    pub derive_deserialize: bool,
    /// The command line that regenerates the output, named in the
    /// `@generated` header.
    pub regenerate_command: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            docs: None,
            openapi: Vec::new(),
            wire_names: WireNameRule::AsIs,
            datetime: DateTimeType::Chrono,
            map: MapType::BTreeMap,
            models: BTreeMap::new(),
            non_exhaustive_structs: false,
            non_exhaustive_enums: false,
            non_exhaustive_open_enums: true,
            namespace_features: false,
            derive_deserialize: false,
            regenerate_command: None,
        }
    }
}

impl Config {
    /// Parses `modelgen.toml` text; `file` names it in errors.
    pub fn from_toml(file: &str, text: &str) -> Result<Self, crate::diag::Diagnostics> {
        toml::from_str(text).map_err(|e| {
            let (line, column) = e
                .span()
                .map(|s| line_col(text, s.start))
                .unwrap_or((0, 0));
            crate::diag::Diagnostics::one(crate::diag::Diagnostic::at(
                file,
                line,
                column,
                format!("invalid modelgen config: {}", e.message()),
            ))
        })
    }

    /// Reads `modelgen.toml`; input paths in it are made relative to its folder.
    pub fn load(path: &Path) -> Result<Self, crate::Error> {
        let shown = path.display().to_string();
        let text = crate::limits::read_text(path, &shown, crate::limits::MAX_CONFIG_BYTES, "modelgen config")
            .map_err(crate::Diagnostics::one)?;
        let mut config = Config::from_toml(&path.display().to_string(), &text)?;
        let base = path.parent().unwrap_or(Path::new(""));
        if let Some(d) = config.docs.take() {
            config.docs = Some(base.join(d));
        }
        config.openapi = config.openapi.iter().map(|p| base.join(p)).collect();
        Ok(config)
    }

    /// Looks up the override for a model by `namespace.Name`, then by `Name`.
    pub fn model_override(&self, namespace: &str, name: &str) -> Option<&ModelOverride> {
        self.models
            .get(&format!("{namespace}.{name}"))
            .or_else(|| self.models.get(name))
    }

    /// The JSON name for a doc field: an override if configured, else the rule.
    pub fn wire_name(&self, namespace: &str, model: &str, field: &str) -> String {
        self.model_override(namespace, model)
            .and_then(|o| o.fields.get(field))
            .cloned()
            .unwrap_or_else(|| self.wire_names.apply(field))
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text[..text.floor_char_boundary_compat(offset)];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    (line, col)
}

trait FloorCharBoundary {
    fn floor_char_boundary_compat(&self, i: usize) -> usize;
}

impl FloorCharBoundary for str {
    fn floor_char_boundary_compat(&self, mut i: usize) -> usize {
        while i > 0 && !self.is_char_boundary(i) {
            i -= 1;
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_toml_and_reports_position() {
        let c = Config::from_toml(
            "modelgen.toml",
            "wire-names = \"snake_case\"\n[models.\"shared.A\"]\nfields = { fooBar = \"FOO\" }\n",
        )
        .unwrap();
        assert_eq!(c.wire_names, WireNameRule::SnakeCase);
        assert_eq!(c.wire_name("shared", "A", "fooBar"), "FOO");
        assert_eq!(c.wire_name("shared", "A", "bazQux"), "baz_qux");
        let e = Config::from_toml("m.toml", "\nwire-names = \"nope\"\n").unwrap_err();
        assert_eq!(e.0[0].line, 2);
        assert!(e.0[0].message.contains("wire"), "{}", e.0[0].message);
    }

    #[test]
    fn rule_spellings() {
        assert_eq!(WireNameRule::parse("snake_case"), Some(WireNameRule::SnakeCase));
        assert_eq!(WireNameRule::parse("camelCase"), Some(WireNameRule::CamelCase));
        assert_eq!(WireNameRule::parse("as-is"), Some(WireNameRule::AsIs));
        assert_eq!(WireNameRule::parse("bogus"), None);
    }
}
