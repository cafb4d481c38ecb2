//! Docs joined with the spec they were generated from.
//!
//! The docs know the SDK's names and descriptions; the spec knows the wire:
//! JSON names, required/nullable, integer vs float, date vs date-time, enum
//! wire values and openness, discriminators, defaults, parameter locations.
//! `join` keeps the docs' models and names and takes those facts from the
//! spec wherever a doc model/field could be matched to a spec schema/property.
//!
//! Matching:
//! 1. seeds: a doc model and a spec model with the same namespace and name,
//!    where the spec model is a component schema or an operation's
//!    `Request`/`Response` (their names are stable; inline names are not);
//! 2. propagation: in each matched pair of structs, doc fields are matched to
//!    spec properties by name (exact, then ignoring case and `_`/`-`), and
//!    the models their types refer to are paired in turn (also through
//!    arrays, maps and union variants);
//! 3. fallback: a doc model still unmatched is paired with an unmatched spec
//!    model of the same namespace and name.
//!
//! Everything that stays unmatched is listed in the `JoinReport` with the
//! reason, and kept as the docs describe it (nothing is dropped).

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fmt;

use crate::ir::{
    Field, Ir, Model, ModelKind, ModelRef, Struct, Type, Union, Variant,
};
use crate::naming::camel_case;

/// What the join matched, and what it could not (with reasons).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JoinReport {
    pub models_total: usize,
    pub models_matched: usize,
    pub fields_total: usize,
    pub fields_matched: usize,
    /// Doc fields that exist only in the SDK, never on the wire: the
    /// envelope around an operation's response body (`contentType`,
    /// `statusCode`, `headers`, `rawResponse`) and per-operation security
    /// credentials. Counted in `fields_total`, not in the wire fields.
    pub sdk_only_fields: usize,
    /// Wire fields of doc models that the spec has no counterpart for at all
    /// (an operation or schema missing from the spec). Included in the
    /// unmatched fields.
    pub fields_in_absent_models: usize,
    /// Matched fields whose JSON name differs from the docs-only rule's guess.
    pub wire_names_changed: usize,
    pub unmatched_models: Vec<Unmatched>,
    pub unmatched_fields: Vec<Unmatched>,
    /// Spec models no doc model was matched to.
    pub spec_models_unused: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unmatched {
    /// `ns.Model` or `ns.Model.field`.
    pub name: String,
    pub reason: String,
}

impl JoinReport {
    /// Unmatched fields that are not SDK envelope fields.
    pub fn wire_fields_unmatched(&self) -> usize {
        self.fields_total - self.fields_matched - self.sdk_only_fields
    }

    /// Doc fields that are JSON on the wire.
    pub fn wire_fields(&self) -> usize {
        self.fields_total - self.sdk_only_fields
    }

    /// Counts per reason, most frequent first.
    pub fn reasons(list: &[Unmatched]) -> Vec<(String, usize)> {
        let mut m: BTreeMap<&str, usize> = BTreeMap::new();
        for u in list {
            *m.entry(reason_kind(&u.reason)).or_default() += 1;
        }
        let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }
}

/// The part of a reason before `:` (the rest names specifics).
fn reason_kind(r: &str) -> &str {
    r.split(':').next().unwrap_or(r)
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        100.0
    } else {
        a as f64 * 100.0 / b as f64
    }
}

impl fmt::Display for JoinReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "join: models matched {}/{} ({:.1}%), fields matched {}/{} ({:.1}%); \
             {} SDK-only fields (response envelope, security); wire fields matched {}/{} ({:.2}%), \
             {} of the unmatched in doc models the spec lacks entirely; \
             {} JSON names taken from the spec differ from the docs-only rule; {} spec models unused",
            self.models_matched,
            self.models_total,
            pct(self.models_matched, self.models_total),
            self.fields_matched,
            self.fields_total,
            pct(self.fields_matched, self.fields_total),
            self.sdk_only_fields,
            self.fields_matched,
            self.fields_total - self.sdk_only_fields,
            pct(self.fields_matched, self.fields_total - self.sdk_only_fields),
            self.fields_in_absent_models,
            self.wire_names_changed,
            self.spec_models_unused,
        )?;
        for (what, list) in [("models", &self.unmatched_models), ("fields", &self.unmatched_fields)] {
            if list.is_empty() {
                continue;
            }
            writeln!(f, "unmatched {what}: {}", list.len())?;
            for (reason, n) in Self::reasons(list) {
                writeln!(f, "  {n} x {reason}")?;
                for u in list.iter().filter(|u| reason_kind(&u.reason) == reason).take(5) {
                    writeln!(f, "    {} ({})", u.name, u.reason)?;
                }
            }
        }
        Ok(())
    }
}

