//! Fuzz targets of modelgen; the checks live in `harness.rs`, which the
//! generator's own tests include too.

#[path = "harness.rs"]
pub mod harness;
