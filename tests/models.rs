//! The generated models of `specs/` (this crate) read and write exactly the
//! JSON of the API: wire names, optional fields, enums, unions, open enums.

use modelgen_models::shared::{
    Categories, ConnectSession, ConnectSessionMetadata, ConnectSessionType, CurrencyCode, CustomField,
    CustomFieldValue, OrgUnit, RatingValue,
};
use serde_json::{json, Value};

/// Deserializes, checks, and serializes back to the same JSON.
fn round_trip<T>(json: Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let value: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
    value
}

#[test]
fn connect_session_uses_snake_case_wire_names_and_skips_absent_options() {
    let s: ConnectSession = round_trip(json!({
        "categories": ["ats", "hris-legacy"],
        "created_at": "2024-08-21T10:15:00Z",
        "id": 42.5,
        "organization_id": "org_1",
        "origin_owner_id": "owner_1",
        "origin_owner_name": "Acme Inc.",
        "project_id": "proj_1",
        "type": "test"
    }));
    assert_eq!(s.categories, Some(vec![Categories::Ats, Categories::HrisLegacy]));
    assert_eq!(s.r#type, Some(ConnectSessionType::Test));
    assert_eq!(s.account_id, None);
    // A required field is required.
    let missing = serde_json::from_value::<ConnectSession>(json!({"id": 1.0}));
    assert!(missing.is_err());
}

#[test]
fn open_enum_keeps_unknown_values_and_closed_enum_rejects_them() {
    let t: ConnectSessionType = round_trip(json!("sandbox"));
    assert_eq!(t, ConnectSessionType::Unrecognized("sandbox".into()));
    assert_eq!(round_trip::<CurrencyCode>(json!("EUR")), CurrencyCode::Eur);
    assert!(serde_json::from_value::<Categories>(json!("sandbox")).is_err());
}

#[test]
fn enum_values_that_look_like_numbers_stay_strings() {
    assert_eq!(round_trip::<RatingValue>(json!("1")), RatingValue::One);
    assert_eq!(round_trip::<RatingValue>(json!("true")), RatingValue::True);
    assert!(serde_json::from_value::<RatingValue>(json!(1)).is_err());
}

#[test]
fn empty_fields_object_keeps_every_key() {
    let m: ConnectSessionMetadata = round_trip(json!({"plan": "gold", "seats": 3, "nested": {"a": [1, null]}}));
    assert_eq!(serde_json::to_value(&m).unwrap()["seats"], json!(3));
}

#[test]
fn union_picks_the_right_variant() {
    assert!(matches!(round_trip::<CustomFieldValue>(json!("blue")), CustomFieldValue::String(_)));
    assert!(matches!(round_trip::<CustomFieldValue>(json!(12.5)), CustomFieldValue::Number(_)));
    assert!(matches!(round_trip::<CustomFieldValue>(json!(true)), CustomFieldValue::Boolean(_)));
    assert!(matches!(
        round_trip::<CustomFieldValue>(json!({"amount": 10.5, "currency": "EUR"})),
        CustomFieldValue::Money(_)
    ));
    assert!(matches!(round_trip::<CustomFieldValue>(json!({"other": 1})), CustomFieldValue::MapOfAny(_)));
    assert!(matches!(round_trip::<CustomFieldValue>(json!([1, "a"])), CustomFieldValue::ArrayOfAny(_)));
}

#[test]
fn collections_literals_and_escaped_cells() {
    let f: CustomField = round_trip(json!({
        "id": "cf_1",
        "name": "Size | Fit",
        "grid": [["a", "b"], []],
        "labels": {"en": ["Size"], "fr": ["Taille"]},
        "raw": {"x": null},
        "rating": "3",
        "kind": "custom_field"
    }));
    assert_eq!(f.name.as_deref(), Some("Size | Fit"));
    let wrong_literal = json!({"id": "cf_1", "kind": "other"});
    assert!(serde_json::from_value::<CustomField>(wrong_literal).is_err());
}

#[test]
fn recursive_model_and_colliding_names() {
    let u: OrgUnit = round_trip(json!({
        "id": "root",
        "type": "division",
        "self": "https://example.test/units/root",
        "children": [{"id": "a", "parent": {"id": "root"}}],
        "unitName": "Root",
        "unit_name": "root"
    }));
    assert_eq!(u.self_.as_deref(), Some("https://example.test/units/root"));
    assert_eq!((u.unit_name.as_deref(), u.unit_name_2.as_deref()), (Some("Root"), Some("root")));
}

#[test]
fn http_only_fields_are_skipped_by_serde() {
    use modelgen_models::operations::DownloadDocumentResponse;
    let r: DownloadDocumentResponse = round_trip(json!({"content_type": "application/pdf", "status_code": 200.0}));
    assert!(r.raw_response.is_none() && r.bytes.is_none());
}

#[test]
fn header_parameter_keeps_its_configured_name() {
    use modelgen_models::operations::CreateConnectSessionRequest;
    let r: CreateConnectSessionRequest = round_trip(json!({
        "connect_session_create": {"origin_owner_id": "o", "origin_owner_name": "n"},
        "x-account-id": "acc_1"
    }));
    assert_eq!(r.x_account_id.as_deref(), Some("acc_1"));
}

#[test]
fn union_of_open_structs_picks_the_member_that_knows_every_key() {
    use modelgen_models::shared::NotificationContent;
    let push: NotificationContent = round_trip(json!({"body": "hi", "title": "Hello", "subtitle": "there"}));
    assert!(matches!(push, NotificationContent::PushContent(_)));
    let email: NotificationContent = round_trip(json!({"body": "hi", "subject": "Hello", "reply_to": "a@b.c"}));
    assert!(matches!(email, NotificationContent::EmailContent(_)));
    // Keys no member knows: the first member in order still reads it.
    assert!(serde_json::from_value::<NotificationContent>(json!({"body": "x", "other": 1})).is_ok());
}
