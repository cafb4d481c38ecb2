//! One doc's text -> [`Doc`] (the source model), or every error in it.
//!
//! A doc is `# Title`, an optional description (paragraphs, an optional
//! `> :warning: **DEPRECATED**` note), then `##` sections: `Example Usage`
//! (skipped: the TypeScript sample carries nothing the tables do not) and
//! exactly one of `Fields`, `Values`, `Supported Types`.

use std::ops::Range;

use super::blocks::{blocks, Block, BlockKind, TableRow};
use super::cells;
use super::source::{Body, Doc, FieldRow, LineIndex, Member, OpenKind, Pos, ValueRow};
use super::type_expr::{self, TypeExpr};
use crate::Diagnostic;

const OPEN_ENUM_NOTE: &str = "This is an open enum.";

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    lines: LineIndex<'a>,
    errors: Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    fn pos(&self, offset: usize) -> Pos {
        self.lines.pos(offset)
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let p = self.pos(offset);
        self.errors
            .push(Diagnostic::at(self.file, p.line, p.column, message));
    }

    fn error_with_help(&mut self, offset: usize, message: String, help: Option<String>) {
        let p = self.pos(offset);
        self.errors
            .push(Diagnostic::at(self.file, p.line, p.column, message).with_help(help));
    }

    fn slice(&self, r: &Range<usize>) -> &'a str {
        self.text.get(r.clone()).unwrap_or("")
    }

    /// A table cell's text, trimmed, with the offset where it starts.
    fn cell(&self, r: &Range<usize>) -> (usize, &'a str) {
        let raw = self.slice(r);
        let lead = raw.len() - raw.trim_start().len();
        (r.start + lead, raw.trim())
    }
}

/// Parses one doc. `file` is relative to the docs root; `namespace` is its
/// folder. Returns the doc (without the rows that had errors, so the run can
/// still resolve references to it and report more errors) and the errors;
/// no doc when even the title is unusable.
pub fn parse_doc(file: &str, namespace: &str, text: String) -> (Option<Doc>, Vec<Diagnostic>) {
    let (parsed, errors) = {
        let mut cx = Ctx {
            file,
            text: &text,
            lines: LineIndex::new(&text),
            errors: Vec::new(),
        };
        let out = parse_blocks(&mut cx, &blocks(&text));
        (out, cx.errors)
    };
    let doc = parsed.map(|p| Doc {
        text,
        file: file.to_string(),
        namespace: namespace.to_string(),
        title: p.title,
        title_pos: p.title_pos,
        description: p.description,
        deprecated: p.deprecated,
        body: p.body,
    });
    (doc, errors)
}

struct Parsed {
    title: String,
    title_pos: Pos,
    description: Option<String>,
    deprecated: Option<String>,
    body: Body,
}

const SECTIONS: &str = "`## Example Usage`, `## Fields`, `## Values` or `## Supported Types`";

