//! Review of hour claims up the unit tree (D6, D7): the explicit state machine, single and
//! bulk decisions with an optimistic version check, 省学时办's sampling rate per unit, the
//! reviewer's queue count, and a notification to the claimant for every outcome.

pub mod machine;
pub mod model;
pub mod routes;
pub mod sampling;
pub mod service;

pub use machine::Action;
