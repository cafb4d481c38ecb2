//! Unions: untagged enums in safe matching order, or tag-dispatched enums
//! when the union has a discriminator.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::Diagnostic;
use crate::ir::{Model, ModelKind, ModelRef, OpaqueKind, Type, Union};

use super::docs::{code_span, json_text};
use super::ident::{ident, Namer};
use super::items::{derive_serde, model_header};
use super::plan::Slot;
use super::types::Ctx;

/// Variant name derived from the variant's type (labels differ between front
/// ends; the type does not): `shared.Employee4` -> `Employee4`, `string` ->
/// `String`, `any[]` -> `ArrayOfAny`, `Record<string, T>` -> `MapOfT`.
fn variant_base(ctx: &Ctx, t: &Type) -> String {
    variant_base_name(t, &|r| ctx.type_name(r).unwrap_or("Model").to_string())
}

/// The base of a union variant's name, before deduplication; `type_name`
/// gives a referenced model's Rust type name. Shared with the semantic diff,
/// which must name variants exactly as codegen does.
pub fn variant_base_name(t: &Type, type_name: &dyn Fn(&ModelRef) -> String) -> String {
    match t {
        Type::String => "String".into(),
        Type::Number { .. } => "Number".into(),
        Type::Integer { .. } => "Integer".into(),
        Type::Boolean => "Boolean".into(),
        Type::DateTime => "DateTime".into(),
        Type::Date => "Date".into(),
        Type::Uuid => "Uuid".into(),
        Type::Bytes => "Bytes".into(),
        Type::Binary => "Binary".into(),
        Type::Any => "Any".into(),
        Type::Array { items } => format!("ArrayOf{}", variant_base_name(items, type_name)),
        Type::Map { values } => format!("MapOf{}", variant_base_name(values, type_name)),
        Type::Ref { target } => type_name(target),
        Type::Literal { value } => {
            let text = json_text(value);
            if text.trim().is_empty() {
                "Literal".into()
            } else {
                text
            }
        }
        Type::Opaque { what: OpaqueKind::HttpResponse } => "HttpResponse".into(),
        Type::Opaque { what: OpaqueKind::ByteStream } => "ByteStream".into(),
    }
}

struct V {
    ident: proc_macro2::Ident,
    ty: syn::Type,
    opaque: bool,
    /// Tag values (discriminated unions only).
    tags: Vec<String>,
    /// The variant is a struct without the tag property: the tag is removed
    /// before it is read and added back when it is written.
    strip_tag: bool,
}

