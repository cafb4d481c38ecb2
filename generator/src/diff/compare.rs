//! Change detection within one model (same name on both sides, or a rename
//! pair) and the verdict for each change.

use super::shape::{
    option_depth, option_wrap, rust_field_ident, rust_type, rust_variant_ident,
    union_variant_ident, RustShape,
};
use super::types::{display, first_difference, same, Renames};
use super::{Change, ChangeKind, Class};
use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Alias, Enum, EnumValue, Field, Model, ModelKind, ModelRef, Struct, Type, Union, Variant,
};
use crate::Config;

pub struct Comparer<'a> {
    pub shape: &'a RustShape,
    pub renames: &'a Renames,
    pub config: &'a Config,
}

/// Collects changes for one model; `name` is the new model name used in paths.
struct Out<'n> {
    name: &'n str,
    changes: Vec<Change>,
}

impl Out<'_> {
    fn push(
        &mut self,
        kind: ChangeKind,
        path: String,
        breaking: bool,
        class: Class,
        detail: String,
    ) {
        // A breaking change always alters the Rust API; doc kinds never do.
        let class = if kind.is_doc() {
            Class::Doc
        } else if breaking {
            Class::Shape
        } else {
            class
        };
        self.changes.push(Change {
            kind,
            path,
            breaking,
            detail,
            class,
        });
    }

    fn at(&self, suffix: &str) -> String {
        format!("{}{suffix}", self.name)
    }
}

