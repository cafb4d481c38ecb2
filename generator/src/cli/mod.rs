//! The binary's own modules (feature `cli`): the argument grammar, the
//! rendering of diagnostics, and file-system events for `watch`. What the
//! commands do is in the library.

pub mod args;
pub mod events;
pub mod render;
