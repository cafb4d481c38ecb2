//! pulldown-cmark events -> a flat list of top-level blocks with byte ranges.
//!
//! The doc parser works on raw source slices (cell text, heading text) rather
//! than on rendered inline events: type cells such as
//! `*ReadableStream<Uint8Array>*` or `Record<string, *any*>` would otherwise be
//! split into emphasis and inline HTML, and enum values such as `*xsl` would
//! lose their `*`.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockKind {
    Heading(u8),
    Paragraph,
    BlockQuote,
    CodeBlock,
    Table,
    /// Lists, HTML blocks, rules...: only allowed in descriptions.
    Other(&'static str),
}

#[derive(Debug, Clone, Default)]
pub struct TableRow {
    /// The whole row.
    pub range: Range<usize>,
    /// Raw cell source, untrimmed (`\|` still escaped).
    pub cells: Vec<Range<usize>>,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub kind: BlockKind,
    pub range: Range<usize>,
    /// Source of the inline content (heading text without `#`s); empty when
    /// the block has none.
    pub inner: Range<usize>,
    /// Tables only: the header row, then the body rows.
    pub head: TableRow,
    pub rows: Vec<TableRow>,
}

pub fn options() -> Options {
    let mut o = Options::empty();
    o.insert(Options::ENABLE_TABLES);
    o.insert(Options::ENABLE_STRIKETHROUGH);
    o
}

fn kind_of(tag: &Tag<'_>) -> BlockKind {
    match tag {
        Tag::Heading { level, .. } => BlockKind::Heading(match level {
            HeadingLevel::H1 => 1,
            HeadingLevel::H2 => 2,
            HeadingLevel::H3 => 3,
            HeadingLevel::H4 => 4,
            HeadingLevel::H5 => 5,
            HeadingLevel::H6 => 6,
        }),
        Tag::Paragraph => BlockKind::Paragraph,
        Tag::BlockQuote(_) => BlockKind::BlockQuote,
        Tag::CodeBlock(_) => BlockKind::CodeBlock,
        Tag::Table(_) => BlockKind::Table,
        Tag::List(_) => BlockKind::Other("list"),
        Tag::HtmlBlock => BlockKind::Other("HTML block"),
        Tag::FootnoteDefinition(_) => BlockKind::Other("footnote"),
        _ => BlockKind::Other("block"),
    }
}

/// Splits a document into its top-level blocks.
pub fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut depth = 0usize;
    let mut cur: Option<Block> = None;
    let mut row: Option<TableRow> = None;
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    cur = Some(Block {
                        kind: kind_of(&tag),
                        range: range.clone(),
                        inner: range.end..range.end,
                        head: TableRow::default(),
                        rows: Vec::new(),
                    });
                } else if let Some(b) = cur.as_mut() {
                    match tag {
                        Tag::TableHead | Tag::TableRow => {
                            row = Some(TableRow {
                                range: range.clone(),
                                cells: Vec::new(),
                            })
                        }
                        Tag::TableCell => {
                            if let Some(r) = row.as_mut() {
                                r.cells.push(range.clone());
                            }
                        }
                        _ => note_inner(b, &range, depth),
                    }
                }
                depth += 1;
            }
            Event::End(tag) => {
                depth = depth.saturating_sub(1);
                if let Some(b) = cur.as_mut() {
                    match tag {
                        TagEnd::TableHead => {
                            if let Some(r) = row.take() {
                                b.head = r;
                            }
                        }
                        TagEnd::TableRow => {
                            if let Some(r) = row.take() {
                                b.rows.push(r);
                            }
                        }
                        _ => {}
                    }
                }
                if depth == 0 {
                    if let Some(b) = cur.take() {
                        out.push(b);
                    }
                }
            }
            Event::Rule if depth == 0 => out.push(Block {
                kind: BlockKind::Other("thematic break"),
                range: range.clone(),
                inner: range.end..range.end,
                head: TableRow::default(),
                rows: Vec::new(),
            }),
            _ => {
                if let Some(b) = cur.as_mut() {
                    note_inner(b, &range, depth);
                }
            }
        }
    }
    out
}

/// Widens a block's inline-content range to cover `range` (direct children
/// of headings/paragraphs only; nested content is inside those anyway).
fn note_inner(b: &mut Block, range: &Range<usize>, depth: usize) {
    if depth != 1 {
        return;
    }
    if b.inner.start == b.inner.end && b.inner.start == b.range.end {
        b.inner = range.clone();
    } else {
        b.inner.start = b.inner.start.min(range.start);
        b.inner.end = b.inner.end.max(range.end);
    }
}
