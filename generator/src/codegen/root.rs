//! The root `mod.rs` (namespace modules, lint settings, support code that the
//! models used) and each namespace's `mod.rs`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident::ident;
use super::plan::SUPPORT_MOD;
use super::types::Uses;

/// Namespace `mod.rs`: private file modules, public re-exports. Built as
/// syntax trees (see `ast`): the file lists every model of its namespace.
pub fn namespace_mod(files: &[(String, Vec<String>)]) -> Vec<syn::Item> {
    let mut items = Vec::with_capacity(files.len() * 2);
    for (file, exports) in files {
        let m = ident(file);
        items.push(syn::Item::Mod(syn::ItemMod {
            attrs: Vec::new(),
            vis: syn::Visibility::Inherited,
            unsafety: None,
            mod_token: Default::default(),
            ident: m.clone(),
            content: None,
            semi: Some(Default::default()),
        }));
        let names = exports.iter().map(|e| syn::UseTree::Name(syn::UseName { ident: ident(e) }));
        items.push(syn::Item::Use(syn::ItemUse {
            attrs: Vec::new(),
            vis: syn::Visibility::Public(Default::default()),
            use_token: Default::default(),
            leading_colon: None,
            tree: syn::UseTree::Path(syn::UsePath {
                ident: m,
                colon2_token: Default::default(),
                tree: Box::new(syn::UseTree::Group(syn::UseGroup {
                    brace_token: Default::default(),
                    items: names.collect(),
                })),
            }),
            semi_token: Default::default(),
        }));
    }
    items
}

pub fn root_mod(namespaces: &[String], features: bool, uses: &Uses) -> TokenStream {
    let deprecated = if uses.deprecated.get() {
        // Models may use deprecated models; users still get the warnings.
        quote! { #![allow(deprecated)] }
    } else {
        TokenStream::new()
    };
    let mods = namespaces.iter().map(|ns| {
        let id = ident(ns);
        let cfg = if features {
            quote! { #[cfg(feature = #ns)] }
        } else {
            TokenStream::new()
        };
        quote! { #cfg pub mod #id; }
    });
    let support = support_mod(uses);
    let opaque = opaque_types(uses);
    let time = time_types(uses);
    quote! {
        #![allow(clippy::large_enum_variant, clippy::enum_variant_names, clippy::module_inception)]
        // Descriptions are vendor text: `[id]` is not meant as a link.
        #![allow(rustdoc::broken_intra_doc_links, rustdoc::bare_urls, rustdoc::invalid_html_tags)]
        #deprecated
        #(#mods)*
        #support
        #opaque
        #time
    }
}

fn support_mod(uses: &Uses) -> TokenStream {
    let mut items = Vec::new();
    // First: `de::splice_macro` puts the macro it re-exports above it.
    if uses.struct_de.get() {
        items.push(super::de::support());
    }
    if uses.double_option.get() {
        items.push(quote! {
            /// Reads a present key (value or `null`) as `Some`, so that an
            /// optional nullable field tells absent (`None`) from `null`
            /// (`Some(None)`).
            pub fn double_option<'de, T, D>(
                deserializer: D,
            ) -> ::std::result::Result<::std::option::Option<::std::option::Option<T>>, D::Error>
            where
                T: ::serde::Deserialize<'de>,
                D: ::serde::Deserializer<'de>,
            {
                <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
                    .map(::std::option::Option::Some)
            }
        });
    }
    if uses.str_enum.get() {
        items.push(quote! {
            struct StrEnumVisitor<T> {
                expecting: &'static str,
                from_wire: fn(&str) -> ::std::option::Option<T>,
            }

            impl<'de, T> ::serde::de::Visitor<'de> for StrEnumVisitor<T> {
                type Value = T;

                fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.expecting)
                }

                fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<T, E> {
                    match (self.from_wire)(value) {
                        ::std::option::Option::Some(v) => ::std::result::Result::Ok(v),
                        ::std::option::Option::None => ::std::result::Result::Err(E::invalid_value(
                            ::serde::de::Unexpected::Str(value),
                            &self,
                        )),
                    }
                }
            }

            /// Reads a string enum without allocating for known values.
            pub fn str_enum<'de, D, T>(
                deserializer: D,
                expecting: &'static str,
                from_wire: fn(&str) -> ::std::option::Option<T>,
            ) -> ::std::result::Result<T, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                deserializer.deserialize_str(StrEnumVisitor { expecting, from_wire })
            }
        });
    }
    if items.is_empty() {
        return TokenStream::new();
    }
    let m = ident(SUPPORT_MOD);
    quote! {
        /// Support code for the generated models.
        #[doc(hidden)]
        pub mod #m {
            #(#items)*
        }
    }
}

