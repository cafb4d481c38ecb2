//! Rename detection: a removed and an added model with the same shape.
//!
//! "Same shape" = same kind and
//! - struct: the same set of fields by JSON name, each with the same type,
//!   required and nullable flags; the same additional-properties type and
//!   unknown-key policy (source field names, order, docs ignored);
//! - enum: same repr, same open/closed, the same set of wire values;
//! - union: the same multiset of variant types (labels ignored), same
//!   discriminator property and tags;
//! - alias: the same target type.
//!
//! Model references inside a shape compare through renames already found, so
//! detection repeats until no new pair appears (a renamed model referenced by
//! another renamed model is found in the second round).
//!
//! Shape alone is weak evidence: many operation responses share one shape
//! (status code, content type, raw response, the same result type), and on
//! the corpus a pure-shape rule paired `AtsCreateApplicationResponse` with
//! `MarketingCreateInAppTemplateResponse`. So the names must be related too:
//! every word of the shorter name occurs in the longer (`Gender` ->
//! `EmployeeGender`), or their case-insensitive edit-distance similarity is
//! at least 0.7 (`Foo4` -> `Foo5`, `HRISEmployee` -> `HrisEmployee`).
//!
//! Pairing is deterministic: within a group of equal shapes, candidate pairs
//! are taken greedily by name similarity (ties by old name, then new name).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::types::{canonical, Renames};
use crate::ir::{Ir, Model, ModelKind, ModelRef};
use crate::naming;

const MIN_SIMILARITY: f64 = 0.7;
const MAX_ROUNDS: usize = 8;

pub fn pair(old: &Ir, new: &Ir, removed: &[ModelRef], added: &[ModelRef]) -> Renames {
    let mut renames = Renames::new();
    for _ in 0..MAX_ROUNDS {
        let taken: BTreeSet<&ModelRef> = renames.values().collect();
        // fingerprint -> (old refs, new refs)
        let mut groups: BTreeMap<String, (Vec<&ModelRef>, Vec<&ModelRef>)> = BTreeMap::new();
        for r in removed.iter().filter(|r| !renames.contains_key(*r)) {
            if let Some(m) = old.model(r) {
                let fp = fingerprint(m, &mut |t| renames.get(t).unwrap_or(t).to_string());
                groups.entry(fp).or_default().0.push(r);
            }
        }
        for r in added.iter().filter(|r| !taken.contains(r)) {
            if let Some(m) = new.model(r) {
                let fp = fingerprint(m, &mut |t| t.to_string());
                if let Some(g) = groups.get_mut(&fp) {
                    g.1.push(r);
                }
            }
        }
        let mut found = Vec::new();
        for (olds, news) in groups.values() {
            let mut cands: Vec<(f64, &ModelRef, &ModelRef)> = Vec::new();
            let news: Vec<Name> = news.iter().map(|r| Name::new(r)).collect();
            for o in olds {
                let o = Name::new(o);
                for n in &news {
                    let s = score(&o, n);
                    if s >= MIN_SIMILARITY {
                        cands.push((s, o.r, n.r));
                    }
                }
            }
            cands.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| a.1.cmp(b.1))
                    .then_with(|| a.2.cmp(b.2))
            });
            let mut used_old = BTreeSet::new();
            let mut used_new = BTreeSet::new();
            for (_, o, n) in cands {
                if used_old.insert(o) {
                    if used_new.insert(n) {
                        found.push((o.clone(), n.clone()));
                    } else {
                        used_old.remove(o);
                    }
                }
            }
        }
        if found.is_empty() {
            break;
        }
        renames.extend(found);
    }
    renames
}

