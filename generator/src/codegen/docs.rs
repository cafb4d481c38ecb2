//! Doc comments from source text.
//!
//! Text only ever reaches the output as the string literal of a
//! `#[doc = "..."]` attribute (quote escapes it), so it cannot become code.
//! On top of that we drop control and bidirectional-override characters
//! (Trojan Source), and keep rustdoc from treating the text as Rust: code
//! fences without a language become `text` fences and lines are unindented
//! (an indented block would otherwise become a doctest that `cargo test` runs).

use quote::quote;

use super::ast;

fn is_bidi_or_invisible(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}'
        | '\u{061C}' | '\u{200B}'..='\u{200D}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Removes characters that must not appear in generated source; tabs become
/// spaces, `\r\n` and lone `\r` become `\n`.
pub fn clean(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_bidi_or_invisible(c) => None,
            c => Some(c),
        })
        .collect()
}

/// One line, for places that cannot hold a newline (the `@generated` header).
pub fn one_line(text: &str) -> String {
    clean(text).replace('\n', " ")
}

/// Markdown lines made safe for rustdoc (see module docs).
fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for raw in clean(text).lines() {
        let line = raw.trim();
        let marker: String = line
            .chars()
            .take_while(|&c| c == '`' || c == '~')
            .collect();
        let is_fence = marker.len() >= 3 && marker.chars().all(|c| c == marker.as_bytes()[0] as char);
        match (&fence, is_fence) {
            (None, true) => {
                let info = line[marker.len()..].trim();
                let rusty = info.is_empty()
                    || info
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .any(|t| t == "rust" || t.starts_with("edition"));
                fence = Some(marker.clone());
                out.push(if rusty {
                    format!("{marker}text")
                } else {
                    line.to_string()
                });
            }
            (Some(open), true) if marker.starts_with(open.as_str()) && line[marker.len()..].trim().is_empty() => {
                fence = None;
                out.push(line.to_string());
            }
            // Inside a fence the text is shown verbatim (indentation kept).
            (Some(_), _) => out.push(raw.trim_end().to_string()),
            (None, false) => out.push(line.to_string()),
        }
    }
    if let Some(open) = fence {
        out.push(open);
    }
    // Trim leading/trailing blank lines.
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// Inline code span that survives backticks inside `text`.
pub fn code_span(text: &str) -> String {
    let text = one_line(text);
    let mut longest = 0;
    let mut cur = 0;
    for c in text.chars() {
        if c == '`' {
            cur += 1;
            longest = longest.max(cur);
        } else {
            cur = 0;
        }
    }
    let ticks = "`".repeat(longest + 1);
    if longest > 0 || text.starts_with(' ') || text.ends_with(' ') {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

/// A JSON value as shown in docs: strings as their text, others as JSON.
pub fn json_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// Builds the paragraphs of a doc comment.
#[derive(Default)]
pub struct Doc {
    paragraphs: Vec<String>,
}

impl Doc {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn text(&mut self, text: Option<&str>) -> &mut Self {
        if let Some(t) = text {
            if !t.trim().is_empty() {
                self.paragraphs.push(t.to_string());
            }
        }
        self
    }

    pub fn line(&mut self, text: String) -> &mut Self {
        self.paragraphs.push(text);
        self
    }

    /// One `#[doc = "..."]` per line (see `ast`: built, not parsed).
    pub fn attrs(&self) -> Vec<syn::Attribute> {
        let mut attrs = Vec::new();
        for p in &self.paragraphs {
            let pl = doc_lines(p);
            if pl.is_empty() {
                continue;
            }
            if !attrs.is_empty() {
                attrs.push(ast::doc_attr(""));
            }
            for l in pl {
                attrs.push(ast::doc_attr(&if l.is_empty() { l } else { format!(" {l}") }));
            }
        }
        attrs
    }

}

/// `#[deprecated]` / `#[deprecated(note = "...")]`, when `message` is given.
pub fn deprecated_attr(message: Option<&str>) -> Option<syn::Attribute> {
    let m = message.map(one_line)?;
    let m = m.trim();
    if m.is_empty() {
        Some(ast::word_attr("deprecated"))
    } else {
        Some(ast::list_attr("deprecated", quote! { note = #m }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_and_indentation_are_defused() {
        let l = doc_lines("Intro\n    let x = 1;\n```\nfn main() {}\n```\n```json\n{}\n```");
        assert_eq!(
            l,
            vec!["Intro", "let x = 1;", "```text", "fn main() {}", "```", "```json", "{}", "```"]
        );
        assert_eq!(doc_lines("```rust\nx"), vec!["```text", "x", "```"]);
    }

    #[test]
    fn controls_removed() {
        assert_eq!(clean("a\u{202e}b\u{7}c\r\nd\te"), "abc\nd e");
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(code_span("ab"), "`ab`");
    }
}
