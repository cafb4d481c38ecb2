//! Where a diagnostic points, found again in its source text for display:
//! the line, the column and how much of it to underline (the table cell,
//! the YAML key, the token), and the line of a JSON pointer in a YAML or JSON
//! spec.
//!
//! This runs only when a run failed, so it re-reads the files it needs
//! instead of making every front end carry spans and texts through the
//! fast path. Front ends record a diagnostic's start (line and column) or its
//! JSON pointer; the extent of the underline is read off the text here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::Diagnostic;

/// The source line a diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file as read (the diagnostic's `file` joined to a root).
    pub path: PathBuf,
    /// 1-based line and character column of the start.
    pub line: u32,
    pub column: u32,
    /// Characters to underline from `column` (at least 1).
    pub len: u32,
    /// The whole source line, without its line break.
    pub text: String,
}

/// A text and where its lines start.
struct Text {
    text: String,
    starts: Vec<usize>,
}

impl Text {
    fn new(text: String) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Text { text, starts }
    }

    /// Line `n` (1-based) without its line break.
    fn line(&self, n: u32) -> Option<&str> {
        let i = (n as usize).checked_sub(1)?;
        let start = *self.starts.get(i)?;
        let end = self.starts.get(i + 1).map_or(self.text.len(), |e| e - 1);
        let l = self.text.get(start..end)?;
        Some(l.strip_suffix('\r').unwrap_or(l))
    }
}

/// Finds diagnostics' source lines: a diagnostic names its file as the user
/// gave it or relative to an input root (the docs root, a spec's folder), so
/// each root is tried in turn. Files are read once.
pub struct SourceFinder {
    roots: Vec<PathBuf>,
    files: BTreeMap<String, Option<(PathBuf, Text)>>,
}

impl SourceFinder {
    /// `roots`: folders a diagnostic's file may be relative to, besides the
    /// working directory.
    pub fn new(roots: Vec<PathBuf>) -> Self {
        SourceFinder {
            roots,
            files: BTreeMap::new(),
        }
    }

    fn file(&mut self, name: &str) -> Option<&(PathBuf, Text)> {
        let roots = &self.roots;
        self.files
            .entry(name.to_string())
            .or_insert_with(|| {
                let candidates = std::iter::once(PathBuf::from(name)).chain(roots.iter().map(|r| r.join(name)));
                candidates.filter(|p| p.is_file()).find_map(|p| {
                    // Diagnostics of too-big or binary files name no line.
                    let text = crate::limits::read_text(&p, name, crate::limits::MAX_SPEC_BYTES, "input").ok()?;
                    Some((p, Text::new(text)))
                })
            })
            .as_ref()
    }

    /// The line `d` points at, or where its JSON pointer's node is; `None`
    /// when it names no position, or the file or node cannot be found.
    pub fn locate(&mut self, d: &Diagnostic) -> Option<Located> {
        if d.line == 0 && d.pointer.is_none() {
            return None;
        }
        let (path, text) = self.file(&d.file)?;
        let (line, column, len) = if d.line > 0 {
            let l = text.line(d.line)?;
            (d.line, d.column.max(1), underline(l, d.column.max(1)))
        } else {
            let p = d.pointer.as_deref()?;
            pointer_position(&text.text, p.strip_prefix('#').unwrap_or(p))?
        };
        Some(Located {
            path: path.clone(),
            line,
            column,
            len,
            text: text.line(line)?.to_string(),
        })
    }
}

/// How many characters to underline from `column` (1-based) of `line`:
/// a markdown table row when the diagnostic is at its start, else the rest
/// of the table cell; a heading; a quoted string; or the token there.
pub fn underline(line: &str, column: u32) -> u32 {
    let chars: Vec<char> = line.chars().collect();
    let start = (column as usize).saturating_sub(1);
    if start >= chars.len() {
        return 1;
    }
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let trimmed_end = chars.len() - chars.iter().rev().take_while(|c| c.is_whitespace()).count();
    let whole = |from: usize| (trimmed_end.saturating_sub(from)).max(1) as u32;
    let first = chars.get(lead).copied();
    if first == Some('|') {
        if start <= lead {
            return whole(start.max(lead));
        }
        // The cell holding `start` ends at the next unescaped `|`.
        let mut end = start;
        while end < chars.len() && !(chars[end] == '|' && (end == 0 || chars[end - 1] != '\\')) {
            end += 1;
        }
        while end > start && chars[end - 1].is_whitespace() {
            end -= 1;
        }
        return (end - start).max(1) as u32;
    }
    // A heading or a code fence, from its start: the whole line.
    let rest: String = chars[lead..].iter().take(3).collect();
    if (first == Some('#') || rest == "```" || rest == "~~~") && start <= lead {
        return whole(start.max(lead));
    }
    let c = chars[start];
    if c == '"' || c == '\'' || c == '`' {
        let mut i = start + 1;
        while i < chars.len() && !(chars[i] == c && chars[i - 1] != '\\') {
            i += 1;
        }
        return (i + 1 - start).min(chars.len() - start) as u32;
    }
    if c.is_alphanumeric() || c == '_' || c == '$' || c == '-' || c == '.' {
        let n = chars[start..]
            .iter()
            .take_while(|c| !c.is_whitespace() && !":,[]{}|*`()<>\"'".contains(**c))
            .count();
        return n.max(1) as u32;
    }
    1
}

