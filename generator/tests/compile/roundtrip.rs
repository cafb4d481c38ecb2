//! JSON round trips through the golden codegen trees (compiled into the
//! scratch crate by `codegen_compile`; `crate::<case>` is a golden tree).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{from_value, json, to_value, Value};

/// JSON -> T -> JSON must give back the same JSON.
fn rt<T: DeserializeOwned + Serialize>(v: Value) -> T {
    let t: T = match from_value(v.clone()) {
        Ok(t) => t,
        Err(e) => panic!("{v} did not deserialize: {e}"),
    };
    assert_eq!(to_value(&t).unwrap(), v, "round trip changed the JSON");
    t
}

fn err<T: DeserializeOwned + std::fmt::Debug>(v: Value) -> String {
    match from_value::<T>(v.clone()) {
        Ok(t) => panic!("{v} should not deserialize, got {t:?}"),
        Err(e) => e.to_string(),
    }
}

mod enums {
    use super::*;
    use crate::enums::shared::{Color, Level, NumberLike, Priority, Status};

    #[test]
    fn open_enum_keeps_unknown_values() {
        assert_eq!(rt::<Status>(json!("brand-new")), Status::Unrecognized("brand-new".into()));
        assert_eq!(rt::<Status>(json!("in-progress")), Status::InProgress);
        assert_eq!(rt::<Status>(json!("In Progress")), Status::InProgress2);
        assert_eq!(rt::<Status>(json!("Unrecognized")), Status::Unrecognized2);
        assert_eq!(rt::<Status>(json!("")), Status::Value);
        assert_eq!(Status::Unrecognized("x".into()).as_str(), "x");
        err::<Status>(json!(1));
    }

    #[test]
    fn closed_enum_rejects_unknown_values() {
        assert_eq!(rt::<Color>(json!("red")), Color::Red);
        let e = err::<Color>(json!("purple"));
        assert!(e.contains("purple") && e.contains("a `Color` value"), "{e}");
    }

    #[test]
    fn integer_enums_are_numbers() {
        assert_eq!(rt::<Priority>(json!(-1)), Priority::Minus1);
        assert_eq!(rt::<Priority>(json!(10)), Priority::Critical);
        assert_eq!(Priority::V2.value(), 2);
        err::<Priority>(json!("1"));
        err::<Priority>(json!(3));
        assert_eq!(rt::<Level>(json!(7)), Level::Unrecognized(7));
        assert_eq!(rt::<Level>(json!(0)), Level::V0);
    }

    #[test]
    fn number_like_strings_stay_strings() {
        assert_eq!(rt::<NumberLike>(json!("1")), NumberLike::V1);
        assert_eq!(rt::<NumberLike>(json!("null")), NumberLike::Null);
        err::<NumberLike>(json!(1));
        err::<NumberLike>(json!(true));
    }

    #[test]
    fn big_enum() {
        use crate::big_enum::shared::Country;
        let c = rt::<Country>(json!("C0003-Y"));
        assert_eq!(c.as_str(), "C0003-Y");
        assert_eq!(rt::<Country>(json!("C9999")), Country::Unrecognized("C9999".into()));
    }
}

mod unions {
    use super::*;
    use crate::unions::shared::{Event, Pet, Untyped, Value as V, ValueClick};

    #[test]
    fn untagged_union_picks_the_most_specific_member() {
        assert!(matches!(rt::<V>(json!("click")), V::Click(ValueClick::Click)));
        assert!(matches!(rt::<V>(json!(42)), V::V42(_)));
        assert!(matches!(rt::<V>(json!(41)), V::Integer(41)));
        assert!(matches!(rt::<V>(json!(1.5)), V::Number(_)));
        assert!(matches!(rt::<V>(json!(true)), V::Boolean(true)));
        assert!(matches!(rt::<V>(json!("2024-01-02T03:04:05Z")), V::DateTime(_)));
        assert!(matches!(rt::<V>(json!("a")), V::Kind(_)));
        assert!(matches!(rt::<V>(json!("zzz")), V::String(_)));
        assert!(matches!(rt::<V>(json!({"id": "1", "name": "n"})), V::Employee4(_)));
        assert!(matches!(rt::<V>(json!({"id": "1"})), V::Employee(_)));
        assert!(matches!(rt::<V>(json!({"only": "x"})), V::Strict(_)));
        assert!(matches!(rt::<V>(json!({"verbose": true})), V::Options(_)));
        assert!(matches!(rt::<V>(json!({"k": "v"})), V::MapOfString(_)));
        assert!(matches!(rt::<V>(json!(["a"])), V::ArrayOfString(_)));
        assert!(matches!(rt::<V>(json!([1, "a"])), V::ArrayOfAny(_)));
        assert!(matches!(rt::<V>(json!(null)), V::Any(Value::Null)));
    }

