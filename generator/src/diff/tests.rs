//! One small IR pair per change kind and verdict.

use super::*;
use crate::ir::*;

fn field(name: &str, ty: Type, required: bool) -> Field {
    Field {
        name: name.into(),
        wire_name: crate::naming::snake_case(name),
        ty,
        required,
        nullable: false,
        description: None,
        example: None,
        default: None,
        deprecated: None,
        read_only: false,
        write_only: false,
        location: None,
        origin: Origin::default(),
    }
}

fn model(name: &str, kind: ModelKind) -> Model {
    Model {
        name: name.into(),
        origin: Origin::default(),
        description: None,
        deprecated: None,
        kind,
    }
}

fn strukt(name: &str, fields: Vec<Field>) -> Model {
    model(
        name,
        ModelKind::Struct(Struct {
            fields,
            ..Default::default()
        }),
    )
}

fn enm(name: &str, values: &[&str], open: bool) -> Model {
    model(
        name,
        ModelKind::Enum(Enum {
            repr: EnumRepr::String,
            values: values
                .iter()
                .map(|v| EnumValue {
                    name: None,
                    value: serde_json::Value::String(v.to_string()),
                    description: None,
                })
                .collect(),
            open,
        }),
    )
}

fn union(name: &str, variants: &[(&str, Type)]) -> Model {
    model(
        name,
        ModelKind::Union(Union {
            variants: variants
                .iter()
                .map(|(l, t)| Variant {
                    label: l.to_string(),
                    ty: t.clone(),
                    tags: vec![],
                })
                .collect(),
            discriminator: None,
        }),
    )
}

fn r(ns: &str, name: &str) -> Type {
    Type::Ref {
        target: ModelRef {
            namespace: ns.into(),
            name: name.into(),
        },
    }
}

fn ir(models: Vec<Model>) -> Ir {
    let mut ir = Ir::default();
    for m in models {
        ir.namespaces
            .entry("shared".into())
            .or_default()
            .models
            .insert(m.name.clone(), m);
    }
    ir
}

fn run(old: Vec<Model>, new: Vec<Model>) -> DiffReport {
    diff(&ir(old), &ir(new), &Config::default())
}

fn run_with(old: Vec<Model>, new: Vec<Model>, config: &Config) -> DiffReport {
    diff(&ir(old), &ir(new), config)
}

/// The single change of the single changed model.
fn only(report: &DiffReport) -> &Change {
    assert_eq!(report.models.changed.len(), 1, "{report:#?}");
    let ch = &report.models.changed[0].changes;
    assert_eq!(ch.len(), 1, "{ch:#?}");
    &ch[0]
}

fn session(extra: Vec<Field>) -> Model {
    let mut fields = vec![
        field("id", Type::String, true),
        field("createdAt", Type::DateTime, true),
        field(
            "categories",
            Type::Array {
                items: Box::new(r("shared", "Categories")),
            },
            false,
        ),
    ];
    fields.extend(extra);
    strukt("ConnectSession", fields)
}

#[test]
fn identical_irs_have_no_changes() {
    let rep = run(vec![session(vec![])], vec![session(vec![])]);
    assert!(rep.is_empty());
    assert_eq!(rep.summary.breaking, 0);
    assert_eq!(rep.summary.old_models, 1);
}

#[test]
fn added_and_removed_models() {
    let rep = run(
        vec![session(vec![]), enm("Gone", &["a", "b"], false)],
        vec![session(vec![]), enm("Fresh", &["x", "y", "z"], false)],
    );
    assert_eq!(rep.models.added, vec!["shared.Fresh"]);
    assert_eq!(rep.models.removed, vec!["shared.Gone"]);
    assert!(rep.models.renamed.is_empty());
    assert_eq!(
        rep.summary.breaking, 1,
        "a removed model breaks, an added one does not"
    );
}

#[test]
fn required_field_added_breaks_even_on_non_exhaustive_structs() {
    let cfg = Config {
        non_exhaustive_structs: true,
        ..Config::default()
    };
    let rep = run_with(
        vec![session(vec![])],
        vec![session(vec![field("projectId", Type::String, true)])],
        &cfg,
    );
    let c = only(&rep);
    assert_eq!(c.kind, ChangeKind::FieldAdded);
    assert_eq!(c.path, "ConnectSession.project_id");
    assert!(c.breaking);
}