/// The position (line, column, length of the key or item) of the node at
/// JSON pointer `pointer` (`/components/schemas/Pet`, `""` for the root) in a
/// YAML or JSON document, found by reading the text's structure. `None` when
/// the node cannot be found (flow collections in YAML, unusual layouts): the
/// diagnostic then shows the pointer alone.
pub fn pointer_position(text: &str, pointer: &str) -> Option<(u32, u32, u32)> {
    if pointer.is_empty() {
        return None;
    }
    let segments: Vec<String> = pointer
        .strip_prefix('/')?
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let body = text.trim_start();
    if body.starts_with('{') || body.starts_with('[') {
        json::position(text, &segments)
    } else {
        yaml::position(text, &segments)
    }
}

/// 1-based (line, character column) of byte `offset`.
fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line as u32, before[start..].chars().count() as u32 + 1)
}

mod json {
    //! A JSON document's structure, scanned just far enough to find one node.

    pub(super) fn position(text: &str, segments: &[String]) -> Option<(u32, u32, u32)> {
        let mut s = Scanner { b: text.as_bytes(), i: 0 };
        // (start, end) of the token that names the node: its key or value.
        let mut found = None;
        for seg in segments {
            s.ws();
            match s.peek()? {
                b'{' => {
                    s.i += 1;
                    loop {
                        s.ws();
                        if s.peek()? == b'}' {
                            return None;
                        }
                        let start = s.i;
                        let key = s.string()?;
                        let end = s.i;
                        s.ws();
                        if s.peek()? != b':' {
                            return None;
                        }
                        s.i += 1;
                        if key == *seg {
                            found = Some((start, end));
                            break;
                        }
                        s.skip_value()?;
                        s.ws();
                        if s.peek()? == b',' {
                            s.i += 1;
                        }
                    }
                }
                b'[' => {
                    let want: usize = seg.parse().ok()?;
                    s.i += 1;
                    for _ in 0..want {
                        s.ws();
                        if s.peek()? == b']' {
                            return None;
                        }
                        s.skip_value()?;
                        s.ws();
                        if s.peek()? == b',' {
                            s.i += 1;
                        }
                    }
                    s.ws();
                    let start = s.i;
                    s.skip_value()?;
                    // An item is named by its first line.
                    let end = text[start..s.i].find('\n').map_or(s.i, |n| start + n);
                    s.i = start;
                    found = Some((start, end));
                }
                _ => return None,
            }
        }
        let (start, end) = found?;
        let (line, col) = super::line_col(text, start);
        Some((line, col, text[start..end].chars().count().max(1) as u32))
    }

    struct Scanner<'a> {
        b: &'a [u8],
        i: usize,
    }

    impl Scanner<'_> {
        fn peek(&self) -> Option<u8> {
            self.b.get(self.i).copied()
        }

        fn ws(&mut self) {
            while self.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                self.i += 1;
            }
        }

        /// A string token, unescaped (enough for keys: `\"`, `\\`, `\/`,
        /// `\uXXXX` and the one-letter escapes).
        fn string(&mut self) -> Option<String> {
            if self.peek()? != b'"' {
                return None;
            }
            let start = self.i + 1;
            self.i += 1;
            let mut raw_end = None;
            while let Some(c) = self.peek() {
                match c {
                    b'\\' => self.i += 2,
                    b'"' => {
                        raw_end = Some(self.i);
                        self.i += 1;
                        break;
                    }
                    _ => self.i += 1,
                }
            }
            let raw = std::str::from_utf8(self.b.get(start..raw_end?)?).ok()?;
            serde_json::from_str(&format!("\"{raw}\"")).ok()
        }

        /// Skips one value, nesting counted without recursion.
        fn skip_value(&mut self) -> Option<()> {
            let mut depth = 0usize;
            loop {
                self.ws();
                match self.peek()? {
                    b'"' => {
                        self.string()?;
                    }
                    b'{' | b'[' => {
                        depth += 1;
                        self.i += 1;
                        continue;
                    }
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        self.i += 1;
                    }
                    b',' | b':' if depth > 0 => {
                        self.i += 1;
                        continue;
                    }
                    _ => {
                        while self.peek().is_some_and(|c| !b",:]} \t\r\n".contains(&c)) {
                            self.i += 1;
                        }
                    }
                }
                if depth == 0 {
                    return Some(());
                }
            }
        }
    }
}

