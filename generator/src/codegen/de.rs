//! `Deserialize` for structs, written out instead of derived.
//!
//! serde's derive writes, per struct, a field-identifier enum with its own
//! visitor (three `match`es over every key), a `visit_seq` that reads the
//! struct from a JSON array, and a `visit_map` with an inline duplicate and
//! missing check per field. Type and borrow checking that code was most of
//! the time `cargo check` spends on a generated crate (marketing spec:
//! 6.9 s with all derives, 2.8 s without `Deserialize`). The impl written
//! here keeps only `visit_map`: a key is looked up once in the struct's key
//! list (by a seed shared by every struct), then a `match` arm per field
//! calls a shared helper in the support module (`__modelgen`).
//!
//! Behaviour is serde's derive on JSON objects: unknown keys are skipped, a
//! repeated key is "duplicate field", a missing key is "missing field"
//! unless the field is an `Option` (then `None`, as serde does), an optional
//! nullable field tells absent (`None`) from `null` (`Some(None)`). What is
//! not kept: reading a struct from a JSON array (derive's `visit_seq`), which
//! no API in the corpus sends. Structs that flatten a map of other keys keep
//! the derive (serde's flatten buffers keys in its private `Content`).

use proc_macro2::TokenStream;
use quote::quote;

use super::ident::ident;
use super::plan::SUPPORT_MOD;
use super::types::Ctx;

/// How a field is read from its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// Must be present, except that an `Option` field reads a missing key
    /// as `None` (serde's rule).
    Required,
    /// `Option<T>`: a missing key is `None`.
    Optional,
    /// `Option<Option<T>>`: missing `None`, `null` `Some(None)`.
    Nullable,
    /// Not on the wire (`#[serde(skip)]`): `None`.
    Skipped,
}

/// One field of a struct, as its `Deserialize` impl reads it.
pub struct DeField<'a> {
    /// Rust field name (checked identifier text, may be raw: `r#type`).
    pub name: &'a str,
    /// JSON key.
    pub key: &'a str,
    pub read: Read,
}

/// The text of `<support>::deserialize_struct! { Name { field: read "key", ... } }`,
/// the struct's `Deserialize` impl, which the macro in the support module
/// ([`support`]) writes, so that the model file stays short. Printed here
/// rather than by prettyplease, which flows a macro's tokens into lines like
/// text: one field per line keeps a changed field a one-line diff. Only
/// checked identifiers and escaped string literals go into it.
pub fn struct_deserialize(ctx: &Ctx, name: &str, fields: &[DeField]) -> String {
    use std::fmt::Write as _;
    ctx.uses.struct_de.set(true);
    let mut out = format!("{}::deserialize_struct! {{\n    {} {{\n", ctx.support_str(), ident(name));
    let mut skipped = Vec::new();
    for f in fields {
        let read = match f.read {
            Read::Required => "required",
            Read::Optional => "optional",
            Read::Nullable => "nullable",
            Read::Skipped => {
                skipped.push(ident(f.name));
                continue;
            }
        };
        let key = proc_macro2::Literal::string(f.key);
        let _ = writeln!(out, "        {}: {read} {key},", ident(f.name));
    }
    out.push_str("    }\n");
    if !skipped.is_empty() {
        out.push_str("    skip {\n");
        for id in skipped {
            let _ = writeln!(out, "        {id},");
        }
        out.push_str("    }\n");
    }
    out.push_str("}\n");
    out
}

/// `deserialize_struct!`, spliced by [`splice_macro`] into the support
/// module as text: prettyplease would flow a `macro_rules!` body into lines
/// like prose. Written with `__`-prefixed generic parameters and support
/// alias, which no generated type can be named (type names are PascalCase
/// without underscores); the locals it declares are hygienic, so a field
/// called `map` or `key` cannot collide with them.
const MACRO: &str = r#"/// `impl Deserialize` for a struct read from a JSON object:
/// `Name { field: required "key", ... } skip { field, ... }`. A field is
/// `required` (a missing key is an error, or `None` for an `Option`),
/// `optional` (`Option<T>`: missing is `None`) or `nullable`
/// (`Option<Option<T>>`: missing is `None`, `null` is `Some(None)`); `skip`
/// fields are not on the wire and read as their default. Unknown keys are
/// ignored; a key given twice is an error.
macro_rules! deserialize_struct {
    (
        $ty:ident { $($field:ident: $read:ident $key:literal,)* }
        $(skip { $($skipped:ident,)* })?
    ) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                use super::super::__modelgen as __support;
                const KEYS: &[&str] = &[$($key),*];
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $ty;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(::std::concat!("struct ", ::std::stringify!($ty)))
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::std::result::Result<$ty, __A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        while let ::std::option::Option::Some(key) =
                            map.next_key_seed(__support::Key(KEYS))?
                        {
                            match key {
                                $(::std::option::Option::Some($key) => {
                                    __support::$read::read(&mut map, &mut $field, $key)
                                })*
                                _ => __support::skip(&mut map),
                            }?;
                        }
                        ::std::result::Result::Ok($ty {
                            $($field: __support::$read::finish(&map, $field, $key)?,)*
                            $($($skipped: ::std::default::Default::default(),)*)?
                        })
                    }
                }
                deserializer.deserialize_struct(::std::stringify!($ty), KEYS, __Visitor)
            }
        }
    };
}
"#;

