//! Request and response bodies of the review endpoints.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::Action;
use crate::claims::State;

/// One reviewer's decision on one claim.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct Decision {
    pub action: Action,
    /// 认定学时 (recognise, forward, confirm: at most the current hours, default the same;
    /// adjust: required and lower). A reason is required whenever the hours are lowered.
    pub hours: Option<f64>,
    /// 理由 / 意见: required to return, reject, revoke, adjust or lower the hours.
    pub reason: Option<String>,
    /// The `lock_version` the reviewer saw; a claim changed since answers 409 `stale_claim`.
    pub lock_version: Option<i32>,
}

/// The same decision on many claims (recognise, forward or confirm at the current hours).
#[derive(Debug, Deserialize, ToSchema)]
pub struct BulkDecision {
    /// 1–200 claims.
    pub ids: Vec<Uuid>,
    pub action: Action,
    pub reason: Option<String>,
}

/// One claim's outcome in a bulk decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct BulkItem {
    pub id: Uuid,
    pub ok: bool,
    /// The claim's state after the attempt (absent when it cannot be seen).
    pub state: Option<State>,
    /// On failure: the error code, e.g. `illegal_transition`, `not_your_turn`.
    pub code: Option<String>,
    pub message: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BulkResult {
    pub succeeded: usize,
    pub failed: usize,
    pub items: Vec<BulkItem>,
}

/// Claims awaiting the caller, for the menu badge.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueCount {
    pub awaiting: u64,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SamplingInput {
    /// Share of recognised claims sent to 复审, 0–100.
    pub percent: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SamplingRate {
    pub unit_id: Uuid,
    pub unit_name: String,
    pub percent: i32,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}