#[test]
fn optional_field_added_depends_on_non_exhaustive_structs() {
    let old = || vec![session(vec![])];
    let new = || vec![session(vec![field("label", Type::String, false)])];
    let c = only(&run(old(), new())).clone();
    assert_eq!(c.kind, ChangeKind::FieldAdded);
    assert!(c.breaking, "struct literals must add the field");
    let cfg = Config {
        non_exhaustive_structs: true,
        ..Config::default()
    };
    let rep = run_with(old(), new(), &cfg);
    assert!(!only(&rep).breaking);
    assert!(rep.summary.assumes.non_exhaustive_structs);
}

#[test]
fn field_removed_breaks() {
    let rep = run(
        vec![session(vec![field("label", Type::String, false)])],
        vec![session(vec![])],
    );
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::FieldRemoved, true));
    assert_eq!(c.path, "ConnectSession.label");
}

#[test]
fn field_type_change_points_inside_arrays() {
    let mut new = session(vec![]);
    if let ModelKind::Struct(s) = &mut new.kind {
        s.fields[2].ty = Type::Array {
            items: Box::new(Type::String),
        };
    }
    let rep = run(vec![session(vec![])], vec![new]);
    let c = only(&rep);
    assert_eq!(c.kind, ChangeKind::FieldTypeChanged);
    assert_eq!(c.path, "ConnectSession.categories[]");
    assert_eq!(c.detail, "type shared.Categories -> string");
    assert!(c.breaking);
}

#[test]
fn optionality_change_breaks_when_the_rust_type_changes() {
    let mut new = session(vec![]);
    if let ModelKind::Struct(s) = &mut new.kind {
        s.fields[0].required = false;
    }
    let c = only(&run(vec![session(vec![])], vec![new])).clone();
    assert_eq!(
        (c.kind, c.breaking),
        (ChangeKind::FieldOptionalityChanged, true)
    );
    assert!(c.detail.contains("T -> Option<T>"), "{}", c.detail);

    // optional -> optional + nullable: Option<T> -> Option<Option<T>>.
    let mut old = session(vec![]);
    let mut new = session(vec![]);
    if let (ModelKind::Struct(a), ModelKind::Struct(b)) = (&mut old.kind, &mut new.kind) {
        a.fields[0].required = false;
        b.fields[0].required = false;
        b.fields[0].nullable = true;
    }
    let c = only(&run(vec![old], vec![new])).clone();
    assert!(
        c.breaking && c.detail.contains("Option<T> -> Option<Option<T>>"),
        "{}",
        c.detail
    );

    // required + nullable -> optional: `Option<T>` both ways; only the JSON changes.
    let mut old = session(vec![]);
    let mut new = session(vec![]);
    if let (ModelKind::Struct(a), ModelKind::Struct(b)) = (&mut old.kind, &mut new.kind) {
        a.fields[0].nullable = true;
        b.fields[0].required = false;
    }
    let rep = run(vec![old], vec![new]);
    let c = only(&rep);
    assert_eq!(
        (c.kind, c.breaking, c.class),
        (ChangeKind::FieldOptionalityChanged, false, Class::Wire)
    );
    assert_eq!(rep.summary.wire, 1);
}

#[test]
fn json_name_change_is_wire_only() {
    let mut new = session(vec![]);
    if let ModelKind::Struct(s) = &mut new.kind {
        s.fields[1].wire_name = "created".into();
    }
    let c = only(&run(vec![session(vec![])], vec![new])).clone();
    assert_eq!(
        (c.kind, c.breaking, c.class),
        (ChangeKind::FieldJsonNameChanged, false, Class::Wire)
    );
    assert_eq!(c.path, "ConnectSession.created");
    assert!(
        c.detail.contains("`created_at` -> `created`"),
        "{}",
        c.detail
    );
}

