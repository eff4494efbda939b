//! Each person's annual standing (domain.md D2, D4, R2): registered hours per bucket against
//! the year's thresholds, kept per person and year in the same transaction as every change
//! that moves them, the explanation item by item, and the unit's standing list.

pub mod entity;
pub mod export;
pub mod model;
pub mod routes;
pub mod service;
pub mod tally;

pub use service::refresh;
