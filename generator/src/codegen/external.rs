//! Generated types named from outside the generated tree: what a tool or a
//! test that uses the models writes (`crate::models::shared::Pet`,
//! `Vec<crate::models::shared::Pet>`), with exactly the names, paths and
//! type mapping that `generate` uses.

use std::collections::BTreeMap;

use quote::ToTokens;

use crate::ir::{Ir, ModelKind, ModelRef, Type};
use crate::Config;

use super::plan::{self, Plan, Slot};
use super::types;

pub struct ExternalTypes<'a> {
    ir: &'a Ir,
    config: &'a Config,
    plan: Plan,
    root: String,
    /// Literal helper types by the (file, JSON pointer) of the schema they
    /// come from: struct fields and alias models.
    literals: BTreeMap<(String, String), (ModelRef, String)>,
}

impl<'a> ExternalTypes<'a> {
    /// `root`: the path of the generated tree's root module as seen from
    /// where the types are written (`crate::models`).
    pub fn new(ir: &'a Ir, config: &'a Config, root: &str) -> Self {
        let plan = plan::build(ir, config, &mut Vec::new());
        let mut literals = BTreeMap::new();
        for (r, m) in ir.models() {
            let Some(mp) = plan.models.get(&r) else { continue };
            for (slot, name) in &mp.literals {
                let origin = match (&m.kind, slot) {
                    (ModelKind::Struct(s), Slot::Field(i)) => s.fields.get(*i).map(|f| &f.origin),
                    (ModelKind::Alias(_), Slot::Alias) => Some(&m.origin),
                    _ => None,
                };
                if let Some(pointer) = origin.and_then(|o| o.pointer.clone()) {
                    let key = (origin.map(|o| o.file.clone()).unwrap_or_default(), pointer);
                    literals.entry(key).or_insert_with(|| (r.clone(), name.clone()));
                }
            }
        }
        ExternalTypes { ir, config, plan, root: root.to_string(), literals }
    }

    /// The Rust type that reads and writes a value of `t` (`Option<..>`
    /// when `nullable`), as Rust source text. `site` is the (file, `#`
    /// JSON pointer) of the schema `t` was lowered from: a `const` there
    /// has a helper type named after the field or alias that holds it.
    /// `None`: no JSON form (binary, opaque), or a literal whose helper is
    /// not found (a union member's).
    pub fn ty(&self, t: &Type, nullable: bool, site: Option<(&str, &str)>) -> Option<String> {
        let ctx = types::Ctx {
            ir: self.ir,
            config: self.config,
            plan: &self.plan,
            uses: types::Uses::default(),
            root: Some(&self.root),
        };
        if ctx.is_opaque(t) {
            return None;
        }
        let nowhere = ModelRef { namespace: String::new(), name: String::new() };
        let ty = if matches!(plan::leaf(t), Type::Literal { .. }) {
            let (file, pointer) = site?;
            let (owner, helper) = self.literals.get(&(file.to_string(), pointer.to_string()))?;
            ctx.ty(owner, t, Some(helper))
        } else {
            ctx.ty(&nowhere, t, None)
        };
        let text = ty.into_token_stream().to_string();
        Some(if nullable { format!(":: std :: option :: Option < {text} >") } else { text })
    }
}
