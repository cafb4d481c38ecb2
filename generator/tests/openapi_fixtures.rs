//! Golden-style assertions on the IR the OpenAPI front end builds from the
//! small specs under tests/fixtures/openapi/.

use std::path::PathBuf;

use modelgen::ir::{EnumRepr, Field, Ir, Model, ModelKind, ParamLocation, Struct, Type, Union};
use modelgen::Config;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/openapi").join(name)
}

fn load(name: &str) -> Ir {
    match modelgen::openapi::load(&[fixture(name)], &Config::default()) {
        Ok(ir) => ir,
        Err(d) => panic!("{d}"),
    }
}

fn model<'a>(ir: &'a Ir, ns: &str, name: &str) -> &'a Model {
    ir.namespaces
        .get(ns)
        .and_then(|n| n.models.get(name))
        .unwrap_or_else(|| {
            let all: Vec<String> = ir.models().map(|(r, _)| r.to_string()).collect();
            panic!("no model {ns}.{name}; have {all:?}")
        })
}

fn strukt<'a>(ir: &'a Ir, ns: &str, name: &str) -> &'a Struct {
    match &model(ir, ns, name).kind {
        ModelKind::Struct(s) => s,
        other => panic!("{ns}.{name} is not a struct: {other:?}"),
    }
}

fn union<'a>(ir: &'a Ir, ns: &str, name: &str) -> &'a Union {
    match &model(ir, ns, name).kind {
        ModelKind::Union(u) => u,
        other => panic!("{ns}.{name} is not a union: {other:?}"),
    }
}

fn field<'a>(s: &'a Struct, wire: &str) -> &'a Field {
    s.fields
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("no field {wire}"))
}

fn r(ns: &str, name: &str) -> Type {
    Type::Ref { target: modelgen::ir::ModelRef { namespace: ns.into(), name: name.into() } }
}

#[test]
fn scalars_formats_nullability_and_flags() {
    let ir = load("features.yaml");
    let pet = strukt(&ir, "shared", "Pet");
    let id = field(pet, "id");
    assert_eq!(id.ty, Type::Integer { format: Some("int64".into()) });
    assert!(id.required && !id.nullable);
    // 3.1 type array with null: required and nullable are independent.
    let nick = field(pet, "nickname");
    assert_eq!(nick.ty, Type::String);
    assert!(nick.required && nick.nullable);
    let tag = field(pet, "tag");
    assert!(!tag.required && tag.nullable);
    assert!(field(pet, "name").read_only);
    let secret = field(pet, "secret");
    assert!(secret.write_only && secret.deprecated.is_some());
    assert_eq!(field(pet, "born").ty, Type::Date);
    assert_eq!(field(pet, "weight").ty, Type::Number { format: Some("float".into()) });
    assert_eq!(field(pet, "photo").ty, Type::Bytes);
    assert_eq!(field(pet, "kind").ty, Type::Literal { value: "pet".into() });
    assert_eq!(field(pet, "labels").ty, Type::Map { values: Box::new(Type::String) });
    assert_eq!(field(pet, "extra").ty, Type::Map { values: Box::new(Type::Any) });
    assert_eq!(field(pet, "level").default, Some(serde_json::json!(1)));
}

#[test]
fn colliding_property_names_stay_distinct() {
    let ir = load("features.yaml");
    let pet = strukt(&ir, "shared", "Pet");
    assert_eq!(field(pet, "foo-bar").ty, Type::String);
    assert_eq!(field(pet, "foo_bar").ty, Type::Integer { format: Some("int32".into()) });
    assert_eq!(pet.fields.iter().filter(|f| f.wire_name.starts_with("foo")).count(), 2);
}

#[test]
fn enums_open_and_integer_and_inline_naming() {
    let ir = load("features.yaml");
    let pet = strukt(&ir, "shared", "Pet");
    // `Type` is a component, so the inline enum of Pet.type is PetType.
    let ty = field(pet, "type");
    assert_eq!(ty.ty, r("shared", "PetType"));
    assert!(ty.nullable, "null in enum makes the field nullable");
    let ModelKind::Enum(e) = &model(&ir, "shared", "PetType").kind else { panic!() };
    assert!(e.open);
    assert_eq!(e.repr, EnumRepr::String);
    let values: Vec<_> = e.values.iter().map(|v| v.value.clone()).collect();
    assert_eq!(values, vec![serde_json::json!("dog"), serde_json::json!("cat")]);
    // Free name: Pet.level -> Level.
    assert_eq!(field(pet, "level").ty, r("shared", "Level"));
    let ModelKind::Enum(l) = &model(&ir, "shared", "Level").kind else { panic!() };
    assert_eq!(l.repr, EnumRepr::Integer);
    assert!(!l.open);
    // x-speakeasy-name-override names an inline type.
    assert_eq!(field(strukt(&ir, "shared", "Named"), "inner").ty, r("shared", "CustomInner"));
}