#[test]
fn source_rename_breaks_only_when_the_rust_ident_changes() {
    // Same wire name, source name changes the Rust ident.
    let mut new = session(vec![]);
    if let ModelKind::Struct(s) = &mut new.kind {
        s.fields[1].name = "created".into();
    }
    let c = only(&run(vec![session(vec![])], vec![new])).clone();
    assert_eq!((c.kind, c.breaking), (ChangeKind::FieldRenamed, true));
    assert!(
        c.detail.contains("`created_at` -> `created`"),
        "{}",
        c.detail
    );
    // `createdAt` -> `CreatedAt`: both are `created_at` in Rust.
    let mut new = session(vec![]);
    if let ModelKind::Struct(s) = &mut new.kind {
        s.fields[1].name = "CreatedAt".into();
    }
    let c = only(&run(vec![session(vec![])], vec![new])).clone();
    assert_eq!(
        (c.kind, c.breaking, c.class),
        (ChangeKind::FieldRenamed, false, Class::Doc)
    );
}

#[test]
fn doc_only_changes_are_separated() {
    let mut new = session(vec![]);
    new.description = Some("A connect session.".into());
    if let ModelKind::Struct(s) = &mut new.kind {
        s.fields[0].description = Some("The id".into());
        s.fields[0].example = Some(serde_json::json!("abc"));
        s.fields[0].deprecated = Some(String::new());
    }
    let rep = run(vec![session(vec![])], vec![new]);
    let kinds: Vec<_> = rep.models.changed[0]
        .changes
        .iter()
        .map(|c| c.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ChangeKind::DescriptionChanged,
            ChangeKind::DescriptionChanged,
            ChangeKind::ExampleChanged,
            ChangeKind::DeprecationChanged
        ]
    );
    assert!(rep.models.changed[0]
        .changes
        .iter()
        .all(|c| !c.breaking && c.class == Class::Doc));
    assert_eq!(rep.summary.doc_only, 1);
    assert_eq!(rep.summary.breaking, 0);
}

#[test]
fn closed_enum_value_added_breaks_unless_non_exhaustive() {
    let old = || vec![enm("Categories", &["ats", "hris"], false)];
    let new = || vec![enm("Categories", &["ats", "hris", "crm"], false)];
    let rep = run(old(), new());
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::EnumValueAdded, true));
    assert_eq!(c.path, "Categories::\"crm\"");
    let cfg = Config {
        non_exhaustive_enums: true,
        ..Config::default()
    };
    assert!(!only(&run_with(old(), new(), &cfg)).breaking);
}

#[test]
fn open_enum_value_added_follows_open_enum_shape() {
    let old = || vec![enm("Categories", &["ats", "hris"], true)];
    let new = || vec![enm("Categories", &["ats", "hris", "crm"], true)];
    let shape = RustShape::from_config(&Config::default());
    let c = only(&run(old(), new())).clone();
    assert_eq!(c.kind, ChangeKind::EnumValueAdded);
    assert_eq!(c.breaking, !shape.non_exhaustive_open_enums);
    assert!(c.detail.contains("Unrecognized"), "{}", c.detail);
}

#[test]
fn enum_value_removed_and_variant_renamed_break() {
    let rep = run(
        vec![enm("E", &["a", "b"], false)],
        vec![enm("E", &["a"], false)],
    );
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::EnumValueRemoved, true));

    let old = enm("E", &["a", "b"], false);
    let mut new = old.clone();
    if let ModelKind::Enum(e) = &mut new.kind {
        e.values[1].name = Some("Bee".into());
    }
    let c = only(&run(vec![old], vec![new])).clone();
    assert_eq!((c.kind, c.breaking), (ChangeKind::EnumVariantRenamed, true));
}

#[test]
fn opening_and_closing_enums() {
    let rep = run(
        vec![enm("E", &["a", "b"], false)],
        vec![enm("E", &["a", "b"], true)],
    );
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::EnumOpened, true));
    let cfg = Config {
        non_exhaustive_enums: true,
        ..Config::default()
    };
    let rep = run_with(
        vec![enm("E", &["a", "b"], false)],
        vec![enm("E", &["a", "b"], true)],
        &cfg,
    );
    assert!(
        !only(&rep).breaking,
        "a #[non_exhaustive] enum already forced a wildcard arm"
    );

    let rep = run(
        vec![enm("E", &["a", "b"], true)],
        vec![enm("E", &["a", "b"], false)],
    );
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::EnumClosed, true));
}