/// Fields Speakeasy adds to every operation response model.
const ENVELOPE: [&str; 4] = ["contentType", "statusCode", "headers", "rawResponse"];

/// Lowercase alphanumerics only: `x-account-id` ~ `xAccountId`.
fn loose(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn is_stable_spec_name(m: &Model) -> bool {
    let p = m.origin.pointer.as_deref().unwrap_or("");
    p.strip_prefix("#/components/schemas/").is_some_and(|r| !r.contains('/'))
        || (p.starts_with("#/paths/") && (m.name.ends_with("Request") || m.name.ends_with("Response")))
}

struct Joiner<'a> {
    docs: &'a Ir,
    spec: &'a Ir,
    /// doc model -> spec model.
    pairs: BTreeMap<ModelRef, ModelRef>,
    queue: VecDeque<(ModelRef, ModelRef)>,
}

impl Joiner<'_> {
    fn pair(&mut self, d: &ModelRef, s: &ModelRef) {
        if self.pairs.contains_key(d) || self.docs.model(d).is_none() || self.spec.model(s).is_none() {
            return;
        }
        self.pairs.insert(d.clone(), s.clone());
        self.queue.push_back((d.clone(), s.clone()));
    }

    fn propagate(&mut self) {
        while let Some((d, s)) = self.queue.pop_front() {
            let (Some(dm), Some(sm)) = (self.docs.model(&d), self.spec.model(&s)) else { continue };
            match (&dm.kind, &sm.kind) {
                (ModelKind::Struct(ds), ModelKind::Struct(ss)) => {
                    for (df, sf) in match_fields(ds, ss) {
                        if let Some(sf) = sf {
                            self.pair_types(&df.ty, &sf.ty);
                        }
                    }
                }
                (ModelKind::Union(du), ModelKind::Union(su)) => {
                    for (dv, sv) in match_variants(du, su) {
                        if let Some(sv) = sv {
                            self.pair_types(&dv.ty, &sv.ty);
                        }
                    }
                }
                (ModelKind::Alias(da), ModelKind::Alias(sa)) => self.pair_types(&da.ty, &sa.ty),
                (_, ModelKind::Alias(sa)) => {
                    // A spec alias of a model (`allOf: [$ref]` wrappers): the
                    // doc model describes the aliased model.
                    if let Type::Ref { target } = &sa.ty {
                        let t = target.clone();
                        self.pairs.remove(&d);
                        self.pair(&d, &t);
                    }
                }
                _ => {}
            }
        }
    }

    fn pair_types(&mut self, d: &Type, s: &Type) {
        let s = self.through_aliases(s);
        match (d, &s) {
            (Type::Ref { target: dt }, Type::Ref { target: st }) => {
                let (dt, st) = (dt.clone(), st.clone());
                self.pair(&dt, &st);
            }
            (Type::Array { items: a }, Type::Array { items: b }) => self.pair_types(a, b),
            (Type::Map { values: a }, Type::Map { values: b }) => self.pair_types(a, b),
            _ => {}
        }
    }

    /// A spec type with named aliases of refs/arrays/maps resolved, so doc
    /// types line up with what the alias stands for.
    fn through_aliases(&self, t: &Type) -> Type {
        let mut t = t.clone();
        for _ in 0..16 {
            let Type::Ref { target } = &t else { break };
            match self.spec.model(target).map(|m| &m.kind) {
                Some(ModelKind::Alias(a)) => t = a.ty.clone(),
                _ => break,
            }
        }
        t
    }
}

