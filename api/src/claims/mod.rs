//! Hour claims (学时申报, E3) with image evidence (D16): the claimant's side of the flow and
//! what reviewers in scope may read. Decisions on them live in `crate::review`.

pub mod chain;
pub mod claim;
pub mod entities;
pub mod evidence;
pub mod image;
pub mod model;
pub mod routes;
pub mod service;
pub use claim::State;
