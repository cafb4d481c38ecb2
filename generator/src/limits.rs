//! Bounds on hostile input, in one place.
//!
//! Docs and specs come from vendors, pull requests and scrapers, so every
//! dimension an attacker (or an accident) can blow up is bounded here, and
//! exceeding a bound is an ordinary input error (exit code 2) that names the
//! file, the position and the limit, never a panic, a stack overflow or an
//! out-of-memory kill. The numbers are far above anything a real API needs:
//! the largest doc of the StackOne corpus is 0.3 MB, its largest spec 2 MB.
//! See `docs/hardening.md` for the whole picture.
//!
//! This module also holds the two checks every front end runs on raw input:
//! [`read_text`] (size, binary content, UTF-8 with the position of the first
//! bad byte) and [`parse_json`] / [`parse_yaml`] (nesting depth and node count,
//! counted after YAML alias expansion, so an alias bomb stops early).

use std::fmt;
use std::io::Read as _;
use std::path::Path;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::Diagnostic;

const MIB: u64 = 1024 * 1024;

/// Largest markdown model doc, in bytes.
pub const MAX_DOC_BYTES: u64 = 4 * MIB;
/// Largest OpenAPI spec file (YAML or JSON), in bytes.
pub const MAX_SPEC_BYTES: u64 = 64 * MIB;
/// Largest `modelgen.toml`, in bytes.
pub const MAX_CONFIG_BYTES: u64 = MIB;
/// Most `.md` files read from one docs root (the corpus has 2,435).
pub const MAX_DOC_FILES: usize = 100_000;
/// Deepest nesting of a markdown type expression (`T[][]`, `Record<string, T>`,
/// emphasis and links all count one level each).
pub const MAX_TYPE_DEPTH: usize = 32;
/// Deepest nesting of a JSON/YAML document (objects and arrays).
pub const MAX_TREE_DEPTH: usize = 100;
/// Most values (scalars, arrays, objects) in one JSON/YAML document, counted
/// after YAML alias expansion (the "billion laughs" bound).
pub const MAX_TREE_NODES: usize = 5_000_000;
/// Deepest nesting of inline schemas (`items` / `properties` / `allOf` ...)
/// followed while lowering one OpenAPI schema; each `$ref` hop to a schema
/// that is not a named component counts as a level too. `$ref`s between
/// component schemas become references between models, which nothing
/// follows recursively (alias cycles are found in linear time), so a chain
/// of any length costs linear time and constant stack.
pub const MAX_SCHEMA_DEPTH: usize = 64;

/// Human-readable size for messages: `10.0 MB`, `4 KB`, `12 bytes`.
pub fn human_size(bytes: u64) -> String {
    if bytes >= MIB {
        format!("{:.1} MB", bytes as f64 / MIB as f64)
    } else if bytes >= 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{bytes} bytes")
    }
}

/// 1-based line and column (in characters) of byte `offset` of `bytes`,
/// counting only the valid UTF-8 prefix up to `offset`.
fn position(bytes: &[u8], offset: usize) -> (u32, u32) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line as u32, col as u32)
}

/// Reads an input file as text, refusing what is not a text input: a file
/// larger than `max` bytes, binary content (a NUL byte), or invalid UTF-8.
/// `display` names the file in the diagnostic, `what` says what the file was
/// expected to be ("markdown doc", "OpenAPI spec"). A leading UTF-8 byte order
/// mark is dropped.
pub fn read_text(path: &Path, display: &str, max: u64, what: &str) -> Result<String, Diagnostic> {
    let err = |line, col, msg: String| Diagnostic::at(display, line, col, msg);
    let file = std::fs::File::open(path).map_err(|e| err(0, 0, format!("cannot read {what}: {e}")))?;
    let mut expected = 0;
    if let Ok(meta) = file.metadata() {
        if !meta.is_file() {
            return Err(err(0, 0, format!("cannot read {what}: not a regular file")));
        }
        if meta.len() > max {
            return Err(err(0, 0, too_big(meta.len(), max, what)));
        }
        expected = meta.len();
    }
    // The size may change between the check and the read: never read more.
    // Sized up front (plus one byte to see the end), so thousands of small
    // docs are read without probing reads and regrowing.
    let mut bytes = Vec::with_capacity(usize::try_from(expected.saturating_add(1)).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(0, 0, format!("cannot read {what}: {e}")))?;
    if bytes.len() as u64 > max {
        return Err(err(0, 0, too_big(bytes.len() as u64, max, what)));
    }
    text_from_bytes(bytes, display, what)
}

