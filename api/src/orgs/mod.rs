//! The unit tree: 省学时办 → 二级 units → 三级 subsidiaries.

pub mod credit_code;
pub mod model;
pub mod routes;
pub mod service;
pub mod unit;

pub use unit::Tier;