impl Comparer<'_> {
    pub fn model(&self, o: &Model, n: &Model) -> Vec<Change> {
        let mut out = Out {
            name: &n.name,
            changes: Vec::new(),
        };
        let path = out.at("");
        docs(&mut out, &path, &o.description, &n.description);
        deprecation(&mut out, &path, &o.deprecated, &n.deprecated);
        match (&o.kind, &n.kind) {
            (ModelKind::Struct(a), ModelKind::Struct(b)) => self.structs(&mut out, a, b),
            (ModelKind::Enum(a), ModelKind::Enum(b)) => self.enums(&mut out, a, b),
            (ModelKind::Union(a), ModelKind::Union(b)) => self.unions(&mut out, a, b),
            (ModelKind::Alias(a), ModelKind::Alias(b)) => self.aliases(&mut out, a, b),
            (a, b) => out.push(
                ChangeKind::ModelKindChanged,
                path,
                true,
                Class::Shape,
                format!(
                    "{} -> {}: a different Rust item",
                    kind_name(a),
                    kind_name(b)
                ),
            ),
        }
        // Doc changes last within a model, shape and wire changes first.
        out.changes.sort_by_key(|c| c.class == Class::Doc);
        out.changes
    }

    fn structs(&self, out: &mut Out, o: &Struct, n: &Struct) {
        // Pair fields: same source name first (the Rust ident derives from
        // it), then same JSON name among the rest.
        let mut old_of_new: Vec<Option<usize>> = vec![None; n.fields.len()];
        let mut used = vec![false; o.fields.len()];
        let key_passes: [fn(&Field) -> &str; 2] = [|f| &f.name, |f| &f.wire_name];
        for key in key_passes {
            for (j, nf) in n.fields.iter().enumerate() {
                if old_of_new[j].is_some() {
                    continue;
                }
                if let Some(i) =
                    (0..o.fields.len()).find(|&i| !used[i] && key(&o.fields[i]) == key(nf))
                {
                    used[i] = true;
                    old_of_new[j] = Some(i);
                }
            }
        }
        for (j, nf) in n.fields.iter().enumerate() {
            match old_of_new[j].and_then(|i| o.fields.get(i)) {
                Some(of) => self.field(out, of, nf),
                None => self.field_added(out, nf),
            }
        }
        for (i, of) in o.fields.iter().enumerate() {
            if !used[i] {
                out.push(
                    ChangeKind::FieldRemoved,
                    out.at(&format!(".{}", of.wire_name)),
                    true,
                    Class::Shape,
                    format!(
                        "field removed (was `{}`: {}); code using `{}` breaks",
                        of.wire_name,
                        display(&of.ty),
                        rust_field_ident(&of.name)
                    ),
                );
            }
        }
        self.additional(out, &o.additional, &n.additional);
        if o.deny_unknown != n.deny_unknown {
            let detail = if n.deny_unknown {
                "unknown JSON keys are now rejected (additionalProperties: false)"
            } else {
                "unknown JSON keys are now ignored"
            };
            out.push(
                ChangeKind::UnknownFieldsPolicyChanged,
                out.at(""),
                false,
                Class::Wire,
                detail.into(),
            );
        }
    }

    fn field_added(&self, out: &mut Out, f: &Field) {
        let path = out.at(&format!(".{}", f.wire_name));
        let ty = display(&f.ty);
        let (breaking, detail) = if option_depth(f) == 0 {
            (
                true,
                format!(
                    "new required field `{}`: {ty}; struct literals must set it and JSON without it no longer deserializes",
                    rust_field_ident(&f.name)
                ),
            )
        } else if self.shape.non_exhaustive_structs {
            (
                false,
                format!(
                    "new optional field `{}`: {ty}; the struct is #[non_exhaustive]",
                    rust_field_ident(&f.name)
                ),
            )
        } else {
            (
                true,
                format!(
                    "new optional field `{}`: {ty}; struct literals must add it (the struct is not #[non_exhaustive])",
                    rust_field_ident(&f.name)
                ),
            )
        };
        out.push(ChangeKind::FieldAdded, path, breaking, Class::Shape, detail);
    }

    fn field(&self, out: &mut Out, o: &Field, n: &Field) {
        let path = out.at(&format!(".{}", n.wire_name));
        if o.name != n.name {
            let (oi, ni) = (rust_field_ident(&o.name), rust_field_ident(&n.name));
            let breaking = oi != ni;
            let detail = if breaking {
                format!(
                    "source name `{}` -> `{}`: Rust field `{oi}` -> `{ni}`",
                    o.name, n.name
                )
            } else {
                format!(
                    "source name `{}` -> `{}`; Rust field `{ni}` unchanged",
                    o.name, n.name
                )
            };
            let class = if breaking { Class::Shape } else { Class::Doc };
            out.push(
                ChangeKind::FieldRenamed,
                path.clone(),
                breaking,
                class,
                detail,
            );
        }
        if o.wire_name != n.wire_name {
            out.push(
                ChangeKind::FieldJsonNameChanged,
                path.clone(),
                false,
                Class::Wire,
                format!(
                    "JSON key `{}` -> `{}`; Rust field `{}` unchanged, but the JSON it reads and writes differs",
                    o.wire_name,
                    n.wire_name,
                    rust_field_ident(&n.name)
                ),
            );
        }
        self.type_change(out, ChangeKind::FieldTypeChanged, &path, &o.ty, &n.ty);
        self.optionality(out, &path, o, n);
        if (o.read_only, o.write_only) != (n.read_only, n.write_only) {
            out.push(
                ChangeKind::FieldAccessChanged,
                path.clone(),
                false,
                Class::Wire,
                format!("access {} -> {}", access(o), access(n)),
            );
        }
        if o.location != n.location {
            out.push(
                ChangeKind::FieldLocationChanged,
                path.clone(),
                false,
                Class::Wire,
                format!("sent in {:?} -> {:?}", o.location, n.location),
            );
        }
        docs(out, &path, &o.description, &n.description);
        if o.example != n.example {
            out.push(
                ChangeKind::ExampleChanged,
                path.clone(),
                false,
                Class::Doc,
                "example changed".into(),
            );
        }
        if o.default != n.default {
            let show = |v: &Option<serde_json::Value>| {
                v.as_ref().map_or("none".to_string(), |v| v.to_string())
            };
            out.push(
                ChangeKind::DefaultChanged,
                path.clone(),
                false,
                Class::Doc,
                format!("default {} -> {}", show(&o.default), show(&n.default)),
            );
        }
        deprecation(out, &path, &o.deprecated, &n.deprecated);
    }

    fn optionality(&self, out: &mut Out, path: &str, o: &Field, n: &Field) {
        if (o.required, o.nullable) == (n.required, n.nullable) {
            return;
        }
        let flags = |f: &Field| {
            format!(
                "{}{}",
                if f.required { "required" } else { "optional" },
                if f.nullable { ", nullable" } else { "" }
            )
        };
        let (oo, no) = (option_depth(o), option_depth(n));
        let rust = |depth: u8| option_wrap(depth, "T");
        let (breaking, detail) = if oo != no {
            (
                true,
                format!(
                    "{} -> {}: Rust type {} -> {}",
                    flags(o),
                    flags(n),
                    rust(oo),
                    rust(no)
                ),
            )
        } else {
            (
                false,
                format!(
                    "{} -> {}: Rust type stays {}; only the JSON contract changes",
                    flags(o),
                    flags(n),
                    rust(no)
                ),
            )
        };
        out.push(
            ChangeKind::FieldOptionalityChanged,
            path.into(),
            breaking,
            Class::Wire,
            detail,
        );
    }

    fn additional(&self, out: &mut Out, o: &Option<Type>, n: &Option<Type>) {
        let path = out.at("{}");
        match (o, n) {
            (None, None) => {}
            (Some(a), Some(b)) => {
                self.type_change(out, ChangeKind::AdditionalPropertiesChanged, &path, a, b);
            }
            (None, Some(b)) => {
                let breaking = !self.shape.non_exhaustive_structs;
                out.push(
                    ChangeKind::AdditionalPropertiesChanged,
                    path,
                    breaking,
                    Class::Shape,
                    format!(
                        "extra keys are now kept in a map of {}: a new struct field{}",
                        display(b),
                        if breaking {
                            " that struct literals must set"
                        } else {
                            " (struct is #[non_exhaustive])"
                        }
                    ),
                );
            }
            (Some(a), None) => out.push(
                ChangeKind::AdditionalPropertiesChanged,
                path,
                true,
                Class::Shape,
                format!(
                    "the map of extra keys ({}) is removed; code using it breaks",
                    display(a)
                ),
            ),
        }
    }

    fn enums(&self, out: &mut Out, o: &Enum, n: &Enum) {
        let path = out.at("");
        if o.repr != n.repr {
            out.push(
                ChangeKind::EnumReprChanged,
                path,
                true,
                Class::Shape,
                format!("{:?} enum -> {:?} enum", o.repr, n.repr).to_lowercase(),
            );
            return;
        }
        let old_ne = self.shape.enum_non_exhaustive(o.open);
        if !o.open && n.open {
            let detail = if old_ne {
                "closed -> open: an `Unrecognized` variant keeps unknown values; the enum was #[non_exhaustive]".to_string()
            } else {
                "closed -> open: an `Unrecognized` variant for unknown values is added; exhaustive matches break".to_string()
            };
            out.push(
                ChangeKind::EnumOpened,
                path.clone(),
                !old_ne,
                Class::Shape,
                detail,
            );
        } else if o.open && !n.open {
            out.push(
                ChangeKind::EnumClosed,
                path.clone(),
                true,
                Class::Shape,
                "open -> closed: the `Unrecognized` variant is removed (code naming it breaks) and unknown values no longer deserialize".into(),
            );
        }
        let new_ne = self.shape.enum_non_exhaustive(n.open);
        // Keyed by JSON text: enums with thousands of values exist.
        let key = |v: &serde_json::Value| v.to_string();
        let old_by: BTreeMap<String, &EnumValue> =
            o.values.iter().map(|v| (key(&v.value), v)).collect();
        let new_keys: BTreeSet<String> = n.values.iter().map(|v| key(&v.value)).collect();
        for nv in &n.values {
            let vpath = out.at(&format!("::{}", nv.value));
            match old_by.get(&key(&nv.value)) {
                None => {
                    let mut detail =
                        format!("new value {} (variant `{}`)", nv.value, variant_ident(nv));
                    if new_ne {
                        detail.push_str("; the enum is #[non_exhaustive]");
                    } else {
                        detail.push_str(
                            "; exhaustive matches break (the enum is not #[non_exhaustive])",
                        );
                    }
                    if n.open && o.open {
                        detail.push_str("; this value used to arrive as `Unrecognized`");
                    }
                    out.push(
                        ChangeKind::EnumValueAdded,
                        vpath,
                        !new_ne,
                        Class::Shape,
                        detail,
                    );
                }
                Some(ov) => {
                    let (oi, ni) = (variant_ident(ov), variant_ident(nv));
                    if oi != ni {
                        out.push(
                            ChangeKind::EnumVariantRenamed,
                            vpath.clone(),
                            true,
                            Class::Shape,
                            format!("variant `{oi}` -> `{ni}` (same wire value)"),
                        );
                    }
                    docs(out, &vpath, &ov.description, &nv.description);
                }
            }
        }
        for ov in &o.values {
            if !new_keys.contains(&key(&ov.value)) {
                let tail = if n.open {
                    "; the value now arrives as `Unrecognized`"
                } else {
                    "; JSON with this value no longer deserializes"
                };
                out.push(
                    ChangeKind::EnumValueRemoved,
                    out.at(&format!("::{}", ov.value)),
                    true,
                    Class::Shape,
                    format!(
                        "value {} removed: code naming `{}` breaks{tail}",
                        ov.value,
                        variant_ident(ov)
                    ),
                );
            }
        }
    }

    fn unions(&self, out: &mut Out, o: &Union, n: &Union) {
        if o.discriminator != n.discriminator {
            let show = |u: &Union| {
                u.discriminator
                    .as_ref()
                    .map_or("untagged".to_string(), |d| {
                        format!("tagged by `{}`", d.property)
                    })
            };
            out.push(
                ChangeKind::UnionDiscriminatorChanged,
                out.at(""),
                false,
                Class::Wire,
                format!(
                    "{} -> {}: same variants, different JSON matching",
                    show(o),
                    show(n)
                ),
            );
        }
        // Pair variants: same type first (the Rust variant name derives from
        // it), then same label among the rest.
        let mut old_of_new: Vec<Option<usize>> = vec![None; n.variants.len()];
        let mut used = vec![false; o.variants.len()];
        for pass in 0..2 {
            for (j, nv) in n.variants.iter().enumerate() {
                if old_of_new[j].is_some() {
                    continue;
                }
                let hit = (0..o.variants.len()).find(|&i| {
                    !used[i]
                        && if pass == 0 {
                            same(&o.variants[i].ty, &nv.ty, self.renames)
                        } else {
                            o.variants[i].label == nv.label
                        }
                });
                if let Some(i) = hit {
                    used[i] = true;
                    old_of_new[j] = Some(i);
                }
            }
        }
        for (j, nv) in n.variants.iter().enumerate() {
            let ni = union_variant_ident(&nv.ty, self.config);
            let vpath = out.at(&format!("::{ni}"));
            match old_of_new[j].and_then(|i| o.variants.get(i)) {
                Some(ov) => self.variant(out, &vpath, (o, ov), (n, nv)),
                None => {
                    let ne = self.shape.non_exhaustive_unions;
                    let tail = if ne {
                        "; the enum is #[non_exhaustive]"
                    } else {
                        "; exhaustive matches break"
                    };
                    out.push(
                        ChangeKind::UnionMemberAdded,
                        vpath,
                        !ne,
                        Class::Shape,
                        format!("new variant `{ni}`: {}{tail}", display(&nv.ty)),
                    );
                }
            }
        }
        for (i, ov) in o.variants.iter().enumerate() {
            if !used[i] {
                let oi = union_variant_ident(&ov.ty, self.config);
                out.push(
                    ChangeKind::UnionMemberRemoved,
                    out.at(&format!("::{oi}")),
                    true,
                    Class::Shape,
                    format!("variant `{oi}` ({}) removed", display(&ov.ty)),
                );
            }
        }
    }

    /// One variant present on both sides (same type, or same label).
    fn variant(&self, out: &mut Out, path: &str, o: (&Union, &Variant), n: (&Union, &Variant)) {
        let (ou, ov) = o;
        let (nu, nv) = n;
        let oi = union_variant_ident(&ov.ty, self.config);
        let ni = union_variant_ident(&nv.ty, self.config);
        if same(&ov.ty, &nv.ty, self.renames) {
            if oi != ni {
                out.push(
                    ChangeKind::UnionMemberRenamed,
                    path.into(),
                    true,
                    Class::Shape,
                    format!("variant `{oi}` -> `{ni}`: its type was renamed"),
                );
            }
        } else {
            let (suffix, a, b) = first_difference(&ov.ty, &nv.ty);
            let rust_same = self.rust_old(&ov.ty) == self.rust_new(&nv.ty);
            let breaking = oi != ni || !rust_same;
            let mut detail = format!("type {} -> {}", display(a), display(b));
            if oi != ni {
                detail.push_str(&format!("; variant `{oi}` -> `{ni}`"));
            }
            out.push(
                ChangeKind::UnionMemberTypeChanged,
                format!("{path}{suffix}"),
                breaking,
                Class::Wire,
                detail,
            );
        }
        // The JSON tags selecting the variant (its label when it has none).
        let tags = |u: &Union, v: &Variant| match (&u.discriminator, v.tags.is_empty()) {
            (None, _) => Vec::new(),
            (Some(_), true) => vec![v.label.clone()],
            (Some(_), false) => v.tags.clone(),
        };
        let (ot, nt) = (tags(ou, ov), tags(nu, nv));
        if ot != nt && ou.discriminator.is_some() && nu.discriminator.is_some() {
            out.push(
                ChangeKind::UnionMemberTagsChanged,
                path.into(),
                false,
                Class::Wire,
                format!("tags {ot:?} -> {nt:?}"),
            );
        }
    }

    fn aliases(&self, out: &mut Out, o: &Alias, n: &Alias) {
        let path = out.at("");
        self.type_change(out, ChangeKind::AliasTypeChanged, &path, &o.ty, &n.ty);
    }

    /// Reports a type change at `path`: breaking when the Rust type changes,
    /// a wire change when only the JSON type does (`string` -> `uuid` is
    /// `String` either way). Refs to renamed models are not a change here.
    fn type_change(&self, out: &mut Out, kind: ChangeKind, path: &str, o: &Type, n: &Type) {
        if same(o, n, self.renames) {
            return;
        }
        let (suffix, a, b) = first_difference(o, n);
        let (ro, rn) = (self.rust_old(o), self.rust_new(n));
        let (breaking, detail) = if ro == rn {
            (
                false,
                format!(
                    "type {} -> {}; Rust type `{rn}` unchanged",
                    display(a),
                    display(b)
                ),
            )
        } else {
            (true, format!("type {} -> {}", display(a), display(b)))
        };
        out.push(
            kind,
            format!("{path}{suffix}"),
            breaking,
            Class::Wire,
            detail,
        );
    }

    /// Rust type text of an old-side type, refs seen through renames.
    fn rust_old(&self, t: &Type) -> String {
        let map = |r: &ModelRef| self.renames.get(r).unwrap_or(r).clone();
        rust_type(t, self.config, &map)
    }

    fn rust_new(&self, t: &Type) -> String {
        rust_type(t, self.config, &|r: &ModelRef| r.clone())
    }
}