fn parse_blocks(cx: &mut Ctx<'_>, blocks: &[Block]) -> Option<Parsed> {
    let Some((first, rest)) = blocks.split_first() else {
        cx.error(
            0,
            "expected a `# Title` heading naming the model, found an empty file",
        );
        return None;
    };
    if first.kind != BlockKind::Heading(1) {
        cx.error(
            first.range.start,
            "expected a `# Title` heading naming the model first",
        );
        return None;
    }
    let (title, struck) = title_text(cx, first)?;
    let title_pos = cx.pos(first.range.start);

    // Preamble: description and model deprecation, up to the first `##`.
    let split = rest
        .iter()
        .position(|b| b.kind == BlockKind::Heading(2))
        .unwrap_or(rest.len());
    let (preamble, sections) = rest.split_at(split);
    let mut description = Vec::new();
    let mut deprecated = struck.then(String::new);
    for b in preamble {
        match b.kind {
            BlockKind::Heading(level) => cx.error(
                b.range.start,
                format!("unexpected level-{level} heading before the first section; expected {SECTIONS}"),
            ),
            BlockKind::Table => cx.error(
                b.range.start,
                format!("unexpected table before the first section; expected it under {SECTIONS}"),
            ),
            BlockKind::BlockQuote => {
                let quoted = cells::unquote(cx.slice(&b.range));
                match cells::strip_deprecated(&quoted) {
                    Some(msg) => deprecated = Some(msg.trim().to_string()),
                    None => description.push(cx.slice(&b.range).trim().to_string()),
                }
            }
            _ => description.push(cx.slice(&b.range).trim().to_string()),
        }
    }

    // Sections.
    let mut body: Option<(Body, usize)> = None;
    let mut i = 0;
    while let Some(h) = sections.get(i) {
        let end = sections[i + 1..]
            .iter()
            .position(|b| b.kind == BlockKind::Heading(2))
            .map_or(sections.len(), |p| i + 1 + p);
        let content = sections.get(i + 1..end).unwrap_or(&[]);
        i = end;
        let name = cx.slice(&h.inner).trim();
        let parsed = match name {
            "Example Usage" => {
                for b in content {
                    if let BlockKind::Heading(level) = b.kind {
                        cx.error(
                            b.range.start,
                            format!("unexpected level-{level} heading in `## Example Usage`"),
                        );
                    }
                }
                continue;
            }
            "Fields" => fields_section(cx, h, content).map(Body::Fields),
            "Values" => values_section(cx, h, content),
            "Supported Types" => union_section(cx, h, content).map(Body::Union),
            other => {
                cx.error(
                    h.range.start,
                    format!("unknown section `## {other}`; expected {SECTIONS}"),
                );
                continue;
            }
        };
        if let Some((_, first_at)) = &body {
            let p = cx.pos(*first_at);
            cx.error(
                h.range.start,
                format!(
                    "second model section `## {name}`; a doc describes one model and already has one at line {}",
                    p.line
                ),
            );
            continue;
        }
        if let Some(b) = parsed {
            body = Some((b, h.range.start));
        } else {
            // Errors already reported; remember the section to avoid a
            // misleading "missing section" error.
            body = Some((Body::Fields(Vec::new()), h.range.start));
        }
    }
    let Some((body, _)) = body else {
        cx.error(
            first.range.start,
            "no model section: expected `## Fields`, `## Values` or `## Supported Types`",
        );
        return None;
    };
    Some(Parsed {
        title,
        title_pos,
        description: (!description.is_empty()).then(|| description.join("\n\n")),
        deprecated,
        body,
    })
}

/// `# Name` or `# ~~Name~~` -> (Name, struck through).
fn title_text(cx: &mut Ctx<'_>, h: &Block) -> Option<(String, bool)> {
    let raw = cx.slice(&h.inner).trim();
    let (name, struck) = match raw.strip_prefix("~~").and_then(|r| r.strip_suffix("~~")) {
        Some(inner) => (inner.trim(), true),
        None => (raw, false),
    };
    let ident = name
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_alphanumeric() || c == '_');
    if !ident {
        cx.error(
            h.inner.start,
            format!("expected the model name (an identifier, optionally struck through `~~Name~~`) as the title, found {}", cells::code(raw)),
        );
        return None;
    }
    Some((name.to_string(), struck))
}

/// Maps header names to column indexes; `names` lists (header, required).
fn columns(
    cx: &mut Ctx<'_>,
    head: &TableRow,
    names: &[(&str, bool)],
) -> Option<Vec<Option<usize>>> {
    let mut found: Vec<Option<usize>> = vec![None; names.len()];
    let mut ok = true;
    for (col, r) in head.cells.iter().enumerate() {
        let (at, h) = cx.cell(r);
        match names.iter().position(|(n, _)| *n == h) {
            Some(k) if found[k].is_none() => found[k] = Some(col),
            Some(_) => {
                cx.error(at, format!("duplicate column `{h}`"));
                ok = false;
            }
            None => {
                let list: Vec<String> = names.iter().map(|(n, _)| format!("`{n}`")).collect();
                cx.error(
                    at,
                    format!("unknown column `{h}`; expected {}", list.join(", ")),
                );
                ok = false;
            }
        }
    }
    for ((name, required), f) in names.iter().zip(&found) {
        if *required && f.is_none() {
            cx.error(head.range.start, format!("missing column `{name}`"));
            ok = false;
        }
    }
    ok.then_some(found)
}

