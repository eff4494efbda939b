//! Online-learning sync (第五条 一, issue 8): the e-learning platform pushes completed
//! courses with an API key; records count at once (D4), are idempotent on (platform,
//! external record id), park when their person is unknown or named differently, and are
//! reconciled and, if need be, revoked by 省学时办.

pub mod clients;
pub mod entity;
pub mod keys;
pub mod model;
pub mod push;
pub mod reconcile;
pub mod records;
pub mod routes;

use crate::error::{AppError, AppResult};

/// The one element a single-row view function returns.
fn only<T>(mut v: Vec<T>) -> AppResult<T> {
    v.pop().ok_or(AppError::NotFound)
}
