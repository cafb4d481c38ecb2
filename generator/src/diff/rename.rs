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
//! Pairing is deterministic: within a group of equal shapes, candidate pairs
//! are taken greedily by name similarity (ties by old name, then new name).
//! A pair is accepted when the names are similar (score >= 0.5), or when the
//! group is exactly one removed and one added model and the shape is not
//! trivial (at least two fields / values / variants). Trivial shapes (an
//! empty struct, a one-value enum, an alias) are too common to be evidence
//! of a rename on their own.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use super::types::{canonical, Renames};
use crate::ir::{Ir, Model, ModelKind, ModelRef};
use crate::naming;

const MIN_SIMILARITY: f64 = 0.5;
const MAX_ROUNDS: usize = 8;

pub fn pair(old: &Ir, new: &Ir, removed: &[ModelRef], added: &[ModelRef]) -> Renames {
    let mut renames = Renames::new();
    for _ in 0..MAX_ROUNDS {
        let taken: BTreeSet<&ModelRef> = renames.values().collect();
        // fingerprint -> (old refs, new refs, trivial)
        let mut groups: BTreeMap<String, (Vec<&ModelRef>, Vec<&ModelRef>, bool)> = BTreeMap::new();
        for r in removed.iter().filter(|r| !renames.contains_key(*r)) {
            if let Some(m) = old.model(r) {
                let (fp, trivial) =
                    fingerprint(m, &mut |t| renames.get(t).unwrap_or(t).to_string());
                let g = groups
                    .entry(fp)
                    .or_insert_with(|| (Vec::new(), Vec::new(), trivial));
                g.0.push(r);
            }
        }
        for r in added.iter().filter(|r| !taken.contains(r)) {
            if let Some(m) = new.model(r) {
                let (fp, _) = fingerprint(m, &mut |t| t.to_string());
                if let Some(g) = groups.get_mut(&fp) {
                    g.1.push(r);
                }
            }
        }
        let mut found = Vec::new();
        for (olds, news, trivial) in groups.values() {
            if news.is_empty() {
                continue;
            }
            let one_to_one = olds.len() == 1 && news.len() == 1 && !trivial;
            let mut cands: Vec<(f64, &ModelRef, &ModelRef)> = Vec::new();
            for o in olds {
                for n in news {
                    cands.push((score(o, n), o, n));
                }
            }
            cands.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| a.1.cmp(b.1))
                    .then_with(|| a.2.cmp(b.2))
            });
            let mut used_old = BTreeSet::new();
            let mut used_new = BTreeSet::new();
            for (s, o, n) in cands {
                if used_old.contains(o) || used_new.contains(n) {
                    continue;
                }
                if one_to_one || s >= MIN_SIMILARITY {
                    used_old.insert(o);
                    used_new.insert(n);
                    found.push(((*o).clone(), (*n).clone()));
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

/// Canonical shape string and whether the shape is trivial.
fn fingerprint(m: &Model, map_ref: &mut impl FnMut(&ModelRef) -> String) -> (String, bool) {
    let mut s = String::new();
    let members = match &m.kind {
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
            st.fields.len()
        }
        ModelKind::Enum(e) => {
            let mut values: Vec<String> = e.values.iter().map(|v| v.value.to_string()).collect();
            values.sort();
            let _ = write!(s, "enum({:?},{})[{}]", e.repr, e.open, values.join(","));
            e.values.len()
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
            u.variants.len()
        }
        ModelKind::Alias(a) => {
            s.push_str("alias:");
            canonical(&mut s, &a.ty, map_ref);
            0
        }
    };
    (s, members < 2)
}

/// Name similarity in [0, 1]: the better of normalized edit distance and
/// word containment (`Gender` in `EmployeeGender` = 1.0); a tiny bonus keeps
/// same-namespace pairs first on ties.
fn score(o: &ModelRef, n: &ModelRef) -> f64 {
    let a = o.name.to_lowercase();
    let b = n.name.to_lowercase();
    let max = a.chars().count().max(b.chars().count()).max(1);
    let lev = 1.0 - levenshtein(&a, &b) as f64 / max as f64;
    let wa: BTreeSet<String> = naming::words(&o.name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let wb: BTreeSet<String> = naming::words(&n.name)
        .iter()
        .map(|w| w.to_lowercase())
        .collect();
    let min = wa.len().min(wb.len()).max(1);
    let contain = wa.intersection(&wb).count() as f64 / min as f64;
    let bonus = if o.namespace == n.namespace {
        1e-3
    } else {
        0.0
    };
    lev.max(contain) + bonus
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
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
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("same", "same"), 0);
    }

    #[test]
    fn similarity_prefers_related_names() {
        let r = |n: &str| ModelRef {
            namespace: "shared".into(),
            name: n.into(),
        };
        assert!(score(&r("Gender"), &r("EmployeeGender")) >= 1.0);
        assert!(score(&r("Foo4"), &r("Foo5")) >= 0.75);
        assert!(score(&r("Account"), &r("Zebra")) < MIN_SIMILARITY);
    }
}