/// The single table of a section (None when there is none); anything else
/// but paragraphs accepted by `para` is an error.
fn section_table<'b>(
    cx: &mut Ctx<'_>,
    h: &Block,
    content: &'b [Block],
    mut para: impl FnMut(&mut Ctx<'_>, &Block) -> bool,
) -> Option<&'b Block> {
    let section = cx.slice(&h.inner).trim().to_string();
    let mut table = None;
    for b in content {
        match b.kind {
            BlockKind::Table if table.is_none() => table = Some(b),
            BlockKind::Table => cx.error(b.range.start, format!("second table in `## {section}`")),
            BlockKind::Paragraph if para(cx, b) => {}
            _ => cx.error(
                b.range.start,
                format!(
                    "unexpected {} in `## {section}`; expected a table",
                    describe(&b.kind)
                ),
            ),
        }
    }
    table
}

fn describe(k: &BlockKind) -> String {
    match k {
        BlockKind::Heading(l) => format!("level-{l} heading"),
        BlockKind::Paragraph => "paragraph".into(),
        BlockKind::BlockQuote => "block quote".into(),
        BlockKind::CodeBlock => "code block".into(),
        BlockKind::Table => "table".into(),
        BlockKind::Other(what) => (*what).into(),
    }
}

/// Cells of a body row, checking the count against the header.
fn row_cells<'r>(
    cx: &mut Ctx<'_>,
    row: &'r TableRow,
    expected: usize,
) -> Option<&'r [Range<usize>]> {
    if row.cells.len() < expected {
        cx.error(
            row.range.start,
            format!(
                "table row has {} cells, expected {expected}",
                row.cells.len()
            ),
        );
        return None;
    }
    // pulldown-cmark silently drops cells beyond the header's count; a row
    // with more cells than columns means the table is not what it looks like.
    let written = raw_cell_count(cx.slice(&row.range));
    if written > expected {
        cx.error(
            row.range.start,
            format!("table row has {written} cells, expected {expected}; the header has {expected} columns (an unescaped `|` inside a cell? write it as `\\|`)"),
        );
        return None;
    }
    Some(&row.cells)
}

/// Cells of a GFM table row as written: unescaped `|` separate cells (also
/// inside code spans), leading and trailing pipes are optional.
fn raw_cell_count(row: &str) -> usize {
    let line = row.lines().next().unwrap_or("").trim();
    // As pulldown-cmark splits: a `|` right after a backslash is escaped,
    // however many backslashes precede it.
    let mut pipes = Vec::new();
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        if c == '|' && prev != '\\' {
            pipes.push(i);
        }
        prev = c;
    }
    let mut n = pipes.len() + 1;
    if pipes.first() == Some(&0) {
        n -= 1;
    }
    if line.len() > 1 && pipes.last() == Some(&(line.len() - 1)) {
        n -= 1;
    }
    n
}

