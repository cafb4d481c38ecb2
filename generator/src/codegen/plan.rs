//! Everything decided before emitting a single item: module, file and type
//! names (unique per scope), helper types for literals, dangling references,
//! and the reference cycles that need `Box` or a newtype.

use std::collections::{BTreeMap, BTreeSet};

use crate::diag::Diagnostic;
use crate::ir::{Ir, Model, ModelKind, ModelRef, Origin, Type};
use crate::Config;

use super::graph;
use super::ident::Namer;

/// Reserved module name for the generated support code in the root file.
pub const SUPPORT_MOD: &str = "__modelgen";

/// Where a literal helper type is used inside a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Field(usize),
    Variant(usize),
    Alias,
}

#[derive(Debug)]
pub struct ModelPlan {
    /// Rust type name, unique in its namespace.
    pub type_name: String,
    /// Module (file stem) name, unique in its namespace.
    pub file: String,
    /// Helper types for `Type::Literal` leaves, by where they are used.
    pub literals: BTreeMap<Slot, String>,
    node: usize,
}

#[derive(Debug, Default)]
pub struct Plan {
    /// Namespace -> module name.
    pub ns_modules: BTreeMap<String, String>,
    pub models: BTreeMap<ModelRef, ModelPlan>,
    /// Aliases on a reference cycle: `type A = Vec<A>` is not valid Rust, so
    /// these become `#[serde(transparent)]` newtype structs.
    pub newtype_aliases: BTreeSet<ModelRef>,
    /// Cycle component per node over direct (unboxed, not in Vec/Map) edges.
    direct_comp: Vec<usize>,
    direct_cyclic: Vec<bool>,
}

impl Plan {
    /// Whether a direct reference `from -> to` closes a cycle of by-value
    /// containment, so it must be boxed to keep the type finitely sized.
    pub fn needs_box(&self, from: &ModelRef, to: &ModelRef) -> bool {
        let (Some(a), Some(b)) = (self.models.get(from), self.models.get(to)) else {
            return false;
        };
        let (Some(ca), Some(cb)) = (self.direct_comp.get(a.node), self.direct_comp.get(b.node)) else {
            return false;
        };
        ca == cb && self.direct_cyclic.get(a.node).copied().unwrap_or(false)
    }
}

/// The innermost non-container type (through arrays and maps).
pub fn leaf(t: &Type) -> &Type {
    let mut t = t;
    loop {
        match t {
            Type::Array { items } => t = items,
            Type::Map { values } => t = values,
            other => return other,
        }
    }
}

/// Visits references, telling whether each is direct (not inside Vec/Map).
fn each_ref(t: &Type, direct: bool, f: &mut impl FnMut(&ModelRef, bool)) {
    match t {
        Type::Ref { target } => f(target, direct),
        Type::Array { items } => each_ref(items, false, f),
        Type::Map { values } => each_ref(values, false, f),
        _ => {}
    }
}

/// Every type a model mentions, with the origin to blame for it.
pub fn model_types(m: &Model) -> Vec<(&Type, &Origin)> {
    match &m.kind {
        ModelKind::Struct(s) => {
            let mut v: Vec<(&Type, &Origin)> = s.fields.iter().map(|f| (&f.ty, &f.origin)).collect();
            if let Some(a) = &s.additional {
                v.push((a, &m.origin));
            }
            v
        }
        ModelKind::Union(u) => u.variants.iter().map(|v| (&v.ty, &m.origin)).collect(),
        ModelKind::Alias(a) => vec![(&a.ty, &m.origin)],
        ModelKind::Enum(_) => Vec::new(),
    }
}

pub fn build(ir: &Ir, config: &Config, diags: &mut Vec<Diagnostic>) -> Plan {
    let mut plan = Plan::default();

    let mut ns_namer = Namer::new();
    ns_namer.reserve(SUPPORT_MOD);
    for ns in ir.namespaces.keys() {
        let m = ns_namer.module(ns, "models");
        plan.ns_modules.insert(ns.clone(), m);
    }

    let mut node = 0usize;
    let mut type_namers: BTreeMap<&str, Namer> = BTreeMap::new();
    for (ns, namespace) in &ir.namespaces {
        let types = type_namers.entry(ns.as_str()).or_default();
        let mut files = Namer::new();
        for name in namespace.models.keys() {
            let source = config
                .model_override(ns, name)
                .and_then(|o| o.rename.as_deref())
                .unwrap_or(name);
            let type_name = types.type_name(source, "Model", "T");
            let file = files.module(&type_name, "model");
            plan.models.insert(
                ModelRef { namespace: ns.clone(), name: name.clone() },
                ModelPlan { type_name, file, literals: BTreeMap::new(), node },
            );
            node += 1;
        }
    }

    // Literal helpers are named after every model name is taken, so a model
    // never loses its name to a helper.
    for (r, m) in ir.models() {
        let Some(types) = type_namers.get_mut(r.namespace.as_str()) else { continue };
        let Some(mp) = plan.models.get_mut(&r) else { continue };
        let owner = mp.type_name.clone();
        let mut add = |slot: Slot, t: &Type, suffix: &str| {
            if let Type::Literal { value } = leaf(t) {
                let suffix = if suffix.trim().is_empty() {
                    super::docs::json_text(value)
                } else {
                    suffix.to_string()
                };
                let name = types.type_name(&format!("{owner} {suffix}"), "Literal", "T");
                mp.literals.insert(slot, name);
            }
        };
        match &m.kind {
            ModelKind::Struct(s) => {
                for (i, f) in s.fields.iter().enumerate() {
                    add(Slot::Field(i), &f.ty, &f.name);
                }
            }
            ModelKind::Union(u) => {
                for (i, v) in u.variants.iter().enumerate() {
                    add(Slot::Variant(i), &v.ty, "");
                }
            }
            ModelKind::Alias(a) => add(Slot::Alias, &a.ty, "Value"),
            ModelKind::Enum(_) => {}
        }
    }

    // Reference graphs: all edges (for alias cycles) and direct edges (boxing).
    let n = node;
    let mut all_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut direct_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (r, m) in ir.models() {
        let Some(from) = plan.models.get(&r).map(|p| p.node) else { continue };
        for (t, origin) in model_types(m) {
            each_ref(t, true, &mut |target, direct| match plan.models.get(target) {
                Some(tp) => {
                    all_adj[from].push(tp.node);
                    if direct {
                        direct_adj[from].push(tp.node);
                    }
                }
                None => diags.push(super::diag(
                    origin,
                    format!(
                        "model `{r}` refers to `{target}`, which is not defined; \
                         expected a model in namespace `{}`",
                        target.namespace
                    ),
                )),
            });
        }
    }
    let all_comp = graph::components(&all_adj);
    let all_cyclic = graph::on_cycle(&all_adj, &all_comp);
    for (r, m) in ir.models() {
        if let (ModelKind::Alias(_), Some(p)) = (&m.kind, plan.models.get(&r)) {
            if all_cyclic.get(p.node).copied().unwrap_or(false) {
                plan.newtype_aliases.insert(r.clone());
            }
        }
    }
    plan.direct_comp = graph::components(&direct_adj);
    plan.direct_cyclic = graph::on_cycle(&direct_adj, &plan.direct_comp);
    plan
}