#[test]
fn recursive_schema_is_a_plain_ref() {
    let ir = load("features.yaml");
    let node = strukt(&ir, "shared", "Node");
    assert_eq!(field(node, "parent").ty, r("shared", "Node"));
    assert_eq!(field(node, "children").ty, Type::Array { items: Box::new(r("shared", "Node")) });
}

#[test]
fn additional_properties() {
    let ir = load("features.yaml");
    let strict = strukt(&ir, "shared", "Strict");
    assert!(strict.deny_unknown && strict.additional.is_none());
    let open = strukt(&ir, "shared", "Open");
    assert_eq!(open.additional, Some(Type::Integer { format: None }));
    let pet = strukt(&ir, "shared", "Pet");
    assert!(!pet.deny_unknown && pet.additional.is_none());
}

#[test]
fn all_of_merges_properties_and_required() {
    let ir = load("features.yaml");
    let dog = strukt(&ir, "shared", "Dog");
    let names: Vec<&str> = dog.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(names, ["id", "pet_type", "bark"]);
    assert!(field(dog, "id").required && field(dog, "bark").required);
    assert!(!field(dog, "pet_type").required);
}

#[test]
fn discriminated_unions() {
    let ir = load("features.yaml");
    let a = union(&ir, "shared", "Animal");
    assert_eq!(a.discriminator.as_ref().map(|d| d.property.as_str()), Some("pet_type"));
    assert_eq!(a.variants[0].ty, r("shared", "Dog"));
    assert_eq!(a.variants[0].tags, ["doggo"]);
    assert_eq!(a.variants[1].tags, ["Cat"]);
    // Without mapping: the const on the discriminator property, else the name.
    let b = union(&ir, "shared", "AnimalImplicit");
    assert_eq!(b.variants[0].tags, ["dog"]);
    assert_eq!(b.variants[1].tags, ["cat"]);
}

#[test]
fn untagged_unions_and_member_naming() {
    let ir = load("features.yaml");
    let v = union(&ir, "shared", "Value");
    assert!(v.discriminator.is_none());
    let tys: Vec<&Type> = v.variants.iter().map(|v| &v.ty).collect();
    assert_eq!(tys, [&Type::String, &Type::Number { format: None }, &r("shared", "Value3")]);
    // Member 2 of Holder.value's anyOf is named after the owner: Holder2.
    let h = strukt(&ir, "shared", "Holder");
    assert_eq!(field(h, "value").ty, r("shared", "HolderValue"));
    let hv = union(&ir, "shared", "HolderValue");
    assert_eq!(hv.variants[1].ty, r("shared", "Holder2"));
}

#[test]
fn ref_into_another_file() {
    let ir = load("features.yaml");
    let pet = strukt(&ir, "shared", "Pet");
    assert_eq!(field(pet, "shape").ty, r("shared", "Shape"));
    let shape = strukt(&ir, "shared", "Shape");
    assert_eq!(field(shape, "color").ty, r("shared", "Color"));
    assert!(matches!(model(&ir, "shared", "Color").kind, ModelKind::Enum(_)));
    let origin = &model(&ir, "shared", "Shape").origin;
    assert_eq!(origin.file, "common/shapes.yaml");
    assert_eq!(origin.pointer.as_deref(), Some("#/components/schemas/Shape"));
}

#[test]
fn operations_requests_responses_and_errors() {
    let ir = load("features.yaml");
    let req = strukt(&ir, "operations", "PetsGetPetRequest");
    let loc: Vec<(&str, Option<ParamLocation>, bool)> =
        req.fields.iter().map(|f| (f.wire_name.as_str(), f.location, f.required)).collect();
    assert_eq!(
        loc,
        [
            ("pet_id", Some(ParamLocation::Path), true),
            ("x-account-id", Some(ParamLocation::Header), true),
            ("filter", Some(ParamLocation::Query), false),
            ("status", Some(ParamLocation::Query), false),
        ]
    );
    assert_eq!(field(req, "pet_id").ty, Type::Uuid);
    assert_eq!(field(req, "filter").ty, r("operations", "Filter"));
    assert_eq!(field(req, "status").ty, r("operations", "Status"));
    let resp = strukt(&ir, "operations", "PetsGetPetResponse");
    assert_eq!(field(resp, "pet").ty, r("shared", "Pet"));
    // Error bodies live in `errors`, with their inline schemas.
    assert_eq!(field(strukt(&ir, "errors", "NotFound"), "detail").ty, r("errors", "Detail"));
    let create = strukt(&ir, "operations", "PetsCreateRequest");
    let body = field(create, "requestBody");
    assert_eq!(body.location, Some(ParamLocation::Body));
    assert!(body.required);
    assert_eq!(body.ty, r("operations", "PetsCreateRequestBody"));
    assert_eq!(field(strukt(&ir, "operations", "PetsCreateResponse"), "created").ty, r("shared", "Created"));
}