fn fields_section(cx: &mut Ctx<'_>, h: &Block, content: &[Block]) -> Option<Vec<FieldRow>> {
    let Some(table) = section_table(cx, h, content, |_, _| false) else {
        // A `## Fields` heading with no table: a model without fields.
        return Some(Vec::new());
    };
    let cols = columns(
        cx,
        &table.head,
        &[
            ("Field", true),
            ("Type", true),
            ("Required", true),
            ("Description", true),
            ("Example", false),
        ],
    )?;
    let n = table.head.cells.len();
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(cells) = row_cells(cx, row, n) else {
            continue;
        };
        let get = |k: usize| cols.get(k).copied().flatten().and_then(|c| cells.get(c));
        let (Some(c_name), Some(c_ty), Some(c_req), Some(c_desc)) =
            (get(0), get(1), get(2), get(3))
        else {
            continue;
        };
        let pos = cx.pos(row.range.start);

        let (at, raw) = cx.cell(c_name);
        let Some((name, struck)) = cells::field_name(raw) else {
            cx.error(
                at,
                format!("expected a field name in backticks such as `` `id` `` (or struck through: ~~`id`~~), found {}", cells::code(raw)),
            );
            continue;
        };

        let (at, raw) = cx.cell(c_ty);
        let ty = match type_expr::parse(raw) {
            Ok(mut ty) => {
                shift(&mut ty, at);
                ty
            }
            Err(e) => {
                let help = type_expr::help_at(raw.get(e.at..).unwrap_or(""));
                cx.error_with_help(at + e.at, format!("in the type of field `{name}`: {}", e.message), help);
                continue;
            }
        };

        let (at, raw) = cx.cell(c_req);
        let required = match raw {
            ":heavy_check_mark:" => true,
            ":heavy_minus_sign:" => false,
            other => {
                cx.error(
                    at,
                    format!("expected `:heavy_check_mark:` (required) or `:heavy_minus_sign:` (optional), found {}", cells::code(other)),
                );
                continue;
            }
        };

        let (_, raw) = cx.cell(c_desc);
        let (description, mut deprecated) = cells::description(raw);
        if struck && deprecated.is_none() {
            deprecated = Some(String::new());
        }
        let example = get(4)
            .map(|c| cx.cell(c).1)
            .filter(|s| !s.is_empty())
            .map(cells::cell_text);
        out.push(FieldRow {
            name: name.to_string(),
            pos,
            ty,
            required,
            description,
            deprecated,
            example,
        });
    }
    Some(out)
}

fn values_section(cx: &mut Ctx<'_>, h: &Block, content: &[Block]) -> Option<Body> {
    let mut noted_open = false;
    let table = section_table(cx, h, content, |cx, b| {
        let ok = cx.slice(&b.range).trim().starts_with(OPEN_ENUM_NOTE);
        noted_open |= ok;
        ok
    });
    let Some(table) = table else {
        cx.error(
            h.range.start,
            "expected a `| Name | Value |` table in `## Values`",
        );
        return None;
    };
    let cols = columns(cx, &table.head, &[("Name", true), ("Value", true)])?;
    let (Some(ni), Some(vi)) = (cols[0], cols[1]) else {
        return None;
    };
    let n = table.head.cells.len();
    let mut open = None;
    let mut rows = Vec::new();
    for row in &table.rows {
        let Some(cells) = row_cells(cx, row, n) else {
            continue;
        };
        let (Some(c_name), Some(c_value)) = (cells.get(ni), cells.get(vi)) else {
            continue;
        };
        let (name_at, name) = cx.cell(c_name);
        let (value_at, value) = cx.cell(c_value);
        if name == "-" {
            open = match value {
                "`Unrecognized<string>`" => Some(OpenKind::String),
                "`Unrecognized<number>`" => Some(OpenKind::Number),
                other => {
                    cx.error(
                        value_at,
                        format!(
                            "expected `` `Unrecognized<string>` `` in the open-enum row, found {}",
                            cells::code(other)
                        ),
                    );
                    continue;
                }
            };
            continue;
        }
        let Some(name) = name
            .strip_prefix('`')
            .and_then(|n| n.strip_suffix('`'))
            .filter(|n| !n.is_empty() && !n.contains('`'))
        else {
            cx.error(
                name_at,
                format!(
                    "expected a member name in backticks such as `` `Active` ``, found {}",
                    cells::code(name)
                ),
            );
            continue;
        };
        rows.push(ValueRow {
            name: name.to_string(),
            value: cells::unescape_pipes(value),
            pos: cx.pos(row.range.start),
        });
    }
    if noted_open && open.is_none() {
        open = Some(OpenKind::String);
    }
    Some(Body::Values { open, rows })
}

