//! Rust identifiers derived from arbitrary source text.
//!
//! Every identifier and file name in the output goes through here, so text
//! from a doc can never become code or a path: the result is always ASCII
//! `[A-Za-z_][A-Za-z0-9_]*`, never a bare keyword, never `_`, and unique within
//! its scope (a [`Namer`]).

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

/// Strict and reserved keywords (2015-2024 editions). All of them can be
/// written raw (`r#type`) except [`NOT_RAW`].
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
    "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

fn is_keyword(s: &str) -> bool {
    // Every identifier of the output is checked: compare lengths before bytes.
    (2..=8).contains(&s.len()) && KEYWORDS.iter().any(|k| k.len() == s.len() && *k == s)
}

/// Keeps ASCII letters and digits; any other letter or digit becomes its code
/// point as a separate word (`é` -> `u00e9`), everything else a separator.
/// Non-ASCII identifiers would trip `confusable_idents`/`uncommon_codepoints`.
fn asciify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", c as u32));
        } else {
            out.push(' ');
        }
    }
    out
}

/// `snake_case` base name (not yet unique, not yet keyword-escaped).
pub fn snake(s: &str, fallback: &str) -> String {
    let mut w = crate::naming::snake_case(&asciify(s));
    if w.is_empty() {
        w = fallback.to_string();
    }
    if w.starts_with(|c: char| c.is_ascii_digit()) {
        w.insert(0, '_');
    }
    w
}

/// `PascalCase` base name; `digit_prefix` goes in front of a leading digit
/// (`1` -> `V1`), since a type name cannot start with one.
pub fn pascal(s: &str, fallback: &str, digit_prefix: &str) -> String {
    let mut w = crate::naming::pascal_case(&asciify(s));
    if w.is_empty() {
        w = fallback.to_string();
    }
    if w.starts_with(|c: char| c.is_ascii_digit()) {
        w.insert_str(0, digit_prefix);
    }
    if w == "Self" {
        w.push_str("Value");
    }
    w
}

/// Hands out unique names within one scope, deterministically: the first
/// claimant keeps the base name, later ones get the lowest free numeric
/// suffix (`foo_bar`, `foo_bar_2`; `Foo`, `Foo2`).
#[derive(Debug, Default, Clone)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    fn unique(&mut self, base: String, sep: &str) -> String {
        if self.taken.insert(base.clone()) {
            return base;
        }
        // `self_` + `_2` would be `self__2`, which is not snake case.
        let sep = if base.ends_with('_') { "" } else { sep };
        let mut n = 2u64;
        loop {
            let cand = format!("{base}{sep}{n}");
            if self.taken.insert(cand.clone()) {
                return cand;
            }
            n += 1;
        }
    }

    /// A field or other value identifier; keywords come out raw (`r#type`),
    /// the four that cannot be raw get a trailing `_`.
    pub fn field(&mut self, source: &str) -> String {
        let mut base = snake(source, "field");
        if NOT_RAW.contains(&base.as_str()) {
            base.push('_');
        }
        let name = self.unique(base, "_");
        if is_keyword(&name) {
            format!("r#{name}")
        } else {
            name
        }
    }

    /// A module (and file) name: keywords get a trailing `_` so the file
    /// name is plain (`type_.rs`, never `mod.rs` for a model).
    pub fn module(&mut self, source: &str, fallback: &str) -> String {
        let mut base = snake(source, fallback);
        if is_keyword(&base) || base == "mod" {
            base.push('_');
        }
        self.unique(base, "_")
    }

    /// A type or variant name.
    pub fn type_name(&mut self, source: &str, fallback: &str, digit_prefix: &str) -> String {
        let base = pascal(source, fallback, digit_prefix);
        self.unique(base, "")
    }
}

/// The name serde sees for an identifier (serde strips `r#`).
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

fn valid_plain(s: &str) -> bool {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    s != "_" && cs.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Turns a name made by [`Namer`] into an `Ident`. The names are valid by
/// construction; the checks keep `Ident::new` from ever panicking anyway.
pub fn ident(name: &str) -> Ident {
    if let Some(raw) = name.strip_prefix("r#") {
        if valid_plain(raw) && !NOT_RAW.contains(&raw) {
            return Ident::new_raw(raw, Span::call_site());
        }
    } else if valid_plain(name) && !is_keyword(name) {
        return Ident::new(name, Span::call_site());
    }
    Ident::new("__modelgen_invalid_ident", Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_escaped_and_unique() {
        let mut n = Namer::new();
        assert_eq!(n.field("type"), "r#type");
        assert_eq!(n.field("foo-bar"), "foo_bar");
        assert_eq!(n.field("foo_bar"), "foo_bar_2");
        assert_eq!(n.field("self"), "self_");
        assert_eq!(n.field("Self"), "self_2");
        assert_eq!(n.field(""), "field");
        assert_eq!(n.field("1password"), "_1password");
        assert_eq!(n.field("café"), "caf_u00e9");
        assert_eq!(n.field("\u{202e}"), "field_2");
    }

    #[test]
    fn types_and_modules() {
        let mut n = Namer::new();
        assert_eq!(n.type_name("shared.Employee4", "T", "T"), "SharedEmployee4");
        assert_eq!(n.type_name("self", "T", "T"), "SelfValue");
        assert_eq!(n.type_name("1", "V", "V"), "V1");
        assert_eq!(n.type_name("v1", "V", "V"), "V12");
        let mut m = Namer::new();
        assert_eq!(m.module("Mod", "m"), "mod_");
        assert_eq!(m.module("type", "m"), "type_");
        assert_eq!(m.module("", "m"), "m");
        for s in ["r#type", "type_", "_1", "Foo", "crate_"] {
            assert_eq!(ident(s).to_string(), s);
        }
        assert_eq!(ident("self").to_string(), "__modelgen_invalid_ident");
    }
}