pub fn emit_union(
    ctx: &Ctx,
    cur: &ModelRef,
    m: &Model,
    u: &Union,
    literals: &BTreeMap<Slot, String>,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let type_name = ctx.type_name(cur).unwrap_or("Model");
    let name = ident(type_name);
    let header = model_header(ctx, m);
    if u.variants.is_empty() {
        diags.push(super::diag(
            &m.origin,
            format!("union `{cur}` has no member types; expected at least one"),
        ));
        return TokenStream::new();
    }

    // Names are assigned in source order so reordering for matching never
    // renames a variant.
    let mut namer = Namer::new();
    let mut seen_tags: BTreeMap<String, String> = BTreeMap::new();
    let mut vs: Vec<V> = Vec::new();
    for (i, v) in u.variants.iter().enumerate() {
        let vname = namer.type_name(&variant_base(ctx, &v.ty), "Variant", "V");
        let ty = ctx.ty(cur, &v.ty, literals.get(&Slot::Variant(i)).map(String::as_str));
        let mut tags = Vec::new();
        let mut strip_tag = false;
        if let Some(d) = &u.discriminator {
            let source_tags = if v.tags.is_empty() { vec![v.label.clone()] } else { v.tags.clone() };
            for t in source_tags {
                if let Some(prev) = seen_tags.insert(t.clone(), vname.clone()) {
                    diags.push(super::diag(
                        &m.origin,
                        format!(
                            "union `{cur}`: tag {} selects both `{prev}` and `{vname}`; \
                             expected each `{}` value to select one member",
                            code_span(&t),
                            d.property
                        ),
                    ));
                } else {
                    tags.push(t);
                }
            }
            if let Type::Ref { target } = &v.ty {
                if let Some(ModelKind::Struct(s)) = ctx.resolve(target).map(|m| &m.kind) {
                    strip_tag = !s.fields.iter().any(|f| f.wire_name == d.property);
                }
            }
        }
        vs.push(V { ident: ident(&vname), ty, opaque: ctx.is_opaque(&v.ty), tags, strip_tag });
    }

    match &u.discriminator {
        None => {
            // Untagged: serde tries variants in order, so sort by specificity
            // (stable: ties keep source order).
            let mut order: Vec<usize> = (0..vs.len()).collect();
            order.sort_by_key(|&i| u.variants.get(i).map(|v| ctx.rank(&v.ty)).unwrap_or((u8::MAX, 0, 0)));
            let variants = order.iter().filter_map(|&i| vs.get(i)).map(|v| {
                let V { ident, ty, opaque, .. } = v;
                let skip = if *opaque { quote! { #[serde(skip)] } } else { TokenStream::new() };
                quote! { #skip #ident(#ty) }
            });
            let keys: Vec<Option<Vec<String>>> =
                order.iter().map(|&i| closed_struct_keys(ctx, &u.variants[i].ty)).collect();
            let object_readers = order.iter().filter(|&&i| reads_objects(ctx, &u.variants[i].ty)).count();
            if keys.iter().any(Option::is_some) && object_readers >= 2 {
                let ordered: Vec<&V> = order.iter().filter_map(|&i| vs.get(i)).collect();
                return best_fit(&name, header, variants.collect(), &ordered, &keys, type_name);
            }
            let derive = derive_serde();
            quote! {
                #header
                #derive
                #[serde(untagged)]
                pub enum #name {
                    #(#variants,)*
                }
            }
        }
        Some(d) => tagged(&name, header, &d.property, &vs, type_name),
    }
}

/// The JSON keys a struct member knows, when it drops every other key (a
/// struct without a flattened map); `None` for anything else.
fn closed_struct_keys(ctx: &Ctx, t: &Type) -> Option<Vec<String>> {
    let Type::Ref { target } = t else { return None };
    match &ctx.resolve(target)?.kind {
        ModelKind::Struct(s) if s.additional.is_none() => {
            Some(s.fields.iter().map(|f| f.wire_name.clone()).collect())
        }
        _ => None,
    }
}

/// Whether a member may read a JSON object.
fn reads_objects(ctx: &Ctx, t: &Type) -> bool {
    match t {
        Type::Any | Type::Map { .. } => true,
        Type::Ref { target } => matches!(
            ctx.resolve(target).map(|m| &m.kind),
            Some(ModelKind::Struct(_) | ModelKind::Union(_)) | None
        ),
        _ => false,
    }
}

/// An untagged union where a struct member would silently drop keys that a
/// later member keeps (several structs, or a struct before a map): serde's
/// first-match rule loses data there. The value is read once, members that
/// know every key of an object are tried first, then all members in order.
/// Writing is serde's untagged derive.
fn best_fit(
    name: &proc_macro2::Ident,
    header: TokenStream,
    decls: Vec<TokenStream>,
    ordered: &[&V],
    keys: &[Option<Vec<String>>],
    type_name: &str,
) -> TokenStream {
    let custom = quote! { <D::Error as ::serde::de::Error>::custom };
    let exact = ordered.iter().zip(keys).filter_map(|(v, k)| {
        let k = k.as_ref()?;
        let (ident, ty) = (&v.ident, &v.ty);
        Some(quote! {
            if object.keys().all(|key| [#(#k),*].contains(&key.as_str())) {
                if let ::std::result::Result::Ok(inner) = <#ty as ::serde::Deserialize>::deserialize(&value) {
                    return ::std::result::Result::Ok(Self::#ident(inner));
                }
            }
        })
    });
    let any = ordered.iter().filter(|v| !v.opaque).map(|v| {
        let (ident, ty) = (&v.ident, &v.ty);
        quote! {
            if let ::std::result::Result::Ok(inner) = <#ty as ::serde::Deserialize>::deserialize(&value) {
                return ::std::result::Result::Ok(Self::#ident(inner));
            }
        }
    });
    let msg = format!("data did not match any variant of untagged enum {type_name}");
    quote! {
        #header
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#decls,)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                if let ::std::option::Option::Some(object) = value.as_object() {
                    #(#exact)*
                }
                #(#any)*
                ::std::result::Result::Err(#custom(#msg))
            }
        }
    }
}

fn tagged(
    name: &proc_macro2::Ident,
    header: TokenStream,
    property: &str,
    vs: &[V],
    type_name: &str,
) -> TokenStream {
    // serde's internal tagging fits when every member is a struct that does
    // not itself declare the tag property (serde removes the tag before the
    // struct reads the object and writes it first).
    let serde_fits = vs.iter().all(|v| v.strip_tag && !v.opaque && !v.tags.is_empty());
    if serde_fits {
        let derive = derive_serde();
        let variants = vs.iter().map(|v| {
            let V { ident, ty, tags, .. } = v;
            let (first, rest) = tags.split_first().map(|(f, r)| (f.clone(), r.to_vec())).unwrap_or_default();
            quote! { #[serde(rename = #first #(, alias = #rest)*)] #ident(#ty) }
        });
        return quote! {
            #header
            #derive
            #[serde(tag = #property)]
            pub enum #name {
                #(#variants,)*
            }
        };
    }

    // Members that declare the tag themselves keep it; the tag selects the
    // member and the whole object is read by it.
    let derive = quote! { #[derive(Debug, Clone, PartialEq)] };
    let decls = vs.iter().map(|v| {
        let V { ident, ty, .. } = v;
        quote! { #ident(#ty) }
    });
    let custom = quote! { <D::Error as ::serde::de::Error>::custom };
    let de_arms = vs.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let ident = &v.ident;
        let tags = &v.tags;
        let strip = if v.strip_tag {
            quote! {
                if let ::std::option::Option::Some(map) = value.as_object_mut() {
                    map.remove(#property);
                }
            }
        } else {
            TokenStream::new()
        };
        quote! {
            #(::std::option::Option::Some(#tags))|* => {
                #strip
                ::serde_json::from_value(value).map(Self::#ident).map_err(#custom)
            }
        }
    });
    let ser_arms = vs.iter().map(|v| {
        let ident = &v.ident;
        match (v.strip_tag, v.tags.first()) {
            (true, Some(tag)) => quote! {
                Self::#ident(inner) => {
                    let mut value = ::serde_json::to_value(inner).map_err(<S::Error as ::serde::ser::Error>::custom)?;
                    if let ::std::option::Option::Some(map) = value.as_object_mut() {
                        map.insert(
                            ::std::string::String::from(#property),
                            ::serde_json::Value::String(::std::string::String::from(#tag)),
                        );
                    }
                    ::serde::Serialize::serialize(&value, serializer)
                }
            },
            _ => quote! { Self::#ident(inner) => ::serde::Serialize::serialize(inner, serializer), },
        }
    });
    let unknown = format!(
        "unknown `{}` value `{{}}` for `{type_name}`",
        property.replace('{', "{{").replace('}', "}}")
    );
    let value_binding = if vs.iter().any(|v| v.strip_tag && !v.tags.is_empty()) {
        quote! { mut value }
    } else {
        quote! { value }
    };
    quote! {
        #header
        #derive
        pub enum #name {
            #(#decls,)*
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#ser_arms)*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let #value_binding = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value
                    .get(#property)
                    .and_then(::serde_json::Value::as_str)
                    .map(::std::string::String::from);
                match tag.as_deref() {
                    #(#de_arms)*
                    ::std::option::Option::Some(other) => ::std::result::Result::Err(#custom(::std::format_args!(#unknown, other))),
                    ::std::option::Option::None => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::missing_field(#property)),
                }
            }
        }
    }
}
