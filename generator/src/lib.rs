//! modelgen: Rust (serde) models from Speakeasy-style markdown model docs and
//! OpenAPI 3.0/3.1 specs.
//!
//! One pipeline behind three front doors (CLI, `build.rs`, this library):
//! `parse (markdown | openapi) -> lower -> IR -> codegen -> write`.

pub mod builder;
pub mod codegen;
pub mod config;
pub mod diag;
pub mod diff;
#[cfg(feature = "examples")]
pub mod examples;
pub mod ir;
pub mod join;
pub mod limits;
pub mod locate;
pub mod markdown;
pub mod naming;
pub mod openapi;
mod par;
pub mod pipeline;
pub mod review;
pub mod samples;
pub mod timing;
pub mod watch;
pub mod write;

pub use builder::{compile_docs, compile_openapi, Builder};
pub use config::{Config, DateTimeType, MapType, WireNameRule};
pub use diag::{Diagnostic, Diagnostics, Error};
pub use ir::Ir;