/// `a markdown doc`, `an OpenAPI spec`.
fn with_article(what: &str) -> String {
    let an = what.starts_with(|c: char| "aeiouAEIOU".contains(c));
    format!("{} {what}", if an { "an" } else { "a" })
}

fn too_big(len: u64, max: u64, what: &str) -> String {
    format!(
        "file is {} ({len} bytes), larger than the limit of {} for {}; \
         split it up, or raise modelgen::limits if it is genuine",
        human_size(len),
        human_size(max),
        with_article(what)
    )
}

/// The UTF-8 and binary checks of [`read_text`], on bytes already in memory.
pub fn text_from_bytes(mut bytes: Vec<u8>, display: &str, what: &str) -> Result<String, Diagnostic> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let (line, col) = position(&bytes, nul);
        return Err(Diagnostic::at(
            display,
            line,
            col,
            format!("binary content (a NUL byte); expected {} in UTF-8 text", with_article(what)),
        ));
    }
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // The invalid sequence itself (None: cut off by the end of the file).
        let len = e.utf8_error().error_len().unwrap_or(4);
        let bytes = e.as_bytes();
        let (line, col) = position(bytes, at);
        let shown: Vec<String> = bytes[at..].iter().take(len).map(|b| format!("0x{b:02X}")).collect();
        Diagnostic::at(
            display,
            line,
            col,
            format!(
                "invalid UTF-8 (byte {} at offset {at}); expected {} in UTF-8 text",
                shown.join(" "),
                with_article(what)
            ),
        )
    })
}

/// Why a JSON/YAML tree was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeLimit {
    Depth,
    Nodes,
}

impl fmt::Display for TreeLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TreeLimit::Depth => write!(
                f,
                "nesting exceeds {MAX_TREE_DEPTH} levels (modelgen::limits::MAX_TREE_DEPTH)"
            ),
            TreeLimit::Nodes => write!(
                f,
                "more than {MAX_TREE_NODES} values after expanding YAML aliases \
                 (modelgen::limits::MAX_TREE_NODES); an alias bomb?"
            ),
        }
    }
}

const MERGE_KEY: &str = "<<";

const DEPTH_MSG: &str = "modelgen-limit:depth";
const NODES_MSG: &str = "modelgen-limit:nodes";

/// Builds a `serde_json::Value` from any self-describing deserializer while
/// counting nesting and values. Counting happens as values arrive, so a YAML
/// alias bomb is stopped after `MAX_TREE_NODES` values, not after it has
/// filled memory.
struct Bounded<'a> {
    depth: usize,
    nodes: &'a mut usize,
}

impl Bounded<'_> {
    fn count<E: de::Error>(&mut self) -> Result<(), E> {
        *self.nodes += 1;
        if *self.nodes > MAX_TREE_NODES {
            return Err(E::custom(NODES_MSG));
        }
        Ok(())
    }

    fn child<E: de::Error>(&mut self) -> Result<Bounded<'_>, E> {
        if self.depth + 1 > MAX_TREE_DEPTH {
            return Err(E::custom(DEPTH_MSG));
        }
        Ok(Bounded {
            depth: self.depth + 1,
            nodes: &mut *self.nodes,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Bounded<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Map keys: YAML allows scalars of any kind as keys (`200:` is an integer);
/// they become their text, as in JSON. Other keys are refused.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = String;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = String;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string key")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_string())
    }
}

