//! The markdown front end on hand-written fixture docs: every construct
//! lowers to the expected IR, and bad docs give every error with its
//! file:line:column.

use std::path::{Path, PathBuf};

use modelgen::ir::{EnumRepr, ModelKind, OpaqueKind, Type};
use modelgen::{Config, WireNameRule};

fn fixtures(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/markdown")
        .join(case)
}

fn load_valid(config: &Config) -> modelgen::Ir {
    match modelgen::markdown::load(&fixtures("valid/sdk/models"), config) {
        Ok(ir) => ir,
        Err(d) => panic!("{d}"),
    }
}

fn r(ns: &str, name: &str) -> Type {
    Type::Ref {
        target: modelgen::ir::ModelRef {
            namespace: ns.into(),
            name: name.into(),
        },
    }
}

#[test]
fn every_construct_lowers() {
    let mut config = Config::from_toml(
        "test",
        "wire-names = \"snake_case\"\n[models.\"shared.Pet\".fields]\nbornAt = \"birth\"\n",
    )
    .unwrap();
    let ir = load_valid(&config);
    assert_eq!(
        ir.namespaces.keys().collect::<Vec<_>>(),
        ["errors", "operations", "shared"]
    );
    let pet = &ir.namespaces["shared"].models["Pet"];
    assert_eq!(
        pet.description.as_deref(),
        Some("A pet in the store.\nIt has a name.\n\nSecond paragraph of the description.")
    );
    let ModelKind::Struct(s) = &pet.kind else {
        panic!("struct")
    };
    let f = |n: &str| {
        s.fields
            .iter()
            .find(|f| f.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    let arr = |t: Type| Type::Array { items: Box::new(t) };
    let map = |t: Type| Type::Map {
        values: Box::new(t),
    };
    assert_eq!(f("name").ty, Type::String);
    assert!(f("name").required);
    assert_eq!(f("name").example, Some("Rex".into()));
    assert_eq!(f("age").ty, Type::Number { format: None });
    assert_eq!(f("age").description, None, "N/A means no description");
    assert_eq!(f("age").example, Some("7".into()), "examples stay strings");
    assert_eq!(
        f("vaccinated").description.as_deref(),
        Some("Either yes | no\nnever null")
    );
    assert_eq!(f("bornAt").ty, Type::DateTime);
    assert_eq!(f("bornAt").wire_name, "birth", "per-field override");
    assert_eq!(f("kind").ty, r("shared", "PetKind"));
    assert_eq!(f("tags").ty, arr(Type::String));
    assert_eq!(f("tags").example, Some("[\n\"a\",\n\"b\"\n]".into()));
    assert_eq!(f("grid").ty, arr(arr(Type::String)));
    assert_eq!(f("attributes").ty, map(Type::Any));
    assert_eq!(f("aliases").ty, map(arr(Type::String)));
    assert_eq!(f("extra").ty, map(Type::Any));
    assert_eq!(f("photo").ty, Type::Binary);
    assert_eq!(f("owner").ty, r("shared", "Owner"));
    assert_eq!(f("friends").ty, arr(r("shared", "Pet")));
    assert_eq!(
        f("event").ty,
        Type::Literal {
            value: "click".into()
        }
    );
    assert_eq!(
        f("legacyId").deprecated.as_deref(),
        Some("This will be removed in a future release.")
    );
    assert_eq!(
        f("legacyId").description.as_deref(),
        Some("The old identifier")
    );
    assert_eq!(f("legacyId").wire_name, "legacy_id");
    assert_eq!(f("anything").ty, Type::Any);
    assert_eq!(
        (f("legacyId").origin.line, f("legacyId").origin.column),
        (36, 1)
    );
    assert_eq!(f("legacyId").origin.file, "shared/pet.md");

    let ModelKind::Enum(kind) = &ir.namespaces["shared"].models["PetKind"].kind else {
        panic!()
    };
    assert_eq!(kind.repr, EnumRepr::String);
    assert!(!kind.open);
    let values: Vec<_> = kind.values.iter().map(|v| v.value.clone()).collect();
    assert_eq!(
        values,
        ["dog", "cat", "1", "true", "*xsl", "a|b"],
        "values stay strings, exactly"
    );

    let status = &ir.namespaces["shared"].models["Status"];
    assert_eq!(status.name, "Status");
    assert!(status
        .deprecated
        .as_deref()
        .is_some_and(|m| m.starts_with("This will be removed")));
    let ModelKind::Enum(e) = &status.kind else {
        panic!()
    };
    assert!(e.open);
    assert_eq!(e.values.len(), 2, "the Unrecognized row is not a value");

    let ModelKind::Union(u) = &ir.namespaces["shared"].models["Owner"].kind else {
        panic!()
    };
    let labels: Vec<_> = u.variants.iter().map(|v| v.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "string",
            "number",
            "boolean",
            "shared.Empty",
            "any[]",
            "{ [k: string]: any }[]",
            "Date"
        ]
    );
    assert_eq!(u.variants[3].ty, r("shared", "Empty"));
    assert_eq!(u.variants[5].ty, arr(map(Type::Any)));
    assert_eq!(u.variants[6].ty, Type::DateTime);

    for empty in ["Empty", "NoTable"] {
        let ModelKind::Struct(s) = &ir.namespaces["shared"].models[empty].kind else {
            panic!()
        };
        assert!(s.fields.is_empty());
        assert_eq!(s.additional, Some(Type::Any), "{empty} keeps every key");
    }

    let ModelKind::Struct(resp) = &ir.namespaces["operations"].models["GetPetResponse"].kind else {
        panic!()
    };
    let tys: Vec<_> = resp.fields.iter().map(|f| f.ty.clone()).collect();
    assert_eq!(
        tys,
        [
            Type::String,
            Type::Opaque {
                what: OpaqueKind::HttpResponse
            },
            r("shared", "Pet"),
            Type::Opaque {
                what: OpaqueKind::ByteStream
            },
            r("errors", "NotFound"),
        ]
    );
    assert_eq!(resp.fields[0].wire_name, "content_type");
    assert!(resp.fields.iter().all(|f| f.location.is_none()));

    // Deterministic, and the rule is what decides wire names.
    assert_eq!(ir, load_valid(&config));
    config.wire_names = WireNameRule::AsIs;
    let ir = load_valid(&config);
    let ModelKind::Struct(resp) = &ir.namespaces["operations"].models["GetPetResponse"].kind else {
        panic!()
    };
    assert_eq!(resp.fields[0].wire_name, "contentType");
}

#[test]
fn every_error_is_reported_with_its_position() {
    let err = modelgen::markdown::load(&fixtures("invalid"), &Config::default()).unwrap_err();
    let got: Vec<String> = err.0.iter().map(|d| d.to_string()).collect();
    let expected = [
        "error: other/badcols.md:1:3: expected the model name (an identifier, optionally struck through `~~Name~~`) as the title, found `Bad Name`",
        "error: other/badtable.md:5:1: missing column `Type`",
        "error: other/badtable.md:5:11: unknown column `Kind`; expected `Field`, `Type`, `Required`, `Description`, `Example`",
        "error: shared/badcells.md:7:17: in the type of field `a`: unknown type `strin`; expected a type (`*string*`, `*number*`, `*boolean*`, `*any*`, `*Uint8Array*`, `[Date](...)`, `[shared.X](x.md)`, `*shared.X*`, `Record<string, T>`, `{ [k: string]: T }`, or a literal such as `*\"click\"*`)\n  = help: did you mean `string`?",
        "error: shared/badcells.md:8:63: expected `:heavy_check_mark:` (required) or `:heavy_minus_sign:` (optional), found `yes`",
        "error: shared/badcells.md:9:3: expected a field name in backticks such as `` `id` `` (or struck through: ~~`id`~~), found `c`",
        "error: shared/badcells.md:10:16: link `[shared.Missing](../../../sdk/models/shared/missing.md)` points to `shared/missing.md`, which is not a model doc in the docs root",
        "error: shared/badcells.md:11:16: link `[shared.Out](../../../../outside.md)` points outside the docs root",
        "error: shared/badcells.md:12:17: unknown model `shared.Nobody`: no doc titled `Nobody` in `shared/`",
        "error: shared/badcells.md:14:16: in the type of field `g`: expected `Record<string, T>` (only string keys are supported)",
        "error: shared/badsections.md:3:1: unknown section `## Properties`; expected `## Example Usage`, `## Fields`, `## Values` or `## Supported Types`",
        "error: shared/badsections.md:13:1: second model section `## Fields`; a doc describes one model and already has one at line 7",
        "error: shared/dup1.md:8:1: duplicate enum value `a`",
        "error: shared/dup2.md:1:1: duplicate model `shared.Dup`: `shared/dup1.md` already defines it",
        "error: shared/dup2.md:9:1: unexpected paragraph in `## Supported Types`; expected ### `type` headings",
        "error: shared/notitle.md:1:1: expected a `# Title` heading naming the model first",
        "error: stray.md: model doc outside a namespace folder; expected `<namespace>/<model>.md` (e.g. `shared/account.md`)",
    ];
    assert_eq!(got, expected);
}

/// A scratch docs root under the target dir, removed and recreated per test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    dir
}