#[test]
fn union_members() {
    let num = || Type::Number { format: None };
    let old = || union("Value", &[("str", Type::String), ("num", num())]);
    let rep = run(
        vec![old()],
        vec![union(
            "Value",
            &[
                ("str", Type::String),
                ("num", num()),
                ("flag", Type::Boolean),
            ],
        )],
    );
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::UnionMemberAdded, true));
    // Codegen names variants after their type, not their label.
    assert_eq!(c.path, "Value::Boolean");

    let rep = run(vec![old()], vec![union("Value", &[("str", Type::String)])]);
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::UnionMemberRemoved, true));
    assert_eq!(c.path, "Value::Number");

    // A new label on an untagged union changes neither Rust nor JSON.
    let rep = run(
        vec![old()],
        vec![union("Value", &[("text", Type::String), ("num", num())])],
    );
    assert!(rep.is_empty(), "{:#?}", rep.models);

    let rep = run(
        vec![old()],
        vec![union(
            "Value",
            &[
                ("str", Type::String),
                ("num", Type::Integer { format: None }),
            ],
        )],
    );
    let c = only(&rep);
    assert_eq!(
        (c.kind, c.breaking),
        (ChangeKind::UnionMemberTypeChanged, true)
    );
    assert_eq!(
        c.detail,
        "type number -> integer; variant `Number` -> `Integer`"
    );
}

#[test]
fn union_variant_of_a_renamed_model_is_renamed_too() {
    let inner = |n: &str| enm(n, &["a", "b"], false);
    let rep = run(
        vec![
            inner("Employee4"),
            union(
                "Value",
                &[("e", r("shared", "Employee4")), ("s", Type::String)],
            ),
        ],
        vec![
            inner("Employee5"),
            union(
                "Value",
                &[("e", r("shared", "Employee5")), ("s", Type::String)],
            ),
        ],
    );
    assert_eq!(rep.models.renamed.len(), 1);
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::UnionMemberRenamed, true));
    assert_eq!(c.path, "Value::Employee5");
}

#[test]
fn model_kind_change_breaks() {
    let rep = run(vec![enm("X", &["a"], false)], vec![strukt("X", vec![])]);
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::ModelKindChanged, true));
    assert_eq!(c.detail, "enum -> struct: a different Rust item");
}

#[test]
fn alias_and_additional_properties() {
    let a = |t: Type| model("Id", ModelKind::Alias(Alias { ty: t }));
    let c = only(&run(
        vec![a(Type::String)],
        vec![a(Type::Integer { format: None })],
    ))
    .clone();
    assert_eq!((c.kind, c.breaking), (ChangeKind::AliasTypeChanged, true));
    // uuid is a `String` in Rust: a JSON-only change.
    let c = only(&run(vec![a(Type::String)], vec![a(Type::Uuid)])).clone();
    assert_eq!(
        (c.kind, c.breaking, c.class),
        (ChangeKind::AliasTypeChanged, false, Class::Wire)
    );
    assert!(
        c.detail.contains("Rust type `String` unchanged"),
        "{}",
        c.detail
    );
    // f64 either way: number without format -> double.
    let n = |f: Option<&str>| {
        a(Type::Number {
            format: f.map(String::from),
        })
    };
    assert!(!only(&run(vec![n(None)], vec![n(Some("double"))])).breaking);
    assert!(only(&run(vec![n(None)], vec![n(Some("float"))])).breaking);

    let mut new = session(vec![]);
    if let ModelKind::Struct(s) = &mut new.kind {
        s.additional = Some(Type::Any);
    }
    let c = only(&run(vec![session(vec![])], vec![new])).clone();
    assert_eq!(
        (c.kind, c.breaking),
        (ChangeKind::AdditionalPropertiesChanged, true)
    );
}

#[test]
fn renames_are_paired_by_shape_and_seen_through_in_refs() {
    // `Categories` -> `ConnectCategories` (same values); the session field
    // that referenced it is not reported as a type change.
    let old = vec![
        session(vec![]),
        enm("Categories", &["ats", "hris", "crm"], false),
    ];
    let mut new_session = session(vec![]);
    if let ModelKind::Struct(s) = &mut new_session.kind {
        s.fields[2].ty = Type::Array {
            items: Box::new(r("shared", "ConnectCategories")),
        };
    }
    let new = vec![
        new_session,
        enm("ConnectCategories", &["crm", "ats", "hris"], false),
    ];
    let rep = run(old, new);
    assert_eq!(
        rep.models.renamed,
        vec![(
            "shared.Categories".to_string(),
            "shared.ConnectCategories".to_string()
        )]
    );
    assert!(rep.models.added.is_empty() && rep.models.removed.is_empty());
    assert!(rep.models.changed.is_empty(), "{:#?}", rep.models.changed);
    assert_eq!(rep.summary.breaking, 1, "the Rust type name changed");
}