impl<'de> Visitor<'de> for Bounded<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON or YAML value")
    }
    fn visit_bool<E: de::Error>(mut self, v: bool) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(mut self, v: i64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::from(v))
    }
    fn visit_u64<E: de::Error>(mut self, v: u64) -> Result<Value, E> {
        self.count()?;
        Ok(Value::from(v))
    }
    fn visit_f64<E: de::Error>(mut self, v: f64) -> Result<Value, E> {
        self.count()?;
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom(format!("number {v} has no JSON form; expected a finite number")))
    }
    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<Value, E> {
        self.count()?;
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E: de::Error>(mut self, v: String) -> Result<Value, E> {
        self.count()?;
        Ok(Value::String(v))
    }
    fn visit_unit<E: de::Error>(mut self) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(mut self) -> Result<Value, E> {
        self.count()?;
        Ok(Value::Null)
    }
    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_newtype_struct<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Value, A::Error> {
        self.count()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self.child()?)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Value, A::Error> {
        self.count()?;
        let mut out = Map::new();
        let mut merged = Vec::new();
        while let Some(k) = map.next_key_seed(Key)? {
            let v = map.next_value_seed(self.child()?)?;
            if k == MERGE_KEY {
                // YAML merge key: `<<: *base` or `<<: [*a, *b]`.
                match v {
                    Value::Object(m) => merged.push(m),
                    Value::Array(list) if list.iter().all(Value::is_object) => {
                        merged.extend(list.into_iter().filter_map(|v| match v {
                            Value::Object(m) => Some(m),
                            _ => None,
                        }))
                    }
                    _ => return Err(de::Error::custom("a YAML merge key `<<` must hold a mapping or a list of mappings")),
                }
                continue;
            }
            if out.contains_key(&k) {
                return Err(de::Error::custom(format!("duplicate key `{k}`; each key may appear once")));
            }
            out.insert(k, v);
        }
        // Keys written in the mapping win over merged ones; earlier merged
        // mappings win over later ones (YAML merge semantics).
        for m in merged {
            for (k, v) in m {
                out.entry(k).or_insert(v);
            }
        }
        Ok(Value::Object(out))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(mut self, data: A) -> Result<Value, A::Error> {
        // A YAML tag (`!Thing value`): keep the value, drop the tag.
        use de::VariantAccess as _;
        let (_tag, variant): (String, _) = data.variant_seed(Key)?;
        let inner = self.child()?;
        variant.newtype_variant_seed(inner)
    }
}

/// A parse failure: position (0 when unknown) and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl ParseError {
    pub fn into_diagnostic(self, file: &str) -> Diagnostic {
        Diagnostic::at(file, self.line, self.column, self.message)
    }
}

/// Turns the sentinel messages of [`Bounded`] into readable limit errors.
fn explain(raw: String) -> String {
    if raw.contains(DEPTH_MSG) {
        format!("document {}", TreeLimit::Depth)
    } else if raw.contains(NODES_MSG) {
        format!("document has {}", TreeLimit::Nodes)
    } else {
        raw
    }
}

/// Parses JSON text with the tree limits. serde_json's own recursion limit
/// (128) is above `MAX_TREE_DEPTH`, so ours is the one that applies.
pub fn parse_json(text: &str) -> Result<Value, ParseError> {
    let mut nodes = 0;
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = Bounded { depth: 0, nodes: &mut nodes };
    let v = seed.deserialize(&mut de).and_then(|v| de.end().map(|_| v));
    v.map_err(|e| ParseError {
        line: e.line() as u32,
        column: json_column(text, e.line(), e.column()),
        message: format!("invalid JSON: {}", explain(strip_position(e.to_string()))),
    })
}

