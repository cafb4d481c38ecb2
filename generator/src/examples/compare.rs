//! An example against what the generated type wrote back: equal, the same
//! value in another notation (`5` as `5.0`, a date-time with another
//! offset or precision for the same instant), or different, with where and
//! why.

use serde::Serialize;
use serde_json::Value;

/// Differences shown per example.
const SHOWN: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    // The same value written differently.
    /// A number in another notation (`1` as `1.0`, `1e3` as `1000.0`).
    NumberForm,
    /// The same instant in another RFC 3339 notation.
    DateTimeForm,
    // A different value.
    /// A key whose value was `null` is gone: the generated field is not
    /// nullable, so `null` read as "absent".
    NullDropped,
    /// A key is gone: the generated type has no field for it.
    KeyDropped,
    /// A key appeared (`null` for an absent nullable field, a default).
    KeyAdded,
    /// A number changed (precision, range).
    NumberChanged,
    /// A string changed.
    StringChanged,
    /// Another kind of JSON value, or another array length.
    ShapeChanged,
}

impl Why {
    /// The value is the same, only its notation differs.
    pub fn same_value(self) -> bool {
        matches!(self, Why::NumberForm | Why::DateTimeForm)
    }

    pub fn text(self) -> &'static str {
        match self {
            Why::NumberForm => "number written in another notation",
            Why::DateTimeForm => "date-time written in another notation (same instant)",
            Why::NullDropped => "`null` dropped (the generated field is not nullable)",
            Why::KeyDropped => "key dropped (not in the generated type)",
            Why::KeyAdded => "key added",
            Why::NumberChanged => "number changed",
            Why::StringChanged => "string changed",
            Why::ShapeChanged => "value of another kind or length",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// JSON pointer into the example.
    pub at: String,
    pub why: Why,
    /// `before -> after`, shortened.
    pub detail: String,
}

/// Every difference between `before` (the example) and `after` (what the
/// generated type wrote), in document order; the first [`SHOWN`] kept,
/// plus the count of all.
pub fn compare(before: &Value, after: &Value) -> (Vec<Difference>, usize) {
    let mut out = Vec::new();
    let mut count = 0;
    walk(before, after, &mut String::new(), &mut out, &mut count);
    (out, count)
}

fn push(out: &mut Vec<Difference>, count: &mut usize, at: &str, why: Why, before: Option<&Value>, after: Option<&Value>) {
    *count += 1;
    if out.len() < SHOWN {
        let show = |v: Option<&Value>| v.map_or_else(|| "(absent)".to_string(), short);
        out.push(Difference { at: at.to_string(), why, detail: format!("{} -> {}", show(before), show(after)) });
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}...", s.chars().take(57).collect::<String>())
    } else {
        s
    }
}

fn walk(a: &Value, b: &Value, at: &mut String, out: &mut Vec<Difference>, count: &mut usize) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                let len = at.len();
                at.push('/');
                at.push_str(&k.replace('~', "~0").replace('/', "~1"));
                match y.get(k) {
                    Some(w) => walk(v, w, at, out, count),
                    None if v.is_null() => push(out, count, at, Why::NullDropped, Some(v), None),
                    None => push(out, count, at, Why::KeyDropped, Some(v), None),
                }
                at.truncate(len);
            }
            for (k, w) in y {
                if !x.contains_key(k) {
                    let key = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                    push(out, count, &key, Why::KeyAdded, None, Some(w));
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (v, w)) in x.iter().zip(y).enumerate() {
                let len = at.len();
                at.push_str(&format!("/{i}"));
                walk(v, w, at, out, count);
                at.truncate(len);
            }
        }
        (Value::Number(m), Value::Number(n)) => {
            if m != n {
                let why = if same_number(m, n) { Why::NumberForm } else { Why::NumberChanged };
                push(out, count, at, why, Some(a), Some(b));
            }
        }
        (Value::String(s), Value::String(t)) => {
            if s != t {
                let why = match (instant(s), instant(t)) {
                    (Some(i), Some(j)) if i == j => Why::DateTimeForm,
                    _ => Why::StringChanged,
                };
                push(out, count, at, why, Some(a), Some(b));
            }
        }
        _ if a == b => {}
        _ => push(out, count, at, Why::ShapeChanged, Some(a), Some(b)),
    }
}

