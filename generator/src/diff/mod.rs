//! Semantic diff of two IRs: which models were added, removed, renamed or
//! changed, and for every change whether it breaks Rust code written against
//! the generated models.
//!
//! The verdicts follow the Rust that codegen emits (see [`RustShape`]), not
//! the JSON alone: e.g. a new optional field is harmless on the wire but breaks
//! every struct literal unless the struct is `#[non_exhaustive]`.
//! Changes that only alter the JSON (a field's wire name, nullability that does
//! not change the Rust type) are compatible for Rust code and classed `wire`;
//! description/example/deprecation edits are classed `doc`.
//!
//! Everything is ordered: models by `namespace.Name`, changes in the new
//! model's source order, so two runs print byte-identical reports.

mod compare;
mod rename;
pub mod render;
mod shape;
mod types;

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::ir::{Ir, ModelRef};
use crate::Config;

pub use render::Format;
pub use shape::{rust_type_name, RustShape};

/// The whole report; serializes to the `--format json` document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffReport {
    pub summary: Summary,
    pub models: ModelsReport,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelsReport {
    /// `namespace.Model`, sorted.
    pub added: Vec<String>,
    pub removed: Vec<String>,
    /// `[old, new]` pairs, sorted by old name.
    pub renamed: Vec<(String, String)>,
    /// Models present in both (or renamed) with at least one change, sorted
    /// by (new) name.
    pub changed: Vec<ModelChanges>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelChanges {
    pub name: String,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    /// `Model.field[]`, `Model::"value"`, `Model::Variant`: JSON names for
    /// fields (the wire is what both sides share), `::` for enum members.
    pub path: String,
    pub breaking: bool,
    pub detail: String,
    /// What the change touches; derived from kind and verdict, not part of the
    /// JSON contract (the kind already says it).
    #[serde(skip)]
    pub class: Class,
}

/// Shape changes alter the generated Rust API; wire changes alter only the
/// JSON the models read or write; doc changes alter only comments/metadata.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Class {
    #[default]
    Shape,
    Wire,
    Doc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// struct <-> enum <-> union <-> alias.
    ModelKindChanged,
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    FieldOptionalityChanged,
    /// Same source (doc) name, different JSON key.
    FieldJsonNameChanged,
    /// Same JSON key, different source name (so maybe a different Rust ident).
    FieldRenamed,
    /// readOnly / writeOnly flags.
    FieldAccessChanged,
    /// HTTP parameter location of an operation request field.
    FieldLocationChanged,
    AdditionalPropertiesChanged,
    UnknownFieldsPolicyChanged,
    EnumValueAdded,
    EnumValueRemoved,
    /// Same wire value, different member name (so maybe a different variant).
    EnumVariantRenamed,
    EnumReprChanged,
    /// closed -> open: a catch-all variant appears.
    EnumOpened,
    /// open -> closed: the catch-all variant disappears.
    EnumClosed,
    UnionMemberAdded,
    UnionMemberRemoved,
    UnionMemberRenamed,
    UnionMemberTypeChanged,
    UnionDiscriminatorChanged,
    UnionMemberTagsChanged,
    AliasTypeChanged,
    DescriptionChanged,
    ExampleChanged,
    DefaultChanged,
    DeprecationChanged,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        use ChangeKind::*;
        match self {
            ModelKindChanged => "model_kind_changed",
            FieldAdded => "field_added",
            FieldRemoved => "field_removed",
            FieldTypeChanged => "field_type_changed",
            FieldOptionalityChanged => "field_optionality_changed",
            FieldJsonNameChanged => "field_json_name_changed",
            FieldRenamed => "field_renamed",
            FieldAccessChanged => "field_access_changed",
            FieldLocationChanged => "field_location_changed",
            AdditionalPropertiesChanged => "additional_properties_changed",
            UnknownFieldsPolicyChanged => "unknown_fields_policy_changed",
            EnumValueAdded => "enum_value_added",
            EnumValueRemoved => "enum_value_removed",
            EnumVariantRenamed => "enum_variant_renamed",
            EnumReprChanged => "enum_repr_changed",
            EnumOpened => "enum_opened",
            EnumClosed => "enum_closed",
            UnionMemberAdded => "union_member_added",
            UnionMemberRemoved => "union_member_removed",
            UnionMemberRenamed => "union_member_renamed",
            UnionMemberTypeChanged => "union_member_type_changed",
            UnionDiscriminatorChanged => "union_discriminator_changed",
            UnionMemberTagsChanged => "union_member_tags_changed",
            AliasTypeChanged => "alias_type_changed",
            DescriptionChanged => "description_changed",
            ExampleChanged => "example_changed",
            DefaultChanged => "default_changed",
            DeprecationChanged => "deprecation_changed",
        }
    }

    /// Doc kinds never alter code or JSON.
    pub fn is_doc(self) -> bool {
        matches!(
            self,
            ChangeKind::DescriptionChanged
                | ChangeKind::ExampleChanged
                | ChangeKind::DefaultChanged
                | ChangeKind::DeprecationChanged
        )
    }
}

