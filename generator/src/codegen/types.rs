//! IR types -> Rust type tokens, plus the facts about types that the item
//! emitters need (opaque? how specific for untagged matching?).

use std::sync::atomic::{AtomicBool, Ordering};

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::{DateTimeType, MapType};
use crate::ir::{EnumRepr, Ir, Model, ModelKind, ModelRef, Type};
use crate::Config;

use super::ast;
use super::ident::ident;
use super::plan::{Plan, SUPPORT_MOD};

/// A "was used" mark, set from any emitting thread.
#[derive(Debug, Default)]
pub struct Flag(AtomicBool);

impl Flag {
    pub fn set(&self, v: bool) {
        self.0.store(v, Ordering::Relaxed);
    }

    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// Which pieces of support code in the root file the models used.
#[derive(Debug, Default)]
pub struct Uses {
    pub double_option: Flag,
    pub str_enum: Flag,
    pub struct_de: Flag,
    pub http_response: Flag,
    pub byte_stream: Flag,
    pub time_datetime: Flag,
    pub time_date: Flag,
    pub deprecated: Flag,
}

impl Uses {
    /// Adds what another worker's models used.
    pub fn merge(&self, other: &Uses) {
        for (a, b) in [
            (&self.double_option, &other.double_option),
            (&self.str_enum, &other.str_enum),
            (&self.struct_de, &other.struct_de),
            (&self.http_response, &other.http_response),
            (&self.byte_stream, &other.byte_stream),
            (&self.time_datetime, &other.time_datetime),
            (&self.time_date, &other.time_date),
            (&self.deprecated, &other.deprecated),
        ] {
            a.set(a.get() | b.get());
        }
    }
}

pub struct Ctx<'a> {
    pub ir: &'a Ir,
    pub config: &'a Config,
    pub plan: &'a Plan,
    pub uses: Uses,
    /// `Some(path)`: types are named from outside the generated tree, whose
    /// root module is at `path` (see `external.rs`); `None`: from a model file.
    pub root: Option<&'a str>,
}

/// How far alias chains are followed (they cannot be longer than the model
/// count, but a bound keeps malformed input cheap).
const MAX_ALIAS_DEPTH: usize = 64;

impl<'a> Ctx<'a> {
    /// Path to the support module from a model file.
    pub fn support(&self) -> TokenStream {
        let m = ident(SUPPORT_MOD);
        quote! { super::super::#m }
    }

    /// Same as [`Self::support`], as text for serde's string-valued attributes.
    pub fn support_str(&self) -> String {
        format!("super::super::{SUPPORT_MOD}")
    }

    pub fn type_name(&self, r: &ModelRef) -> Option<&'a str> {
        self.plan.models.get(r).map(|p| p.type_name.as_str())
    }

    /// Path to a model's type from a model file in namespace `from_ns`.
    pub fn model_path(&self, from_ns: &str, target: &ModelRef) -> syn::Type {
        let (Some(name), Some(ns_mod)) = (
            self.type_name(target),
            self.plan.ns_modules.get(&target.namespace),
        ) else {
            // Dangling reference: reported by the plan; keep the output valid.
            return ast::ty("::serde_json::Value", Vec::new());
        };
        self.item_path(from_ns, ns_mod, name)
    }

    /// Path to item `name` of namespace module `ns_mod` (a model's type or a
    /// literal helper, both exported by the namespace module).
    fn item_path(&self, from_ns: &str, ns_mod: &str, name: &str) -> syn::Type {
        let from_mod = self.plan.ns_modules.get(from_ns).map(String::as_str);
        if let Some(root) = self.root {
            ast::ty_in(&format!("{root}::{ns_mod}"), name)
        } else if from_mod == Some(ns_mod) {
            ast::ty_in("super", name)
        } else {
            let mut t = ast::ty_in("super::super", ns_mod);
            if let syn::Type::Path(p) = &mut t {
                p.path.segments.push(ident(name).into());
            }
            t
        }
    }

    /// The Rust type for `t` used by model `cur`. `literal` names the helper
    /// type for a `Type::Literal` leaf. Built as a syntax tree (see `ast`).
    pub fn ty(&self, cur: &ModelRef, t: &Type, literal: Option<&str>) -> syn::Type {
        self.ty_inner(cur, t, true, literal)
    }