    #[test]
    fn discriminated_union_with_serde_tagging() {
        assert!(matches!(rt::<Pet>(json!({"pet_type": "cat", "meows": true})), Pet::Cat(_)));
        // Dog denies unknown fields: the tag must not reach it.
        assert!(matches!(rt::<Pet>(json!({"pet_type": "dog", "barks": false})), Pet::Dog(_)));
        // An alias tag reads, and is written back as the main tag.
        let p: Pet = from_value(json!({"pet_type": "kitty", "meows": true})).unwrap();
        assert_eq!(to_value(&p).unwrap(), json!({"pet_type": "cat", "meows": true}));
        err::<Pet>(json!({"pet_type": "fish"}));
        err::<Pet>(json!({"meows": true}));
    }

    #[test]
    fn discriminated_union_whose_members_declare_the_tag() {
        assert!(matches!(rt::<Event>(json!({"type": "click", "x": 1})), Event::Click(_)));
        // The member keeps the tag it was read with.
        match rt::<Event>(json!({"type": "wheel", "dy": 2})) {
            Event::Scroll(s) => assert_eq!(s.r#type, "wheel"),
            other => panic!("{other:?}"),
        }
        // A member without the property: removed on read, written back.
        assert!(matches!(rt::<Event>(json!({"type": "key", "key": "k"})), Event::Key(_)));
        let e = err::<Event>(json!({"type": "nope"}));
        assert!(e.contains("unknown `type` value `nope`"), "{e}");
        let e = err::<Event>(json!({"x": 1}));
        assert!(e.contains("missing field `type`"), "{e}");
        // Without a discriminator the literal field decides.
        assert!(matches!(rt::<Untyped>(json!({"type": "scroll", "dy": 1})), Untyped::Scroll(_)));
        assert!(matches!(rt::<Untyped>(json!({"type": "click", "x": 1})), Untyped::Click(_)));
    }
}

mod fields {
    use super::*;
    use crate::fields::operations::GetFileResponse;
    use crate::fields::shared::{Closed, EmptyObject, Labels, Literals, Mode, Nothing, Nullables, Scalars};

    #[test]
    fn nullable_combinations() {
        let n = rt::<Nullables>(json!({"required": "a", "required_nullable": null}));
        assert_eq!(n.required_nullable, None);
        assert_eq!(n.optional_nullable, None);
        let n = rt::<Nullables>(json!({"required": "a", "required_nullable": "b", "optional": "c", "optional_nullable": null}));
        assert_eq!(n.optional_nullable, Some(None));
        let n = rt::<Nullables>(json!({"required": "a", "required_nullable": null, "optional_nullable": "x", "optional_nullable_list": [1]}));
        assert_eq!(n.optional_nullable, Some(Some("x".to_string())));
        // Lenient read of a missing required+nullable key; written as null.
        let n: Nullables = from_value(json!({"required": "a"})).unwrap();
        assert_eq!(to_value(&n).unwrap(), json!({"required": "a", "required_nullable": null}));
        err::<Nullables>(json!({"required_nullable": null}));
        err::<Nullables>(json!({"required": null, "required_nullable": null}));
    }

    #[test]
    fn scalars() {
        rt::<Scalars>(json!({
            "s": "x", "f64": 1.5, "f32": 0.5, "double": 2.25, "i64": -5, "i32": 7, "b": true,
            "dt": "2024-01-02T03:04:05Z", "d": "2024-01-02", "uuid": "6f1e", "bytes": "aGk=",
            "any": {"deep": [null, 1]}, "list": [["a"], []], "map": {"k": [1, 2]},
            "dates": ["2024-02-29"], "created_at": "2024-01-02T03:04:05.123Z"
        }));
    }

    #[test]
    fn empty_object_keeps_every_key() {
        rt::<EmptyObject>(json!({"a": 1, "b": {"c": [1, null]}, "": "empty key"}));
        rt::<Labels>(json!({"name": "n", "x": "y"}));
        err::<Labels>(json!({"name": "n", "x": 1}));
        // No fields and no map: unknown keys are ignored (documented).
        let n: Nothing = from_value(json!({"a": 1})).unwrap();
        assert_eq!(to_value(&n).unwrap(), json!({}));
        err::<Closed>(json!({"a": "x", "b": 1}));
        rt::<Closed>(json!({"a": "x"}));
    }

    #[test]
    fn literals_accept_only_their_value() {
        rt::<Literals>(json!({"type": "click", "version": 2}));
        rt::<Literals>(json!({"type": "click", "version": 2, "flag": true, "kinds": ["a", "a"]}));
        err::<Literals>(json!({"type": "clack", "version": 2}));
        err::<Literals>(json!({"type": "click", "version": 3}));
        err::<Literals>(json!({"type": "click", "version": 2, "flag": false}));
        rt::<Mode>(json!("fast"));
        err::<Mode>(json!("slow"));
    }