/// serde_json counts columns in bytes (and says 0 for an error right at a
/// line break); diagnostics count characters from 1.
fn json_column(text: &str, line: usize, byte_col: usize) -> u32 {
    if line == 0 {
        return 0;
    }
    let Some(l) = text.split('\n').nth(line - 1) else {
        return byte_col.max(1) as u32;
    };
    let mut end = byte_col.min(l.len());
    while !l.is_char_boundary(end) {
        end -= 1;
    }
    // The column names the byte it stopped at; count the characters before it.
    (l[..end].chars().count().max(1)) as u32
}

/// Parses YAML text with the tree limits (YAML 1.2 core schema as
/// implemented by serde_yaml; one document per file). Big specs are parsed
/// in two halves on two cores when they split cleanly (see `split_yaml`);
/// the result is the same value, and any problem, including an error, falls
/// back to one parse of the whole text, which also gives the diagnostic.
pub fn parse_yaml(text: &str) -> Result<Value, ParseError> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if text.len() >= PARALLEL_YAML_BYTES && cores > 1 {
        if let Some(v) = parse_yaml_halves(text) {
            return Ok(v);
        }
    }
    parse_yaml_whole(text).map(|(v, _)| v)
}

/// Below this size a spec parses faster than a thread starts to pay off.
const PARALLEL_YAML_BYTES: usize = 256 * 1024;

/// Where a YAML document can be cut in two: `(top, cut)` are the byte
/// offsets of a top-level `key:` line whose value is a block mapping, and
/// of one of that mapping's own entry lines (indented like its first entry)
/// near the middle of the text. Then `text[..cut]` is a document with the
/// first part of the mapping, and `<key line> + text[cut..]` one with the
/// rest. Inside the mapping, a line at the entries' indentation starts an
/// entry or is an error: block scalars and plain multi-line values of an
/// entry must be indented further, and a cut inside a quoted or flow value
/// leaves the first part unparsable (then the whole text is parsed).
fn split_yaml(text: &str) -> Option<(usize, usize)> {
    let entry_start = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'/' | b'"' | b'\'' | b'$' | b'.');
    let plain_key_line = |line: &str| {
        let key = line.trim_end().strip_suffix(':')?;
        let ok = key.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_')
            && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        ok.then_some(())
    };
    // Spaces before the first other byte, and that byte.
    let indent = |line: &str| {
        let n = line.bytes().take_while(|&b| b == b' ').count();
        (n, line.as_bytes().get(n).copied())
    };
    let mid = text.len() / 2;
    let mut best: Option<(usize, usize)> = None;
    // The current top-level key line, if it is a plain `key:` whose value is
    // a block mapping, and the indentation of that mapping's entries (known
    // from its first content line; 0 until then).
    let mut top: Option<usize> = None;
    let mut entry_indent = 0;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let (n, first) = indent(line);
        match first {
            None | Some(b'\n' | b'\r' | b'#') => continue,
            _ if n == 0 => {
                top = plain_key_line(line).map(|()| start);
                entry_indent = 0;
                continue;
            }
            _ => {}
        }
        let is_entry = first.is_some_and(entry_start);
        if entry_indent == 0 {
            // The first content line under the key decides what its value
            // is; the first part keeps at least that entry.
            entry_indent = n;
            if !is_entry {
                top = None;
            }
            continue;
        }
        let Some(t) = top else { continue };
        if n == entry_indent && is_entry {
            let closer = best.is_none_or(|(_, b)| start.abs_diff(mid) < b.abs_diff(mid));
            if closer {
                best = Some((t, start));
            }
        }
    }
    best
}