/// A doc member and the spec member it stands for, if any.
type Pair<'d, 's, T> = (&'d T, Option<&'s T>);

/// One matching rule: does the doc member stand for the spec member?
type Same<T> = dyn Fn(&T, &T) -> bool;

/// Pairs each doc field with the spec property it stands for.
fn match_fields<'d, 's>(d: &'d Struct, s: &'s Struct) -> Vec<Pair<'d, 's, Field>> {
    let mut used = BTreeSet::new();
    let mut out: Vec<Pair<'d, 's, Field>> = d.fields.iter().map(|f| (f, None)).collect();
    // Exact names first (the doc name is the JSON name, or the spec uses
    // camelCase too), then the camelCase of the JSON name, then loose.
    // Last: a parameter whose name repeats in another location gets the
    // location appended (`xAccountIdQueryParameter`).
    // Then a numeric suffix added to tell colliding names apart (`fooBar1`).
    let passes: [&Same<Field>; 5] = [
        &|df, sf| df.name == sf.wire_name,
        &|df, sf| df.name == camel_case(&sf.wire_name),
        &|df, sf| loose(&df.name) == loose(&sf.wire_name),
        &|df, sf| {
            sf.location.is_some_and(|l| {
                let word = format!("{l:?}parameter");
                loose(&df.name) == loose(&sf.wire_name) + &word.to_lowercase()
            })
        },
        &|df, sf| {
            let base = df.name.trim_end_matches(|c: char| c.is_ascii_digit());
            base.len() < df.name.len() && loose(base) == loose(&sf.wire_name)
        },
    ];
    for pass in passes {
        for (df, slot) in out.iter_mut() {
            if slot.is_some() {
                continue;
            }
            if let Some((i, sf)) = s.fields.iter().enumerate().find(|(i, sf)| !used.contains(i) && pass(df, sf)) {
                used.insert(i);
                *slot = Some(sf);
            }
        }
    }
    out
}

/// Pairs doc union variants with spec variants: same referenced name, then
/// the same kind of type, then remaining refs in order.
fn match_variants<'d, 's>(d: &'d Union, s: &'s Union) -> Vec<Pair<'d, 's, Variant>> {
    let mut used = BTreeSet::new();
    let mut out: Vec<Pair<'d, 's, Variant>> = d.variants.iter().map(|v| (v, None)).collect();
    let same_ref = |a: &Type, b: &Type| matches!((a, b), (Type::Ref { target: x }, Type::Ref { target: y }) if x.name == y.name);
    let same_kind = |a: &Type, b: &Type| kind_key(a) == kind_key(b);
    let passes: [&Same<Type>; 2] = [&same_ref, &same_kind];
    for pass in passes {
        for (dv, slot) in out.iter_mut() {
            if slot.is_some() {
                continue;
            }
            if let Some((i, sv)) = s.variants.iter().enumerate().find(|(i, sv)| !used.contains(i) && pass(&dv.ty, &sv.ty)) {
                used.insert(i);
                *slot = Some(sv);
            }
        }
    }
    out
}

/// Coarse type kind for pairing union variants (`number` in docs matches an
/// integer or a number in the spec; `Date` a date or a date-time).
fn kind_key(t: &Type) -> String {
    match t {
        Type::Number { .. } | Type::Integer { .. } => "number".into(),
        Type::DateTime | Type::Date => "date".into(),
        Type::String | Type::Uuid | Type::Bytes => "string".into(),
        Type::Array { items } => format!("{}[]", kind_key(items)),
        Type::Map { values } => format!("map<{}>", kind_key(values)),
        Type::Ref { .. } => "ref".into(),
        other => format!("{other:?}"),
    }
}