    #[test]
    fn opaque_fields_are_skipped() {
        let r = rt::<GetFileResponse>(json!({"Content-Type": "application/pdf", "StatusCode": 200}));
        assert_eq!(r.raw_response, None);
        assert_eq!(r.stream, None);
        assert_eq!(r.data, None);
        let r = GetFileResponse {
            raw_response: Some(Default::default()),
            stream: Some(crate::fields::ByteStream(vec![1, 2])),
            ..r
        };
        assert_eq!(to_value(&r).unwrap(), json!({"Content-Type": "application/pdf", "StatusCode": 200}));
    }
}

mod names {
    use super::*;
    use crate::names::shared::{Injection, Weird};

    #[test]
    fn hostile_names_round_trip() {
        let w = rt::<Weird>(json!({
            "type": "t", "foo-bar": "1", "foo_bar": "2", "fooBar": "3", "self": true, "Self": false,
            "super": true, "crate": false, "": "empty", "1password": "p", "café": "c",
            "\u{202e}evil": "e", "async": "a", "additional_properties": 5, "r#type": "raw", "extra": [1]
        }));
        assert_eq!(w.foo_bar_2, "2");
        assert_eq!(w.additional_properties_2.get("extra"), Some(&json!([1])));
        for v in ["\"; panic!(); \"", "*/", "\\", "a\nb", "", "x\u{202e}y"] {
            let i = rt::<Injection>(json!(v));
            assert_eq!(i.as_str(), v);
        }
    }
}

mod recursion {
    use super::*;
    use crate::recursion::other::C;
    use crate::recursion::shared::{Expr, JsonValue, Node, Tree, A};

    #[test]
    fn recursive_types() {
        let n = rt::<Node>(json!({"value": 1, "next": {"value": 2, "children": []}, "children": [{"value": 3, "children": []}], "by_name": {"x": {"value": 4, "children": []}}}));
        assert_eq!(n.next.unwrap().value, 2);
        rt::<Tree>(json!([[], [[]]]));
        rt::<Expr>(json!([[1], {"not": 2}, {"not": [3]}]));
        rt::<JsonValue>(json!({"a": ["b", {"c": "d"}]}));
        rt::<A>(json!({"b": {"a": {}, "c": {"b": {}, "ids": ["x"]}}}));
        rt::<C>(json!({"b": {}, "ids": []}));
    }
}

mod config {
    use super::*;
    use crate::config::shared::{Event, Kind, OpenKind};

    #[test]
    fn time_types_and_hash_maps() {
        let e = rt::<Event>(json!({
            "at": "2024-01-02T03:04:05Z", "on": "2024-01-02",
            "history": ["2024-01-02T03:04:05.5+01:00"], "tags": {"a": "b"}, "kind": "a"
        }));
        assert_eq!(e.at.0.year(), 2024);
        assert_eq!(e.on.unwrap().0.day(), 2);
        err::<Event>(json!({"at": "yesterday", "tags": {}, "kind": "a"}));
        assert_eq!(rt::<Kind>(json!("b")), Kind::B);
        assert_eq!(rt::<OpenKind>(json!("z")), OpenKind::Unrecognized("z".into()));
    }
}

mod params {
    use super::*;
    use crate::fields::operations::GetFileRequest;

    #[test]
    fn same_parameter_name_in_two_locations() {
        let r = rt::<GetFileRequest>(json!({"id": "1", "x-account-id": "h", "xAccountIdQueryParameter": "q"}));
        assert_eq!(r.x_account_id, "h");
        assert_eq!(r.x_account_id_query_parameter, Some(json!("q")));
    }
}

mod names_vs_std {
    use super::*;
    use crate::names::shared::{Answer, Mixed, Tagged, Tagged2};

    #[test]
    fn models_named_like_std_items() {
        assert_eq!(rt::<Answer>(json!("none")), Answer::None);
        assert_eq!(rt::<Answer>(json!("Option")), Answer::Option);
        assert!(matches!(rt::<Mixed>(json!({"none": "n"})), Mixed::Option(_)));
        assert!(matches!(rt::<Mixed>(json!({"value": "v"})), Mixed::String(_)));
        assert!(matches!(rt::<Mixed>(json!("s")), Mixed::String2(_)));
        // Property names with format braces and quotes stay data.
        assert!(matches!(rt::<Tagged>(json!({"kind{0}\"x": "none", "none": "n"})), Tagged::Option(_)));
        // serde's internal tagging names the unknown tag.
        let e = err::<Tagged>(json!({"kind{0}\"x": "what"}));
        assert!(e.contains("unknown variant `what`"), "{e}");
        assert!(matches!(rt::<Tagged2>(json!({"none": "b", "value": "v"})), Tagged2::String(_)));
    }
}
