//! Structs, aliases and literal helper types.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::Diagnostic;
use crate::ir::{Alias, Field, Model, ModelRef, ParamLocation, Struct, Type};

use super::ast;
use super::de::{self, DeField, Read};
use super::docs::{code_span, deprecated_attr, json_text, Doc};
use super::ident::{ident, unraw, Namer};
use super::plan::{leaf, Slot};
use super::types::Ctx;

/// [`derive_serde_attr`] as tokens, for items written with `quote!`.
pub fn derive_serde() -> TokenStream {
    let attr = derive_serde_attr();
    quote! { #attr }
}

/// The derives of every untagged union, and of structs whose
/// `Deserialize` is derived too (see `de`).
fn derive_serde_attr() -> syn::Attribute {
    ast::list_attr("derive", quote! { Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize })
}

/// The derives of structs whose `Deserialize` is written out (`de`).
fn derive_serialize_attr() -> syn::Attribute {
    ast::list_attr("derive", quote! { Debug, Clone, PartialEq, ::serde::Serialize })
}

/// Doc comment and `#[deprecated]` for a model.
pub fn model_attrs(ctx: &Ctx, m: &Model) -> Vec<syn::Attribute> {
    let mut doc = Doc::new();
    doc.text(m.description.as_deref());
    let mut attrs = doc.attrs();
    if m.deprecated.is_some() {
        ctx.uses.deprecated.set(true);
    }
    attrs.extend(deprecated_attr(m.deprecated.as_deref()));
    attrs
}

/// [`model_attrs`] as tokens, for items written with `quote!`.
pub fn model_header(ctx: &Ctx, m: &Model) -> TokenStream {
    let attrs = model_attrs(ctx, m);
    quote! { #(#attrs)* }
}

fn field_doc(f: &Field) -> Vec<syn::Attribute> {
    let mut doc = Doc::new();
    doc.text(f.description.as_deref());
    if let Some(loc) = f.location {
        let place = match loc {
            ParamLocation::Path => "a path parameter",
            ParamLocation::Query => "a query parameter",
            ParamLocation::Header => "a header",
            ParamLocation::Cookie => "a cookie",
            // Request and response models both carry a body.
            ParamLocation::Body => "the message body",
        };
        doc.line(format!("Sent as {place}: {}.", code_span(&f.wire_name)));
    }
    if let Some(d) = &f.default {
        doc.line(format!("Default: {}", code_span(&json_text(d))));
    }
    if let Some(e) = &f.example {
        doc.line(format!("Example: {}", code_span(&json_text(e))));
    }
    doc.attrs()
}

pub fn emit_struct(
    ctx: &Ctx,
    cur: &ModelRef,
    m: &Model,
    s: &Struct,
    literals: &BTreeMap<Slot, String>,
    diags: &mut Vec<Diagnostic>,
) -> (syn::Item, Option<String>) {
    let type_name = ctx.type_name(cur).unwrap_or("Model");
    let name = ident(type_name);
    let mut attrs = model_attrs(ctx, m);
    // serde's flatten buffers keys in its private `Content`, and
    // `deny_unknown_fields` only ever marks an empty struct: those two keep
    // the derive.
    let written_de = !ctx.config.derive_deserialize && s.additional.is_none() && !s.deny_unknown;
    attrs.push(if written_de { derive_serialize_attr() } else { derive_serde_attr() });
    let mut namer = Namer::new();
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    // JSON key -> field that uses it.
    let mut keys: BTreeMap<&str, &Field> = BTreeMap::new();
    let mut idents = Vec::new();
    for f in &s.fields {
        idents.push(namer.field(&f.name));
    }
    for (i, (f, fname)) in s.fields.iter().zip(&idents).enumerate() {
        let mut key = f.wire_name.as_str();
        if let Some(prev) = keys.get(key) {
            // The same parameter name in two places (header and query) is
            // fine on HTTP; in the struct's own JSON form the later one is
            // keyed by its field name (or its Rust name, which is unique).
            let fallback = [f.name.as_str(), unraw(fname)].into_iter().find(|k| !keys.contains_key(k));
            if let (true, Some(k)) = (is_param(f) || is_param(prev), fallback) {
                key = k;
            } else {
                let help = format!(
                    "give `{}` its JSON name in modelgen.toml: `[models.\"{cur}\".fields]` `{} = \"...\"`",
                    f.name, f.name
                );
                diags.push(
                    super::diag(
                        &f.origin,
                        format!(
                            "fields `{}` and `{}` of `{cur}` both use the JSON name `{}`; \
                             expected distinct JSON names (set one with a field override)",
                            prev.name, f.name, f.wire_name
                        ),
                    )
                    .with_help(Some(help)),
                );
                continue;
            }
        }
        keys.insert(key, f);
        let literal = literals.get(&Slot::Field(i)).map(String::as_str);
        let (field, read) = field(ctx, cur, f, key, fname, literal, written_de);
        fields.push(field);
        reads.push(DeField { name: fname, key, read });
    }
    if let Some(add) = &s.additional {
        let fname = namer.field("additional_properties");
        let t = ctx.ty(cur, add, None);
        fields.push(pub_field(
            vec![
                ast::doc_attr(" Every other key of the JSON object, kept as received."),
                ast::list_attr("serde", quote! { flatten }),
            ],
            &fname,
            ast::ty(ctx.map_type(), vec![ast::ty("::std::string::String", Vec::new()), t]),
        ));
    }
    // serde cannot combine `deny_unknown_fields` with a flattened map.
    if s.deny_unknown && s.additional.is_none() {
        attrs.push(ast::list_attr("serde", quote! { deny_unknown_fields }));
    }
    if ctx.config.non_exhaustive_structs {
        attrs.push(ast::word_attr("non_exhaustive"));
    }
    let de = written_de.then(|| de::struct_deserialize(ctx, type_name, &reads));
    let item = syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        struct_token: Default::default(),
        ident: name,
        generics: Default::default(),
        fields: syn::Fields::Named(syn::FieldsNamed {
            brace_token: Default::default(),
            named: fields.into_iter().collect(),
        }),
        semi_token: None,
    });
    (item, de)
}

