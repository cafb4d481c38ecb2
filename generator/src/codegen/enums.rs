//! Closed and open enums, string or integer.
//!
//! Serialize/Deserialize are written by hand (a `match` to the wire value; for
//! strings a binary search over a sorted table back) instead of derived:
//! derive generates a field-identifier visitor per enum, which is far more
//! code for enums with thousands of values, cannot keep an unknown string in
//! a catch-all without buffering, and cannot speak JSON numbers. Measured on
//! a 4,000-value open enum (CPU seconds, check / debug build / release
//! build): derive 4.8 / 5.6 / 7.0, `match` both ways 1.4 / 1.7 / 9.4, sorted
//! table of (value, variant) 1.4 / 1.7 / 4.9.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::diag::Diagnostic;
use crate::ir::{Enum, EnumRepr, Model, ModelRef};

use super::docs::{code_span, json_text, Doc};
use super::ident::{ident, Namer};
use super::ast;
use super::items::{model_attrs, model_header};
use super::types::Ctx;

const CATCH_ALL: &str = "Unrecognized";

enum Wire {
    Str(String),
    Int(i64),
}

fn int_tokens(v: i64) -> TokenStream {
    let abs = Literal::u64_unsuffixed(v.unsigned_abs());
    if v < 0 {
        quote! { -#abs }
    } else {
        quote! { #abs }
    }
}

thread_local! {
    /// The impls of a string enum, parsed once per shape (open, empty) and
    /// thread, then cloned and named: parsing them per enum was a tenth of
    /// a docs-2026-02 run.
    static STR_ENUM_IMPLS: std::cell::RefCell<std::collections::BTreeMap<(bool, bool), Vec<syn::Item>>> =
        Default::default();
}

/// Name of the type in [`str_enum_impls`] templates, replaced per enum.
const TEMPLATE_NAME: &str = "ModelgenTemplate";

/// The fixed impls of a string enum of shape `(open, empty)`, for a type
/// named [`TEMPLATE_NAME`]; `as_str`'s arms and the `WIRE` table are empty
/// placeholders (see `ast::fill_impl`), and the `expecting` text (argument
/// 1 of the call in `deserialize`) is set per enum (`ast::name_impls`).
fn str_enum_impls((open, empty): (bool, bool), support: &TokenStream) -> TokenStream {
    let name = ident(TEMPLATE_NAME);
    let catch_all_ident = ident(CATCH_ALL);
    let (as_str_body, unknown, found) = if open {
        (
            quote! { match self { Self::#catch_all_ident(value) => value.as_str(), } },
            quote! { ::std::option::Option::Some(Self::#catch_all_ident(::std::string::String::from(value))) },
            quote! { entry.1.clone() },
        )
    } else if empty {
        (quote! { match *self {} }, quote! { ::std::option::Option::None }, quote! { entry.1 })
    } else {
        (quote! { match self {} }, quote! { ::std::option::Option::None }, quote! { entry.1 })
    };
    quote! {
        impl #name {
            /// The exact JSON string of this value.
            pub fn as_str(&self) -> &str {
                #as_str_body
            }

            /// Every known JSON value, sorted, with its variant.
            const WIRE: &'static [(&'static str, Self)] = &[];

            fn from_wire(value: &str) -> ::std::option::Option<Self> {
                match Self::WIRE.binary_search_by(|entry| entry.0.cmp(value)) {
                    ::std::result::Result::Ok(pos) => Self::WIRE.get(pos).map(|entry| #found),
                    ::std::result::Result::Err(_) => #unknown,
                }
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #support::str_enum(deserializer, "", Self::from_wire)
            }
        }
    }
}

pub fn emit_enum(
    ctx: &Ctx,
    cur: &ModelRef,
    m: &Model,
    e: &Enum,
    diags: &mut Vec<Diagnostic>,
) -> Vec<syn::Item> {
    let type_name = ctx.type_name(cur).unwrap_or("Model");
    let name = ident(type_name);

    let mut namer = Namer::new();
    if e.open {
        namer.reserve(CATCH_ALL);
    }
    let mut seen_str = BTreeSet::new();
    let mut seen_int = BTreeSet::new();
    let mut variants = Vec::new(); // (ident, wire, doc)
    for v in &e.values {
        let wire = match (e.repr, &v.value) {
            (EnumRepr::String, serde_json::Value::String(s)) => Wire::Str(s.clone()),
            (EnumRepr::Integer, serde_json::Value::Number(n)) if n.as_i64().is_some() => {
                Wire::Int(n.as_i64().unwrap_or_default())
            }
            (repr, other) => {
                diags.push(super::diag(
                    &m.origin,
                    format!(
                        "enum `{cur}` value {} is not a{}; expected every value of this enum to be one",
                        code_span(&serde_json::to_string(other).unwrap_or_default()),
                        match repr {
                            EnumRepr::String => " string",
                            EnumRepr::Integer => " 64-bit integer",
                        }
                    ),
                ));
                continue;
            }
        };
        let fresh = match &wire {
            Wire::Str(s) => seen_str.insert(s.clone()),
            Wire::Int(i) => seen_int.insert(*i),
        };
        if !fresh {
            diags.push(super::diag(
                &m.origin,
                format!(
                    "enum `{cur}` lists the value {} twice; expected each value once",
                    code_span(&json_text(&v.value))
                ),
            ));
            continue;
        }
        let base = match (&v.name, &wire) {
            (Some(n), _) if !n.trim().is_empty() => n.clone(),
            (_, Wire::Str(s)) => s.clone(),
            (_, Wire::Int(i)) if *i < 0 => format!("Minus {}", i.unsigned_abs()),
            (_, Wire::Int(i)) => i.to_string(),
        };
        let vname = namer.type_name(&base, "Value", "V");
        let mut doc = Doc::new();
        doc.text(v.description.as_deref());
        variants.push((ident(&vname), wire, doc.attrs()));
    }

    let idents: Vec<_> = variants.iter().map(|(i, _, _)| i).collect();
    let catch_all_ident = ident(CATCH_ALL);
    let non_exhaustive = (e.open && ctx.config.non_exhaustive_open_enums)
        || (!e.open && ctx.config.non_exhaustive_enums);
    let expecting = format!("a `{type_name}` value");
    let support = ctx.support();
    let origin = &m.origin;
    let what = format!("enum `{cur}`");

    match e.repr {
        EnumRepr::String => {
            ctx.uses.str_enum.set(true);
            // The declaration, the `as_str` arms and the lookup table grow
            // with the values: built as syntax trees (see `ast`); the fixed
            // impls around them are written with `quote!`.
            let mut attrs = model_attrs(ctx, m);
            let copy = if e.open { TokenStream::new() } else { quote! { Copy, } };
            attrs.push(ast::list_attr("derive", quote! { Debug, Clone, #copy PartialEq, Eq, Hash }));
            if non_exhaustive {
                attrs.push(ast::word_attr("non_exhaustive"));
            }
            let mut decl: syn::punctuated::Punctuated<syn::Variant, syn::Token![,]> = variants
                .iter()
                .map(|(id, _, docs)| syn::Variant {
                    attrs: docs.clone(),
                    ident: id.clone(),
                    fields: syn::Fields::Unit,
                    discriminant: None,
                })
                .collect();
            if e.open {
                decl.push(syn::Variant {
                    attrs: vec![ast::doc_attr(" A value not known when this code was generated, kept as received.")],
                    ident: catch_all_ident.clone(),
                    fields: syn::Fields::Unnamed(syn::FieldsUnnamed {
                        paren_token: Default::default(),
                        unnamed: std::iter::once(syn::Field {
                            attrs: Vec::new(),
                            vis: syn::Visibility::Inherited,
                            mutability: syn::FieldMutability::None,
                            ident: None,
                            colon_token: None,
                            ty: ast::ty("::std::string::String", Vec::new()),
                        })
                        .collect(),
                    }),
                    discriminant: None,
                });
            }
            let enum_item = syn::Item::Enum(syn::ItemEnum {
                attrs,
                vis: syn::Visibility::Public(Default::default()),
                enum_token: Default::default(),
                ident: name.clone(),
                generics: Default::default(),
                brace_token: Default::default(),
                variants: decl,
            });

            let wires: Vec<&str> = variants
                .iter()
                .filter_map(|(_, w, _)| match w {
                    Wire::Str(s) => Some(s.as_str()),
                    Wire::Int(_) => None,
                })
                .collect();
            // Lookup by binary search over a sorted table of (value,
            // variant): measured on a 4,000-value enum, cheaper to compile
            // (check and release) than a `match` on strings or serde's derive.
            let mut sorted: Vec<(&str, &proc_macro2::Ident)> =
                wires.iter().copied().zip(idents.iter().copied()).collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            let shape = (e.open, variants.is_empty());
            let mut items = vec![enum_item];
            let mut impls = STR_ENUM_IMPLS.with(|cache| {
                let mut cache = cache.borrow_mut();
                let template = cache
                    .entry(shape)
                    .or_insert_with(|| super::parsed(str_enum_impls(shape, &support), origin, &what, diags));
                template.clone()
            });
            ast::name_impls(&mut impls, &name, "deserialize", 1, &expecting);
            let arms = variants
                .iter()
                .zip(&wires)
                .map(|((id, _, _), w)| ast::arm(ast::pat_self_variant(id), ast::lit_str(w)))
                .collect();
            let table = sorted
                .iter()
                .map(|(w, id)| ast::pair(ast::lit_str(w), ast::expr_path(ast::self_variant(id))));
            if let Some(syn::Item::Impl(imp)) = impls.first_mut() {
                ast::fill_impl(imp, "as_str", arms, "WIRE", table.collect());
            }
            items.extend(impls);
            items
        }
        EnumRepr::Integer => {
            let header = model_header(ctx, m);
            let docs: Vec<TokenStream> = variants.iter().map(|(_, _, d)| quote! { #(#d)* }).collect();
            let non_exhaustive = if non_exhaustive { quote! { #[non_exhaustive] } } else { TokenStream::new() };
            let wires: Vec<TokenStream> = variants
                .iter()
                .filter_map(|(_, w, _)| match w {
                    Wire::Int(i) => Some(int_tokens(*i)),
                    Wire::Str(_) => None,
                })
                .collect();
            let (catch_all, value_rest, from_rest) = if e.open {
                (
                    quote! {
                        /// A value not known when this code was generated, kept as received.
                        #catch_all_ident(i64),
                    },
                    quote! { Self::#catch_all_ident(value) => *value, },
                    quote! { _ => Self::#catch_all_ident(value), },
                )
            } else {
                (
                    TokenStream::new(),
                    TokenStream::new(),
                    quote! { _ => return ::std::option::Option::None, },
                )
            };
            let value_body = if variants.is_empty() && !e.open {
                quote! { match *self {} }
            } else {
                quote! { match self { #(Self::#idents => #wires,)* #value_rest } }
            };
            let from_wire = if variants.is_empty() && !e.open {
                quote! {
                    fn from_wire(value: i64) -> ::std::option::Option<Self> {
                        let _ = value;
                        ::std::option::Option::None
                    }
                }
            } else {
                quote! {
                    fn from_wire(value: i64) -> ::std::option::Option<Self> {
                        ::std::option::Option::Some(match value { #(#wires => Self::#idents,)* #from_rest })
                    }
                }
            };
            let tokens = quote! {
                #header
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                #non_exhaustive
                pub enum #name {
                    #( #docs #idents, )*
                    #catch_all
                }

                impl #name {
                    /// The exact JSON number of this value.
                    pub fn value(&self) -> i64 {
                        #value_body
                    }

                    #from_wire
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_i64(self.value())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <i64 as ::serde::Deserialize>::deserialize(deserializer)?;
                        Self::from_wire(value).ok_or_else(|| {
                            <D::Error as ::serde::de::Error>::invalid_value(
                                ::serde::de::Unexpected::Signed(value),
                                &#expecting,
                            )
                        })
                    }
                }
            };
            super::parsed(tokens, origin, &what, diags)
        }
    }
}