fn union_section(cx: &mut Ctx<'_>, h: &Block, content: &[Block]) -> Option<Vec<Member>> {
    let mut out = Vec::new();
    for b in content {
        match b.kind {
            BlockKind::Heading(3) => {
                let (at, raw) = cx.cell(&b.inner);
                let Some(label) = raw
                    .strip_prefix('`')
                    .and_then(|r| r.strip_suffix('`'))
                    .filter(|l| !l.contains('`'))
                else {
                    cx.error(
                        at,
                        format!(
                            "expected a type in backticks such as ### `string`, found {}",
                            cells::code(raw)
                        ),
                    );
                    continue;
                };
                let at = at + 1;
                match type_expr::parse(label) {
                    Ok(mut ty) => {
                        shift(&mut ty, at);
                        out.push(Member {
                            label: label.to_string(),
                            ty,
                            pos: cx.pos(b.range.start),
                        });
                    }
                    Err(e) => {
                        let help = type_expr::help_at(label.get(e.at..).unwrap_or(""));
                        cx.error_with_help(at + e.at, format!("in a supported type: {}", e.message), help);
                    }
                }
            }
            // Per-member TypeScript samples.
            BlockKind::CodeBlock => {}
            ref k => cx.error(
                b.range.start,
                format!(
                    "unexpected {} in `## Supported Types`; expected ### `type` headings",
                    describe(k)
                ),
            ),
        }
    }
    if out.is_empty() && cx.errors.is_empty() {
        cx.error(
            h.range.start,
            "`## Supported Types` lists no types; expected ### `type` headings",
        );
        return None;
    }
    Some(out)
}

