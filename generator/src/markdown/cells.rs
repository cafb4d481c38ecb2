//! Text of table cells and block quotes, as Speakeasy writes them.

/// `s` as inline code for a message: `` `s` ``, or ``` `` s `` ``` when it
/// contains a backtick itself.
pub fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// `\|` -> `|` (the only escape Speakeasy writes inside cells).
pub fn unescape_pipes(s: &str) -> String {
    s.replace("\\|", "|")
}

/// Cell text as plain text: `\|` unescaped and `<br/>` line breaks turned
/// into newlines.
pub fn cell_text(s: &str) -> String {
    unescape_pipes(s)
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n")
}

/// `` `name` `` or `` ~~`name`~~ `` -> (name, struck through).
pub fn field_name(raw: &str) -> Option<(&str, bool)> {
    let (inner, struck) = match raw.strip_prefix("~~").and_then(|r| r.strip_suffix("~~")) {
        Some(inner) => (inner.trim(), true),
        None => (raw, false),
    };
    let name = inner.strip_prefix('`')?.strip_suffix('`')?;
    (!name.is_empty() && !name.contains('`') && !name.chars().any(char::is_whitespace))
        .then_some((name, struck))
}

/// The text of a block quote without its `>` markers, lines joined by spaces.
pub fn unquote(raw: &str) -> String {
    raw.lines()
        .map(|l| l.trim_start().trim_start_matches('>').trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// If `s` starts with a deprecation marker, returns the rest (the message).
/// Accepts `:warning: **DEPRECATED**:` and the spaced-out form that appears
/// in field descriptions, `: warning: ** DEPRECATED **:`.
pub fn strip_deprecated(s: &str) -> Option<&str> {
    const MARK: &str = ":warning:**DEPRECATED**:";
    let mut want = MARK.chars().peekable();
    for (i, c) in s.char_indices() {
        if want.peek().is_none() {
            return s.get(i..);
        }
        if c.is_whitespace() {
            continue;
        }
        if want.next() != Some(c) {
            return None;
        }
    }
    want.peek().is_none().then_some("")
}

/// A Description cell -> (description, deprecation message). `N/A` (what
/// Speakeasy writes for "no description") and empty cells give `None`.
/// A deprecated field's cell reads `: warning: ** DEPRECATED **: msg<br/><br/>description`.
pub fn description(raw: &str) -> (Option<String>, Option<String>) {
    let text = cell_text(raw);
    let (deprecated, rest) = match strip_deprecated(&text) {
        Some(after) => match after.split_once("\n\n") {
            Some((msg, rest)) => (Some(msg.trim().to_string()), rest.to_string()),
            None => (Some(after.trim().to_string()), String::new()),
        },
        None => (None, text),
    };
    let rest = rest.trim();
    let description = (!rest.is_empty() && rest != "N/A").then(|| rest.to_string());
    (description, deprecated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        assert_eq!(field_name("`id`"), Some(("id", false)));
        assert_eq!(field_name("~~`page`~~"), Some(("page", true)));
        assert_eq!(field_name("id"), None);
        assert_eq!(field_name("``"), None);
        assert_eq!(field_name("`a b`"), None);
    }

    #[test]
    fn descriptions_and_deprecation() {
        assert_eq!(description("N/A"), (None, None));
        assert_eq!(description(""), (None, None));
        assert_eq!(
            description("a \\| b<br/>c"),
            (Some("a | b\nc".to_string()), None)
        );
        assert_eq!(
            description(": warning: ** DEPRECATED **: Going away.<br/><br/>The page number"),
            (
                Some("The page number".to_string()),
                Some("Going away.".to_string())
            )
        );
        assert_eq!(
            description(": warning: ** DEPRECATED **: Going away."),
            (None, Some("Going away.".to_string()))
        );
        assert_eq!(strip_deprecated(":warning: **DEPRECATED**: x"), Some(" x"));
        assert_eq!(strip_deprecated(":warning: note"), None);
        assert_eq!(
            unquote("> :warning: **DEPRECATED**: a\n> b\n"),
            ":warning: **DEPRECATED**: a b"
        );
    }

    #[test]
    fn cell_text_breaks() {
        assert_eq!(cell_text("[<br/>\"ats\"<br/>]"), "[\n\"ats\"\n]");
    }
}
