//! Report output: `text` for a terminal, `markdown` for a pull-request
//! comment, `json` for tools.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::{Class, DiffReport, ModelChanges};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Markdown,
    Json,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "text" => Some(Format::Text),
            "markdown" | "md" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// GitHub rejects comments over 65,536 characters; markdown output stays
/// under this and says what it left out.
pub const MARKDOWN_BUDGET: usize = 60_000;

pub fn render(report: &DiffReport, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report, MARKDOWN_BUDGET),
        Format::Json => json(report),
    }
}

pub fn json(report: &DiffReport) -> String {
    let mut s =
        serde_json::to_string_pretty(report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// One line: `3 added, 1 removed, 0 renamed, 12 changed (4 doc-only); 7 breaking`.
pub fn summary_line(report: &DiffReport) -> String {
    let s = &report.summary;
    format!(
        "{} added, {} removed, {} renamed, {} changed ({} doc-only); {} breaking change{}, {} wire-only",
        s.added,
        s.removed,
        s.renamed,
        s.changed,
        s.doc_only,
        s.breaking,
        if s.breaking == 1 { "" } else { "s" },
        s.wire
    )
}

fn verdict(c: &super::Change) -> &'static str {
    match (c.breaking, c.class) {
        (true, _) => "BREAKING",
        (false, Class::Wire) => "wire",
        (false, Class::Doc) => "doc",
        (false, Class::Shape) => "ok",
    }
}

pub fn text(report: &DiffReport) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let _ = writeln!(out, "models: {} -> {}", s.old_models, s.new_models);
    let _ = writeln!(out, "{}", summary_line(report));
    let m = &report.models;
    if !m.removed.is_empty() {
        let _ = writeln!(out, "\nremoved (BREAKING):");
        for n in &m.removed {
            let _ = writeln!(out, "  - {n}");
        }
    }
    if !m.renamed.is_empty() {
        let _ = writeln!(out, "\nrenamed (BREAKING: the Rust type name changes):");
        for (o, n) in &m.renamed {
            let _ = writeln!(out, "  ~ {o} -> {n}");
        }
    }
    if !m.added.is_empty() {
        let _ = writeln!(out, "\nadded:");
        for n in &m.added {
            let _ = writeln!(out, "  + {n}");
        }
    }
    if !m.changed.is_empty() {
        let _ = writeln!(out, "\nchanged:");
        for mc in &m.changed {
            let _ = writeln!(out, "  {}{}", mc.name, model_tag(mc));
            for c in &mc.changes {
                let _ = writeln!(
                    out,
                    "    {:<8} {:<28} {}  {}",
                    verdict(c),
                    c.kind.as_str(),
                    c.path,
                    c.detail
                );
            }
        }
    }
    if report.is_empty() {
        let _ = writeln!(out, "\nno changes");
    }
    out
}

fn model_tag(mc: &ModelChanges) -> &'static str {
    if mc.changes.iter().any(|c| c.breaking) {
        " (BREAKING)"
    } else if mc.changes.iter().all(|c| c.class == Class::Doc) {
        " (doc only)"
    } else {
        ""
    }
}