/// Canonical shape string.
fn fingerprint(m: &Model, map_ref: &mut impl FnMut(&ModelRef) -> String) -> String {
    let mut s = String::new();
    match &m.kind {
        ModelKind::Struct(st) => {
            s.push_str("struct{");
            let mut fields: Vec<String> = st
                .fields
                .iter()
                .map(|f| {
                    let mut e = String::new();
                    let _ = write!(e, "{:?}:", f.wire_name);
                    canonical(&mut e, &f.ty, map_ref);
                    let _ = write!(e, ":{}{}", f.required as u8, f.nullable as u8);
                    e
                })
                .collect();
            fields.sort();
            s.push_str(&fields.join(","));
            s.push('}');
            if let Some(a) = &st.additional {
                s.push_str("+additional:");
                canonical(&mut s, a, map_ref);
            }
            if st.deny_unknown {
                s.push_str("+deny");
            }
        }
        ModelKind::Enum(e) => {
            let mut values: Vec<String> = e.values.iter().map(|v| v.value.to_string()).collect();
            values.sort();
            let _ = write!(s, "enum({:?},{})[{}]", e.repr, e.open, values.join(","));
        }
        ModelKind::Union(u) => {
            let mut vs: Vec<String> = u
                .variants
                .iter()
                .map(|v| {
                    let mut e = String::new();
                    canonical(&mut e, &v.ty, map_ref);
                    let _ = write!(e, "{:?}", v.tags);
                    e
                })
                .collect();
            vs.sort();
            let disc = u.discriminator.as_ref().map(|d| d.property.as_str());
            let _ = write!(s, "union({disc:?})[{}]", vs.join(","));
        }
        ModelKind::Alias(a) => {
            s.push_str("alias:");
            canonical(&mut s, &a.ty, map_ref);
        }
    }
    s
}

/// A model name prepared for similarity scoring.
struct Name<'a> {
    r: &'a ModelRef,
    words: BTreeSet<String>,
    lower: Vec<char>,
}

impl<'a> Name<'a> {
    fn new(r: &'a ModelRef) -> Self {
        Name {
            r,
            words: naming::words(&r.name)
                .iter()
                .map(|w| w.to_lowercase())
                .collect(),
            lower: r.name.to_lowercase().chars().collect(),
        }
    }
}

/// Name similarity: 1.0 when every word of the shorter name occurs in the
/// longer (`Gender` in `EmployeeGender`), else the case-insensitive
/// normalized edit-distance similarity (0 when the lengths alone rule out
/// the threshold); a tiny bonus keeps same-namespace pairs first on ties.
fn score(o: &Name, n: &Name) -> f64 {
    let bonus = if o.r.namespace == n.r.namespace {
        1e-3
    } else {
        0.0
    };
    let (short, long) = if o.words.len() <= n.words.len() {
        (&o.words, &n.words)
    } else {
        (&n.words, &o.words)
    };
    if !short.is_empty() && short.is_subset(long) {
        return 1.0 + bonus;
    }
    let (a, b) = (&o.lower, &n.lower);
    let max = a.len().max(b.len()).max(1);
    // The distance is at least the length difference.
    if (a.len().min(b.len()) as f64) < MIN_SIMILARITY * max as f64 {
        return 0.0;
    }
    1.0 - levenshtein(a, b) as f64 / max as f64 + bonus
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert_eq!(levenshtein(&c("kitten"), &c("sitting")), 3);
        assert_eq!(levenshtein(&c(""), &c("abc")), 3);
        assert_eq!(levenshtein(&c("same"), &c("same")), 0);
    }

    #[test]
    fn similarity_prefers_related_names() {
        let sc = |a: &str, b: &str| {
            let r = |n: &str| ModelRef {
                namespace: "shared".into(),
                name: n.into(),
            };
            let (a, b) = (r(a), r(b));
            score(&Name::new(&a), &Name::new(&b))
        };
        assert!(sc("Gender", "EmployeeGender") >= 1.0);
        assert!(sc("Foo4", "Foo5") >= 0.75);
        assert!(sc("HRISEmployee", "HrisEmployee") >= 1.0);
        assert!(sc("Account", "Zebra") < MIN_SIMILARITY);
        // Seen on the corpus: same response shape, unrelated operations.
        assert!(
            sc(
                "AtsCreateApplicationResponse",
                "MarketingCreateInAppTemplateResponse"
            ) < MIN_SIMILARITY
        );
    }
}
