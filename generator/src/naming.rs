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
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase()));
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

pub fn snake_case(s: &str) -> String {
    words(s)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_")
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
    words(s)
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

pub fn screaming_snake_case(s: &str) -> String {
    words(s)
        .iter()
        .map(|w| w.to_uppercase())
        .collect::<Vec<_>>()
        .join("_")
}

fn capitalize(w: &str) -> String {
    let mut cs = w.chars();
    match cs.next() {
        Some(f) => f.to_uppercase().chain(cs.flat_map(|c| c.to_lowercase())).collect(),
        None => String::new(),
    }
}

pub fn pascal_case(s: &str) -> String {
    words(s).iter().map(|w| capitalize(w)).collect()
}

pub fn camel_case(s: &str) -> String {
    let ws = words(s);
    let mut out = String::new();
    for (i, w) in ws.iter().enumerate() {
        if i == 0 {
            out.push_str(&w.to_lowercase());
        } else {
            out.push_str(&capitalize(w));
        }
    }
    out
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
}
