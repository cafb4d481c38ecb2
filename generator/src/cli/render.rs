//! Diagnostics on stderr: rendered as rustc does (annotate-snippets, the
//! renderer rustc and cargo use) with the source line and the offending cell
//! or YAML node underlined, one line each (`--message-format short`), or one
//! JSON object per line (`--message-format json`, shaped like cargo's).

use std::io::Write;
use std::path::PathBuf;

use annotate_snippets::{Level, Renderer, Snippet};
use modelgen::locate::{Located, SourceFinder};
use modelgen::{Diagnostic, Error};
use serde_json::json;

use super::args::{Color, MessageArgs, MessageFormat};

pub struct Reporter {
    format: MessageFormat,
    color: anstream::ColorChoice,
    finder: SourceFinder,
}

impl Reporter {
    /// `roots`: folders the diagnostics' file names may be relative to (the
    /// docs root, the specs' and the config's folders).
    pub fn new(messages: &MessageArgs, roots: Vec<PathBuf>) -> Self {
        Reporter {
            format: messages.message_format,
            color: match messages.color {
                Color::Auto => anstream::ColorChoice::Auto,
                Color::Always => anstream::ColorChoice::Always,
                Color::Never => anstream::ColorChoice::Never,
            },
            finder: SourceFinder::new(roots),
        }
    }

    fn stderr(&self) -> anstream::AutoStream<std::io::Stderr> {
        anstream::AutoStream::new(std::io::stderr(), self.color)
    }

    /// Prints every diagnostic of a failed run, then the count.
    pub fn error(&mut self, e: &Error) {
        let text = self.render_error(e);
        // A closed stderr is no reason to panic.
        let _ = self.stderr().write_all(text.as_bytes());
    }

    /// The text `error` prints, styled (the stream strips the styles where
    /// colour is off).
    pub fn render_error(&mut self, e: &Error) -> String {
        let list: Vec<Diagnostic> = match e {
            Error::Input(d) => d.0.clone(),
            Error::Io { path, source } => vec![Diagnostic::at(path.clone(), 0, 0, source.to_string())],
        };
        let mut out = String::new();
        for d in &list {
            out.push_str(&self.render(d));
        }
        if self.format != MessageFormat::Json {
            out.push_str(&format!("{} error(s)\n", list.len()));
        }
        out
    }

    /// A note (the docs+spec join report), in the chosen message format.
    pub fn note(&mut self, text: &str) {
        let line = match self.format {
            MessageFormat::Json => {
                let v = json!({"reason": "diagnostic", "level": "note", "message": text.trim_end(), "spans": [], "help": null});
                format!("{v}\n")
            }
            _ => format!("{}\n", text.trim_end()),
        };
        let _ = self.stderr().write_all(line.as_bytes());
    }

    fn render(&mut self, d: &Diagnostic) -> String {
        match self.format {
            MessageFormat::Short => format!("{d}\n"),
            MessageFormat::Human => {
                let at = self.finder.locate(d);
                human(d, at.as_ref(), true)
            }
            MessageFormat::Json => {
                let at = self.finder.locate(d);
                let rendered = human(d, at.as_ref(), false);
                format!("{}\n", json_message(d, at.as_ref(), &rendered))
            }
        }
    }
}

const MAX_UNDERLINE: u32 = 80;

/// Byte range of `len` characters from 1-based character `column` of `line`.
fn byte_span(line: &str, column: u32, len: u32) -> std::ops::Range<usize> {
    let offset = |chars: usize| line.char_indices().nth(chars).map_or(line.len(), |(i, _)| i);
    let start = offset(column.saturating_sub(1) as usize);
    let end = offset((column.saturating_sub(1) + len) as usize);
    // Past the end of the line (an error at the end of input): the line end.
    start..end.max(start)
}