mod yaml {
    //! A block-style YAML document's structure, read off its indentation:
    //! mapping keys (`key:`, `"key":`, `'key':`) and sequence items (`- `),
    //! with block scalars and multi-line values skipped as deeper lines. Flow
    //! collections (`{a: 1}`) are not entered.

    /// A line's content as the structure sees it: a sequence item `- x`
    /// also opens a line `x` at the indentation after the dash.
    #[derive(Clone, Copy)]
    struct Line<'a> {
        /// Byte offset of the content in the text.
        offset: usize,
        indent: usize,
        content: &'a str,
    }

    pub(super) fn position(text: &str, segments: &[String]) -> Option<(u32, u32, u32)> {
        let mut lines = Vec::new();
        let mut offset = 0;
        for raw in text.split('\n') {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let indent = line.len() - line.trim_start_matches(' ').len();
            let content = &line[indent..];
            if !(content.is_empty() || content.starts_with('#') || content == "---" || content.starts_with("%")) {
                lines.push(Line {
                    offset: offset + indent,
                    indent,
                    content: content.trim_end(),
                });
            }
            offset += raw.len() + 1;
        }
        let mut region: Vec<Line> = lines;
        let mut parent_indent: Option<usize> = None;
        let mut found = None;
        for (depth, seg) in segments.iter().enumerate() {
            let first = *region.first()?;
            if parent_indent.is_some_and(|p| first.indent < p) {
                return None;
            }
            let entry_indent = first.indent;
            // The node's own entries: lines at its entries' indentation.
            let entries: Vec<usize> = (0..region.len())
                .filter(|&i| region[i].indent == entry_indent)
                .collect();
            let i = if is_item(first.content) {
                let n: usize = seg.parse().ok()?;
                let i = *entries.get(n)?;
                is_item(region[i].content).then_some(i)?
            } else {
                *entries
                    .iter()
                    .find(|&&i| key_of(region[i].content).is_some_and(|(k, _)| k == *seg))?
            };
            let head = region[i];
            // Underline a key whose value is below it; a key with its value
            // on the same line, or an item, to the end of the line.
            let len = match key_of(head.content) {
                Some((_, n)) if !is_item(head.content) && is_node_prefix(value_after(head.content, n)) => {
                    head.content[..n].chars().count()
                }
                _ => head.content.chars().count(),
            };
            found = Some((head.offset, len));
            if depth + 1 == segments.len() {
                break;
            }
            // The node's value: what follows the dash on its line, or
            // nothing after a key, then the deeper lines up to the next entry.
            let next = entries.iter().copied().find(|&j| j > i).unwrap_or(region.len());
            let mut inner = Vec::new();
            if is_item(head.content) {
                let rest = head.content[1..].trim_start();
                if !rest.is_empty() {
                    let skip = head.content.len() - rest.len();
                    inner.push(Line {
                        offset: head.offset + skip,
                        indent: head.indent + skip,
                        content: rest,
                    });
                }
            } else {
                let (_, key_len) = key_of(head.content)?;
                if !is_node_prefix(value_after(head.content, key_len)) {
                    // A scalar or a flow collection on the key's line: a
                    // deeper pointer goes into it, which is not read here.
                    return None;
                }
            }
            inner.extend(region[i + 1..next].iter().copied());
            // `key:` followed by `- item` lines at the key's own indentation.
            if !is_item(head.content) && inner.is_empty() {
                inner.extend(
                    region[next..]
                        .iter()
                        .copied()
                        .take_while(|l| l.indent == entry_indent && is_item(l.content)),
                );
            }
            parent_indent = Some(entry_indent);
            region = inner;
        }
        let (offset, len) = found?;
        let (l, col) = super::line_col(text, offset);
        Some((l, col, len.max(1) as u32))
    }

    fn is_item(content: &str) -> bool {
        content == "-" || content.starts_with("- ")
    }

    /// A value on the key's line that still lets the node continue below:
    /// a comment, an anchor or tag alone, a block scalar header.
    fn is_node_prefix(value: &str) -> bool {
        value.is_empty()
            || value.starts_with('#')
            || value.split_whitespace().all(|w| w.starts_with('&') || w.starts_with('!'))
    }

    /// What follows `key:` on an entry line.
    fn value_after(content: &str, key_len: usize) -> &str {
        content[key_len..].trim_start().strip_prefix(':').unwrap_or("").trim()
    }

    /// The key of a mapping entry line and the byte length of its key token.
    fn key_of(content: &str) -> Option<(String, usize)> {
        let first = content.chars().next()?;
        if first == '"' || first == '\'' {
            let mut i = 1;
            let b = content.as_bytes();
            while i < b.len() {
                if b[i] == first as u8 {
                    if first == '\'' && b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    break;
                }
                if first == '"' && b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            let token = content.get(..=i)?;
            let after = content[token.len()..].trim_start();
            if !after.starts_with(':') {
                return None;
            }
            let key = if first == '"' {
                serde_json::from_str(token).ok()?
            } else {
                token[1..token.len() - 1].replace("''", "'")
            };
            return Some((key, token.len()));
        }
        if "-[{&*!|>%@`?".contains(first) && !(first == '-' && !content.starts_with("- ") && content != "-") {
            return None;
        }
        // A plain key ends at the first `: ` (or a `:` ending the line).
        let end = content
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| content[i + 1..].is_empty() || content[i + 1..].starts_with([' ', '\t']))?;
        let key = content[..end].trim_end();
        if key.is_empty() || key.contains(" #") {
            return None;
        }
        Some((key.to_string(), key.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "\
openapi: 3.1.0
# a comment
components:
  schemas:
    Pet:
      description: |
        A pet.
        name: not a key
      type: object
      required:
      - name
      properties:
        'name':
          type: strng
        \"tag/x\":
          $ref: '#/components/schemas/Tag'
        flow: {type: string}
    Tag:
      allOf:
        - $ref: '#/components/schemas/A'
        - type: object
          properties:
            x: {}
";

    #[test]
    fn yaml_pointers_find_their_key_or_item() {
        let at = |p: &str| pointer_position(YAML, p);
        assert_eq!(at("/components/schemas/Pet"), Some((5, 5, 3)));
        assert_eq!(at("/components/schemas/Pet/properties/name"), Some((13, 9, 6)));
        assert_eq!(at("/components/schemas/Pet/properties/name/type"), Some((14, 11, 11)));
        assert_eq!(at("/components/schemas/Pet/properties/tag~1x"), Some((15, 9, 7)));
        assert_eq!(at("/components/schemas/Pet/required/0"), Some((11, 7, 6)));
        assert_eq!(at("/components/schemas/Pet/properties/flow"), Some((17, 9, 20)));
        assert_eq!(at("/components/schemas/Tag/allOf/0"), Some((20, 9, 32)));
        assert_eq!(at("/components/schemas/Tag/allOf/1/properties/x"), Some((23, 13, 5)));
        // Not there, or inside a flow collection or a block scalar.
        assert_eq!(at("/components/schemas/Nope"), None);
        assert_eq!(at("/components/schemas/Pet/properties/flow/type"), None);
        assert_eq!(at("/components/schemas/Pet/description/name"), None);
        assert_eq!(at(""), None);
    }

    #[test]
    fn json_pointers_find_their_key_or_item() {
        let text = "{\n  \"components\": {\"schemas\": {\n    \"A\": {\"type\": \"x\"},\n    \"B\": {\"allOf\": [{\"a\": 1}, \n      {\"$ref\": \"#/x\"}]}\n  }}\n}\n";
        let at = |p: &str| pointer_position(text, p);
        assert_eq!(at("/components/schemas/A/type"), Some((3, 11, 6)));
        assert_eq!(at("/components/schemas/B/allOf/1"), Some((5, 7, 15)));
        assert_eq!(at("/components/schemas/C"), None);
        assert_eq!(at("/components/schemas/B/allOf/2"), None);
    }

    #[test]
    fn underlines_cover_the_cell_the_row_or_the_token() {
        let row = "| `name` | *strnig* | :heavy_check_mark: | The name \\| alias. |";
        assert_eq!(underline(row, 1), row.chars().count() as u32);
        let col = |s: &str| row.find(s).unwrap() as u32 + 1;
        assert_eq!(underline(row, col("*strnig*")), "*strnig*".len() as u32);
        assert_eq!(underline(row, col("The name")), "The name \\| alias.".len() as u32);
        assert_eq!(underline("# Title", 1), 7);
        assert_eq!(underline("```typescript", 1), 13);
        assert_eq!(underline("  type: wat", 3), 4);
        assert_eq!(underline("  $ref: '#/a/b'", 9), 7);
        assert_eq!(underline("  \"a\": 1,}", 10), 1);
        assert_eq!(underline("short", 40), 1);
    }
}
