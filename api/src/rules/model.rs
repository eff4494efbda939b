//! Request and response bodies of the pathway-rule and year-settings endpoints. Hours are
//! JSON numbers (`8`, `1.5`); they become tenths at the service boundary.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::rule::{Category, DateKind, EvidenceItem, Formula};
use crate::hours::Hours;

/// Where a version stands on today's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VersionStatus {
    /// 现行
    InForce,
    /// 待生效
    Scheduled,
    /// 已被替代
    Superseded,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LevelView {
    pub name: String,
    /// Hours for rank 1, 2, …
    #[schema(value_type = Vec<f64>)]
    pub values: Vec<Hours>,
}

/// One version of a pathway rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct PathwayRule {
    pub id: Uuid,
    pub code: String,
    pub version: i32,
    pub effective_from: NaiveDate,
    pub status: VersionStatus,
    pub name: String,
    pub category: Category,
    pub formula: Formula,
    /// Hours per item (`fixed`), per day (`per_day`) or per 10,000 characters.
    #[schema(value_type = Option<f64>)]
    pub amount: Option<Hours>,
    /// Multiplier of actual hours (`per_hour`), e.g. 2.
    #[schema(value_type = Option<f64>)]
    pub factor: Option<Hours>,
    pub levels: Vec<LevelView>,
    #[schema(value_type = Option<f64>)]
    pub per_item_cap: Option<Hours>,
    #[schema(value_type = Option<f64>)]
    pub per_year_cap: Option<Hours>,
    pub date_kind: DateKind,
    pub evidence: Vec<EvidenceItem>,
    pub proof_required: bool,
    pub claimable: bool,
    pub enabled: bool,
    /// 待核定
    pub pending_confirmation: bool,
    pub note: Option<String>,
    /// e.g. 「3 天 × 每天 8 学时」-style summary of the formula: 「每天 8 学时」.
    pub summary: String,
    pub created_at: DateTime<Utc>,
}

/// A new version of a rule (the code's first version creates the pathway).
#[derive(Debug, Deserialize, ToSchema)]
pub struct PublishRule {
    /// Not earlier than the latest version's effective date.
    pub effective_from: NaiveDate,
    pub name: String,
    pub category: Category,
    pub formula: Formula,
    pub amount: Option<f64>,
    pub factor: Option<f64>,
    #[serde(default)]
    pub levels: Vec<LevelInput>,
    pub per_item_cap: Option<f64>,
    pub per_year_cap: Option<f64>,
    pub date_kind: DateKind,
    #[serde(default)]
    pub evidence: Vec<EvidenceItem>,
    pub proof_required: bool,
    pub claimable: bool,
    pub enabled: bool,
    pub pending_confirmation: bool,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LevelInput {
    pub name: String,
    pub values: Vec<f64>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CatalogueQuery {
    /// The versions in force on this date (default: today).
    pub on: Option<NaiveDate>,
}

/// A year's thresholds and claim deadline (D2).
#[derive(Debug, Serialize, ToSchema)]
pub struct YearSettings {
    pub year: i32,
    #[schema(value_type = f64)]
    pub total_min: Hours,
    #[schema(value_type = f64)]
    pub professional_min: Hours,
    #[schema(value_type = f64)]
    pub public_min: Hours,
    #[schema(value_type = f64)]
    pub industry_public_min: Hours,
    pub require_category_minima: bool,
    pub claim_deadline: NaiveDate,
    /// Claims of this year may be created and submitted today.
    pub open: bool,
    /// Nobody has set this year: the defaults apply.
    pub is_default: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateYear {
    pub total_min: f64,
    pub professional_min: f64,
    pub public_min: f64,
    pub industry_public_min: f64,
    pub require_category_minima: bool,
    pub claim_deadline: NaiveDate,
}