/// [`parse_yaml`] on two threads; `None` when the text does not split or
/// the halves do not put back together exactly (errors included).
fn parse_yaml_halves(text: &str) -> Option<Value> {
    let (top, cut) = split_yaml(text)?;
    let key_line = text[top..].split_inclusive('\n').next()?;
    let key = key_line.trim_end().strip_suffix(':')?.to_string();
    let second = format!("{}\n{}", key_line.trim_end(), &text[cut..]);
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(|| parse_yaml_whole(&second).ok());
        let a = parse_yaml_whole(&text[..cut]).ok();
        (a, other.join().ok().flatten())
    });
    let ((Value::Object(mut a), na), (Value::Object(b), nb)) = (a?, b?) else { return None };
    if na + nb > MAX_TREE_NODES || a.keys().next_back() != Some(&key) || b.keys().next() != Some(&key) {
        return None;
    }
    let mut b = b.into_iter();
    let (_, Value::Object(rest_of_key)) = b.next()? else { return None };
    let Some(Value::Object(first_of_key)) = a.get_mut(&key) else { return None };
    for (k, v) in rest_of_key {
        // A key in both halves is a duplicate: the whole parse reports it.
        if first_of_key.insert(k, v).is_some() {
            return None;
        }
    }
    for (k, v) in b {
        if a.insert(k, v).is_some() {
            return None;
        }
    }
    Some(Value::Object(a))
}

/// The two-halves parse alone, for tests: `None` when the text does not
/// split or the halves did not fit together (then [`parse_yaml`] parses the
/// whole text instead).
pub fn parse_yaml_in_halves(text: &str) -> Option<Value> {
    parse_yaml_halves(text)
}

/// One parse of the whole text, never split; for tests.
pub fn parse_yaml_single(text: &str) -> Result<Value, ParseError> {
    parse_yaml_whole(text).map(|(v, _)| v)
}

/// One parse of the whole text: the value and how many nodes it has.
fn parse_yaml_whole(text: &str) -> Result<(Value, usize), ParseError> {
    let mut nodes = 0;
    let seed = Bounded { depth: 0, nodes: &mut nodes };
    let de = serde_yaml::Deserializer::from_str(text);
    let parsed = seed.deserialize(de);
    parsed.map(|v| (v, nodes)).map_err(|e| {
        let raw = e.to_string();
        let (line, column) = e
            .location()
            .map(|l| (l.line() as u32, l.column() as u32))
            .or_else(|| raw.contains("more than one document").then(|| second_document(text)).flatten())
            .unwrap_or((0, 0));
        let message = if raw.contains("recursion limit exceeded") {
            format!("document {}", TreeLimit::Depth)
        } else if raw.contains("repetition limit exceeded") {
            format!("document has {}", TreeLimit::Nodes)
        } else {
            explain(strip_position(raw))
        };
        let (line, column) = clamp_yaml_position(text, line, column);
        ParseError {
            line,
            column,
            message: format!("invalid YAML: {message}"),
        }
    })
}

/// libyaml reports an error at the end of a file that does not end in a line
/// break one line past the end; point at the end of the last line instead,
/// where an editor can go. Lines break at `\n`, `\r\n`, `\r`, NEL, LS
/// and PS, as in YAML.
fn clamp_yaml_position(text: &str, line: u32, column: u32) -> (u32, u32) {
    if line == 0 {
        return (0, 0);
    }
    let normalized = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{85}', '\u{2028}', '\u{2029}'], "\n");
    let lines: Vec<&str> = normalized.split('\n').collect();
    if line as usize <= lines.len() {
        return (line, column.max(1));
    }
    let last = lines.last().map_or(0, |l| l.chars().count());
    (lines.len() as u32, last as u32 + 1)
}

/// Line and column of the `---` that starts a second YAML document
/// (serde_yaml reports that error without a position).
fn second_document(text: &str) -> Option<(u32, u32)> {
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        let marker = line.starts_with("---") && line[3..].chars().next().is_none_or(char::is_whitespace);
        if marker && content {
            return Some((i as u32 + 1, 1));
        }
        let t = line.trim();
        if !marker && !t.is_empty() && !t.starts_with('#') && !t.starts_with('%') {
            content = true;
        }
    }
    None
}