fn variant_ident(v: &crate::ir::EnumValue) -> String {
    match (&v.name, &v.value) {
        (Some(n), _) => rust_variant_ident(n),
        (None, serde_json::Value::String(s)) => rust_variant_ident(s),
        (None, other) => rust_variant_ident(&other.to_string()),
    }
}

fn docs(out: &mut Out, path: &str, o: &Option<String>, n: &Option<String>) {
    let detail = match (o, n) {
        (a, b) if a == b => return,
        (None, Some(b)) => format!("description added: {}", excerpt(b)),
        (Some(_), None) => "description removed".to_string(),
        (_, Some(b)) => format!("description now: {}", excerpt(b)),
        (_, None) => return,
    };
    out.push(
        ChangeKind::DescriptionChanged,
        path.into(),
        false,
        Class::Doc,
        detail,
    );
}

fn deprecation(out: &mut Out, path: &str, o: &Option<String>, n: &Option<String>) {
    let detail = match (o, n) {
        (None, Some(m)) if m.is_empty() => "now deprecated".to_string(),
        (None, Some(m)) => format!("now deprecated: {}", excerpt(m)),
        (Some(_), None) => "no longer deprecated".to_string(),
        (Some(a), Some(b)) if a != b => format!("deprecation note now: {}", excerpt(b)),
        _ => return,
    };
    out.push(
        ChangeKind::DeprecationChanged,
        path.into(),
        false,
        Class::Doc,
        detail,
    );
}

/// First line, at most 60 characters, quoted.
fn excerpt(s: &str) -> String {
    let line = s.lines().next().unwrap_or("").trim();
    let mut e: String = line.chars().take(60).collect();
    if e.len() < line.len() || s.lines().nth(1).is_some() {
        e.push('…');
    }
    format!("\"{e}\"")
}

fn access(f: &Field) -> &'static str {
    match (f.read_only, f.write_only) {
        (true, false) => "read-only",
        (false, true) => "write-only",
        (true, true) => "read-only+write-only",
        (false, false) => "read-write",
    }
}

fn kind_name(k: &ModelKind) -> &'static str {
    match k {
        ModelKind::Struct(_) => "struct",
        ModelKind::Enum(_) => "enum",
        ModelKind::Union(_) => "union",
        ModelKind::Alias(_) => "alias",
    }
}