#[test]
fn rename_rounds_find_models_that_reference_renamed_models() {
    // Holder -> Wrapper references Inner -> Core: round 1 pairs Inner/Core,
    // round 2 sees Holder and Wrapper have the same shape.
    let holder = |name: &str, inner: &str| {
        strukt(
            name,
            vec![
                field("inner", r("shared", inner), true),
                field("n", Type::Boolean, true),
            ],
        )
    };
    let inner = |name: &str| {
        strukt(
            name,
            vec![
                field("a", Type::String, true),
                field("b", Type::String, true),
            ],
        )
    };
    let rep = run(
        vec![holder("Holder", "Inner"), inner("Inner")],
        vec![holder("HolderV2", "InnerV2"), inner("InnerV2")],
    );
    assert_eq!(rep.models.renamed.len(), 2, "{:#?}", rep.models);
}

#[test]
fn same_shape_needs_related_names_to_pair() {
    let s = |n: &str| {
        strukt(
            n,
            vec![
                field("a", Type::String, true),
                field("b", Type::Boolean, false),
            ],
        )
    };
    let rep = run(vec![s("Account")], vec![s("Zebra")]);
    assert!(rep.models.renamed.is_empty());
    assert_eq!(rep.models.added, vec!["shared.Zebra"]);
    assert_eq!(rep.models.removed, vec!["shared.Account"]);
    let rep = run(vec![s("Account4")], vec![s("Account5")]);
    assert_eq!(rep.models.renamed.len(), 1);
    // Related names but a different shape: not a rename.
    let rep = run(vec![s("Account4")], vec![strukt("Account5", vec![])]);
    assert!(rep.models.renamed.is_empty());
}

#[test]
fn ambiguous_groups_pair_by_name_similarity() {
    let e = |n: &str| enm(n, &["a", "b"], false);
    let rep = run(
        vec![e("ColorMode"), e("SizeMode")],
        vec![e("SizeModeV2"), e("ColorModeV2")],
    );
    assert_eq!(
        rep.models.renamed,
        vec![
            (
                "shared.ColorMode".to_string(),
                "shared.ColorModeV2".to_string()
            ),
            (
                "shared.SizeMode".to_string(),
                "shared.SizeModeV2".to_string()
            )
        ]
    );
}

#[test]
fn json_shape_matches_the_contract() {
    let rep = run(
        vec![session(vec![]), enm("Gone", &["a", "b"], false)],
        vec![session(vec![field("label", Type::String, false)])],
    );
    let v: serde_json::Value = serde_json::from_str(&render::json(&rep)).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["summary", "models"]);
    let models = v["models"].as_object().unwrap();
    assert_eq!(
        models.keys().collect::<Vec<_>>(),
        ["added", "removed", "renamed", "changed"]
    );
    assert_eq!(models["removed"], serde_json::json!(["shared.Gone"]));
    let change = &models["changed"][0]["changes"][0];
    assert_eq!(
        change.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["kind", "path", "breaking", "detail"]
    );
    assert_eq!(change["kind"], "field_added");
    assert_eq!(models["changed"][0]["name"], "shared.ConnectSession");
    assert_eq!(v["summary"]["breaking"], 2);
}

#[test]
fn text_and_markdown_name_every_change() {
    let rep = run(
        vec![session(vec![]), enm("Gone", &["a", "b"], false)],
        vec![session(vec![field("label", Type::String, false)])],
    );
    let t = render::text(&rep);
    assert!(t.contains("- shared.Gone"), "{t}");
    assert!(
        t.contains("BREAKING") && t.contains("ConnectSession.label"),
        "{t}"
    );
    let md = render::markdown(&rep, render::MARKDOWN_BUDGET);
    assert!(
        md.contains("| **breaking** | `field_added` | `ConnectSession.label` |"),
        "{md}"
    );
    // A tiny budget truncates and says so.
    let md = render::markdown(&rep, 10);
    assert!(
        md.contains("Left out to fit a comment: 1 change sections and 1 model names"),
        "{md}"
    );
}

