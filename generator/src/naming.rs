//! Case conversion shared by the wire-name rules and codegen's identifiers.
//!
//! Words are split at `_`, `-`, spaces and other non-alphanumerics, at
//! lower->upper boundaries (`camelCase`), at the end of an acronym
//! (`HTTPServer` -> `HTTP`, `Server`) and at letter<->digit boundaries only
//! where a digit run is followed by a letter in a new word (`employee4` stays
//! one word, like Speakeasy's and heck's behaviour).

/// Splits an identifier-ish string into words.
pub fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_word(s, |w| out.push(w.to_string()));
    out
}

/// Calls `f` with each word of `s`, in order: runs of alphanumerics, also
/// split at a lower-to-upper or digit-to-upper change (`xAccount`, `v2Beta`)
/// and before the last capital of an acronym (`HTTPServer`). Naming runs
/// for every model, field and value, so this keeps one buffer and looks at
/// each character once.
fn each_word(s: &str, mut f: impl FnMut(&str)) {
    let mut cur = String::new();
    // The last character of `cur`.
    let mut prev: Option<char> = None;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                f(&cur);
                cur.clear();
            }
            prev = None;
            continue;
        }
        if let Some(p) = prev {
            let next = chars.peek().copied();
            let boundary = (p.is_lowercase() && c.is_uppercase())
                || (p.is_numeric() && c.is_uppercase())
                || (p.is_uppercase() && c.is_uppercase() && next.is_some_and(|n| n.is_lowercase()));
            if boundary {
                f(&cur);
                cur.clear();
            }
        }
        cur.push(c);
        prev = Some(c);
    }
    if !cur.is_empty() {
        f(&cur);
    }
}

/// The words of `s`, each written by `word`, with `sep` between them.
fn join_words(s: &str, sep: &str, mut word: impl FnMut(&str, &mut String)) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    each_word(s, |w| {
        if !out.is_empty() {
            out.push_str(sep);
        }
        word(w, &mut out);
    });
    out
}

pub fn snake_case(s: &str) -> String {
    join_words(s, "_", |w, out| out.push_str(&w.to_lowercase()))
}

/// snake_case that also starts a new word at a digit run after a letter
/// (`street1` -> `street_1`). This inverts the camelCase that SDK generators
/// derive from snake_case JSON names (`address_line_1` -> `addressLine1`),
/// so it is the docs-only wire-name rule; identifiers keep `employee4`.
pub fn snake_case_split_digits(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev: Option<char> = None;
    for c in snake_case(s).chars() {
        if c.is_ascii_digit() && prev.is_some_and(|p| p.is_alphabetic()) {
            out.push('_');
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

pub fn kebab_case(s: &str) -> String {
    join_words(s, "-", |w, out| out.push_str(&w.to_lowercase()))
}

pub fn screaming_snake_case(s: &str) -> String {
    join_words(s, "_", |w, out| out.push_str(&w.to_uppercase()))
}

/// First character upper case, the rest lower case, one char at a time
/// (ASCII directly: the Unicode case tables cost more than the rest).
fn push_capitalized(w: &str, out: &mut String) {
    let mut cs = w.chars();
    if let Some(first) = cs.next() {
        if first.is_ascii() {
            out.push(first.to_ascii_uppercase());
        } else {
            out.extend(first.to_uppercase());
        }
        for c in cs {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

pub fn pascal_case(s: &str) -> String {
    join_words(s, "", push_capitalized)
}

pub fn camel_case(s: &str) -> String {
    join_words(s, "", |w, out| {
        if out.is_empty() {
            out.push_str(&w.to_lowercase());
        } else {
            push_capitalized(w, out);
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_camel_and_acronyms() {
        assert_eq!(snake_case("externalTriggerToken"), "external_trigger_token");
        assert_eq!(snake_case("xAccountId"), "x_account_id");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("employee4"), "employee4");
        assert_eq!(snake_case_split_digits("street1"), "street_1");
        assert_eq!(snake_case_split_digits("addressLine12"), "address_line_12");
        assert_eq!(snake_case_split_digits("x_1"), "x_1");
        assert_eq!(snake_case("HrisLegacy"), "hris_legacy");
        assert_eq!(snake_case("already_snake"), "already_snake");
        assert_eq!(pascal_case("unmapped_value"), "UnmappedValue");
        assert_eq!(pascal_case("hris-legacy"), "HrisLegacy");
        assert_eq!(camel_case("created_at"), "createdAt");
        assert_eq!(kebab_case("xAccountId"), "x-account-id");
        assert_eq!(screaming_snake_case("fooBar"), "FOO_BAR");
    }

    /// The first implementation of `words` (a `Vec<char>` and a scan back
    /// for the last character per step), kept as the reference.
    fn reference_words(s: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let chars: Vec<char> = s.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if !c.is_alphanumeric() {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                continue;
            }
            if let Some(&prev) = cur.chars().last().as_ref() {
                let next = chars.get(i + 1).copied();
                let boundary = (prev.is_lowercase() && c.is_uppercase())
                    || (prev.is_numeric() && c.is_uppercase())
                    || (prev.is_uppercase() && c.is_uppercase() && next.is_some_and(|n| n.is_lowercase()));
                if boundary {
                    out.push(std::mem::take(&mut cur));
                }
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    #[test]
    fn words_match_the_reference_on_random_names() {
        let alphabet: Vec<char> = "aZbY09_-. /xXHTTPΣσςÉé1ǅ".chars().collect();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 12) as usize;
            let s: String = (0..len).map(|i| alphabet[((state >> (i * 5)) % alphabet.len() as u64) as usize]).collect();
            let expect = reference_words(&s);
            assert_eq!(words(&s), expect, "{s:?}");
            let lower: Vec<String> = expect.iter().map(|w| w.to_lowercase()).collect();
            assert_eq!(snake_case(&s), lower.join("_"), "{s:?}");
            assert_eq!(kebab_case(&s), lower.join("-"), "{s:?}");
            let cap = |w: &String| -> String {
                let mut cs = w.chars();
                cs.next().map(|f| f.to_uppercase().chain(cs.flat_map(|c| c.to_lowercase())).collect()).unwrap_or_default()
            };
            assert_eq!(pascal_case(&s), expect.iter().map(cap).collect::<String>(), "{s:?}");
            let camel: String =
                expect.iter().enumerate().map(|(i, w)| if i == 0 { w.to_lowercase() } else { cap(w) }).collect();
            assert_eq!(camel_case(&s), camel, "{s:?}");
        }
    }
}