    fn ty_inner(&self, cur: &ModelRef, t: &Type, direct: bool, literal: Option<&str>) -> syn::Type {
        let plain = |text: &str| ast::ty(text, Vec::new());
        match t {
            Type::String | Type::Uuid | Type::Bytes => plain("::std::string::String"),
            Type::Number { format } => match format.as_deref() {
                Some("float") => plain("f32"),
                _ => plain("f64"),
            },
            Type::Integer { format } => match format.as_deref() {
                Some("int32") => plain("i32"),
                _ => plain("i64"),
            },
            Type::Boolean => plain("bool"),
            Type::DateTime => match self.config.datetime {
                DateTimeType::Chrono => ast::ty("::chrono::DateTime", vec![plain("::chrono::Utc")]),
                DateTimeType::Time => {
                    self.uses.time_datetime.set(true);
                    plain(&self.root_item("DateTime"))
                }
                DateTimeType::String => plain("::std::string::String"),
            },
            Type::Date => match self.config.datetime {
                DateTimeType::Chrono => plain("::chrono::NaiveDate"),
                DateTimeType::Time => {
                    self.uses.time_date.set(true);
                    plain(&self.root_item("Date"))
                }
                DateTimeType::String => plain("::std::string::String"),
            },
            Type::Binary => ast::ty("::std::vec::Vec", vec![plain("u8")]),
            Type::Any => plain("::serde_json::Value"),
            Type::Array { items } => {
                let inner = self.ty_inner(cur, items, false, literal);
                ast::ty("::std::vec::Vec", vec![inner])
            }
            Type::Map { values } => {
                let inner = self.ty_inner(cur, values, false, literal);
                ast::ty(self.map_type(), vec![plain("::std::string::String"), inner])
            }
            Type::Ref { target } => {
                let path = self.model_path(&cur.namespace, target);
                if direct && self.plan.needs_box(cur, target) {
                    ast::ty("::std::boxed::Box", vec![path])
                } else {
                    path
                }
            }
            Type::Literal { .. } => match (literal, self.root) {
                (Some(name), None) => ast::ty_ident(name),
                (Some(name), Some(_)) => match self.plan.ns_modules.get(&cur.namespace) {
                    Some(ns_mod) => self.item_path(&cur.namespace, ns_mod, name),
                    None => plain("::serde_json::Value"),
                },
                (None, _) => plain("::serde_json::Value"),
            },
            Type::Opaque { what } => match what {
                crate::ir::OpaqueKind::HttpResponse => {
                    self.uses.http_response.set(true);
                    plain("super::super::HttpResponse")
                }
                crate::ir::OpaqueKind::ByteStream => {
                    self.uses.byte_stream.set(true);
                    plain("super::super::ByteStream")
                }
            },
        }
    }

    /// An item of the root module (`super::super::DateTime` from a model file).
    fn root_item(&self, name: &str) -> String {
        format!("{}::{name}", self.root.unwrap_or("super::super"))
    }

    /// The map type's path (config `map`).
    pub fn map_type(&self) -> &'static str {
        match self.config.map {
            MapType::BTreeMap => "::std::collections::BTreeMap",
            MapType::HashMap => "::std::collections::HashMap",
        }
    }

    /// Follows alias chains to the model that gives a reference its shape.
    pub fn resolve(&self, r: &ModelRef) -> Option<&'a Model> {
        let mut r = r.clone();
        for _ in 0..MAX_ALIAS_DEPTH {
            let m = self.ir.model(&r)?;
            match &m.kind {
                ModelKind::Alias(a) => match &a.ty {
                    Type::Ref { target } => r = target.clone(),
                    _ => return Some(m),
                },
                _ => return Some(m),
            }
        }
        None
    }

    /// No JSON form: opaque values and raw binary (also behind aliases).
    pub fn is_opaque(&self, t: &Type) -> bool {
        let mut t = super::plan::leaf(t);
        for _ in 0..MAX_ALIAS_DEPTH {
            match t {
                Type::Opaque { .. } | Type::Binary => return true,
                Type::Ref { target } => match self.ir.model(target).map(|m| &m.kind) {
                    Some(ModelKind::Alias(a)) => t = super::plan::leaf(&a.ty),
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// Sort key for untagged union variants: lower is tried first. The most
    /// specific shapes come first, catch-alls last (see the module docs).
    pub fn rank(&self, t: &Type) -> (u8, i64, i64) {
        self.rank_depth(t, 0)
    }

    fn rank_depth(&self, t: &Type, depth: usize) -> (u8, i64, i64) {
        let string_like_dates = self.config.datetime == DateTimeType::String;
        match t {
            Type::Literal { .. } => (0, 0, 0),
            Type::Integer { .. } => (31, 0, 0),
            Type::Number { .. } => (32, 0, 0),
            Type::Boolean => (33, 0, 0),
            Type::DateTime | Type::Date if !string_like_dates => (34, 0, 0),
            Type::DateTime | Type::Date | Type::String | Type::Uuid | Type::Bytes => (40, 0, 0),
            // Arrays before every struct: a derived struct also reads a JSON
            // array (as a sequence of its fields), a Vec never reads an object.
            Type::Array { items } => {
                if matches!(super::plan::leaf(items), Type::Any) {
                    (51, 0, 0)
                } else {
                    (50, 0, 0)
                }
            }
            Type::Map { values } => {
                if matches!(**values, Type::Any) {
                    (80, 0, 0)
                } else {
                    (70, 0, 0)
                }
            }
            Type::Any => (90, 0, 0),
            Type::Opaque { .. } | Type::Binary => (95, 0, 0),
            Type::Ref { target } => {
                let Some(m) = self.ir.model(target) else { return (95, 0, 0) };
                match &m.kind {
                    ModelKind::Struct(s) => {
                        let req = s.fields.iter().filter(|f| f.required).count() as i64;
                        let all = s.fields.len() as i64;
                        if req > 0 {
                            (60, -req, -all)
                        } else if all > 0 && s.deny_unknown && s.additional.is_none() {
                            (65, -all, 0)
                        } else if all > 0 {
                            (75, -all, 0)
                        } else {
                            match &s.additional {
                                Some(Type::Any) | None => (80, 0, 0),
                                Some(_) => (70, 0, 0),
                            }
                        }
                    }
                    ModelKind::Enum(e) => match (e.open, e.repr) {
                        (false, _) => (30, 0, 0),
                        (true, EnumRepr::Integer) => (31, 0, 0),
                        (true, EnumRepr::String) => (40, 0, 0),
                    },
                    ModelKind::Union(_) => (45, 0, 0),
                    ModelKind::Alias(a) if depth < MAX_ALIAS_DEPTH => self.rank_depth(&a.ty, depth + 1),
                    ModelKind::Alias(_) => (95, 0, 0),
                }
            }
        }
    }
}
