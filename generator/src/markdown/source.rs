//! The source model: one parsed doc, before links are resolved.

use super::type_expr::TypeExpr;

/// Byte offset -> 1-based line and column (in characters), by binary search
/// over line starts (docs are parsed once; positions are looked up often).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count())
            + 1;
        Pos {
            line: line as u32,
            column: column as u32,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A doc as written, with positions; produced per file (in parallel).
#[derive(Debug, Clone)]
pub struct Doc {
    /// The file's text: reference positions (`TypeExpr` offsets, absolute in
    /// this text) are turned into line/column only when reporting an error.
    pub text: String,
    /// Relative to the docs root, `/`-separated.
    pub file: String,
    pub namespace: String,
    pub title: String,
    pub title_pos: Pos,
    pub description: Option<String>,
    pub deprecated: Option<String>,
    pub body: Body,
}

#[derive(Debug, Clone)]
pub enum Body {
    Fields(Vec<FieldRow>),
    Values {
        /// `Unrecognized<string>` / `Unrecognized<number>` captured values.
        open: Option<OpenKind>,
        rows: Vec<ValueRow>,
    },
    Union(Vec<Member>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenKind {
    String,
    Number,
}

#[derive(Debug, Clone)]
pub struct FieldRow {
    pub name: String,
    pub pos: Pos,
    pub ty: TypeExpr,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: Option<String>,
    pub example: Option<String>,
}

#[derive(Debug, Clone)]
pub struct ValueRow {
    pub name: String,
    pub value: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Member {
    pub label: String,
    pub ty: TypeExpr,
    pub pos: Pos,
}