impl std::fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Counts for the top of every report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub old_models: usize,
    pub new_models: usize,
    pub added: usize,
    pub removed: usize,
    pub renamed: usize,
    /// Models with at least one change of any class.
    pub changed: usize,
    /// Changed models whose changes are all `doc`.
    pub doc_only: usize,
    /// Change entries in `models.changed`.
    pub changes: usize,
    /// Breaking entries in `models.changed`, plus one per removed model and
    /// one per renamed model whose Rust type path changes.
    pub breaking: usize,
    /// Compatible changes that alter the JSON (see `Class::Wire`).
    pub wire: usize,
    /// The generated-code shape the verdicts assume.
    pub assumes: RustShape,
}

impl DiffReport {
    pub fn has_breaking(&self) -> bool {
        self.summary.breaking > 0
    }

    pub fn is_empty(&self) -> bool {
        self.models.added.is_empty()
            && self.models.removed.is_empty()
            && self.models.renamed.is_empty()
            && self.models.changed.is_empty()
    }
}

/// Compares two IRs produced with the same `config`.
pub fn diff(old: &Ir, new: &Ir, config: &Config) -> DiffReport {
    let shape = RustShape::from_config(config);
    let old_refs: BTreeSet<ModelRef> = old.models().map(|(r, _)| r).collect();
    let new_refs: BTreeSet<ModelRef> = new.models().map(|(r, _)| r).collect();
    let removed: Vec<ModelRef> = old_refs.difference(&new_refs).cloned().collect();
    let added: Vec<ModelRef> = new_refs.difference(&old_refs).cloned().collect();

    // old -> new for renamed models; type comparisons see through it.
    let renames: BTreeMap<ModelRef, ModelRef> = rename::pair(old, new, &removed, &added);
    let renamed_new: BTreeSet<&ModelRef> = renames.values().collect();

    let cmp = compare::Comparer {
        shape: &shape,
        renames: &renames,
        config,
    };
    let mut changed = Vec::new();
    // Same name on both sides, then renamed pairs; sorted by new name.
    let mut pairs: Vec<(&ModelRef, &ModelRef)> = old_refs
        .intersection(&new_refs)
        .map(|r| (r, r))
        .chain(renames.iter())
        .collect();
    pairs.sort_by(|a, b| a.1.cmp(b.1));
    for (o, n) in pairs {
        let (Some(om), Some(nm)) = (old.model(o), new.model(n)) else {
            continue;
        };
        // Most models are untouched between versions; skip them cheaply
        // (equal kinds also mean equal refs: nothing to see through).
        if om.description == nm.description && om.deprecated == nm.deprecated && om.kind == nm.kind
        {
            continue;
        }
        let changes = cmp.model(om, nm);
        if !changes.is_empty() {
            changed.push(ModelChanges {
                name: n.to_string(),
                changes,
            });
        }
    }

    let mut changes = 0;
    let mut wire = 0;
    let mut doc_only = 0;
    let mut breaking = 0;
    for m in &changed {
        changes += m.changes.len();
        breaking += m.changes.iter().filter(|c| c.breaking).count();
        wire += m.changes.iter().filter(|c| c.class == Class::Wire).count();
        if m.changes.iter().all(|c| c.class == Class::Doc) {
            doc_only += 1;
        }
    }

    let removed: Vec<String> = removed
        .iter()
        .filter(|r| !renames.contains_key(r))
        .map(|r| r.to_string())
        .collect();
    let added: Vec<String> = added
        .iter()
        .filter(|r| !renamed_new.contains(r))
        .map(|r| r.to_string())
        .collect();
    // A removed model breaks its users; a renamed one does when its Rust
    // path changes (a config `rename` can keep it).
    breaking += removed.len();
    breaking += renames
        .iter()
        .filter(|(o, n)| shape::rust_type_path(config, o) != shape::rust_type_path(config, n))
        .count();
    let renamed: Vec<(String, String)> = renames
        .iter()
        .map(|(o, n)| (o.to_string(), n.to_string()))
        .collect();

    DiffReport {
        summary: Summary {
            old_models: old.model_count(),
            new_models: new.model_count(),
            added: added.len(),
            removed: removed.len(),
            renamed: renamed.len(),
            changed: changed.len(),
            doc_only,
            changes,
            breaking,
            wire,
            assumes: shape,
        },
        models: ModelsReport {
            added,
            removed,
            renamed,
            changed,
        },
    }
}

#[cfg(test)]
mod tests;