/// The doc type refined with the spec's facts: integer vs float, date vs
/// date-time. Doc model references stay (the docs' names win).
fn refine(d: &Type, s: &Type) -> Type {
    match (d, s) {
        (Type::Number { .. }, Type::Integer { format }) => Type::Integer { format: format.clone() },
        (Type::Number { .. }, Type::Number { format }) => Type::Number { format: format.clone() },
        (Type::DateTime, Type::Date) => Type::Date,
        (Type::Array { items: a }, Type::Array { items: b }) => Type::Array { items: Box::new(refine(a, b)) },
        (Type::Map { values: a }, Type::Map { values: b }) => Type::Map { values: Box::new(refine(a, b)) },
        _ => d.clone(),
    }
}

/// Joins docs with spec. The result has the docs' models (names,
/// descriptions) with wire facts from the spec; see the module docs.
pub fn join(docs: Ir, spec: Ir) -> (Ir, JoinReport) {
    let mut j = Joiner { docs: &docs, spec: &spec, pairs: BTreeMap::new(), queue: VecDeque::new() };
    // 1. Seeds.
    for (d, _) in docs.models() {
        if let Some(sm) = spec.model(&d) {
            if is_stable_spec_name(sm) {
                j.pair(&d, &d.clone());
            }
        }
    }
    // 2. Propagation.
    j.propagate();
    // 3. Same-name fallback, then propagate again from those.
    let used: BTreeSet<ModelRef> = j.pairs.values().cloned().collect();
    for (d, _) in docs.models() {
        if !j.pairs.contains_key(&d) && spec.model(&d).is_some() && !used.contains(&d) {
            j.pair(&d, &d.clone());
        }
    }
    j.propagate();
    let pairs = std::mem::take(&mut j.pairs);
    drop(j);

    // Doc models used only by SDK security models (`SchemeBasic`) are SDK
    // credentials too.
    let mut security: BTreeSet<ModelRef> = BTreeSet::new();
    for (d, dm) in docs.models() {
        if d.namespace == "operations" && d.name.ends_with("Security") {
            security.insert(d.clone());
            if let ModelKind::Struct(s) = &dm.kind {
                for f in &s.fields {
                    f.ty.for_each_ref(&mut |r| {
                        if !pairs.contains_key(r) {
                            security.insert(r.clone());
                        }
                    });
                }
            }
        }
    }
    let mut report = JoinReport { models_total: docs.model_count(), ..Default::default() };
    let used: BTreeSet<&ModelRef> = pairs.values().collect();
    report.spec_models_unused = spec.models().filter(|(r, _)| !used.contains(r)).count();
    let mut out = docs.clone();
    for (d, dm) in docs.models() {
        let fields_here = match &dm.kind {
            ModelKind::Struct(s) => s.fields.len(),
            _ => 0,
        };
        report.fields_total += fields_here;
        let is_response = d.namespace == "operations" && d.name.ends_with("Response");
        let Some(s) = pairs.get(&d) else {
            let op = ["Request", "Response"]
                .iter()
                .find_map(|suffix| d.name.strip_suffix(suffix))
                .filter(|_| d.namespace == "operations");
            let reason = match op {
                _ if security.contains(&d) => {
                    "SDK security: credentials Speakeasy derives from an operation's `security`, not a schema".into()
                }
                Some(base) => format!("no spec operation: no operationId that is `{base}` in PascalCase"),
                None => "no spec schema: no component of this name and no matched field leads to it".into(),
            };
            report.unmatched_models.push(Unmatched { name: d.to_string(), reason });
            let security = security.contains(&d);
            if let ModelKind::Struct(st) = &dm.kind {
                for f in &st.fields {
                    if security || (is_response && ENVELOPE.contains(&f.name.as_str())) {
                        report.sdk_only_fields += 1;
                        continue;
                    }
                    report.fields_in_absent_models += 1;
                    report.unmatched_fields.push(Unmatched {
                        name: format!("{d}.{}", f.name),
                        reason: "model unmatched: its model has no spec counterpart".into(),
                    });
                }
            }
            continue;
        };
        let Some(sm) = spec.model(s) else { continue };
        report.models_matched += 1;
        let Some(om) = out.namespaces.get_mut(&d.namespace).and_then(|n| n.models.get_mut(&d.name)) else { continue };
        apply_model(&d, om, dm, sm, s, is_response, &mut report);
    }
    (out, report)
}