/// Inserts [`MACRO`] at the top of the support module of the printed root
/// `mod.rs` (`pub mod __modelgen {` as prettyplease prints it); false if
/// that line is not there.
pub fn splice_macro(root: &mut String) -> bool {
    let open = format!("\npub mod {SUPPORT_MOD} {{\n");
    let Some(at) = root.find(&open) else { return false };
    {
        let mut text = String::new();
        for line in MACRO.lines() {
            if !line.is_empty() {
                text.push_str("    ");
            }
            text.push_str(line);
            text.push('\n');
        }
        root.insert_str(at + open.len(), &text);
    }
    true
}

/// The support code the impls call (in `__modelgen`), after [`MACRO`].
pub fn support() -> TokenStream {
    quote! {
        pub(crate) use deserialize_struct;

        /// Reads a key of a struct's JSON object as the entry of the
        /// struct's key list that it equals (`None`: a key it does not have).
        pub struct Key(pub &'static [&'static str]);

        impl<'de> ::serde::de::DeserializeSeed<'de> for Key {
            type Value = ::std::option::Option<&'static str>;

            fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> ::std::result::Result<Self::Value, D::Error> {
                deserializer.deserialize_identifier(self)
            }
        }

        impl<'de> ::serde::de::Visitor<'de> for Key {
            type Value = ::std::option::Option<&'static str>;

            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("field identifier")
            }

            fn visit_str<E: ::serde::de::Error>(self, value: &str) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(self.0.iter().find(|k| **k == value).copied())
            }

            fn visit_bytes<E: ::serde::de::Error>(self, value: &[u8]) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(self.0.iter().find(|k| k.as_bytes() == value).copied())
            }

            fn visit_u64<E: ::serde::de::Error>(self, value: u64) -> ::std::result::Result<Self::Value, E> {
                ::std::result::Result::Ok(usize::try_from(value).ok().and_then(|i| self.0.get(i)).copied())
            }
        }

        /// Skips the value of a key the struct does not have.
        pub fn skip<'de, A: ::serde::de::MapAccess<'de>>(map: &mut A) -> ::std::result::Result<(), A::Error> {
            map.next_value::<::serde::de::IgnoredAny>().map(|_| ())
        }

        /// Stores a key's value; the key may come only once.
        pub fn store<'de, A, T>(
            map: &mut A,
            slot: &mut ::std::option::Option<T>,
            key: &'static str,
        ) -> ::std::result::Result<(), A::Error>
        where
            A: ::serde::de::MapAccess<'de>,
            T: ::serde::Deserialize<'de>,
        {
            store_as(map, slot, key, ::std::convert::identity)
        }

        /// [`store`], with the value passed through `wrap` on its way in.
        fn store_as<'de, A, T, U>(
            map: &mut A,
            slot: &mut ::std::option::Option<U>,
            key: &'static str,
            wrap: fn(T) -> U,
        ) -> ::std::result::Result<(), A::Error>
        where
            A: ::serde::de::MapAccess<'de>,
            T: ::serde::Deserialize<'de>,
        {
            if slot.is_some() {
                return ::std::result::Result::Err(<A::Error as ::serde::de::Error>::duplicate_field(key));
            }
            *slot = ::std::option::Option::Some(wrap(map.next_value()?));
            ::std::result::Result::Ok(())
        }

        /// A field whose key must be present, except that an `Option`
        /// reads a missing key as `None` (as serde's derive does).
        pub mod required {
            pub use super::store as read;

            pub fn finish<'de, A, T>(
                _map: &A,
                slot: ::std::option::Option<T>,
                key: &'static str,
            ) -> ::std::result::Result<T, A::Error>
            where
                A: ::serde::de::MapAccess<'de>,
                T: ::serde::Deserialize<'de>,
            {
                match slot {
                    ::std::option::Option::Some(value) => ::std::result::Result::Ok(value),
                    ::std::option::Option::None => T::deserialize(Missing::<A::Error>(key, ::std::marker::PhantomData)),
                }
            }

            /// The value of a missing key: `None` to an `Option`, "missing
            /// field" to anything else.
            struct Missing<E>(&'static str, ::std::marker::PhantomData<E>);

            impl<'de, E: ::serde::de::Error> ::serde::Deserializer<'de> for Missing<E> {
                type Error = E;

                fn deserialize_any<V: ::serde::de::Visitor<'de>>(self, _visitor: V) -> ::std::result::Result<V::Value, E> {
                    ::std::result::Result::Err(E::missing_field(self.0))
                }

                fn deserialize_option<V: ::serde::de::Visitor<'de>>(self, visitor: V) -> ::std::result::Result<V::Value, E> {
                    visitor.visit_none()
                }

                ::serde::forward_to_deserialize_any! {
                    bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                    bytes byte_buf unit unit_struct newtype_struct seq tuple
                    tuple_struct map struct enum identifier ignored_any
                }
            }
        }

        /// An `Option<T>` field: a missing key is `None`.
        pub mod optional {
            pub use super::store as read;

            pub fn finish<'de, A: ::serde::de::MapAccess<'de>, T>(
                _map: &A,
                slot: ::std::option::Option<::std::option::Option<T>>,
                _key: &'static str,
            ) -> ::std::result::Result<::std::option::Option<T>, A::Error> {
                ::std::result::Result::Ok(slot.unwrap_or_default())
            }
        }

        /// An `Option<Option<T>>` field: a missing key is `None`, `null`
        /// is `Some(None)`.
        pub mod nullable {
            pub use super::optional::finish;

            pub fn read<'de, A, T>(
                map: &mut A,
                slot: &mut ::std::option::Option<::std::option::Option<::std::option::Option<T>>>,
                key: &'static str,
            ) -> ::std::result::Result<(), A::Error>
            where
                A: ::serde::de::MapAccess<'de>,
                T: ::serde::Deserialize<'de>,
            {
                super::store_as(map, slot, key, ::std::option::Option::Some)
            }
        }
    }
}
