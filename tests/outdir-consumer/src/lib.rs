//! Models generated into OUT_DIR by this crate's build script.

include!(concat!(env!("OUT_DIR"), "/models.rs"));

#[cfg(test)]
mod tests {
    use super::models::shared::{Categories, ConnectSession};

    #[test]
    fn generated_types_are_usable_and_round_trip() {
        let json = serde_json::json!({
            "categories": ["ats", "hris-legacy"],
            "created_at": "2024-08-21T10:15:00Z",
            "id": 42.0,
            "organization_id": "org_1",
            "origin_owner_id": "owner_1",
            "origin_owner_name": "Acme Inc.",
            "project_id": "proj_1"
        });
        let s: ConnectSession = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(s.categories.as_deref(), Some(&[Categories::Ats, Categories::HrisLegacy][..]));
        assert_eq!(serde_json::to_value(&s).unwrap(), json);
    }
}