fn pub_field(attrs: Vec<syn::Attribute>, name: &str, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        mutability: syn::FieldMutability::None,
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
    }
}

/// An HTTP parameter rather than a JSON body key.
fn is_param(f: &Field) -> bool {
    f.location.is_some_and(|l| l != ParamLocation::Body)
}

/// One struct field; `key` is its name in the struct's JSON form. With
/// `written_de` the struct's `Deserialize` is written out (`de`), so the
/// field carries only the attributes `Serialize` reads.
fn field(
    ctx: &Ctx,
    cur: &ModelRef,
    f: &Field,
    key: &str,
    fname: &str,
    literal: Option<&str>,
    written_de: bool,
) -> (syn::Field, Read) {
    let mut attrs = field_doc(f);
    if f.deprecated.is_some() {
        ctx.uses.deprecated.set(true);
    }
    attrs.extend(deprecated_attr(f.deprecated.as_deref()));
    let base = ctx.ty(cur, &f.ty, literal);
    let option = |t: syn::Type| ast::ty("::std::option::Option", vec![t]);
    let mut args: Vec<TokenStream> = Vec::new();
    if unraw(fname) != key {
        args.push(quote! { rename = #key });
    }
    let skip_none = "::std::option::Option::is_none";
    let (ty, read) = if ctx.is_opaque(&f.ty) {
        args.push(quote! { skip });
        (option(base), Read::Skipped)
    } else {
        match (f.required, f.nullable) {
            (true, false) => (base, Read::Required),
            // Always written (null for None); a missing key reads as None.
            (true, true) => (option(base), Read::Required),
            (false, false) => {
                args.push(if written_de {
                    quote! { skip_serializing_if = #skip_none }
                } else {
                    quote! { default, skip_serializing_if = #skip_none }
                });
                (option(base), Read::Optional)
            }
            // None = absent, Some(None) = null, Some(Some(v)) = value.
            (false, true) => {
                if written_de {
                    args.push(quote! { skip_serializing_if = #skip_none });
                } else {
                    ctx.uses.double_option.set(true);
                    let with = format!("{}::double_option", ctx.support_str());
                    args.push(quote! { default, skip_serializing_if = #skip_none, deserialize_with = #with });
                }
                (option(option(base)), Read::Nullable)
            }
        }
    };
    if !args.is_empty() {
        attrs.push(ast::list_attr("serde", quote! { #(#args),* }));
    }
    (pub_field(attrs, fname, ty), read)
}

pub fn emit_alias(
    ctx: &Ctx,
    cur: &ModelRef,
    m: &Model,
    a: &Alias,
    literals: &BTreeMap<Slot, String>,
) -> TokenStream {
    let name = ident(ctx.type_name(cur).unwrap_or("Model"));
    let header = model_header(ctx, m);
    let t = ctx.ty(cur, &a.ty, literals.get(&Slot::Alias).map(String::as_str));
    if ctx.plan.newtype_aliases.contains(cur) {
        let derive = derive_serde();
        quote! {
            #header
            #derive
            #[serde(transparent)]
            pub struct #name(pub #t);
        }
    } else {
        quote! {
            #header
            pub type #name = #t;
        }
    }
}

/// The literal value at a slot of a model, if any.
pub fn literal_at(m: &Model, slot: Slot) -> Option<&serde_json::Value> {
    use crate::ir::ModelKind;
    let t: &Type = match (&m.kind, slot) {
        (ModelKind::Struct(s), Slot::Field(i)) => &s.fields.get(i)?.ty,
        (ModelKind::Union(u), Slot::Variant(i)) => &u.variants.get(i)?.ty,
        (ModelKind::Alias(a), Slot::Alias) => &a.ty,
        _ => return None,
    };
    match leaf(t) {
        Type::Literal { value } => Some(value),
        _ => None,
    }
}

/// A type that accepts exactly one JSON value. Strings become a one-variant
/// enum (plain serde derive); other values a unit struct comparing JSON.
pub fn emit_literal(name: &str, value: &serde_json::Value) -> TokenStream {
    let id = ident(name);
    let doc = format!(" Only the JSON value {}.", code_span(&serde_json::to_string(value).unwrap_or_default()));
    if let serde_json::Value::String(s) = value {
        let variant = ident(&Namer::new().type_name(s, "Value", "V"));
        return quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
            pub enum #id {
                #[default]
                #[serde(rename = #s)]
                #variant,
            }
        };
    }
    let json = serde_json::to_string(value).unwrap_or_default();
    let expected = format!("the JSON value {json}");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct #id;

        impl #id {
            /// The value as JSON text.
            pub const JSON: &'static str = #json;

            fn value<E: ::serde::de::Error>() -> ::std::result::Result<::serde_json::Value, E> {
                ::serde_json::from_str(Self::JSON).map_err(E::custom)
            }
        }

        impl ::serde::Serialize for #id {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let value = ::serde_json::from_str::<::serde_json::Value>(Self::JSON)
                    .map_err(<S::Error as ::serde::ser::Error>::custom)?;
                ::serde::Serialize::serialize(&value, serializer)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #id {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                if value == Self::value::<D::Error>()? {
                    ::std::result::Result::Ok(#id)
                } else {
                    ::std::result::Result::Err(<D::Error as ::serde::de::Error>::invalid_value(
                        ::serde::de::Unexpected::Other("another value"),
                        &#expected,
                    ))
                }
            }
        }
    }
}