/// Makes reference offsets absolute in the file.
fn shift(ty: &mut TypeExpr, by: usize) {
    match ty {
        TypeExpr::Named { at, .. } | TypeExpr::Link { at, .. } => *at += by,
        TypeExpr::Array(inner) | TypeExpr::Map(inner) => shift(inner, by),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        let (_, errs) = parse_doc("shared/x.md", "shared", text.to_string());
        errs.iter().map(|d| d.to_string()).collect()
    }

    fn doc(text: &str) -> Doc {
        match parse_doc("shared/x.md", "shared", text.to_string()) {
            (Some(d), e) if e.is_empty() => d,
            (_, e) => panic!("{e:?}"),
        }
    }

    const HEAD: &str =
        "| Field | Type | Required | Description | Example |\n| - | - | - | - | - |\n";

    #[test]
    fn fields_table_rows() {
        let d = doc(&format!(
            "# X\n\n## Fields\n\n{HEAD}| `a` | *string*[] | :heavy_check_mark: | one \\| two<br/>three | [<br/>1<br/>] |\n\
             | ~~`b`~~ | [shared.Y](y.md) | :heavy_minus_sign: | N/A |  |\n"
        ));
        let Body::Fields(rows) = d.body else {
            panic!("fields")
        };
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "a");
        assert_eq!(rows[0].ty, TypeExpr::Array(Box::new(TypeExpr::String)));
        assert!(rows[0].required);
        assert_eq!(rows[0].description.as_deref(), Some("one | two\nthree"));
        assert_eq!(rows[0].example.as_deref(), Some("[\n1\n]"));
        assert_eq!(rows[0].pos, Pos { line: 7, column: 1 });
        assert_eq!(rows[1].deprecated.as_deref(), Some(""));
        assert_eq!(rows[1].description, None);
        // Link offsets are absolute in the file: line 8, after "| ~~`b`~~ | ".
        let TypeExpr::Link { at, .. } = rows[1].ty else {
            panic!("link")
        };
        assert_eq!(
            LineIndex::new(&d.text).pos(at),
            Pos {
                line: 8,
                column: 13
            }
        );
    }

    #[test]
    fn table_errors_have_positions() {
        assert_eq!(
            errors(&format!("# X\n\n## Fields\n\n{HEAD}| `a` | *string | :heavy_check_mark: | N/A | |\n")),
            ["error: shared/x.md:7:16: in the type of field `a`: expected `*`, found end of input"]
        );
        assert_eq!(
            errors(&format!("# X\n\n## Fields\n\n{HEAD}| `a` | *string* | maybe | N/A | |\n")),
            ["error: shared/x.md:7:20: expected `:heavy_check_mark:` (required) or `:heavy_minus_sign:` (optional), found `maybe`"]
        );
        assert_eq!(
            errors("# X\n\n## Values\n\n| Name | Value |\n| - | - |\n| A | a |\n| - | `Unrecognized<bool>` |\n"),
            [
                "error: shared/x.md:7:3: expected a member name in backticks such as `` `Active` ``, found `A`",
                "error: shared/x.md:8:7: expected `` `Unrecognized<string>` `` in the open-enum row, found `` `Unrecognized<bool>` ``",
            ]
        );
        assert_eq!(
            errors("# X\n\n## Supported Types\n\n### string\n"),
            ["error: shared/x.md:5:5: expected a type in backticks such as ### `string`, found `string`"]
        );
        assert_eq!(
            errors("# X\n\nText.\n"),
            ["error: shared/x.md:1:1: no model section: expected `## Fields`, `## Values` or `## Supported Types`"]
        );
    }

    #[test]
    fn open_enum_forms() {
        let open = |text: &str| match doc(text).body {
            Body::Values { open, rows } => (open, rows.len()),
            _ => panic!("values"),
        };
        let table = "| Name | Value |\n| - | - |\n| `A` | a |\n";
        assert_eq!(open(&format!("# X\n\n## Values\n\n{table}")), (None, 1));
        assert_eq!(
            open(&format!("# X\n\n## Values\n\nThis is an open enum. Unrecognized values will be captured as the `Unrecognized<string>` branded type.\n\n{table}| - | `Unrecognized<string>` |\n")),
            (Some(OpenKind::String), 1)
        );
        assert_eq!(
            open(&format!(
                "# X\n\n## Values\n\n{table}| - | `Unrecognized<number>` |\n"
            )),
            (Some(OpenKind::Number), 1)
        );
    }

    /// Random line soup: never a panic, and every error has a position.
    #[test]
    fn random_docs_never_panic() {
        const LINES: &[&str] = &[
            "# X",
            "# ~~Y~~",
            "# ",
            "## Fields",
            "## Values",
            "## Supported Types",
            "## Example Usage",
            "### `string`",
            "### `shared.X`",
            "### x",
            "",
            "text",
            "> :warning: **DEPRECATED**: gone",
            "```typescript",
            "```",
            "| Field | Type | Required | Description |",
            "| Name | Value |",
            "| - | - | - | - |",
            "| - | - |",
            "| `a` | *string* | :heavy_check_mark: | N/A |",
            "| `a` | a |",
            "| - | `Unrecognized<string>` |",
            "| é | ~~`b`~~ | \\| | <br/> |",
            "This is an open enum.",
            "- item",
            "<div>",
            "***",
            "|",
            "| `",
            "    code",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3_000 {
            let n = (next() % 16) as usize;
            let text: Vec<&str> = (0..n)
                .map(|_| LINES[(next() % LINES.len() as u64) as usize])
                .collect();
            let text = text.join("\n");
            let (_, errs) = parse_doc("shared/x.md", "shared", text.clone());
            for e in errs {
                assert!(e.line >= 1 && e.column >= 1, "{e} in {text:?}");
            }
        }
    }

    #[test]
    fn counts_cells_as_written() {
        assert_eq!(raw_cell_count("| a | b | c |"), 3);
        assert_eq!(raw_cell_count("a | b | c"), 3);
        assert_eq!(raw_cell_count("| a | b | c | d |\n"), 4);
        assert_eq!(raw_cell_count(r"| `a \| b` | c |"), 2);
        assert_eq!(raw_cell_count(r"| a \\| b |"), 1);
        assert_eq!(raw_cell_count("| `x` |  |"), 2);
        assert_eq!(raw_cell_count("|"), 1);
    }
}
