//! The join on a small hand-written docs IR against tests/fixtures/openapi:
//! names from the docs, wire facts from the spec, unmatched items listed.

use std::path::PathBuf;

use modelgen::ir::{
    Enum, EnumRepr, EnumValue, Field, Ir, Model, ModelKind, ModelRef, Origin, ParamLocation,
    Struct, Type,
};
use modelgen::join::join;
use modelgen::Config;

fn field(name: &str, ty: Type, required: bool) -> Field {
    Field {
        name: name.into(),
        wire_name: name.into(),
        ty,
        required,
        nullable: false,
        description: Some(format!("doc text for {name}")),
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
    Model { name: name.into(), origin: Origin::default(), description: Some(format!("doc {name}")), deprecated: None, kind }
}

fn r(ns: &str, name: &str) -> Type {
    Type::Ref { target: ModelRef { namespace: ns.into(), name: name.into() } }
}

fn strukt(fields: Vec<Field>) -> ModelKind {
    ModelKind::Struct(Struct { fields, additional: None, deny_unknown: false })
}

fn docs() -> Ir {
    let mut ir = Ir::default();
    let mut put = |ns: &str, m: Model| {
        ir.namespaces.entry(ns.into()).or_default().models.insert(m.name.clone(), m);
    };
    put("shared", model("Pet", strukt(vec![
        field("id", Type::Number { format: None }, true),
        field("nickname", Type::String, true),
        field("fooBar", Type::String, false),
        field("fooBar1", Type::Number { format: None }, false),
        field("born", Type::DateTime, false),
        // Named differently from the spec's inline enum (PetType): matched
        // through the parent field.
        field("type", r("shared", "Kind"), false),
        field("level", r("shared", "PetLevel"), false),
        field("sdkOnly", Type::String, false),
    ])));
    put("shared", model("Kind", ModelKind::Enum(Enum {
        repr: EnumRepr::String,
        values: vec![
            EnumValue { name: Some("Dog".into()), value: "dog".into(), description: None },
            EnumValue { name: Some("Cat".into()), value: "cat".into(), description: None },
        ],
        open: false,
    })));
    put("shared", model("PetLevel", ModelKind::Enum(Enum {
        repr: EnumRepr::String,
        values: ["1", "2", "3"].iter().map(|v| EnumValue { name: Some(format!("Level{v}")), value: (*v).into(), description: None }).collect(),
        open: false,
    })));
    put("shared", model("Orphan", strukt(vec![field("x", Type::String, false)])));
    put("operations", model("PetsGetPetRequest", strukt(vec![
        field("petId", Type::String, true),
        field("xAccountId", Type::String, true),
    ])));
    put("operations", model("PetsGetPetResponse", strukt(vec![
        field("contentType", Type::String, true),
        field("pet", r("shared", "Pet"), false),
        field("statusCode", Type::Number { format: None }, true),
    ])));
    ir
}

fn spec() -> Ir {
    let f = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi/features.yaml");
    modelgen::openapi::load(&[f], &Config::default()).unwrap()
}

fn get<'a>(ir: &'a Ir, ns: &str, name: &str) -> &'a Model {
    &ir.namespaces[ns].models[name]
}

fn fields(m: &Model) -> &[Field] {
    match &m.kind {
        ModelKind::Struct(s) => &s.fields,
        _ => panic!("not a struct"),
    }
}

fn f<'a>(m: &'a Model, name: &str) -> &'a Field {
    fields(m).iter().find(|f| f.name == name).unwrap()
}

#[test]
fn wire_facts_from_spec_names_from_docs() {
    let (ir, report) = join(docs(), spec());
    let pet = get(&ir, "shared", "Pet");
    assert_eq!(pet.description.as_deref(), Some("doc Pet"));
    let id = f(pet, "id");
    assert_eq!(id.ty, Type::Integer { format: Some("int64".into()) }, "integer from the spec");
    assert_eq!(id.description.as_deref(), Some("doc text for id"), "description from the docs");
    let nick = f(pet, "nickname");
    assert!(nick.required && nick.nullable);
    assert_eq!(f(pet, "born").ty, Type::Date, "date, not date-time");
    // Colliding JSON names: the exact camelCase match wins, the other is
    // found loosely, and both keep distinct wire names.
    assert_eq!(f(pet, "fooBar").wire_name, "foo-bar");
    assert_eq!(f(pet, "fooBar1").wire_name, "foo_bar");
    assert_eq!(f(pet, "fooBar1").ty, Type::Integer { format: Some("int32".into()) });
    // The docs' enum name stays; openness and values come from the spec.
    let ty = f(pet, "type");
    assert_eq!(ty.ty, r("shared", "Kind"));
    assert!(ty.nullable);
    let ModelKind::Enum(kind) = &get(&ir, "shared", "Kind").kind else { panic!() };
    assert!(kind.open);
    let ModelKind::Enum(level) = &get(&ir, "shared", "PetLevel").kind else { panic!() };
    assert_eq!(level.repr, EnumRepr::Integer);
    assert_eq!(level.values[0].value, serde_json::json!(1));
    assert_eq!(level.values[0].name.as_deref(), Some("Level1"));
    assert_eq!(f(pet, "level").default, Some(serde_json::json!(1)));

    let req = get(&ir, "operations", "PetsGetPetRequest");
    assert_eq!(f(req, "petId").wire_name, "pet_id");
    assert_eq!(f(req, "petId").location, Some(ParamLocation::Path));
    assert_eq!(f(req, "xAccountId").wire_name, "x-account-id");
    assert_eq!(f(req, "xAccountId").location, Some(ParamLocation::Header));

    // Report: everything counted, unmatched listed with reasons.
    assert_eq!(report.models_total, 6);
    assert_eq!(report.models_matched, 5);
    assert_eq!(report.fields_total, 8 + 1 + 2 + 3);
    assert_eq!(report.sdk_only_fields, 2, "contentType and statusCode");
    assert_eq!(report.fields_matched, 7 + 2 + 1);
    let unmatched: Vec<&str> = report.unmatched_fields.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(unmatched, ["shared.Orphan.x", "shared.Pet.sdkOnly"]);
    assert_eq!(report.unmatched_models.len(), 1);
    assert!(report.unmatched_models[0].reason.starts_with("no spec schema"));
    let text = report.to_string();
    assert!(text.contains("models matched 5/6"), "{text}");
    assert_eq!(ir.model_count(), 6, "no doc model is dropped");
}
