//! A downstream crate's build script: models from the project's demo docs
//! into `$OUT_DIR/models.rs`, set up entirely through the builder API.

fn main() {
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../specs/docs");
    modelgen::Builder::new()
        .docs(docs)
        .wire_names(modelgen::WireNameRule::SnakeCase)
        .field_wire_name("operations.CreateConnectSessionRequest", "xAccountId", "x-account-id")
        .field_wire_name("shared.OrgUnit", "unitName", "unitName")
        .field_wire_name("shared.OrgUnit", "unit_name", "unit_name")
        .regenerate_command("cargo build -p modelgen-outdir-consumer")
        .compile()
        .unwrap_or_else(|e| panic!("modelgen failed:\n{e}"));
}