/// The same mathematical value (`5` and `5.0`; an integer beyond f64's
/// precision only equals itself).
fn same_number(m: &serde_json::Number, n: &serde_json::Number) -> bool {
    let int = |x: &serde_json::Number| x.as_i64().map(i128::from).or_else(|| x.as_u64().map(i128::from));
    match (int(m), int(n)) {
        (Some(i), Some(j)) => i == j,
        _ => {
            let (Some(x), Some(y)) = (m.as_f64(), n.as_f64()) else { return false };
            // An integer compared with a float: equal only when the
            // integer is exactly that float.
            let exact = |x: &serde_json::Number, f: f64| match int(x) {
                Some(i) => (f as i128) == i && f.fract() == 0.0,
                None => true,
            };
            x == y && exact(m, y) && exact(n, x)
        }
    }
}

/// An RFC 3339 date-time as (seconds since the epoch, nanoseconds), or
/// `None` when `s` is not one.
fn instant(s: &str) -> Option<(i64, u32)> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| num_of(s.get(r)?);
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut rest = s.get(19..)?;
    let mut nanos = 0u32;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        let mut text: String = frac[..digits].chars().take(9).collect();
        while text.len() < 9 {
            text.push('0');
        }
        nanos = text.parse().ok()?;
        rest = &frac[digits..];
    }
    let offset = if rest.eq_ignore_ascii_case("z") {
        0
    } else {
        let sign = match rest.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        if rest.len() != 6 || rest.as_bytes()[3] != b':' {
            return None;
        }
        sign * (num_of(rest.get(1..3)?)? * 3600 + num_of(rest.get(4..6)?)? * 60)
    };
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    Some((days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec - offset, nanos))
}

/// Digits only (no sign), as a number.
fn num_of(t: &str) -> Option<i64> {
    if t.is_empty() || !t.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    t.parse().ok()
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn whys(a: Value, b: Value) -> Vec<Why> {
        compare(&a, &b).0.into_iter().map(|d| d.why).collect()
    }

    #[test]
    fn equal_values_have_no_difference() {
        assert!(whys(json!({"a": [1, "x", null], "b": {"c": true}}), json!({"b": {"c": true}, "a": [1, "x", null]})).is_empty());
    }

    #[test]
    fn notation_only() {
        assert_eq!(whys(json!({"n": 5}), json!({"n": 5.0})), vec![Why::NumberForm]);
        assert_eq!(whys(json!(1e3), json!(1000)), vec![Why::NumberForm]);
        assert_eq!(
            whys(json!("2020-01-01T00:00:00.000Z"), json!("2020-01-01T00:00:00Z")),
            vec![Why::DateTimeForm]
        );
        assert_eq!(
            whys(json!("2020-01-01T01:30:00+01:30"), json!("2020-01-01T00:00:00Z")),
            vec![Why::DateTimeForm]
        );
    }

    #[test]
    fn real_changes() {
        assert_eq!(whys(json!({"a": null, "b": 1}), json!({})), vec![Why::NullDropped, Why::KeyDropped]);
        assert_eq!(whys(json!({}), json!({"a": null})), vec![Why::KeyAdded]);
        assert_eq!(whys(json!(0.1), json!(0.2)), vec![Why::NumberChanged]);
        assert_eq!(whys(json!(9007199254740993u64), json!(9007199254740992.0)), vec![Why::NumberChanged]);
        assert_eq!(whys(json!("2020-01-01T00:00:00Z"), json!("2020-01-01T00:00:01Z")), vec![Why::StringChanged]);
        assert_eq!(whys(json!([1, 2]), json!([1])), vec![Why::ShapeChanged]);
        assert_eq!(whys(json!("1"), json!(1)), vec![Why::ShapeChanged]);
    }

    #[test]
    fn pointers_and_counts() {
        let (shown, all) = compare(&json!({"a/b": [0, {"c": 1}], "d": 1, "e": 1, "f": 1}), &json!({"a/b": [0, {"c": 2}]}));
        assert_eq!(all, 4);
        assert_eq!(shown.len(), SHOWN);
        assert_eq!(shown[0].at, "/a~1b/1/c");
        assert_eq!(shown[0].detail, "1 -> 2");
    }
}