#[test]
fn non_utf8_is_an_error_not_a_panic() {
    let dir = scratch("md_non_utf8");
    std::fs::write(dir.join("shared/bad.md"), b"# Bad\n\nab\xff\n").unwrap();
    std::fs::write(
        dir.join("shared/wire.md"),
        "# Wire\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n\
         | `fooBar` | *string* | :heavy_check_mark: | N/A |\n| `foo_bar` | *string* | :heavy_check_mark: | N/A |\n",
    )
    .unwrap();
    let config = Config {
        wire_names: WireNameRule::SnakeCase,
        ..Config::default()
    };
    let err = modelgen::markdown::load(&dir, &config).unwrap_err();
    let got: Vec<String> = err.0.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        got,
        [
            "error: shared/bad.md:3:3: invalid UTF-8 (byte 0xFF at offset 9); expected a markdown model doc in UTF-8 text",
            "error: shared/wire.md:8:1: fields `fooBar` and `foo_bar` both map to the JSON name `foo_bar`; set one explicitly in the config (`[models.\"shared.Wire\".fields]`)",
        ]
    );
}

#[test]
fn missing_root_is_an_error() {
    let err = modelgen::markdown::load(Path::new("/nonexistent/docs/root"), &Config::default())
        .unwrap_err();
    assert!(
        err.0[0].message.contains("cannot read the docs root"),
        "{err}"
    );
}

#[test]
fn crlf_and_bom_read_like_lf() {
    let lf = "# Crlf\n\nTwo\nlines.\n\n## Fields\n\n| Field | Type | Required | Description |\n| - | - | - | - |\n\
              | `a` | *string* | :heavy_check_mark: | N/A |\n";
    let load = |name: &str, text: &str| {
        let dir = scratch(name);
        std::fs::write(dir.join("shared/crlf.md"), text).unwrap();
        match modelgen::markdown::load(&dir, &Config::default()) {
            Ok(ir) => ir,
            Err(d) => panic!("{d}"),
        }
    };
    let plain = load("md_lf", lf);
    let crlf = load("md_crlf", &format!("\u{feff}{}", lf.replace('\n', "\r\n")));
    assert_eq!(plain, crlf);
    let m = &plain.namespaces["shared"].models["Crlf"];
    assert_eq!(m.description.as_deref(), Some("Two\nlines."));
}