#[test]
fn markdown_groups_a_change_repeated_across_models() {
    let req = |n: &str, extra: Vec<Field>| {
        let mut fields = vec![field("id", Type::String, true)];
        fields.extend(extra);
        strukt(n, fields)
    };
    let names = ["A", "B", "C", "D", "E"];
    let old: Vec<Model> = names.iter().map(|n| req(n, vec![])).collect();
    let mut new: Vec<Model> = names
        .iter()
        .map(|n| req(n, vec![field("prefer", Type::String, false)]))
        .collect();
    // One model has a change of its own as well.
    if let ModelKind::Struct(s) = &mut new[0].kind {
        s.fields[0].ty = Type::Boolean;
    }
    let rep = run(old, new);
    let md = render::markdown(&rep, render::MARKDOWN_BUDGET);
    assert!(
        md.contains("<b>breaking</b> <code>field_added</code> <code>*.prefer</code> in 5 models: new optional field <code>prefer</code>: string"),
        "{md}"
    );
    assert!(
        md.contains("`shared.A`, `shared.B`, `shared.C`, `shared.D`, `shared.E`"),
        "{md}"
    );
    // Only A keeps a section, with only its own change.
    assert_eq!(md.matches("<summary><code>").count(), 1, "{md}");
    assert!(
        md.contains("| **breaking** | `field_type_changed` | `A.id` |"),
        "{md}"
    );
    assert!(!md.contains("`A.prefer`"), "{md}");
}

#[test]
fn wire_only_field_and_struct_changes() {
    let mut new = session(vec![]);
    if let ModelKind::Struct(s) = &mut new.kind {
        s.fields[0].read_only = true;
        s.fields[0].location = Some(ParamLocation::Query);
        s.fields[0].default = Some(serde_json::json!("x"));
        s.deny_unknown = true;
    }
    let rep = run(vec![session(vec![])], vec![new]);
    let got: Vec<(ChangeKind, bool, Class)> = rep.models.changed[0]
        .changes
        .iter()
        .map(|c| (c.kind, c.breaking, c.class))
        .collect();
    assert_eq!(
        got,
        [
            (ChangeKind::FieldAccessChanged, false, Class::Wire),
            (ChangeKind::FieldLocationChanged, false, Class::Wire),
            (ChangeKind::UnknownFieldsPolicyChanged, false, Class::Wire),
            (ChangeKind::DefaultChanged, false, Class::Doc),
        ]
    );
    assert_eq!(rep.summary.wire, 3);
    assert_eq!(rep.summary.breaking, 0);
}

#[test]
fn enum_repr_change_breaks_and_hides_value_noise() {
    let mut new = enm("E", &["1", "2"], false);
    if let ModelKind::Enum(e) = &mut new.kind {
        e.repr = EnumRepr::Integer;
        for (i, v) in e.values.iter_mut().enumerate() {
            v.value = serde_json::json!(i + 1);
        }
    }
    let rep = run(vec![enm("E", &["1", "2"], false)], vec![new]);
    let c = only(&rep);
    assert_eq!((c.kind, c.breaking), (ChangeKind::EnumReprChanged, true));
}

#[test]
fn discriminator_and_tags_are_wire_changes() {
    let old = || {
        union(
            "Pet",
            &[("cat", r("shared", "Cat")), ("dog", r("shared", "Dog"))],
        )
    };
    let mut new = old();
    if let ModelKind::Union(u) = &mut new.kind {
        u.discriminator = Some(Discriminator {
            property: "kind".into(),
        });
    }
    let c = only(&run(vec![old()], vec![new.clone()])).clone();
    assert_eq!(
        (c.kind, c.breaking, c.class),
        (ChangeKind::UnionDiscriminatorChanged, false, Class::Wire)
    );
    // Tagged on both sides; a member's tag (its label when it has no tags) changes.
    let mut newer = new.clone();
    if let ModelKind::Union(u) = &mut newer.kind {
        u.variants[0].tags = vec!["feline".into()];
    }
    let c = only(&run(vec![new], vec![newer])).clone();
    assert_eq!(
        (c.kind, c.breaking, c.class),
        (ChangeKind::UnionMemberTagsChanged, false, Class::Wire)
    );
    assert_eq!(c.path, "Pet::Cat");
    assert_eq!(c.detail, r#"tags ["cat"] -> ["feline"]"#);
}