#[test]
fn output_is_deterministic() {
    let a = serde_json::to_string(&load("features.yaml")).unwrap();
    let b = serde_json::to_string(&load("features.yaml")).unwrap();
    assert_eq!(a, b);
}

#[test]
fn bad_spec_reports_every_error_with_pointer() {
    let err = modelgen::openapi::load(&[fixture("bad.yaml")], &Config::default()).unwrap_err();
    let text = err.to_string();
    let expect = [
        ("#/components/schemas/LoopA", "cycle"),
        ("#/components/schemas/Conflict/allOf/1/properties/x", "conflict"),
        ("#/components/schemas/Outside/properties/o", "outside"),
        ("#/components/schemas/Missing/properties/m", "does not resolve"),
        ("#/components/schemas/Mixed/enum", "all strings or all integers"),
        ("#/components/schemas/RefLoop1", "cycle"),
    ];
    for (ptr, words) in expect {
        assert!(
            err.0.iter().any(|d| d.file.ends_with("bad.yaml")
                && d.pointer.as_deref().is_some_and(|p| p.starts_with(ptr))
                && d.message.contains(words)),
            "missing error at {ptr} ({words}):\n{text}"
        );
    }
}

#[test]
fn garbage_never_panics() {
    let dir = std::env::temp_dir().join(format!("modelgen-oa-garbage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = [
        "",
        "[1, 2",
        "openapi: 2.0",
        "swagger: '2.0'",
        "openapi: 3.0.0\ncomponents: {schemas: {A: 5, B: {type: [1]}, C: {properties: 3}, D: {oneOf: 7}}}",
        "openapi: 3.0.0\npaths: {/a: {get: {parameters: [{name: p}], responses: {200: 5}}}}",
        "openapi: 3.1.0\ncomponents: {schemas: {A: {$ref: '#/components/schemas/A'}, B: {allOf: [{$ref: '#/components/schemas/B'}]}}}",
        "openapi: 3.1.0\ncomponents: {schemas: {A: {discriminator: {propertyName: t, mapping: {x: 1}}, oneOf: [{type: string}, {type: integer}]}}}",
    ];
    for (i, text) in cases.iter().enumerate() {
        let f = dir.join(format!("case{i}.yaml"));
        std::fs::write(&f, text).unwrap();
        let _ = modelgen::openapi::load(&[f], &Config::default());
    }
    // Deep nesting is reported, not a stack overflow.
    let mut deep = String::from("openapi: 3.0.0\ncomponents:\n  schemas:\n    Deep:\n");
    let mut s = String::from("{type: string}");
    for _ in 0..100 {
        s = format!("{{type: array, items: {s}}}");
    }
    deep.push_str(&format!("      {s}\n"));
    let f = dir.join("deep.yaml");
    std::fs::write(&f, deep).unwrap();
    let err = modelgen::openapi::load(&[f], &Config::default()).unwrap_err();
    assert!(err.to_string().contains("nesting"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn several_files_merge_and_conflicts_are_namespaced() {
    let dir = std::env::temp_dir().join(format!("modelgen-oa-merge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("alpha.yaml");
    let b = dir.join("beta.yaml");
    std::fs::write(&a, "openapi: 3.0.0\ncomponents: {schemas: {Same: {type: object, properties: {x: {type: string}}}, Job: {type: object, properties: {a: {type: string}}}}}").unwrap();
    std::fs::write(&b, "openapi: 3.0.0\ncomponents: {schemas: {Same: {type: object, properties: {x: {type: string}}}, Job: {type: object, properties: {b: {type: string}}}, Uses: {type: object, properties: {j: {$ref: '#/components/schemas/Job'}}}}}").unwrap();
    let ir = modelgen::openapi::load(&[a, b], &Config::default()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(ir.namespaces["shared"].models.keys().collect::<Vec<_>>(), ["Job", "Same", "Uses"]);
    assert!(strukt(&ir, "beta", "Job").fields.iter().any(|f| f.wire_name == "b"));
    assert_eq!(field(strukt(&ir, "shared", "Uses"), "j").ty, r("beta", "Job"));
}