fn no_json_form(name: &proc_macro2::Ident) -> TokenStream {
    let msg = format!("`{name}` has no JSON form");
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, _serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::std::result::Result::Err(<S::Error as ::serde::ser::Error>::custom(#msg))
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(_deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(#msg))
            }
        }
    }
}

fn opaque_types(uses: &Uses) -> TokenStream {
    let mut out = TokenStream::new();
    if uses.http_response.get() {
        let name = ident("HttpResponse");
        let impls = no_json_form(&name);
        out.extend(quote! {
            /// A raw HTTP response. It has no JSON form: fields of this type
            /// are skipped by serde (`None` after deserializing) and filled
            /// in by the HTTP layer.
            #[derive(Debug, Clone, Default, PartialEq, Eq)]
            pub struct HttpResponse {
                pub status: u16,
                pub headers: ::std::vec::Vec<(::std::string::String, ::std::string::String)>,
                pub body: ::std::vec::Vec<u8>,
            }

            #impls
        });
    }
    if uses.byte_stream.get() {
        let name = ident("ByteStream");
        let impls = no_json_form(&name);
        out.extend(quote! {
            /// A byte stream (file download/upload body). It has no JSON
            /// form: fields of this type are skipped by serde.
            #[derive(Debug, Clone, Default, PartialEq, Eq)]
            pub struct ByteStream(pub ::std::vec::Vec<u8>);

            #impls
        });
    }
    out
}

fn time_types(uses: &Uses) -> TokenStream {
    let mut out = TokenStream::new();
    if uses.time_datetime.get() {
        out.extend(quote! {
            /// An RFC 3339 date-time (`time::OffsetDateTime`), read and
            /// written as RFC 3339 text.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct DateTime(pub ::time::OffsetDateTime);

            impl ::std::convert::From<::time::OffsetDateTime> for DateTime {
                fn from(value: ::time::OffsetDateTime) -> Self {
                    DateTime(value)
                }
            }

            impl ::serde::Serialize for DateTime {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    let text = self
                        .0
                        .format(&::time::format_description::well_known::Rfc3339)
                        .map_err(<S::Error as ::serde::ser::Error>::custom)?;
                    serializer.serialize_str(&text)
                }
            }

            impl<'de> ::serde::Deserialize<'de> for DateTime {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    ::time::OffsetDateTime::parse(&text, &::time::format_description::well_known::Rfc3339)
                        .map(DateTime)
                        .map_err(<D::Error as ::serde::de::Error>::custom)
                }
            }
        });
    }
    if uses.time_date.get() {
        out.extend(quote! {
            /// A calendar date (`time::Date`), read and written as
            /// `YYYY-MM-DD`.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub struct Date(pub ::time::Date);

            impl ::std::convert::From<::time::Date> for Date {
                fn from(value: ::time::Date) -> Self {
                    Date(value)
                }
            }

            impl ::serde::Serialize for Date {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    let d = self.0;
                    serializer.collect_str(&::std::format_args!(
                        "{:04}-{:02}-{:02}",
                        d.year(),
                        u8::from(d.month()),
                        d.day()
                    ))
                }
            }

            impl<'de> ::serde::Deserialize<'de> for Date {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let text = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    let invalid = || {
                        <D::Error as ::serde::de::Error>::invalid_value(
                            ::serde::de::Unexpected::Str(&text),
                            &"a date as YYYY-MM-DD",
                        )
                    };
                    let b = text.as_bytes();
                    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
                        return ::std::result::Result::Err(invalid());
                    }
                    let year: i32 = text[0..4].parse().map_err(|_| invalid())?;
                    let month: u8 = text[5..7].parse().map_err(|_| invalid())?;
                    let day: u8 = text[8..10].parse().map_err(|_| invalid())?;
                    let month = ::time::Month::try_from(month).map_err(|_| invalid())?;
                    ::time::Date::from_calendar_date(year, month, day)
                        .map(Date)
                        .map_err(<D::Error as ::serde::de::Error>::custom)
                }
            }
        });
    }
    out
}