fn apply_model(
    d: &ModelRef,
    out: &mut Model,
    dm: &Model,
    sm: &Model,
    s: &ModelRef,
    is_response: bool,
    report: &mut JoinReport,
) {
    if out.description.is_none() {
        out.description = sm.description.clone();
    }
    if out.deprecated.is_none() {
        out.deprecated = sm.deprecated.clone();
    }
    match (&dm.kind, &sm.kind, &mut out.kind) {
        (ModelKind::Struct(ds), ModelKind::Struct(ss), ModelKind::Struct(os)) => {
            let matched = match_fields(ds, ss);
            let mut extra_keys = None;
            for ((df, sf), of) in matched.into_iter().zip(os.fields.iter_mut()) {
                // Speakeasy's field for a schema's additionalProperties: on the
                // wire these are the object's other keys, not a key of its own.
                if sf.is_none() && df.name == "additionalProperties" {
                    if let (Type::Map { values }, Some(_)) = (&df.ty, &ss.additional) {
                        report.fields_matched += 1;
                        extra_keys = Some((df.name.clone(), (**values).clone()));
                        continue;
                    }
                }
                let Some(sf) = sf else {
                    if is_response && ENVELOPE.contains(&df.name.as_str()) {
                        report.sdk_only_fields += 1;
                    } else {
                        report.unmatched_fields.push(Unmatched {
                            name: format!("{d}.{}", df.name),
                            reason: format!("no spec property: `{s}` has none named like `{}`", df.name),
                        });
                    }
                    continue;
                };
                report.fields_matched += 1;
                if of.wire_name != sf.wire_name {
                    report.wire_names_changed += 1;
                }
                of.wire_name = sf.wire_name.clone();
                of.required = sf.required;
                of.nullable = sf.nullable;
                of.ty = refine(&df.ty, &sf.ty);
                if of.default.is_none() {
                    of.default = sf.default.clone();
                }
                if of.deprecated.is_none() {
                    of.deprecated = sf.deprecated.clone();
                }
                of.read_only = sf.read_only;
                of.write_only = sf.write_only;
                of.location = sf.location;
                if of.description.is_none() {
                    of.description = sf.description.clone();
                }
                if sf.example.is_some() {
                    // The spec's example is JSON; the docs' is cell text.
                    of.example = sf.example.clone();
                }
            }
            if let Some((name, values)) = extra_keys {
                os.fields.retain(|f| f.name != name);
                os.additional = Some(values);
            }
            os.deny_unknown = ss.deny_unknown;
            if ss.deny_unknown {
                os.additional = None;
            }
        }
        (ModelKind::Struct(ds), _, _) => {
            for f in &ds.fields {
                report.unmatched_fields.push(Unmatched {
                    name: format!("{d}.{}", f.name),
                    reason: format!("kind mismatch: the spec's `{s}` is not an object"),
                });
            }
        }
        (ModelKind::Enum(_), ModelKind::Enum(se), ModelKind::Enum(oe)) => {
            oe.repr = se.repr;
            oe.open = oe.open || se.open;
            // Wire values from the spec; doc names where the values agree.
            let mut values = Vec::with_capacity(se.values.len());
            for sv in &se.values {
                let doc = oe.values.iter().find(|v| v.value == sv.value || loose_value(&v.value) == loose_value(&sv.value));
                let mut v = sv.clone();
                if let Some(dv) = doc {
                    v.name = dv.name.clone().or(v.name);
                    v.description = dv.description.clone().or(v.description);
                }
                values.push(v);
            }
            oe.values = values;
        }
        (ModelKind::Union(du), ModelKind::Union(su), ModelKind::Union(ou)) => {
            ou.discriminator = su.discriminator.clone();
            for ((dv, sv), ov) in match_variants(du, su).into_iter().zip(ou.variants.iter_mut()) {
                if let Some(sv) = sv {
                    ov.tags = sv.tags.clone();
                    ov.ty = refine(&dv.ty, &sv.ty);
                }
            }
        }
        _ => {}
    }
}

fn loose_value(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
