//! Pathway rules (D1: dated versions, evaluated on the activity date) and yearly thresholds
//! (D2), all data the system administrator maintains.

pub mod formula;
pub mod model;
pub mod routes;
pub mod rule;
pub mod service;
pub mod year;

pub use formula::{Basis, Evaluation, evaluate};
