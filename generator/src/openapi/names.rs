//! Deterministic model-name allocation per namespace.
//!
//! Names are compared by their PascalCase spelling, case-insensitively, since
//! that is what codegen turns them into (and what the docs' lowercase file
//! names show): `foo_bar` and `FooBar` collide.

use std::collections::{BTreeMap, BTreeSet};

use crate::naming;

#[derive(Default, Clone)]
pub struct Names {
    taken: BTreeMap<String, BTreeSet<String>>,
    /// Every allocation (namespace, candidates, result), when recording.
    log: Option<Vec<(String, Vec<String>, String)>>,
}

fn key(name: &str) -> String {
    naming::pascal_case(name).to_lowercase()
}

impl Names {
    pub fn is_taken(&self, ns: &str, name: &str) -> bool {
        self.taken.get(ns).is_some_and(|s| s.contains(&key(name)))
    }

    pub fn reserve(&mut self, ns: &str, name: &str) {
        self.taken.entry(ns.to_string()).or_default().insert(key(name));
    }

    /// From now on, keeps every allocation for [`Names::replay`].
    pub fn record(&mut self) {
        self.log = Some(Vec::new());
    }

    /// Replays `other`'s recorded allocations on `self`: true when each one
    /// gives here the name it gave there, i.e. allocating them after
    /// `self`'s own would have named everything the same.
    pub fn replay(&mut self, other: &Names) -> bool {
        other.log.iter().flatten().all(|(ns, cands, got)| self.alloc(ns, cands) == *got)
    }

    /// The first free candidate; when all are taken, the last one with the
    /// smallest numeric suffix (2, 3, ...) that is free. Reserves the result.
    pub fn alloc(&mut self, ns: &str, candidates: &[String]) -> String {
        let name = self.pick(ns, candidates);
        if let Some(log) = &mut self.log {
            log.push((ns.to_string(), candidates.to_vec(), name.clone()));
        }
        name
    }

    fn pick(&mut self, ns: &str, candidates: &[String]) -> String {
        let cands: Vec<&String> = candidates.iter().filter(|c| !key(c).is_empty()).collect();
        for c in &cands {
            if !self.is_taken(ns, c) {
                self.reserve(ns, c);
                return (*c).clone();
            }
        }
        let base = cands.last().map(|s| s.as_str()).unwrap_or("Model");
        let mut n = 2u64;
        loop {
            let c = format!("{base}{n}");
            if !self.is_taken(ns, &c) {
                self.reserve(ns, &c);
                return c;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_free_then_suffix() {
        let mut n = Names::default();
        let c = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(n.alloc("shared", &c(&["Type", "ConnectSessionType"])), "Type");
        assert_eq!(n.alloc("shared", &c(&["Type", "ConnectSessionType"])), "ConnectSessionType");
        assert_eq!(n.alloc("shared", &c(&["type", "connect_session_type"])), "connect_session_type2");
        assert_eq!(n.alloc("operations", &c(&["Type"])), "Type");
    }
}