/// rustc's layout: `error: message`, ` --> file:line:col`, the source line
/// with the underline, then `= note:` (the JSON pointer) and `= help:`.
fn human(d: &Diagnostic, at: Option<&Located>, styled: bool) -> String {
    let renderer = if styled { Renderer::styled() } else { Renderer::plain() };
    let origin = match at {
        Some(a) => a.path.display().to_string(),
        None => d.file.clone(),
    };
    let pointer = d.pointer.as_ref().map(|p| format!("at {p}"));
    let mut msg = Level::Error.title(&d.message);
    if let Some(a) = at {
        // The renderer cuts a long line to the terminal's width around the
        // span, but not the span itself: a long one shows its start.
        let span = byte_span(&a.text, a.column, a.len.min(MAX_UNDERLINE));
        msg = msg.snippet(
            Snippet::source(&a.text)
                .line_start(a.line as usize)
                .origin(&origin)
                .annotation(Level::Error.span(span)),
        );
    }
    if let Some(p) = &pointer {
        msg = msg.footer(Level::Note.title(p));
    }
    if let Some(h) = &d.help {
        msg = msg.footer(Level::Help.title(h));
    }
    let mut text = renderer.render(msg).to_string();
    if at.is_none() {
        // No line to show: the file still goes on a ` --> ` line, after the title.
        let (title, rest) = text.split_once('\n').unwrap_or((&text, ""));
        let arrow = arrow(styled, &origin, d.line, d.column);
        text = if rest.is_empty() { format!("{title}\n{arrow}") } else { format!("{title}\n{arrow}\n{rest}") };
    }
    text.push('\n');
    text
}

/// ` --> file` (with `:line:col` when known), styled like annotate-snippets'.
fn arrow(styled: bool, origin: &str, line: u32, column: u32) -> String {
    let place = if line > 0 { format!("{origin}:{line}:{column}") } else { origin.to_string() };
    if styled {
        let blue = annotate_snippets::renderer::AnsiColor::BrightBlue.on_default().bold();
        format!(" {blue}-->{blue:#} {place}")
    } else {
        format!(" --> {place}")
    }
}

/// One diagnostic as cargo's `--message-format json` would give it: level,
/// message, spans (file, 1-based line and column, the end column, the JSON
/// pointer, the source line), help, and the human rendering.
fn json_message(d: &Diagnostic, at: Option<&Located>, rendered: &str) -> serde_json::Value {
    let span = match at {
        Some(a) => json!({
            "file": a.path.display().to_string(),
            "line": a.line,
            "column": a.column,
            "line_end": a.line,
            "column_end": a.column + a.len,
            "pointer": d.pointer,
            "text": a.text,
        }),
        None => json!({
            "file": d.file,
            "line": (d.line > 0).then_some(d.line),
            "column": (d.line > 0).then_some(d.column),
            "line_end": null,
            "column_end": null,
            "pointer": d.pointer,
            "text": null,
        }),
    };
    json!({
        "reason": "diagnostic",
        "level": "error",
        "message": d.message,
        "spans": [span],
        "help": d.help,
        "rendered": rendered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_counted_in_characters() {
        assert_eq!(byte_span("| `é` | *x* |", 9, 3), 9..12);
        assert_eq!(byte_span("abc", 4, 1), 3..3);
    }

    #[test]
    fn a_located_diagnostic_shows_its_line_underlined_and_its_help() {
        let d = Diagnostic::at("shared/pet.md", 7, 12, "unknown type `strnig`").with_help(Some("did you mean `*string*`?".into()));
        let at = Located {
            path: "docs/shared/pet.md".into(),
            line: 7,
            column: 12,
            len: 8,
            text: "| `name` | *strnig* | :heavy_check_mark: |".into(),
        };
        let text = human(&d, Some(&at), false);
        let want = "\
error: unknown type `strnig`
 --> docs/shared/pet.md:7:12
  |
7 | | `name` | *strnig* | :heavy_check_mark: |
  |            ^^^^^^^^
  |
  = help: did you mean `*string*`?
";
        assert_eq!(text, want);
        let v = json_message(&d, Some(&at), &text);
        assert_eq!(v["spans"][0]["column_end"], 20);
        assert_eq!(v["help"], "did you mean `*string*`?");
    }

    #[test]
    fn an_unlocated_diagnostic_names_its_file() {
        let d = Diagnostic::at("nothere", 0, 0, "cannot read the docs root");
        assert_eq!(human(&d, None, false), "error: cannot read the docs root\n --> nothere\n");
        let d = Diagnostic::at_pointer("spec.yaml", "#/a", "bad");
        assert_eq!(human(&d, None, false), "error: bad\n --> spec.yaml\n = note: at #/a\n");
    }
}
