//! The Rust shape the verdicts assume: what codegen emits for each IR item,
//! reduced to the facts that decide whether a change breaks user code.

use serde::{Deserialize, Serialize};

use crate::ir::{Field, ModelRef};
use crate::{naming, Config};

/// Which generated items carry `#[non_exhaustive]`. Serialized into the
/// report summary so a reader sees what the verdicts took for granted.
///
/// `#[non_exhaustive]` only restricts *other* crates: code in the crate that
/// contains the generated models (e.g. models checked into the app's own
/// crate) can still write exhaustive literals and matches, and for that code a
/// "compatible" verdict that rests on `#[non_exhaustive]` does not hold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RustShape {
    /// Structs: a new optional field is then compatible.
    pub non_exhaustive_structs: bool,
    /// Closed enums: a new value is then compatible.
    pub non_exhaustive_closed_enums: bool,
    /// Open enums (known variants + a catch-all holding the raw value).
    pub non_exhaustive_open_enums: bool,
    /// Unions (untagged / internally tagged enums).
    pub non_exhaustive_unions: bool,
}

impl RustShape {
    /// Mirrors codegen's use of the config flags.
    pub fn from_config(config: &Config) -> Self {
        RustShape {
            non_exhaustive_structs: config.non_exhaustive_structs,
            non_exhaustive_closed_enums: config.non_exhaustive_enums,
            non_exhaustive_open_enums: config.non_exhaustive_enums,
            non_exhaustive_unions: false,
        }
    }

    pub fn enum_non_exhaustive(&self, open: bool) -> bool {
        if open {
            self.non_exhaustive_open_enums
        } else {
            self.non_exhaustive_closed_enums
        }
    }
}

/// Whether the field's Rust type is wrapped in `Option`: absent or `null`
/// both need a `None`.
pub fn rust_optional(f: &Field) -> bool {
    !f.required || f.nullable
}

/// The Rust field ident codegen derives from the source (doc) name, up to
/// keyword escaping (which is a function of this string, so comparing these
/// compares the idents).
pub fn rust_field_ident(source_name: &str) -> String {
    naming::snake_case(source_name)
}

/// The Rust variant ident of an enum member or union variant.
pub fn rust_variant_ident(label: &str) -> String {
    naming::pascal_case(label)
}

/// `namespace::TypeName` as codegen names it (config `rename` wins).
pub fn rust_type_path(config: &Config, r: &ModelRef) -> String {
    let ty = config
        .model_override(&r.namespace, &r.name)
        .and_then(|o| o.rename.clone())
        .unwrap_or_else(|| naming::pascal_case(&r.name));
    format!("{}::{}", r.namespace, ty)
}