/// serde_json and serde_yaml append " at line L column C" to their messages;
/// the diagnostic carries the position already.
fn strip_position(mut msg: String) -> String {
    if let Some(i) = msg.rfind(" at line ") {
        if msg[i + 9..].contains(" column ") {
            msg.truncate(i);
        }
    }
    msg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp(name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("modelgen-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn read_text_reports_bad_bytes_with_position() {
        let p = tmp("bad-utf8.md", b"# T\n\nab\xFF\xFEcd\n");
        let d = read_text(&p, "x.md", MAX_DOC_BYTES, "markdown doc").unwrap_err();
        assert_eq!((d.line, d.column), (3, 3), "{d}");
        assert!(d.message.contains("invalid UTF-8 (byte 0xFF at offset 7)"), "{d}");

        let p = tmp("nul.md", b"# T\n\x00\x01\x02");
        let d = read_text(&p, "x.md", MAX_DOC_BYTES, "markdown doc").unwrap_err();
        assert_eq!((d.line, d.column), (2, 1), "{d}");
        assert!(d.message.contains("binary"), "{d}");

        let p = tmp("big.md", &vec![b'a'; 2048]);
        let d = read_text(&p, "x.md", 1024, "markdown doc").unwrap_err();
        assert!(d.message.contains("2.0 KB (2048 bytes), larger than the limit of 1.0 KB"), "{d}");

        let p = tmp("bom.md", b"\xEF\xBB\xBF# T\n");
        assert_eq!(read_text(&p, "x.md", 1024, "markdown doc").unwrap(), "# T\n");

        let d = read_text(Path::new("/nonexistent/modelgen"), "n.md", 10, "markdown doc").unwrap_err();
        assert!(d.message.starts_with("cannot read markdown doc"), "{d}");
    }

    #[test]
    fn json_depth_is_bounded_before_serde_json_recursion_limit() {
        let ok = format!("{}{}", "[".repeat(MAX_TREE_DEPTH), "]".repeat(MAX_TREE_DEPTH));
        assert!(parse_json(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_TREE_DEPTH + 1), "]".repeat(MAX_TREE_DEPTH + 1));
        let e = parse_json(&deep).unwrap_err();
        assert!(e.message.contains("document nesting exceeds 100 levels"), "{e:?}");
        assert_eq!(e.line, 1);
        // Far beyond any recursion limit: still an error, not a stack overflow.
        let e = parse_json(&"[".repeat(1_000_000)).unwrap_err();
        assert!(e.message.contains("nesting exceeds"), "{e:?}");
    }

    #[test]
    fn yaml_keys_and_tags_become_json() {
        let v = parse_yaml("responses:\n  200: {x: 1}\n  true: !Tag [1, 2.5]\n").unwrap();
        assert_eq!(v["responses"]["200"]["x"], 1);
        assert_eq!(v["responses"]["true"], serde_json::json!([1, 2.5]));
        let e = parse_yaml("a: .nan\n").unwrap_err();
        assert!(e.message.contains("no JSON form"), "{e:?}");
    }

    #[test]
    fn duplicate_keys_are_errors_and_merge_keys_merge() {
        let e = parse_json("{\"a\": 1,\n \"a\": 2}").unwrap_err();
        assert!(e.message.contains("duplicate key `a`"), "{e:?}");
        assert_eq!(e.line, 2);
        let e = parse_yaml("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert!(e.message.contains("duplicate"), "{e:?}");
        let v = parse_yaml("base: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\n").unwrap();
        assert_eq!(v["c"], serde_json::json!({"y": 3, "x": 1}));
        let v = parse_yaml("a: &a {x: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n").unwrap();
        assert_eq!(v["c"], serde_json::json!({"x": 1, "z": 2}));
    }

    /// A spec-like document whose `paths` mapping splits in the middle.
    fn spec_like(entries: usize) -> String {
        let mut y = String::from("openapi: 3.1.0\ninfo:\n  title: t\npaths:\n");
        for i in 0..entries {
            y.push_str(&format!("  /p{i}:\n    get:\n      description: |\n        text {i}\n        x: y\n"));
        }
        y.push_str("components:\n  schemas:\n    A: {type: string}\n");
        y
    }

    #[test]
    fn yaml_halves_equal_the_whole() {
        let y = spec_like(40);
        let (top, cut) = split_yaml(&y).unwrap();
        assert!(y[top..].starts_with("paths:\n") && y[cut..].starts_with("  /p"));
        assert_eq!(parse_yaml_halves(&y).unwrap(), parse_yaml_whole(&y).unwrap().0);
        // Entries indented by four spaces (as in the marketing spec).
        let four = y.replace("\n  ", "\n    ");
        let (_, cut) = split_yaml(&four).unwrap();
        assert!(four[cut..].starts_with("    /p"));
        // Never at the mapping's first entry (the first part keeps one).
        assert_eq!(split_yaml("a:\n  b: 1\n"), None);
        assert_eq!(split_yaml("a:\n  b: 1\n  c: 2\n"), Some((0, 10)));
        assert_eq!(parse_yaml_halves(&four).unwrap(), parse_yaml_whole(&four).unwrap().0);
        // CRLF line ends split too.
        let crlf = y.replace('\n', "\r\n");
        assert_eq!(parse_yaml_halves(&crlf).unwrap(), parse_yaml_whole(&crlf).unwrap().0);
    }

    #[test]
    fn yaml_halves_fall_back_to_the_whole() {
        // An alias in the second half to an anchor in the first.
        let y = spec_like(20).replace("  /p2:\n    get:", "  /p2:\n    get: &g").replace("  /p19:\n    get:\n", "  /p19:\n    put: *g\n    get:\n");
        assert!(parse_yaml_halves(&y).is_none());
        assert!(parse_yaml(&y).unwrap().pointer("/paths/~1p19/put/description").is_some());
        // The same key in both halves: the whole parse reports it.
        let y = format!("{}  /p0:\n    get: {{}}\n", spec_like(20).split("components:").next().unwrap());
        assert!(parse_yaml_halves(&y).is_none());
        assert!(parse_yaml_single(&y).is_err());
        // A top-level key holding a sequence or a block scalar does not split.
        assert!(split_yaml("a:\n- b: 1\n  c: 2\n").is_none());
        assert!(split_yaml("a: |\n  b: 1\n  c: 2\n").is_none());
        assert!(split_yaml("a:\n  |\n  b: 1\n  c: 2\n").is_none());
        // A cut inside a multi-line quoted value leaves a broken first half.
        let y = "k:\n  a: \"x\n  b: y\"\n  c: 1\n";
        assert_eq!(parse_yaml(y).ok(), parse_yaml_single(y).ok());
    }

    #[test]
    fn yaml_alias_bomb_is_stopped() {
        let mut y = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let p = i - 1;
            y.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
        }
        let t = std::time::Instant::now();
        let e = parse_yaml(&y).unwrap_err();
        assert!(e.message.contains("alias bomb"), "{e:?}");
        assert!(t.elapsed().as_secs() < 5, "took {:?}", t.elapsed());
    }

    #[test]
    fn errors_have_positions() {
        let e = parse_yaml("a: 1\n---\nb: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1), "{e:?}");
        let e = parse_yaml("# c\n---\na: 1\n--- \nb: 2\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 1), "{e:?}");
        let e = parse_json("{\"a\": \"x\ny\"}").unwrap_err();
        assert!(e.line > 0 && e.column > 0, "{e:?}");
        // Columns count characters, not bytes.
        let e = parse_json("[\"\u{2066}\u{2066}\" x]").unwrap_err();
        assert_eq!((e.line, e.column), (1, 7), "{e:?}");
    }

    #[test]
    fn yaml_error_at_the_end_points_inside_the_text() {
        // No line break at the end: libyaml says line 3 of a 2-line text.
        let e = parse_yaml("- openai:p 3. just a list\nopenai:p 3. jus#/openapi").unwrap_err();
        assert_eq!((e.line, e.column), (2, 25), "{e:?}");
    }

    #[test]
    fn yaml_depth_is_bounded() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = parse_yaml(&deep).unwrap_err();
        assert!(e.message.contains("nesting exceeds"), "{e:?}");
    }
}