/// Markdown for a PR comment; stops adding model sections once `budget`
/// characters are used and says how many it left out.
pub fn markdown(report: &DiffReport, budget: usize) -> String {
    let s = &report.summary;
    let m = &report.models;
    let mut out = String::new();
    let icon = if s.breaking > 0 { "⚠️" } else { "✅" };
    let _ = writeln!(out, "### {icon} modelgen: {}\n", summary_line(report));
    let _ = writeln!(out, "| | models |\n|---|---:|");
    let _ = writeln!(
        out,
        "| before | {} |\n| after | {} |",
        s.old_models, s.new_models
    );
    let _ = writeln!(
        out,
        "| added | {} |\n| removed | {} |\n| renamed | {} |",
        s.added, s.removed, s.renamed
    );
    let _ = writeln!(out, "| changed | {} ({} doc-only) |", s.changed, s.doc_only);
    let _ = writeln!(out, "| **breaking changes** | **{}** |\n", s.breaking);

    let (mut omitted_names, mut omitted_sections) = (0usize, 0usize);
    omitted_names += list(
        &mut out,
        "Removed (breaking)",
        m.removed.iter().map(|n| format!("`{n}`")).collect(),
        budget,
    );
    omitted_names += list(
        &mut out,
        "Renamed (breaking)",
        m.renamed
            .iter()
            .map(|(o, n)| format!("`{o}` → `{n}`"))
            .collect(),
        budget,
    );

    // A change repeated across many models (a new `prefer` parameter on
    // 280 requests) is shown once, with the list of models.
    let mut groups: BTreeMap<RepeatKey, Vec<&str>> = BTreeMap::new();
    for mc in &m.changed {
        for c in &mc.changes {
            groups.entry(repeat_key(mc, c)).or_default().push(&mc.name);
        }
    }
    groups.retain(|_, models| models.len() >= REPEAT_MIN);
    let mut repeated: Vec<(&RepeatKey, &Vec<&str>)> = groups.iter().collect();
    repeated.sort_by_key(|(k, models)| (!k.1, std::cmp::Reverse(models.len())));
    if !repeated.is_empty() {
        let _ = writeln!(
            out,
            "#### Changes repeated in {REPEAT_MIN} or more models\n"
        );
    }
    for (i, ((kind, breaking, suffix, detail), models)) in repeated.iter().enumerate() {
        let v = if *breaking {
            "<b>breaking</b>"
        } else {
            "compatible"
        };
        let mut sec = format!(
            "<details><summary>{v} <code>{}</code> <code>*{}</code> in {} models: {}</summary>\n\n",
            kind.as_str(),
            html(suffix),
            models.len(),
            html(detail)
        );
        let names: Vec<String> = models.iter().map(|n| format!("`{n}`")).collect();
        let _ = writeln!(sec, "{}\n\n</details>\n", names.join(", "));
        if out.len() + sec.len() > budget {
            omitted_sections += repeated.len() - i;
            break;
        }
        out.push_str(&sec);
    }

    // Breaking models first: they are what a reviewer must look at.
    let mut changed: Vec<(&ModelChanges, Vec<&super::Change>)> = m
        .changed
        .iter()
        .map(|mc| {
            let own = mc
                .changes
                .iter()
                .filter(|c| !groups.contains_key(&repeat_key(mc, c)))
                .collect();
            (mc, own)
        })
        .filter(|(_, own): &(_, Vec<_>)| !own.is_empty())
        .collect();
    changed.sort_by_key(|(_, own)| !own.iter().any(|c| c.breaking));
    if !changed.is_empty() {
        let _ = writeln!(out, "#### Changed models\n");
    }
    for (i, (mc, own)) in changed.iter().enumerate() {
        let mut sec = String::new();
        let _ = writeln!(
            sec,
            "<details><summary><code>{}</code>{}</summary>\n",
            mc.name,
            model_tag(mc)
        );
        let _ = writeln!(
            sec,
            "| verdict | change | path | detail |\n|---|---|---|---|"
        );
        for c in own {
            let v = if c.breaking {
                "**breaking**"
            } else {
                verdict(c)
            };
            let _ = writeln!(
                sec,
                "| {v} | `{}` | `{}` | {} |",
                c.kind.as_str(),
                c.path,
                md_cell(&c.detail)
            );
        }
        let _ = writeln!(sec, "\n</details>\n");
        if out.len() + sec.len() > budget {
            omitted_sections += changed.len() - i;
            break;
        }
        out.push_str(&sec);
    }
    // Added models last: compatible, and the longest list on a big update.
    omitted_names += list(
        &mut out,
        "Added",
        m.added.iter().map(|n| format!("`{n}`")).collect(),
        budget,
    );
    if omitted_names + omitted_sections > 0 {
        let _ = writeln!(
            out,
            "_Left out to fit a comment: {omitted_sections} change sections and {omitted_names} model names; run `modelgen diff` (text or `--format json`) for the full report._"
        );
    }
    if report.is_empty() {
        let _ = writeln!(out, "No model changes.");
    }
    out
}

/// A collapsible bullet list; returns how many items did not fit `budget`.
fn list(out: &mut String, title: &str, items: Vec<String>, budget: usize) -> usize {
    if items.is_empty() {
        return 0;
    }
    let _ = writeln!(
        out,
        "<details><summary>{title} ({})</summary>\n",
        items.len()
    );
    let mut omitted = 0;
    for (i, it) in items.iter().enumerate() {
        if out.len() + it.len() > budget {
            omitted = items.len() - i;
            break;
        }
        let _ = writeln!(out, "- {it}");
    }
    let _ = writeln!(out, "\n</details>\n");
    omitted
}

/// (kind, breaking, path after the model name, detail).
type RepeatKey = (super::ChangeKind, bool, String, String);

/// Changes repeated in at least this many models are grouped in markdown.
const REPEAT_MIN: usize = 5;

fn repeat_key(mc: &ModelChanges, c: &super::Change) -> RepeatKey {
    let short = mc.name.split_once('.').map_or(mc.name.as_str(), |(_, m)| m);
    let suffix = c.path.strip_prefix(short).unwrap_or(&c.path);
    (c.kind, c.breaking, suffix.to_string(), c.detail.clone())
}

/// Text inside HTML (`<summary>`), where markdown is not rendered:
/// escaped, with `code` spans as `<code>`.
fn html(s: &str) -> String {
    let escaped = s
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    let mut out = String::new();
    for (i, part) in escaped.split('`').enumerate() {
        if i > 0 {
            out.push_str(if i % 2 == 1 { "<code>" } else { "</code>" });
        }
        out.push_str(part);
    }
    // An unpaired backtick: close the span.
    if escaped.matches('`').count() % 2 == 1 {
        out.push_str("</code>");
    }
    out
}

fn md_cell(s: &str) -> String {
    // `|` ends a cell even inside code spans; `<` `>` matter only outside
    // them (inside, an entity would show literally).
    let mut out = String::new();
    for (i, part) in s
        .replace('|', "\\|")
        .replace('\n', " ")
        .split('`')
        .enumerate()
    {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 0 {
            out.push_str(&part.replace('<', "&lt;").replace('>', "&gt;"));
        } else {
            out.push_str(part);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping() {
        assert_eq!(
            md_cell("a | b: Option<T> -> `Vec<u8>`"),
            "a \\| b: Option&lt;T&gt; -&gt; `Vec<u8>`"
        );
        assert_eq!(
            html("new `x`: map<any> & `y"),
            "new <code>x</code>: map&lt;any&gt; &amp; <code>y</code>"
        );
    }
}
